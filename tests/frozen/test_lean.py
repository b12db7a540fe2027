"""Lean frozen build: the CLI never starts Qt, the bundle holds no library the program never loads, and the
frozen program opens no socket but AF_UNIX ones (the X server, the session bus), CLI and window alike.

Traced with strace (``-f``: every thread and child).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

TIMEOUT_S = 120
WINDOW_UP_S = 4.0
SOCKET_CALL = re.compile(r"^\d+\s+socket\((\w+),")


def _strace() -> str:
    strace = shutil.which("strace")
    if strace is None:
        pytest.fail("strace is missing (Debian package strace)")
    return strace


def _end_traced(tracer: subprocess.Popen) -> None:
    """Ends the program strace runs (strace itself would only detach from it), then strace."""
    children = Path(f"/proc/{tracer.pid}/task/{tracer.pid}/children")
    pids = children.read_text().split() if tracer.poll() is None and children.exists() else []
    for pid in pids:
        os.kill(int(pid), signal.SIGTERM)
    try:
        tracer.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        for pid in pids:
            os.kill(int(pid), signal.SIGKILL)
        tracer.kill()
        tracer.wait()


def _sample(frozen, env, tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "lean.db"
    result = subprocess.run([str(frozen.cli), "--db", str(db), "sample"], env=env, capture_output=True, text=True,
                            timeout=TIMEOUT_S)
    assert result.returncode == 0, result.stderr
    return db, result.stdout.split()[-1]


def _traced_export(frozen, env, tmp_path: Path, calls: str) -> tuple[str, Path]:
    db, report_id = _sample(frozen, env, tmp_path)
    trace, out = tmp_path / f"export.{calls}.trace", tmp_path / "lean.docx"
    result = subprocess.run([_strace(), "-f", "-e", f"trace={calls}", "-o", str(trace), str(frozen.cli), "--db", str(db),
                             "export", report_id, "-o", str(out)], env=env, capture_output=True, text=True,
                            timeout=TIMEOUT_S)
    assert result.returncode == 0, result.stderr
    assert out.is_file()
    return trace.read_text("utf-8", "replace"), out


def test_cli_export_loads_no_qt(frozen, env, tmp_path):
    """PyInstaller's PySide6 runtime hook imported QtCore (Qt, ICU) at every start; the CLI must not."""
    trace, _ = _traced_export(frozen, env, tmp_path, "openat")
    opened = {Path(m).name for m in re.findall(r'openat\([^"]*"([^"]+)"[^=]*= \d+', trace)}
    assert any(name.startswith("libpython3") for name in opened), "the trace saw the program start"
    qt = sorted(name for name in opened if re.match(r"(libQt6|libicu|libpyside6|libshiboken6|Qt\w+\.abi3)", name))
    assert qt == []


