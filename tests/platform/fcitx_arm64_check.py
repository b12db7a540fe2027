"""Does the arm64 fcitx plugin (installer/linux/fcitx/build.sh --arch arm64) load into PySide6's aarch64 Qt?

Run on the x86_64 build machine through qemu-user (binfmt), in a Debian 11 (bullseye, glibc 2.31: Kylin V10's
floor) arm64 root of its own, made once with debootstrap and cached with the rest of this check in
``~/.cache/selfeval-build/fcitx-arm64-check`` (``$SELFEVAL_FCITX_ARM64_CHECK`` moves it; never the integrator's
toolchain root). Into the root's python3.9 go the aarch64 wheels of PySide6-Essentials and shiboken6
6.8.0.2 (the arm64 bundle's), installed with pip from the build machine (``--target`` the root's
dist-packages, the wheels fetched once with ``pip download --platform manylinux_2_31_aarch64``).

The plugin is built against that installed PySide6 (``PYSIDE6_DIR``; build.sh reuses its own cache), put in a
``platforminputcontexts`` folder on ``QT_PLUGIN_PATH``, and a small PySide6 program runs under qemu with
``QT_QPA_PLATFORM=offscreen QT_DEBUG_PLUGINS=1 QT_IM_MODULE=fcitx`` and a private D-Bus session bus
(the build machine's dbus-daemon; no fcitx daemon). Qt prints that it loaded the library; the plugin's input
context, once the factory has made it, opens a D-Bus connection of its own named ``fcitx``, which the
program reports. The same program without the plugin on the path is the control: no such connection.

    .venv/bin/python tests/platform/fcitx_arm64_check.py     # prints what it found; exit 1 if it does not load

Needs: qemu-user-static's aarch64 binfmt, the "fcitx plugin" packages of scripts/bootstrap.sh (with
g++-aarch64-linux-gnu), dbus-daemon, and for the first run debootstrap as root and the network (Debian's
archive, PyPI).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "installer" / "linux" / "fcitx" / "build.sh"
PLUGIN_NAME = "libfcitx5platforminputcontextplugin.so"
PYSIDE_VERSION = "6.8.0.2"
WHEEL_PLATFORM = "manylinux_2_31_aarch64"
GLIBC_FLOOR = (2, 31)
SUITE = "bullseye"
MIRROR = "http://deb.debian.org/debian"
# python3 (3.9) and what PySide6's QtCore, QtGui, QtDBus and offscreen plugin and the fcitx plugin load.
ROOT_PACKAGES = ("python3", "libglib2.0-0", "libfontconfig1", "libfreetype6", "libxkbcommon0", "libxcb1",
                 "libx11-6", "libgl1", "libegl1", "libdbus-1-3", "libzstd1")
BINFMT = Path("/proc/sys/fs/binfmt_misc/qemu-aarch64")
BUILD_TOOLS = ("aarch64-linux-gnu-g++", "aarch64-linux-gnu-gcc", "aarch64-linux-gnu-objdump", "g++", "cmake",
               "ninja", "pkg-config", "apt-get", "dpkg-deb", "patch")
BUILD_TIMEOUT_S = 2400
DEBOOTSTRAP_TIMEOUT_S = 1800
RUN_TIMEOUT_S = 300

# What runs under qemu: a focused line edit (the input context is made when the platform starts), then the
# named D-Bus connection that only fcitx5-qt's QFcitxPlatformInputContext opens.
PROBE = """\
import json, sys
from PySide6.QtCore import qVersion
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication(sys.argv)
edit = QLineEdit()
edit.show()
edit.setFocus()
app.processEvents()
bus = QDBusConnection("fcitx")
print("PROBE " + json.dumps({"qt": qVersion(), "platform": app.platformName(), "fcitx_connection": bus.name(),
                              "connected": bus.isConnected(), "unique_name": bus.baseService()}))
