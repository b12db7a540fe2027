"""The arm64 package (信创 desktops: Kylin V10 on Phytium and Kunpeng), proven the way an office PC meets it.

``installer/build-linux.sh --arch arm64`` makes it on this x86_64 machine (CPython cross-built with zig for
glibc 2.31, PyInstaller run inside a Debian 11 arm64 root under qemu-user). These tests install its .deb
with apt into a fresh Debian 11 (bullseye, glibc 2.31, the oldest glibc its Qt wheel allows) arm64 root and
run the installed program there under qemu: ``selfeval sample``, ``export --table``, ``check`` and the
window offscreen until its first paint. The .docx must equal the x86_64 build's but for its timestamps.

The build needs the arm64 toolchain (``installer/linux/toolchain.sh --arch arm64``, about 30 minutes the
first time, cached in ~/.cache/selfeval/toolchain-arm64); the tests never build a toolchain and skip with
the command to run when it is missing, as on a fresh CI machine. They also need root (chroot) and
qemu-user-static registered with binfmt_misc (scripts/bootstrap.sh installs it). The base root
(debootstrap, about two minutes) is cached in ~/.cache/selfeval/debian11-arm64-base.tar.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from frozen_build import _ENV_AT_START, ROOT, frozen_build

sys.path.insert(0, str(ROOT / "installer" / "linux"))
import elf_floor  # noqa: E402

IN_ROOT = ROOT / "installer" / "linux" / "in-root.sh"
APPID = "cn.gov.selfeval"
STEP_TIMEOUT_S = 600  # one command under emulation (the first start of Qt reads every library once)
FIRST_PAINT_TIMEOUT_S = 300
BASE_CACHE = Path(_ENV_AT_START.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "selfeval" / "debian11-arm64-base.tar"
CLERK_HOME = "/home/clerk"
# The clerk's environment inside the root: a home of its own, no display (offscreen), Chinese locale text.
CLERK_ENV = {
    "HOME": CLERK_HOME,
    "XDG_CONFIG_HOME": f"{CLERK_HOME}/.config",
    "XDG_DATA_HOME": f"{CLERK_HOME}/.local/share",
    "XDG_CACHE_HOME": f"{CLERK_HOME}/.cache",
    "XDG_STATE_HOME": f"{CLERK_HOME}/.local/state",
    "QT_QPA_PLATFORM": "offscreen",
}

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or platform.machine() != "x86_64",
                                reason="arm64 的程序包在 x86_64 Linux 上交叉编译并用 qemu 运行")


def _why_not() -> str | None:
    if not Path("/proc/sys/fs/binfmt_misc/qemu-aarch64").exists():
        return "本机不能运行 arm64 程序：需要 qemu-user-static（scripts/bootstrap.sh 安装）和已挂载的 binfmt_misc"
    if os.geteuid() != 0:
        return "在 arm64 根目录中安装和运行需要 root 权限（chroot）"
    if shutil.which("debootstrap") is None:
        return "缺少 debootstrap（scripts/bootstrap.sh 安装）"
    return None


@pytest.fixture(scope="module")
def arm64_build():
    reason = _why_not()
    if reason:
        pytest.skip(reason)
    build = frozen_build("arm64")
    if build is None:
        pytest.skip("没有 arm64 工具链：先运行一次 installer/build-linux.sh --arch arm64（首次约半小时），"
                    "测试本身从不编译工具链")
    return build


def in_root(root: Path, *command: str, env: dict[str, str] | None = None, binds: tuple[Path, ...] = (),
            timeout: float = STEP_TIMEOUT_S) -> subprocess.CompletedProcess:
    args = ["bash", str(IN_ROOT), str(root)]
    for folder in binds:
        args += ["--bind", str(folder)]
    for name, value in (env or {}).items():
        args += ["--env", f"{name}={value}"]
    return subprocess.run([*args, "--", *command], capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=timeout)


def _base_root_tar() -> Path:
    """A pristine Debian 11 arm64 root (debootstrap minbase), made once and kept as a tar file."""
    if BASE_CACHE.is_file():
        return BASE_CACHE
    BASE_CACHE.parent.mkdir(parents=True, exist_ok=True)
    work = BASE_CACHE.with_suffix(".building")
    shutil.rmtree(work, ignore_errors=True)
    made = subprocess.run(["debootstrap", "--arch=arm64", "--variant=minbase", "bullseye", str(work),
                           "http://deb.debian.org/debian"], capture_output=True, text=True, timeout=1800)
    assert made.returncode == 0, f"debootstrap failed:\n{made.stdout[-3000:]}\n{made.stderr[-3000:]}"
    partial = BASE_CACHE.with_suffix(".partial")
    subprocess.run(["tar", "-C", str(work), "-cf", str(partial), "."], check=True)
    partial.replace(BASE_CACHE)
    shutil.rmtree(work, ignore_errors=True)
    return BASE_CACHE


_TIMES: dict[str, float] = {}  # what the module fixtures measured, reported by the first test that uses them


@pytest.fixture(scope="module")
def installed(arm64_build, tmp_path_factory):
    """A fresh Debian 11 arm64 root with the .deb installed by apt (which brings what the .deb depends on)."""
    start = time.monotonic()
    root = tmp_path_factory.mktemp("arm64-root")
    subprocess.run(["tar", "-C", str(root), "-xf", str(_base_root_tar())], check=True)
    shutil.copy2(arm64_build.deb, root / "tmp" / arm64_build.deb.name)
    result = in_root(root, "sh", "-c", "apt-get -qq update && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
                     f"--no-install-recommends /tmp/{arm64_build.deb.name}", timeout=1800)
    assert result.returncode == 0, f"apt-get install of the .deb failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    (root / CLERK_HOME.lstrip("/")).mkdir(parents=True)
    (root / "work").mkdir()  # the clerk's folder for databases and exports
    # Every desktop has a machine id (systemd writes it at the first boot); libdbus aborts the process without
    # one when Qt's input-method plugins open the session bus, and debootstrap's root has none.
    (root / "etc" / "machine-id").write_text(hashlib.md5(str(root).encode()).hexdigest() + "\n")
    _TIMES["install"] = time.monotonic() - start
    return root


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_deb_is_arm64_for_glibc_2_31(arm64_build, note):
    if arm64_build.build_seconds is not None:
        note(f"arm64: installer/build-linux.sh --arch arm64 took {arm64_build.build_seconds:.0f} s")
    fields = {name: subprocess.run(["dpkg-deb", "-f", str(arm64_build.deb), name], capture_output=True, text=True,
                                   check=True).stdout.strip() for name in ("Package", "Architecture", "Depends")}
    assert fields["Package"] == APPID and fields["Architecture"] == "arm64"
    assert arm64_build.deb.name.endswith("_arm64.deb")
    assert "libc6 (>= 2.31)" in fields["Depends"]


def test_every_elf_file_is_aarch64_and_needs_at_most_glibc_2_31(arm64_build, note):
    floor = elf_floor.measure(arm64_build.app_dir)
    assert floor.files > 100
    assert set(floor.machines.values()) == {elf_floor.MACHINES["aarch64"]}
    assert floor.violations(max_glibc="2.31", machine="aarch64") == []
    assert floor.libstdcxx is not None  # Debian 11's libstdc++, not the build root's newest
    note("arm64: " + elf_floor.report(floor).splitlines()[0])


def test_the_bundle_carries_the_fcitx_plugin(arm64_build):
    plugin = arm64_build.internal / "PySide6" / "Qt" / "plugins" / "platforminputcontexts" / "libfcitx5platforminputcontextplugin.so"
    assert plugin.is_file()
    assert elf_floor.elf_machine(plugin) == elf_floor.MACHINES["aarch64"]


def _x86_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SELFEVAL_", "QT_", "PYTHON", "LD_"))}
    env.update({name: value.replace(CLERK_HOME, str(home)) for name, value in CLERK_ENV.items()})
    return env


def _run_both(installed: Path, frozen, tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """The same command through the installed arm64 program (inside the root) and the x86_64 frozen build,
    each on a database of its own."""
    arm = in_root(installed, "selfeval", "--db", "/work/r.db", *args, env=CLERK_ENV)
    x86 = subprocess.run([str(frozen.cli), "--db", str(tmp_path / "r.db"), *args], capture_output=True, text=True,
                         encoding="utf-8", errors="replace", env=_x86_env(tmp_path), timeout=STEP_TIMEOUT_S)
    return arm, x86


def _docx_parts(path: Path) -> dict[str, bytes]:
    """A .docx's parts, with the two times python-docx stamps (created, modified) taken out of core.xml."""
    import re

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"",
                                        parts["docProps/core.xml"])
    return parts