def test_cli_and_window_open_only_unix_sockets(frozen, env, tmp_path):
    trace, _ = _traced_export(frozen, env, tmp_path, "socket")
    assert "+++ exited with 0 +++" in trace
    cli_domains = SOCKET_CALL.findall("\n".join(trace.splitlines()))
    assert set(cli_domains) <= {"AF_UNIX"}, trace

    db, _ = _sample(frozen, env, tmp_path)
    window_trace = tmp_path / "window.trace"
    log = tmp_path / "window.log"
    with open(log, "wb") as output:
        window = subprocess.Popen([_strace(), "-f", "-e", "trace=socket,openat", "-o", str(window_trace),
                                   str(frozen.gui), "--db", str(db)], env=dict(env, QT_QPA_PLATFORM="offscreen"),
                                  stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + WINDOW_UP_S
        while time.monotonic() < deadline and window.poll() is None:
            time.sleep(0.1)
        assert window.poll() is None, log.read_text("utf-8", "replace")
    finally:
        _end_traced(window)
    lines = window_trace.read_text("utf-8", "replace").splitlines()
    assert any("libQt6Widgets" in line for line in lines), "the trace saw the window load Qt"
    domains = [SOCKET_CALL.match(line).group(1) for line in lines if SOCKET_CALL.match(line)]
    assert set(domains) <= {"AF_UNIX"}, [line for line in lines if "socket(" in line]


VENDORED_BY_A_WHEEL = re.compile(r"lib[\w+.]+-[0-9a-f]{8}\.so")


def test_never_loaded_libraries_are_left_out(frozen):
    names = {p.name for p in frozen.app_dir.rglob("*")}
    for prefix in ("libssl", "libcrypto", "libreadline", "libtinfo", "libncurses", "_ssl.", "_hashlib.",
                   "readline.", "libsystemd", "libgcrypt", "libglib-2.0", "libX11.", "libfontconfig",
                   "libfreetype", "libdbus-1"):
        # Pillow's own copies (auditwheel names them lib<name>-<hash>.so..., in pillow.libs/) are what
        # PIL.ImageFont loads for the summary's charts; Qt keeps the system's libfreetype.so.6.
        assert not [n for n in names if n.startswith(prefix) and not VENDORED_BY_A_WHEEL.match(n)], prefix
    vendored = {n for n in names if VENDORED_BY_A_WHEEL.match(n)}
    assert vendored <= {p.name for p in (frozen.internal / "pillow.libs").glob("*")}, vendored
    lxml = sorted(p.name.split(".")[0] for p in (frozen.internal / "lxml").glob("*.so"))
    assert lxml == ["_elementpath", "etree"]  # of lxml's compiled modules
    plugins = frozen.internal / "PySide6" / "Qt" / "plugins"
    assert not (plugins / "imageformats").exists() and not (plugins / "generic").exists()


# Pillow draws the 汇总's charts: PNG writing (PIL._imaging) and FreeType text (PIL._imagingft). The other formats'
# plugins and compiled modules stay out, with the libraries of pillow.libs only they link.
PILLOW_LEFT_OUT = ("libavif", "libwebp", "libwebpmux", "libwebpdemux", "libsharpyuv", "liblcms2")


def _needed(path: Path) -> set[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))


def test_pillow_holds_png_and_freetype_only(frozen):
    pil, libs = frozen.internal / "PIL", frozen.internal / "pillow.libs"
    assert sorted(p.name.split(".")[0] for p in pil.glob("*.so")) == ["_imaging", "_imagingft"]
    assert sorted({p.name.split(".")[0] for p in pil.glob("*ImagePlugin*")}) == ["PngImagePlugin"]
    bundled = {p.name for p in libs.iterdir()}
    assert not [n for n in bundled if n.split("-")[0] in PILLOW_LEFT_OUT], bundled
    # exactly what _imaging and _imagingft link, directly or through each other (readelf -d), and all of it
    linked: set[str] = set()
    todo = [next(pil.glob(f"{name}.*.so")) for name in ("_imaging", "_imagingft")]
    while todo:
        for name in _needed(todo.pop()):
            if (libs / name).is_file() and name not in linked:
                linked.add(name)
                todo.append(libs / name)
    assert bundled == linked
    for module in pil.glob("*.so"):
        assert "not found" not in subprocess.run(["ldd", str(module)], capture_output=True, text=True).stdout


def test_frozen_summary_export_draws_its_charts(frozen, env, tmp_path):
    """A real run of the frozen `selfeval summary`: a tiny workspace of 3 units, its Word report with the charts."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from summary_submissions import write_submissions

    folder, ws, out = tmp_path / "subs", tmp_path / "2024.db", tmp_path / "x.docx"
    write_submissions(folder, 3, docx=0, bad=0)

    def run(*args):
        return subprocess.run([str(frozen.cli), "summary", *map(str, args)], env=env, capture_output=True, text=True,
                              timeout=TIMEOUT_S)

    assert run("new", ws).returncode == 0
    added = run("add", ws, folder)
    assert added.returncode == 0, added.stderr
    exported = run("export", ws, "-o", out)
    assert exported.returncode == 0, exported.stderr
    import docx as python_docx

    document = python_docx.Document(str(out))
    assert "本次汇总共收到 3 个单位" in "\n".join(p.text for p in document.paragraphs)
    images = [part for part in document.part.package.parts if part.partname.endswith(".png")]
    assert len(document.inline_shapes) == len(images) >= 2
    for part in images:
        assert part.blob.startswith(b"\x89PNG\r\n\x1a\n") and len(part.blob) > 5000
