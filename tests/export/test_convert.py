"""PDF through LibreOffice: fonts embedded, cached by content, a throwaway profile, no leftovers, a hung
converter stopped, cancellation, a clear message without an office suite; page count and last-page fill
from the PDF agree with the domain's approximation; pages render to images (pypdfium2)."""

import os
import stat
import subprocess
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from export_helpers import sample_report
from pypdf import PdfReader

from cli_runner import clean_env, run
from stand_ins import recorded, recording_dll_search, recording_soffice
from selfeval.cli.main import main
from selfeval.domain import layout
from selfeval.domain.pagination import estimate_report_pages
from selfeval.export import ExportError, convert
from selfeval.export.convert import (ConvertCancelled, ConvertError, Converter, OfficeMissing, docx_to_pdf,
                                     find_converter, windows_places)
from selfeval.export.package import docx_bytes
from selfeval.export.pdf_pages import pdf_pages, render_page
from selfeval.export.pdf_writer import export_pdf

pytestmark = pytest.mark.slow


def _font_files(reader: PdfReader) -> dict[str, bool]:
    """Every font the pages use, and whether its program is embedded."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            fonts[str(font["/BaseFont"])] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def test_the_pdf_embeds_every_font(sample_pdf):
    fonts = _font_files(PdfReader(__import__("io").BytesIO(sample_pdf)))
    assert len(fonts) >= 4  # 小标宋, 黑体, 楷体, 仿宋 look-alikes, Latin, 宋体 for the page numbers
    assert all(fonts.values()), fonts


def test_page_count_and_last_page_fill_agree_with_the_approximation(sample_pdf):
    pages = pdf_pages(sample_pdf)
    estimate = estimate_report_pages(sample_report())
    assert pages.count == estimate.pages == 6
    lines_in_pdf = pages.last_page_fill * layout.LINES_PER_PAGE
    assert abs(lines_in_pdf - estimate.last_page_lines) <= 1, (pages, estimate)
    assert Decimal("0.5") < pages.last_page_fill < 1


def test_pages_render_to_images_with_the_page_numbers_outside(sample_pdf):
    dpi = 36
    odd, even = render_page(sample_pdf, 0, dpi), render_page(sample_pdf, 1, dpi)
    assert abs(odd.width - round(210 / 25.4 * dpi)) <= 1 and abs(odd.height - round(297 / 25.4 * dpi)) <= 1
    assert len(odd.rgb) == odd.stride * odd.height

    def dark(image, x0, x1, y0, y1) -> int:
        return sum(1 for y in range(y0, y1) for x in range(x0, x1)
                   if sum(image.rgb[y * image.stride + 3 * x: y * image.stride + 3 * x + 3]) < 600)

    mm = dpi / 25.4
    number_rows = (int((297 - 35 + 5) * mm), int((297 - 35 + 14) * mm))  # 7 mm below the text block
    left, right = (int(28 * mm), int(80 * mm)), (int(130 * mm), int(184 * mm))
    assert dark(odd, *right, *number_rows) > 0 and dark(odd, *left, *number_rows) == 0
    assert dark(even, *left, *number_rows) > 0 and dark(even, *right, *number_rows) == 0
    assert dark(odd, int(28 * mm), int(184 * mm), int(37 * mm), int(262 * mm)) > 1000  # the text block


def test_same_docx_bytes_are_converted_once(office_env, tmp_path, monkeypatch, sample_pdf):
    calls = []
    real = convert._convert
    monkeypatch.setattr(convert, "_convert", lambda *a: calls.append(1) or real(*a))
    data = docx_bytes(sample_report())
    first = docx_to_pdf(data, cache_dir=tmp_path)
    second = docx_to_pdf(data, cache_dir=tmp_path, converter=Converter("none", tmp_path / "missing"))
    assert first == second and len(calls) == 1
    assert [p.suffix for p in tmp_path.iterdir()] == [".pdf"]


def test_no_temporary_files_and_the_users_profile_untouched(office_env, tmp_path, monkeypatch):
    temp, home = tmp_path / "temp", tmp_path / "home"
    temp.mkdir(), home.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("HOME", str(home))
    report = sample_report()
    report.unit_short = "另一单位"  # other bytes than the cached sample: a real conversion
    pdf = docx_to_pdf(docx_bytes(report), cache_dir=tmp_path / "cache")
    assert pdf.startswith(b"%PDF")
    assert list(temp.iterdir()) == []
    # No LibreOffice profile in the user's folders (GLib's dconf may leave its own cache file there).
    written = [p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file()]
    assert not [p for p in written if "libreoffice" in p.lower() or p.endswith(".xcu")], written


@pytest.fixture
def fake_office(tmp_path, monkeypatch):
    """A converter that hangs, with a child of its own, and tells their process ids."""
    pids = tmp_path / "pids"
    script = tmp_path / "soffice"
    script.write_text('#!/bin/sh\nsleep 300 &\necho $! > "$FAKE_PIDS"\necho $$ >> "$FAKE_PIDS"\nwait\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("FAKE_PIDS", str(pids))
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return Converter("LibreOffice", script), pids, temp


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return True
    return state == "Z"  # killed, not yet reaped by init


def _wait_gone(pids: list[int], seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if all(_gone(pid) for pid in pids):
            return True
        threading.Event().wait(0.05)
    return False


def _read_pids(path: Path) -> list[int]:
    """The fake converter's and its child's ids, once it has written both."""
    end = time.monotonic() + 10
    while time.monotonic() < end and len(path.read_text().split() if path.exists() else []) < 2:
        threading.Event().wait(0.05)
    return [int(x) for x in path.read_text().split()]


def test_a_hung_converter_is_stopped_after_the_timeout(fake_office, tmp_path):
    converter, pids, temp = fake_office
    start = time.monotonic()
    with pytest.raises(ConvertError) as err:
        docx_to_pdf(b"docx", converter=converter, timeout=1.5, cache_dir=tmp_path / "cache")
    assert time.monotonic() - start < 10
    assert "秒内没有完成" in str(err.value)
    assert _wait_gone(_read_pids(pids))  # the converter and its child
    assert list(temp.iterdir()) == []
    assert not (tmp_path / "cache").exists()


def test_a_conversion_can_be_cancelled(fake_office, tmp_path):
    converter, pids, temp = fake_office
    cancel = threading.Event()
    timer = threading.Timer(0.5, cancel.set)
    timer.start()
    with pytest.raises(ConvertCancelled) as err:
        docx_to_pdf(b"docx", converter=converter, timeout=60, cancel=cancel, cache_dir=tmp_path / "cache")
    assert str(err.value) == "已取消生成 PDF。"
    assert _wait_gone(_read_pids(pids))
    assert list(temp.iterdir()) == []


def test_an_interrupt_while_waiting_stops_the_converter(fake_office, tmp_path, monkeypatch):
    converter, pids, temp = fake_office
    real_wait = convert.subprocess.Popen.wait
    calls = []

    def interrupted(proc, timeout=None):
        calls.append(1)
        if len(calls) == 20:  # Ctrl+C while LibreOffice runs (about 1 s in)
            raise KeyboardInterrupt
        return real_wait(proc, timeout)

    monkeypatch.setattr(convert.subprocess.Popen, "wait", interrupted)
    with pytest.raises(KeyboardInterrupt):
        docx_to_pdf(b"docx", converter=converter, timeout=60, cache_dir=tmp_path / "cache")
    assert _wait_gone(_read_pids(pids))
    assert list(temp.iterdir()) == []


def test_a_failing_converter_is_one_chinese_sentence(tmp_path, monkeypatch):
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    script.chmod(0o755)
    with pytest.raises(ConvertError) as err:
        docx_to_pdf(b"docx", converter=Converter("LibreOffice", script), cache_dir=tmp_path / "cache")
    assert "未能把文档转换为 PDF" in str(err.value) and "Error" not in str(err.value)


def test_finding_libreoffice_on_path_in_usual_folders_or_not_at_all(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(convert, "LINUX_PLACES", ())
    assert find_converter() is None
    with pytest.raises(OfficeMissing) as err:
        docx_to_pdf(b"docx", cache_dir=tmp_path / "cache")
    assert "LibreOffice" in str(err.value) and "\n" not in str(err.value)
    installed = tmp_path / "opt" / "libreoffice7.6" / "program" / "soffice"
    installed.parent.mkdir(parents=True)
    installed.write_text("#!/bin/sh\n")
    installed.chmod(0o755)
    monkeypatch.setattr(convert, "LINUX_PLACES", (str(tmp_path / "opt" / "libreoffice*" / "program" / "soffice"),))
    assert find_converter() == Converter("LibreOffice", installed)
    on_path = tmp_path / "bin" / "soffice"
    on_path.parent.mkdir()
    on_path.write_text("#!/bin/sh\n")
    on_path.chmod(0o755)
    monkeypatch.setenv("PATH", str(on_path.parent))
    assert find_converter() == Converter("LibreOffice", on_path)
    places = windows_places({"ProgramFiles": r"C:\Program Files", "LOCALAPPDATA": r"C:\Users\u\AppData\Local"})
    assert len(places) == 2 and all(p.endswith("soffice.exe") and "LibreOffice" in p for p in places)


def test_export_pdf_refuses_a_bad_target_before_converting(tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "find_converter", lambda: pytest.fail("converted"))
    import datetime as dt

    with pytest.raises(ExportError):
        export_pdf(sample_report(), tmp_path / "没有" / "out.pdf", when=dt.datetime.now(dt.timezone.utc))


def test_a_failed_conversion_leaves_an_existing_pdf_as_it_was(tmp_path, monkeypatch):
    import datetime as dt

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(convert, "find_converter", lambda: None)
    target = tmp_path / "说明.pdf"
    target.write_bytes(b"%PDF old")
    with pytest.raises(OfficeMissing):
        export_pdf(sample_report(), target, when=dt.datetime.now(dt.timezone.utc))
    assert target.read_bytes() == b"%PDF old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["说明.pdf"]


def test_cli_exports_pdf_by_suffix_and_reuses_the_conversion(office_env, tmp_path):
    env = clean_env(tmp_path, FONTCONFIG_FILE=os.environ["FONTCONFIG_FILE"], XDG_CACHE_HOME=str(tmp_path / "cache"))
    db = str(tmp_path / "db.sqlite")
    report_id = run(tmp_path, "--db", db, "sample", env=env).last_line
    first = run(tmp_path, "--db", db, "export", report_id, "-o", "说明.pdf", env=env)
    assert first.code == 0, first.err
    assert Path(first.last_line) == tmp_path / "说明.pdf"
    pdf = (tmp_path / "说明.pdf").read_bytes()
    assert pdf_pages(pdf).count == 6
    second = run(tmp_path, "--db", db, "export", report_id, "-o", "again.PDF", env=env)
    assert second.code == 0 and (tmp_path / "again.PDF").read_bytes() == pdf
    assert len(list((tmp_path / "cache").rglob("*.pdf"))) == 1  # one conversion, cached by content
    docx = run(tmp_path, "--db", db, "export", report_id, "-o", "说明", env=env)
    assert docx.code == 0 and Path(docx.last_line).name == "说明.docx"


def test_cli_without_an_office_suite_names_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(convert, "find_converter", lambda: None)
    db = str(tmp_path / "db.sqlite")
    assert main(["--db", db, "sample"]) == 0
    report_id = capsys.readouterr().out.strip().splitlines()[-1]
    code = main(["--db", db, "export", report_id, "-o", str(tmp_path / "out.pdf")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "找不到 LibreOffice" in err and "安装" in err
    assert not (tmp_path / "out.pdf").exists() and list(tmp_path.glob("*.tmp")) == []


def test_pdf_pages_reads_any_pdf():
    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    import io

    buf = io.BytesIO()
    doc.save(buf)
    pages = pdf_pages(buf.getvalue())
    assert pages.count == 1 and pages.last_page_fill == 0
    with pytest.raises(ConvertError):
        pdf_pages(b"%PDF-1.4 broken")


def test_libreoffice_starts_with_the_users_environment_not_the_frozen_programs(tmp_path, monkeypatch):
    """The frozen program's LD_LIBRARY_PATH made LibreOffice load the bundle's older C++ runtime (every
    conversion failed: GLIBCXX_3.4.29 not found); it gets the user's own environment (external_programs)."""
    bundle = tmp_path / "selfeval" / "_internal"
    seen = tmp_path / "seen"
    soffice = recording_soffice(tmp_path / "soffice", seen)
    monkeypatch.setattr("sys._MEIPASS", str(bundle), raising=False)
    monkeypatch.setenv("SELFEVAL_TEST_MARK", "kept")
    monkeypatch.setenv("LD_LIBRARY_PATH", str(bundle))
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/usr/local/lib")
    monkeypatch.setenv("QT_PLUGIN_PATH", str(bundle / "PySide6" / "Qt" / "plugins"))
    monkeypatch.setenv("_PYI_ARCHIVE_FILE", str(bundle.parent / "selfeval-gui"))
    pdf = docx_to_pdf(b"docx", converter=Converter("LibreOffice", soffice), cache_dir=tmp_path / "cache")
    assert pdf.startswith(b"%PDF")
    _args, env = recorded(seen)
    assert env["LD_LIBRARY_PATH"] == "/usr/local/lib"
    assert "QT_PLUGIN_PATH" not in env and not [name for name in env if name.startswith("_PYI_")]
    assert env["SELFEVAL_TEST_MARK"] == "kept"  # everything else is passed on


def test_libreoffice_is_started_without_the_frozen_programs_dll_folder(tmp_path, monkeypatch):
    """Windows: the bootloader's DLL folder is inherited by a program started while it is set
    (external_programs.user_dll_search lifts it); the start happens inside that, and only the start."""
    import selfeval.system.external_programs as programs

    events: list[str] = []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):
        events.append("started")
        return real_popen(*args, **kwargs)

    monkeypatch.setattr(programs, "user_dll_search", recording_dll_search(events))
    monkeypatch.setattr(subprocess, "Popen", popen)
    soffice = recording_soffice(tmp_path / "soffice", tmp_path / "seen")
    assert docx_to_pdf(b"docx", converter=Converter("LibreOffice", soffice), cache_dir=tmp_path / "cache")
    assert events == ["lifted", "started", "set back"]