def test_installed_program_makes_and_exports_the_sample_like_the_x86_64_one(installed, frozen, tmp_path, note):
    """The sample made by the arm64 program, then exported by both programs from that same database file
    (copied out of the root): the .docx files are equal but for python-docx's two timestamps; the report's
    identity in custom.xml (its uid and content hash, which merge-back reads) is equal too."""
    note(f"arm64: .deb installed with apt into a fresh Debian 11 arm64 root in {_TIMES['install']:.0f} s")
    start = time.monotonic()
    work = installed / "work"
    made = in_root(installed, "selfeval", "--db", "/work/export.db", "sample", env=CLERK_ENV)
    assert made.returncode == 0, made.stdout + made.stderr
    report_id = _lines(made.stdout)[-1]
    assert report_id.isdigit()
    for suffix in ("", "-wal", "-shm"):
        if (work / f"export.db{suffix}").exists():
            shutil.copy2(work / f"export.db{suffix}", tmp_path / f"export.db{suffix}")

    arm = in_root(installed, "selfeval", "--db", "/work/export.db", "export", report_id, "--table", "-o",
                  "/work/报告.docx", env=CLERK_ENV)
    assert arm.returncode == 0, arm.stdout + arm.stderr
    assert _lines(arm.stdout)[-1] == "/work/报告.docx"
    x86 = subprocess.run([str(frozen.cli), "--db", str(tmp_path / "export.db"), "export", report_id, "--table", "-o",
                          str(tmp_path / "报告.docx")], capture_output=True, text=True, encoding="utf-8",
                         errors="replace", env=_x86_env(tmp_path), timeout=STEP_TIMEOUT_S)
    assert x86.returncode == 0, x86.stderr
    arm_parts, x86_parts = _docx_parts(work / "报告.docx"), _docx_parts(tmp_path / "报告.docx")
    assert sorted(arm_parts) == sorted(x86_parts)
    differing = [name for name in arm_parts if arm_parts[name] != x86_parts[name]]
    assert differing == [], f"parts that differ between arm64 and x86_64: {differing}"
    assert b"selfeval.report_uid" in arm_parts["docProps/custom.xml"]
    note(f"arm64: sample + export --table under qemu in {time.monotonic() - start:.0f} s (with the x86_64 export); "
         f"all {len(arm_parts)} .docx parts equal but for the timestamps")


