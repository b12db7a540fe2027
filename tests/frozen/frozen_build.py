"""The frozen (PyInstaller) build under test, with its .deb: made into a cache folder and reused while
nothing it is made from has changed.

Two ways to make it:
- when the glibc-2.28 toolchain is already built and cached (``installer/linux/toolchain.sh --check``,
  normally ~/.cache/selfeval/toolchain), with ``installer/build-linux.sh``: the real distribution, which
  tests/frozen/test_glibc_floor.py checks against the floor; a few minutes;
- otherwise with ``installer/build.sh`` (the project venv's Python, needs this machine's glibc) and
  ``installer/linux/make-deb.sh``: every other frozen test runs on it the same way. The toolchain itself
  (half an hour) is never built by the tests.

The arm64 build (``frozen_build("arm64")``, tests/frozen/test_arm64.py) is made only one way, with
``installer/build-linux.sh --arch arm64`` when its toolchain is cached (``toolchain.sh --arch arm64 --check``);
without it there is no arm64 build and the caller skips. Its cache is ``build/frozen-test-arm64/``.

The cache key is a hash of desktop/ and resources/ (the app and what it bundles), installer/ (the spec,
the entry script, the build scripts), the way it is made, and the Python, PyInstaller and PySide6
versions. The cache lives in ``build/frozen-test/<key>/`` (``$SELFEVAL_FROZEN_CACHE`` overrides the
folder); older keys are removed after a successful build so that only one build is kept.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HASHED_DIRS = ("desktop", "resources", "installer")
SKIPPED_PARTS = {"__pycache__", ".pytest_cache"}
BUILD_TIMEOUT_S = 1200
COMPLETE = "complete"
TOOLCHAIN = ROOT / "installer" / "linux" / "toolchain.sh"


@dataclass(frozen=True)
class FrozenBuild:
    app_dir: Path  # dist/selfeval: the onedir folder
    reused: bool
    build_seconds: float | None  # None when reused
    log: Path
    glibc_floor: bool  # made by installer/build-linux.sh with the glibc-2.28 toolchain
    deb: Path  # the .deb of app_dir (installer/linux/make-deb.sh)

    @property
    def cli(self) -> Path:
        return self.app_dir / ("selfeval.exe" if sys.platform == "win32" else "selfeval")

    @property
    def gui(self) -> Path:
        return self.app_dir / ("selfeval-gui.exe" if sys.platform == "win32" else "selfeval-gui")

    @property
    def internal(self) -> Path:
        return self.app_dir / "_internal"


def _hashed_files() -> list[Path]:
    files = []
    for top in HASHED_DIRS:
        for path in (ROOT / top).rglob("*"):
            rel_parts = path.relative_to(ROOT).parts
            if any(part in SKIPPED_PARTS or part.endswith(".egg-info") for part in rel_parts):
                continue
            if path.is_file() and path.suffix != ".pyc":
                files.append(path)
    return sorted(files)


# The environment as the run began: the toolchain's default folder follows XDG_CACHE_HOME, which a
# session fixture elsewhere may point at a folder of its own by the time the frozen tests run.
_ENV_AT_START = dict(os.environ)


def toolchain_env(arch: str = "amd64") -> dict[str, str] | None:
    """The cached toolchain's variables (toolchain.sh --arch ARCH --check), or None when it is not built."""
    result = subprocess.run(["bash", str(TOOLCHAIN), "--arch", arch, "--check"], capture_output=True, text=True,
                            env=_ENV_AT_START)
    if result.returncode != 0:
        return None
    found = {}
    for line in result.stdout.splitlines():
        if line.startswith("export ") and "=" in line:
            name, value = line.removeprefix("export ").split("=", 1)
            found[name] = value.strip("'")
    return found


_FIND = object()