"""


def cache_dir() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "selfeval-build" / "fcitx-arm64-check"
    return Path(os.environ.get("SELFEVAL_FCITX_ARM64_CHECK", default))


def missing_prerequisite() -> str | None:
    """Why the check cannot run on this machine, or None."""
    if not sys.platform.startswith("linux"):
        return "needs Linux"
    if not BINFMT.is_file() or "enabled" not in BINFMT.read_text():
        return "qemu-aarch64 binfmt is not registered (apt-get install qemu-user-static)"
    for tool in BUILD_TOOLS:
        if shutil.which(tool) is None:
            return f"{tool} is missing (bash scripts/bootstrap.sh installs the fcitx plugin's build packages)"
    if not Path("/usr/share/ECM").is_dir():
        return "extra-cmake-modules is missing (bash scripts/bootstrap.sh)"
    if shutil.which("dbus-daemon") is None:
        return "dbus-daemon is missing (bash scripts/bootstrap.sh)"
    if not _root_ready(cache_dir() / "root"):
        if shutil.which("debootstrap") is None:
            return "the arm64 root is not cached and debootstrap is missing (apt-get install debootstrap)"
        if os.geteuid() != 0:
            return "the arm64 root is not cached and debootstrap needs root"
    return None


def _root_stamp() -> str:
    return f"{SUITE} arm64 minbase {','.join(ROOT_PACKAGES)} PySide6 {PYSIDE_VERSION}\n"


def _root_ready(root: Path) -> bool:
    stamp = root / ".selfeval-fcitx-check"
    return stamp.is_file() and stamp.read_text() == _root_stamp()


def _run(cmd: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace",
                            timeout=timeout, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} ... failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result


def wheels(cache: Path) -> list[Path]:
    """The aarch64 wheels of PySide6-Essentials and shiboken6, downloaded once."""
    folder = cache / "wheels"
    wanted = {"PySide6_Essentials": None, "shiboken6": None}
    for name in wanted:
        found = sorted(folder.glob(f"{name}-{PYSIDE_VERSION}-*-{WHEEL_PLATFORM}.whl"))
        wanted[name] = found[0] if found else None
    if None in wanted.values():
        folder.mkdir(parents=True, exist_ok=True)
        _run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
              "--only-binary=:all:", "--python-version", "3.9", "--platform", WHEEL_PLATFORM, "--dest", str(folder),
              f"PySide6-Essentials=={PYSIDE_VERSION}", f"shiboken6=={PYSIDE_VERSION}"], timeout=1200)
        return wheels(cache)
    return list(wanted.values())


def arm64_root(cache: Path) -> Path:
    """A bullseye arm64 root with python3.9 and PySide6 6.8.0.2 for aarch64, made once."""
    root = cache / "root"
    if _root_ready(root):
        return root
    if not (root / "usr" / "bin" / "python3.9").is_file():
        partial = cache / "root.partial"
        shutil.rmtree(partial, ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)
        cache.mkdir(parents=True, exist_ok=True)
        _run(["debootstrap", "--arch=arm64", "--variant=minbase", f"--include={','.join(ROOT_PACKAGES)}", SUITE,
              str(partial), MIRROR], timeout=DEBOOTSTRAP_TIMEOUT_S)
        partial.rename(root)
    site = root / "usr" / "local" / "lib" / "python3.9" / "dist-packages"
    for old in ("PySide6", "shiboken6"):
        shutil.rmtree(site / old, ignore_errors=True)
    for info in site.glob("*.dist-info") if site.is_dir() else []:
        shutil.rmtree(info)
    _run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps", "--no-index",
          "--target", str(site), "--platform", WHEEL_PLATFORM, "--python-version", "3.9", "--implementation", "cp",
          "--only-binary=:all:", *map(str, wheels(cache))], timeout=600)
    (root / ".selfeval-fcitx-check").write_text(_root_stamp())
    return root


def pyside_dir(root: Path) -> Path:
    return root / "usr" / "local" / "lib" / "python3.9" / "dist-packages" / "PySide6"


def build_plugin(root: Path, env: dict[str, str] | None = None) -> tuple[Path, str]:
    """build.sh --arch arm64 against the root's PySide6: the plugin's path and build.sh's messages."""
    env = dict(os.environ if env is None else env, PYSIDE6_DIR=str(pyside_dir(root)))
    result = _run(["bash", str(BUILD_SCRIPT), "--arch", "arm64"], timeout=BUILD_TIMEOUT_S, cwd=ROOT, env=env)
    return Path(result.stdout.strip().splitlines()[-1]), result.stderr


