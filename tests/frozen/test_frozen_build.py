"""End to end through the FROZEN build (dist/selfeval/: installer/build-linux.sh when the glibc-2.28
toolchain is cached, else installer/build.sh): what is bundled, the CLI (sample, list, export, import,
errors), the CLI with no network at all, and the desktop window starting offscreen and on an X server.

The build is made once and reused while desktop/, resources/ and installer/ are unchanged (see
frozen_build.py); a fresh build takes about a minute on two quiet cores (the .deb included).
"""

from __future__ import annotations

import ast
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
from selfeval.bundled.samples import bundled_sample
from stand_ins import recorded, recording_soffice

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_TEXT = ROOT / "resources" / "samples" / "2024-changhua-shuoming.txt"
SAMPLE_TITLE = bundled_sample().title
CJK = re.compile(r"[\u4e00-\u9fff]")
RUN_TIMEOUT_S = 60
GUI_ALIVE_S = 3.0
WINDOW_DEADLINE_S = 60.0
MAIN_WINDOW = f"{SAMPLE_TITLE} - 绩效自评编制工具"


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
        if path.is_file() and (".log" in path.name or path.suffix == ".txt"):
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
    assert names == ["qtbase_zh_CN.qm"]  # what selfeval.ui.app.translations loads, nothing else
    assert sorted(p.relative_to(frozen.internal).as_posix() for p in frozen.internal.rglob("*.qm")) == [
        "PySide6/Qt/translations/qtbase_zh_CN.qm", "resources/translations/qtbase_zh_CN.qm"]


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


def _imports_of(path: Path) -> set[str]:
    """What ``path`` imports: modules (``import a.b``, ``from a.b import``) and the names taken from them
    (``a.b.name``)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _program_sources() -> list[Path]:
    return sorted((ROOT / "desktop" / "selfeval").rglob("*.py"))


def _qt_modules_the_code_imports() -> set[str]:
    return {name.split(".")[1] for path in _program_sources() for name in _imports_of(path)
            if name.startswith("PySide6.Qt")}


def test_every_qt_module_the_code_imports_is_bundled(frozen):
    """Guards the spec's exclude list: a Qt module the UI starts using must not be left out."""
    used = _qt_modules_the_code_imports()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    bundled = {p.name.split(".")[0] for p in (frozen.internal / "PySide6").glob("Qt*.so")}
    assert used - bundled == set()


def test_the_program_starts_no_child_python_processes():
    """The spec leaves out PyInstaller's multiprocessing runtime hook (it costs every start ~3 ms): it is
    what lets a frozen program's multiprocessing children start, and the program must then start none."""
    offenders = {}
    for path in _program_sources():
        bad = {name for name in _imports_of(path)
               if name.split(".")[0] == "multiprocessing" or name.endswith("ProcessPoolExecutor")}
        if bad:
            offenders[path.relative_to(ROOT).as_posix()] = sorted(bad)
    assert offenders == {}


def test_python_modules_are_files_the_executables_share(frozen):
    """noarchive (installer/selfeval.spec): Python reads the modules' .pyc files itself, with nothing to
    inflate at each start, and the two executables carry no copy of them."""
    for module in ("selfeval/ui/app/start.pyc", "selfeval/cli/main.pyc", "docx/__init__.pyc", "json/__init__.pyc"):
        assert (frozen.internal / module).is_file(), module
    assert not list(frozen.internal.rglob("selfeval/**/*.py")), "sources are not shipped, only their bytecode"
    for exe in (frozen.cli, frozen.gui):
        assert exe.stat().st_size < 2**20, f"{exe.name} holds an archive of modules"


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