def test_installed_program_checks_the_sample_like_the_x86_64_one(installed, frozen, tmp_path):
    arm, x86 = _run_both(installed, frozen, tmp_path, "sample")
    assert arm.returncode == 0 and x86.returncode == 0, arm.stderr + x86.stderr
    report_id = _lines(arm.stdout)[-1]
    arm, x86 = _run_both(installed, frozen, tmp_path, "check", "--json", report_id)
    assert arm.returncode == x86.returncode, arm.stdout + arm.stderr
    assert json.loads(arm.stdout) == json.loads(x86.stdout)
    assert json.loads(arm.stdout), "the sample has findings (its known slips): check found none"


def test_installed_window_reaches_its_first_paint_offscreen(installed, note):
    """The window of the installed program (the program the menu entry starts), offscreen, until its first paint (the run marker it writes after the first paint), then closed with
    SIGTERM as a session logout does. The fcitx plugin is asked for and must load."""
    made = in_root(installed, "selfeval", "--db", "/work/gui.db", "sample", env=CLERK_ENV)
    assert made.returncode == 0, made.stdout + made.stderr
    marker_folder = installed / CLERK_HOME.lstrip("/")
    log = installed / "work" / "gui.log"
    env = dict(CLERK_ENV, QT_IM_MODULE="fcitx", QT_DEBUG_PLUGINS="1")
    args = ["bash", str(IN_ROOT), str(installed)]
    for name, value in env.items():
        args += ["--env", f"{name}={value}"]
    start = time.monotonic()
    with open(log, "wb") as out:
        process = subprocess.Popen([*args, "--", f"/opt/apps/{APPID}/files/selfeval-gui", "--db", "/work/gui.db"],
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        painted = None
        while time.monotonic() - start < FIRST_PAINT_TIMEOUT_S and process.poll() is None:
            markers = list(marker_folder.rglob("running/*.json"))
            if markers:
                painted = time.monotonic() - start
                break
            time.sleep(0.5)
        alive = process.poll() is None
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    output = log.read_text("utf-8", "replace")
    assert painted is not None and alive, f"no first paint within {FIRST_PAINT_TIMEOUT_S} s (exit {process.returncode}):\n{output[-5000:]}"
    assert "Traceback" not in output, output
    assert "libfcitx5platforminputcontextplugin.so" in output, output[-5000:]
    note(f"arm64: window offscreen to its first paint under qemu in {painted:.0f} s")


def test_installed_program_exports_pdf_through_the_roots_libreoffice(installed, tmp_path, note):
    """PDF export where LibreOffice installs: Debian 11's arm64 LibreOffice (7.0) and a Chinese font, installed
    with apt into the same root; the program finds soffice and converts its own .docx (runs last: it adds
    LibreOffice to the root the other tests use without it)."""
    start = time.monotonic()
    added = in_root(installed, "sh", "-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "
                    "libreoffice-writer-nogui fonts-wqy-zenhei", timeout=2400)
    if added.returncode != 0:
        pytest.skip(f"LibreOffice 未能装入 arm64 根目录：{added.stderr[-500:]}")
    installed_s = time.monotonic() - start
    made = in_root(installed, "selfeval", "--db", "/work/pdf.db", "sample", env=CLERK_ENV)
    assert made.returncode == 0, made.stdout + made.stderr
    report_id = _lines(made.stdout)[-1]
    start = time.monotonic()
    pdf = in_root(installed, "selfeval", "--db", "/work/pdf.db", "export", report_id, "--table", "-o", "/work/报告.pdf",
                  env=CLERK_ENV, timeout=1800)
    assert pdf.returncode == 0, pdf.stdout + pdf.stderr
    out = installed / "work" / "报告.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(str(out))
    text = "".join(page.extract_text() or "" for page in reader.pages[:3]).replace(" ", "").replace("\n", "")
    assert "部门整体支出绩效自评" in text
    note(f"arm64: LibreOffice 7.0 installed in {installed_s:.0f} s; PDF export under qemu in "
         f"{time.monotonic() - start:.0f} s ({len(reader.pages)} pages)")
