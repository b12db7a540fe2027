"""End to end through the FROZEN build (installer/build.sh → dist/selfeval/): what is bundled, the CLI
(sample, list, export, import, errors), the CLI with no network at all, and the desktop window
starting offscreen and on an X server.

The build is made once and reused while desktop/, resources/ and installer/ are unchanged (see
frozen_build.py); a fresh build takes about 20 s on two cores.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import docx
import pytest

import selfeval
from selfeval.samples import bundled_sample

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_TEXT = ROOT / "resources" / "samples" / "2024-changhua-shuoming.txt"
SAMPLE_TITLE = bundled_sample().title
CJK = re.compile(r"[\u4e00-\u9fff]")
RUN_TIMEOUT_S = 60
GUI_ALIVE_S = 3.0
WINDOW_DEADLINE_S = 60.0


def run(exe: Path, *args: str, env: dict[str, str], prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, str(exe), *args], env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=RUN_TIMEOUT_S)


def last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines, "no output"
    return lines[-1].strip()


def check_docx_title(path: Path) -> None:
    document = docx.Document(str(path))
    title = document.paragraphs[0]
    assert title.text.replace("\n", "") == SAMPLE_TITLE  # the title may be broken into lines (GB/T 9704 7.3.1)
    assert document.core_properties.title == SAMPLE_TITLE
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "一、绩效自评情况" in headings


def assert_no_traceback_left(home: Path, *outputs: str) -> None:
    for text in outputs:
        assert "Traceback" not in text, text
    for path in home.rglob("*"):
        if path.is_file() and path.suffix in (".log", ".txt"):
            assert "Traceback" not in path.read_text("utf-8", "replace"), f"{path}:\n{path.read_text('utf-8', 'replace')}"


# --- what the build holds ------------------------------------------------------------------------

def test_bundle_holds_resources_and_both_executables(frozen):
    assert os.access(frozen.cli, os.X_OK) and os.access(frozen.gui, os.X_OK)
    bundled = frozen.internal / "resources"
    for source in (ROOT / "resources").rglob("*"):
        rel = source.relative_to(ROOT / "resources")
        if source.is_file() and source.suffix != ".py" and "__pycache__" not in rel.parts:
            copy = bundled / rel
            assert copy.is_file(), f"resources/{rel.as_posix()} is not bundled"
            assert copy.read_bytes() == source.read_bytes(), f"resources/{rel.as_posix()} differs"
    for needed in ("docx/base.docx", "translations/qtbase_zh_CN.qm", "samples/2024-changhua-shuoming.txt"):
        assert (bundled / needed).is_file(), needed
    assert list((bundled / "templates").glob("*.toml"))
    assert not list(bundled.rglob("*.py")), "scripts are not resources"


def test_qt_chinese_translation_is_bundled_and_others_are_not(frozen):
    qt_translations = frozen.internal / "PySide6" / "Qt" / "translations"
    names = sorted(p.name for p in qt_translations.glob("*.qm"))
    assert "qtbase_zh_CN.qm" in names
    assert all(name.endswith("_zh_CN.qm") for name in names), names


def test_unused_qt_parts_are_left_out(frozen):
    files = [p.relative_to(frozen.app_dir).as_posix() for p in frozen.app_dir.rglob("*")]
    unwanted = re.compile(r"Qt6?(Network|Qml|Quick|WebEngine|Multimedia|Pdf|Svg|OpenGL|Sql|Wayland|3D)", re.I)
    offenders = [f for f in files if unwanted.search(Path(f).name)]
    assert offenders == []
    plugins = frozen.internal / "PySide6" / "Qt" / "plugins"
    platforms = sorted(p.name for p in (plugins / "platforms").iterdir())
    assert platforms == ["libqminimal.so", "libqoffscreen.so", "libqxcb.so"]
    assert (plugins / "platforminputcontexts" / "libibusplatforminputcontextplugin.so").is_file()  # Chinese IME
    assert not (frozen.internal / "tkinter").exists()


def test_no_dangling_links_and_no_python_docx(frozen):
    dangling = [p for p in frozen.app_dir.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []
    # The app writes its .docx with lxml over resources/docx/base.docx and never imports python-docx;
    # were it ever bundled, its default templates would have to come with it.
    docx_pkg = frozen.internal / "docx"
    assert not docx_pkg.exists() or (docx_pkg / "templates" / "default.docx").is_file()


# --- the CLI -----------------------------------------------------------------------------------------

def test_version(frozen, env):
    result = run(frozen.cli, "--version", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"selfeval {selfeval.__version__}"


def test_sample_list_and_export(frozen, env, tmp_path, home):
    db = tmp_path / "x.db"
    result = run(frozen.cli, "--db", str(db), "sample", env=env)
    assert result.returncode == 0, result.stderr
    report_id = last_line(result.stdout)
    assert report_id.isdigit()
    assert SAMPLE_TITLE in result.stderr + result.stdout

    again = run(frozen.cli, "--db", str(db), "sample", env=env)
    assert again.returncode == 0 and last_line(again.stdout) == report_id  # not added twice

    listing = run(frozen.cli, "--db", str(db), "list", env=env)
    assert listing.returncode == 0, listing.stderr
    rows = [line.split() for line in listing.stdout.splitlines()[1:] if line.strip()]
    assert [row[:3] for row in rows] == [[report_id, "昌华街道", "2024"]]

    out = tmp_path / "out.docx"
    exported = run(frozen.cli, "--db", str(db), "export", report_id, "-o", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    assert last_line(exported.stdout) == str(out)
    check_docx_title(out)
    assert_no_traceback_left(home, result.stderr, listing.stderr, exported.stderr)


def test_import_of_the_sample_text(frozen, env, tmp_path, home):
    db = tmp_path / "imported.db"
    result = run(frozen.cli, "--db", str(db), "import", str(SAMPLE_TEXT), env=env)
    assert result.returncode == 0, result.stderr
    report_id = last_line(result.stdout)
    assert report_id.isdigit()
    assert CJK.search(result.stderr)  # the notices, in Chinese

    out = tmp_path / "imported.docx"
    exported = run(frozen.cli, "--db", str(db), "export", report_id, "-o", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    check_docx_title(out)
    assert_no_traceback_left(home, result.stderr, exported.stderr)


@pytest.mark.parametrize("args", [
    pytest.param(("import", "{tmp}/没有这个文件.txt"), id="missing-file"),
    pytest.param(("import", "{tmp}/binary.txt"), id="binary-file"),
    pytest.param(("export", "7", "-o", "{tmp}/out.docx"), id="missing-report"),
    pytest.param(("export", "1"), id="usage-mistake"),
])
def test_user_errors_are_one_chinese_line(frozen, env, tmp_path, home, args):
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    db = tmp_path / "e.db"
    result = run(frozen.cli, "--db", str(db), *(a.format(tmp=tmp_path) for a in args), env=env)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("selfeval：") and CJK.search(lines[0].removeprefix("selfeval："))
    assert_no_traceback_left(home, result.stderr)
    assert not (tmp_path / "out.docx").exists()


def _unshare_net() -> tuple[str, ...]:
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("没有 unshare 命令")
    probe = subprocess.run([unshare, "-n", "true"], capture_output=True, timeout=RUN_TIMEOUT_S)
    if probe.returncode != 0:
        pytest.skip(f"无法创建网络命名空间（需要 root 权限）：{probe.stderr.decode(errors='replace').strip()}")
    return (unshare, "-n")


def test_cli_works_with_no_network_at_all(frozen, env, tmp_path):
    prefix = _unshare_net()
    interfaces = subprocess.run([*prefix, "cat", "/proc/net/dev"], capture_output=True, text=True,
                                timeout=RUN_TIMEOUT_S).stdout
    names = [line.split(":")[0].strip() for line in interfaces.splitlines()[2:]]
    assert names == ["lo"]  # only the (down) loopback: no network whatsoever

    db = tmp_path / "offline.db"
    result = run(frozen.cli, "--db", str(db), "sample", env=env, prefix=prefix)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "offline.docx"
    exported = run(frozen.cli, "--db", str(db), "export", last_line(result.stdout), "-o", str(out),
                   env=env, prefix=prefix)
    assert exported.returncode == 0, exported.stderr
    check_docx_title(out)


# --- the desktop window ------------------------------------------------------------------------------

def _sample_db(frozen, env, tmp_path) -> Path:
    db = tmp_path / "gui.db"
    result = run(frozen.cli, "--db", str(db), "sample", env=env)
    assert result.returncode == 0, result.stderr
    return db


def _stop(process: subprocess.Popen) -> tuple[str, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        out, err = process.communicate(timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    return out, err


def test_gui_starts_offscreen_and_stays_up(frozen, env, tmp_path, home):
    db = _sample_db(frozen, env, tmp_path)
    gui_env = dict(env, QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen([str(frozen.gui), "--db", str(db)], env=gui_env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        deadline = time.monotonic() + GUI_ALIVE_S
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        alive = process.poll() is None
    finally:
        out, err = _stop(process)
    assert alive, f"the window exited with {process.returncode}:\n{err}"
    assert_no_traceback_left(home, out, err)


def _start_xvfb() -> tuple[subprocess.Popen, str]:
    xvfb = shutil.which("Xvfb")
    if xvfb is None or shutil.which("xwininfo") is None:
        pytest.skip("没有 Xvfb 或 xwininfo")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write_fd), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number.isdigit():
        server.kill()
        server.wait()
        pytest.fail("Xvfb did not report its display number")
    return server, f":{number}"


def test_gui_shows_its_window_on_an_x_server(frozen, env, tmp_path, home):
    """The real Linux desktop path: the bundled xcb platform plugin and its libraries."""
    db = _sample_db(frozen, env, tmp_path)
    server, display = _start_xvfb()
    try:
        gui_env = dict(env, DISPLAY=display)
        process = subprocess.Popen([str(frozen.gui), "--db", str(db)], env=gui_env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, encoding="utf-8")
        try:
            wanted = f"{SAMPLE_TITLE} - 绩效自评编制工具"
            windows = ""
            deadline = time.monotonic() + WINDOW_DEADLINE_S
            while time.monotonic() < deadline and process.poll() is None and wanted not in windows:
                time.sleep(0.2)
                windows = subprocess.run(["xwininfo", "-root", "-tree"], env=gui_env, capture_output=True,
                                         text=True, encoding="utf-8", errors="replace",
                                         timeout=RUN_TIMEOUT_S).stdout
            alive = process.poll() is None
        finally:
            out, err = _stop(process)
    finally:
        server.terminate()
        server.wait(timeout=RUN_TIMEOUT_S)
    assert wanted in windows, f"no window titled {wanted!r}; exit {process.returncode}:\n{err}\n{windows}"
    assert alive
    assert_no_traceback_left(home, out, err)