@dataclass
class Floor:
    newest_glibc: tuple[int, ...]
    cxx_versions: list[str]
    needed: list[str]
    machine: str


def floor(plugin: Path) -> Floor:
    """The plugin's symbol versions and needed libraries, as aarch64 objdump reads them."""
    dynamic = _run(["aarch64-linux-gnu-objdump", "-T", str(plugin)], timeout=60).stdout
    headers = _run(["aarch64-linux-gnu-objdump", "-p", "-f", str(plugin)], timeout=60).stdout
    glibc = [tuple(int(n) for n in v.split(".")) for v in re.findall(r"\(GLIBC_([0-9.]+)\)", dynamic)]
    machine = re.search(r"architecture: ([\w:-]+)", headers)
    cxx = sorted(set(re.findall(r"\(((?:GLIBCXX|CXXABI)_[0-9.]+)\)", dynamic)))
    return Floor(newest_glibc=max(glibc), cxx_versions=cxx,
                 needed=re.findall(r"NEEDED\s+(\S+)", headers), machine=machine.group(1) if machine else "")


@dataclass
class Load:
    probe: dict
    plugin_lines: list[str]   # QT_DEBUG_PLUGINS lines naming the fcitx plugin
    stderr: str


def run_probe(root: Path, plugin: Path | None) -> Load:
    """The probe under qemu with QT_IM_MODULE=fcitx, the plugin (or none) on QT_PLUGIN_PATH."""
    with tempfile.TemporaryDirectory(prefix="fcitx-arm64-") as tmp:
        plugins = Path(tmp, "plugins", "platforminputcontexts")
        plugins.mkdir(parents=True)
        if plugin is not None:
            shutil.copy2(plugin, plugins / PLUGIN_NAME)
        script = Path(tmp, "probe.py")
        script.write_text(PROBE)
        bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1", "--nopidfile"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            address = bus.stdout.readline().strip()
            env = {"PATH": "/usr/bin:/bin", "HOME": tmp, "LANG": "C.UTF-8", "QEMU_LD_PREFIX": str(root),
                   "QT_QPA_PLATFORM": "offscreen", "QT_DEBUG_PLUGINS": "1", "QT_IM_MODULE": "fcitx",
                   "QT_PLUGIN_PATH": str(plugins.parent), "DBUS_SESSION_BUS_ADDRESS": address}
            result = _run([str(root / "usr" / "bin" / "python3.9"), str(script)], timeout=RUN_TIMEOUT_S, env=env)
        finally:
            bus.terminate()
            bus.wait(timeout=30)
    probe = next(json.loads(line[len("PROBE "):]) for line in result.stdout.splitlines() if line.startswith("PROBE "))
    lines = [line for line in result.stderr.splitlines() if "libfcitx5platforminputcontextplugin" in line
             or "Got keys from plugin meta data" in line and "fcitx" in line]
    return Load(probe=probe, plugin_lines=lines, stderr=result.stderr)


def main() -> int:
    reason = missing_prerequisite()
    if reason:
        print(f"cannot check: {reason}")
        return 2
    cache = cache_dir()
    root = arm64_root(cache)
    plugin, messages = build_plugin(root)
    print(messages.strip())
    found = floor(plugin)
    print(f"plugin: {plugin}\n  machine {found.machine}, newest GLIBC_{'.'.join(map(str, found.newest_glibc))}, "
          f"GLIBCXX/CXXABI: {found.cxx_versions or 'none'}\n  needs {' '.join(found.needed)}")
    loaded = run_probe(root, plugin)
    print("with the plugin:", json.dumps(loaded.probe), *loaded.plugin_lines, sep="\n  ")
    control = run_probe(root, None)
    print("without it:", json.dumps(control.probe), sep="\n  ")
    ok = (loaded.probe["fcitx_connection"] == "fcitx" and loaded.probe["connected"]
          and any(line.endswith("loaded library") for line in loaded.plugin_lines)
          and control.probe["fcitx_connection"] == "" and found.newest_glibc <= GLIBC_FLOOR and not found.cxx_versions)
    print("loads" if ok else "DOES NOT LOAD")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