def test_pdf_export_through_libreoffice(frozen, env, tmp_path, home):
    """The frozen program's LD_LIBRARY_PATH (its own libraries) made LibreOffice load the bundle's older C++
    runtime, and every PDF failed; LibreOffice now starts with the user's environment."""
    db = tmp_path / "pdf.db"
    result = run(frozen.cli, "--db", str(db), "sample", env=env)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "说明.pdf"
    result = subprocess.run([str(frozen.cli), "--db", str(db), "export", last_line(result.stdout), "-o", str(out)],
                            env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_libreoffice_gets_the_users_environment(frozen, env, tmp_path, home):
    """What LibreOffice is started with, seen by a stand-in on PATH: no path into the bundle, no PyInstaller
    marks; the user's own LD_LIBRARY_PATH comes back."""
    bin_dir, seen = tmp_path / "bin", tmp_path / "seen"
    bin_dir.mkdir()
    recording_soffice(bin_dir / "soffice", seen)
    env = dict(env, PATH=f"{bin_dir}:{env.get('PATH', '/usr/bin:/bin')}",
               LD_LIBRARY_PATH=str(tmp_path / "users-own-libs"))
    db = tmp_path / "env.db"
    result = run(frozen.cli, "--db", str(db), "sample", env=env)
    assert result.returncode == 0, result.stderr
    result = run(frozen.cli, "--db", str(db), "export", last_line(result.stdout), "-o", str(tmp_path / "x.pdf"),
                 env=env)
    assert result.returncode == 0, result.stderr
    _args, seen_env = recorded(seen)
    assert seen_env["LD_LIBRARY_PATH"] == str(tmp_path / "users-own-libs")
    bundle = str(frozen.app_dir)
    assert not [f"{k}={v}" for k, v in seen_env.items() if bundle in v]
    assert not [name for name in seen_env if name.startswith("_PYI_")]


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


def _start_gui(frozen, db: Path, env: dict[str, str], log: Path) -> subprocess.Popen:
    """The frozen window, its output going to ``log`` (a file, not a pipe: never blocks on a full pipe)."""
    with open(log, "wb") as out:
        return subprocess.Popen([str(frozen.gui), "--db", str(db)], env=env, stdout=out, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen, log: Path) -> str:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    return log.read_text("utf-8", "replace")


def test_gui_starts_offscreen_and_stays_up(frozen, env, tmp_path, home):
    db = _sample_db(frozen, env, tmp_path)
    log = tmp_path / "gui.log"
    process = _start_gui(frozen, db, dict(env, QT_QPA_PLATFORM="offscreen"), log)
    try:
        deadline = time.monotonic() + GUI_ALIVE_S
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        alive = process.poll() is None
    finally:
        output = _stop(process, log)
    assert alive, f"the window exited with {process.returncode}:\n{output}"
    assert_no_traceback_left(home, output)


def _start_xvfb() -> tuple[subprocess.Popen, str]:
    xvfb = shutil.which("Xvfb")
    if xvfb is None or shutil.which("xwininfo") is None:
        pytest.fail("Xvfb or xwininfo is missing: run scripts/bootstrap.sh (packages xvfb, x11-utils)")
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


def _gui_on_x_server(frozen, env, db: Path, **extra_env: str) -> tuple[bool, str, str, int | None]:
    """Runs the frozen window on a private Xvfb until its main window is mapped (or it exits, or a
    generous deadline passes); returns (window seen and process still alive, output, xwininfo, exit code)."""
    server, display = _start_xvfb()
    log = db.with_suffix(".gui.log")
    try:
        gui_env = dict(env, DISPLAY=display, **extra_env)
        process = _start_gui(frozen, db, gui_env, log)
        try:
            windows = ""
            deadline = time.monotonic() + WINDOW_DEADLINE_S
            while time.monotonic() < deadline and process.poll() is None and MAIN_WINDOW not in windows:
                time.sleep(0.2)
                windows = subprocess.run(["xwininfo", "-root", "-tree"], env=gui_env, capture_output=True,
                                         text=True, encoding="utf-8", errors="replace",
                                         timeout=RUN_TIMEOUT_S).stdout
            shown = MAIN_WINDOW in windows and process.poll() is None
        finally:
            err = _stop(process, log)
    finally:
        server.terminate()
        server.wait(timeout=RUN_TIMEOUT_S)
    return shown, err, windows, process.returncode


def test_gui_shows_its_window_on_an_x_server(frozen, env, tmp_path, home):
    """The real Linux desktop path: the bundled xcb platform plugin and its libraries."""
    db = _sample_db(frozen, env, tmp_path)
    shown, err, windows, code = _gui_on_x_server(frozen, env, db)
    assert shown, f"no window titled {MAIN_WINDOW!r}; exit {code}:\n{err}\n{windows}"
    assert_no_traceback_left(home, err)


def test_fcitx_users_get_the_ibus_input_context(frozen, env, tmp_path):
    """PySide6 ships no fcitx plugin: the runtime hook turns QT_IM_MODULE=fcitx into ibus (fcitx5 answers it)."""
    db = _sample_db(frozen, env, tmp_path)
    shown, err, windows, code = _gui_on_x_server(frozen, env, db, QT_IM_MODULE="fcitx", QT_DEBUG_PLUGINS="1")
    assert shown, f"exit {code}:\n{err[-3000:]}"
    loaded = [line for line in err.splitlines() if "loaded library" in line and "platforminputcontexts" in line]
    assert any("libibusplatforminputcontextplugin.so" in line for line in loaded), loaded


# --- the Linux menu entry ----------------------------------------------------------------------------

def test_desktop_entry_points_at_the_build(frozen, env, home):
    script = frozen.app_dir / "install-desktop-entry.sh"
    env = dict(env)
    env.pop("XDG_DATA_HOME")
    added = subprocess.run(["sh", str(script)], env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    assert added.returncode == 0, added.stderr
    entry = home / ".local" / "share" / "applications" / "selfeval.desktop"
    fields = dict(line.split("=", 1) for line in entry.read_text("utf-8").splitlines() if "=" in line)
    assert fields["Name"] == "绩效自评编制工具"
    assert fields["Exec"] == f'"{frozen.gui}"'
    assert Path(fields["Icon"]).is_file()

    removed = subprocess.run(["sh", str(script), "--remove"], env=env, capture_output=True, text=True,
                             timeout=RUN_TIMEOUT_S)
    assert removed.returncode == 0 and not entry.exists()