def source_key(toolchain: dict[str, str] | None | object = _FIND, arch: str = "amd64") -> str:
    """The cache key of the build for the current sources (with the toolchain found now, by default)."""
    if toolchain is _FIND:
        toolchain = toolchain_env(arch)
    digest = hashlib.sha256()
    digest.update(f"arch={arch}\n".encode())
    digest.update(f"toolchain={sorted(toolchain.items()) if toolchain else None}\n".encode())
    if toolchain:  # when each step of the toolchain was (re)built
        for stamp in sorted((Path(toolchain["SELFEVAL_TOOLCHAIN_DIR"]) / "stamps").iterdir()):
            digest.update(stamp.name.encode() + b"=" + stamp.read_bytes())
    for name in ("pyinstaller", "pyinstaller-hooks-contrib", "PySide6-Essentials", "shiboken6"):
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\n".encode())
    digest.update(f"python={sys.version}\n".encode())
    for path in _hashed_files():
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def cache_root(arch: str = "amd64") -> Path:
    base = Path(os.environ.get("SELFEVAL_FROZEN_CACHE") or ROOT / "build" / "frozen-test")
    return base if arch == "amd64" else base.with_name(f"{base.name}-{arch}")


@contextlib.contextmanager
def _locked(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _commands(folder: Path, toolchain: dict[str, str] | None, arch: str = "amd64") -> list[list[str]]:
    dist, work = str(folder / "dist"), str(folder / "work")
    if arch != "amd64":  # the whole distribution, fcitx plugin included: the test installs its .deb
        return [["bash", str(ROOT / "installer" / "build-linux.sh"), "--arch", arch, "--distpath", dist,
                 "--workpath", work]]
    if toolchain is not None:
        # without the fcitx plugin, as installer/build.sh makes it: tests/frozen/test_input_method.py adds
        # the plugin to a copy itself, and checks this bundle's behaviour without it
        return [["bash", str(ROOT / "installer" / "build-linux.sh"), "--distpath", dist, "--workpath", work,
                 "--no-fcitx"]]
    return [
        ["bash", str(ROOT / "installer" / "build.sh"), "--distpath", dist, "--workpath", work, "--no-archive"],
        ["bash", str(ROOT / "installer" / "linux" / "make-deb.sh"), str(folder / "dist" / "selfeval"), dist,
         selfeval_version()],
    ]


def selfeval_version() -> str:
    import selfeval

    return selfeval.__version__


def frozen_build(arch: str = "amd64") -> FrozenBuild | None:
    """The build for the current sources: reused when complete, else made now (raises on failure). For
    another ``arch`` than amd64: None when its toolchain is not built (the tests never build a toolchain)."""
    root = cache_root(arch)
    toolchain = toolchain_env(arch)
    if arch != "amd64" and toolchain is None:
        return None
    key = source_key(toolchain, arch)
    folder = root / key
    with _locked(root):
        app_dir = folder / "dist" / "selfeval"
        log = folder / "build.log"
        debs = sorted((folder / "dist").glob("*.deb"))
        if (folder / COMPLETE).exists() and app_dir.is_dir() and debs:
            return FrozenBuild(app_dir, True, None, log, toolchain is not None, debs[0])
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        start = time.monotonic()
        env = dict(os.environ)
        if toolchain is not None:  # the very toolchain found above, never a new one built by the tests
            name = "SELFEVAL_TOOLCHAIN_DIR" if arch == "amd64" else f"SELFEVAL_TOOLCHAIN_DIR_{arch.upper()}"
            env[name] = toolchain["SELFEVAL_TOOLCHAIN_DIR"]
        with open(log, "wb") as out:
            for command in _commands(folder, toolchain, arch):
                result = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env,
                                        timeout=BUILD_TIMEOUT_S if arch == "amd64" else 3 * BUILD_TIMEOUT_S)
                if result.returncode != 0:
                    break
        seconds = time.monotonic() - start
        if result.returncode != 0:
            tail = "\n".join(log.read_text("utf-8", "replace").splitlines()[-40:])
            raise RuntimeError(f"{' '.join(command[:2])} failed ({result.returncode}); log {log}:\n{tail}")
        shutil.rmtree(folder / "work", ignore_errors=True)  # the work folder is only needed while building
        (folder / "build-seconds.txt").write_text(f"{seconds:.1f}\n")
        (folder / COMPLETE).write_text(key + "\n")
        for other in root.iterdir():
            if other.is_dir() and other.name != key:
                shutil.rmtree(other, ignore_errors=True)
        deb = sorted((folder / "dist").glob("*.deb"))[0]
        return FrozenBuild(app_dir, False, seconds, log, toolchain is not None, deb)
