"""打印预览, 导出 PDF and the page count from the window (issue 10): LibreOffice's pages of the sample, the
approximate pages without an office suite, cancel without leftovers, printing the same pages."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import answers, commit_text, env, first_text_box, sample_db, running, script_export_check  # noqa: F401
from selfeval.export import convert
from selfeval.domain.export_plan import TableChoice

pytestmark = pytest.mark.slow

FONTCONFIG = Path(__file__).resolve().parents[1] / "export" / "fontconfig" / "fonts.conf"
CONVERT_MS = 90_000
STOP_MS = 5_000  # a killed LibreOffice is gone well within this, even on a loaded machine


@pytest.fixture
def office(env, monkeypatch):
    """LibreOffice with the official font names mapped to the look-alikes (as tests/export), an empty PDF
    cache and a temporary folder of the test's own."""
    assert convert.find_converter() is not None, "LibreOffice (soffice) is missing: run scripts/bootstrap.sh"
    monkeypatch.setenv("FONTCONFIG_FILE", str(FONTCONFIG))
    monkeypatch.setenv("XDG_CACHE_HOME", str(env / "cache"))
    tmp = env / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


@pytest.fixture
def no_office(env, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(env / "cache"))
    monkeypatch.setattr(convert, "find_converter", lambda: None)


@pytest.fixture
def text_only(running):
    """The 说明 alone, as before the 自评表 was exported: the remembered choice 「仅说明」."""
    running.settings.set_export_table_choice(TableChoice.TEXT_ONLY.value)
    running.window.page_count.update_now()


def _preview(qtbot, window):
    window.actions.page_preview.trigger()
    dialog = window.preview_dialog
    qtbot.waitUntil(lambda: not dialog.busy() and bool(dialog.images), timeout=CONVERT_MS)
    return dialog


def _print_to_file(monkeypatch, out: Path) -> Path:
    """The print dialog answers with a PDF printer writing ``out``."""
    from PySide6.QtPrintSupport import QPrinter

    from selfeval.ui.views import preview_dialog

    def to_file(_parent, printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(preview_dialog, "ask_printer", to_file)
    return out


def _converters(tmp: Path) -> list[int]:
    """This test's LibreOffice conversions still running (their throwaway profile is in ``tmp``; other
    tests and other programs may be converting at the same time)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if str(tmp / "selfeval-pdf-").encode() in cmdline:
                found.append(int(entry))
    return found


def test_the_sample_previews_as_the_six_pages_libreoffice_prints(qtbot, running, office, text_only):
    window = running.window
    dialog = _preview(qtbot, window)
    assert dialog.page_count == 6 and not dialog.approximate and len(dialog.pdfs) == 1
    assert dialog.pdfs[0].startswith(b"%PDF")
    assert dialog.note.isHidden() and dialog.count_label.text() == "/ 共 6 页"
    assert dialog.images[0].width() == round(210 / 25.4 * 144)  # A4 at the render resolution
    dialog.set_zoom(100)
    width = dialog._page_labels[0].width()
    dialog.step_zoom(1)
    assert dialog.zoom == 125 and dialog._page_labels[0].width() > width
    dialog.go_to(4)
    assert dialog.page_spin.value() == 4 and dialog.next_button.isEnabled()
    fourth = dialog._page_labels[3].y()
    assert fourth > 0 and abs(dialog.scroll.verticalScrollBar().value() - fourth) <= dialog.pages_layout.spacing()
    # The status bar now gives the office suite's count for the unchanged report.
    assert window.pages_label.text().startswith("共 6 页，末页约 ")
    assert not list(office.iterdir())  # no temporary files left
    dialog.reject()


def test_without_an_office_suite_the_preview_is_approximate_and_says_what_to_install(qtbot, running, no_office,
                                                                                    text_only):
    dialog = _preview(qtbot, running.window)
    assert dialog.approximate and dialog.page_count == 6
    assert "不含自评表" not in dialog.note_label.text()
    assert dialog.approx_label.text() == "近似预览" and not dialog.note.isHidden()
    assert str(convert.OfficeMissing()) in dialog.note_label.text()
    assert "安装 LibreOffice" in dialog.note_label.text()
    # Drawn, not blank: the first page has its title and text in dark pixels.
    image = dialog.images[0]
    dark = sum(1 for y in range(0, image.height(), 4) for x in range(0, image.width(), 4)
               if image.pixelColor(x, y).lightness() < 128)
    assert dark > 500


def test_cancel_stops_the_converter_and_leaves_no_temporary_files(qtbot, running, office):
    window = running.window
    window.actions.page_preview.trigger()
    dialog = window.preview_dialog
    qtbot.waitUntil(lambda: bool(_converters(office)), timeout=CONVERT_MS)
    qtbot.mouseClick(dialog.cancel_button, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy() and bool(dialog.images), timeout=10_000)
    assert dialog.approximate and "已取消" in dialog.status_label.text()
    qtbot.waitUntil(lambda: _converters(office) == [], timeout=STOP_MS)
    assert not list(office.iterdir())


def test_closing_the_preview_while_converting_stops_the_converter(qtbot, running, office):
    window = running.window
    window.actions.page_preview.trigger()
    dialog = window.preview_dialog
    qtbot.waitUntil(lambda: bool(_converters(office)), timeout=CONVERT_MS)
    dialog.reject()
    assert not dialog.busy() and not dialog.isVisible()
    # Killed (SIGKILL to its process group) when the dialog closed; the kernel ends them within moments.
    qtbot.waitUntil(lambda: _converters(office) == [], timeout=STOP_MS)
    assert not list(office.iterdir())


def test_print_sends_the_same_pages_to_the_printer(qtbot, running, office, monkeypatch, env, text_only):
    out = _print_to_file(monkeypatch, env / "printed.pdf")
    dialog = _preview(qtbot, running.window)
    assert dialog.print_pages()
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == 6
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert abs(width_mm - 210) < 1


def test_pdf_export_asks_first_and_going_to_a_finding_writes_nothing(qtbot, running, answers, no_office, env,
                                                                     monkeypatch):
    from selfeval.ui.views.export_check_dialog import GO

    window = running.window
    qtbot.waitUntil(lambda: window.review is not None)
    in_text = lambda findings: [f for f in findings if f.place.field != "table"]  # noqa: E731
    asked = script_export_check(monkeypatch, lambda findings: (GO, in_text(findings)[0]))
    window.actions.export_pdf.trigger()
    assert {f.rule for f in in_text(asked[0])} == {"text.doubled_word", "figure.unit_mismatch"}
    assert not answers.asked and not answers.of("error")  # no save dialog, no conversion tried
    assert not list(env.glob("**/*.pdf"))
    assert window.tabs.current_key() == in_text(asked[0])[0].place.section  # went to the finding


def test_pdf_export_from_the_window(qtbot, running, answers, office, env, monkeypatch):
    out_dir = env / "out"
    out_dir.mkdir()
    answers.table_choices.append(TableChoice.TEXT_ONLY)
    answers.save_paths.append(out_dir / "自评说明")  # no suffix typed
    answers.yes_no.append(False)
    asked = script_export_check(monkeypatch)  # 仍然导出
    qtbot.waitUntil(lambda: running.window.review is not None)
    running.window.actions.export_pdf.trigger()
    assert len(asked) == 1
    target = out_dir / "自评说明.pdf"
    assert target.is_file(), answers.shown
    assert len(PdfReader(target).pages) == 6
    assert running.settings.last_export_dir() == out_dir
    kind, title, start = answers.asked[1]
    assert start.name == "2024年度昌华街道部门整体支出绩效自评表说明.pdf"
    assert not list(office.iterdir())


def test_pdf_export_without_an_office_suite_says_what_to_install_and_writes_nothing(qtbot, running, answers,
                                                                                      no_office, env,
                                                                                      monkeypatch):
    script_export_check(monkeypatch)
    qtbot.waitUntil(lambda: running.window.review is not None)
    running.window.export_pdf()
    assert answers.of("error") == [("导出 PDF 失败", str(convert.OfficeMissing()))]
    assert not answers.asked and not list(env.glob("**/*.pdf"))


def test_the_page_count_line_follows_edits(qtbot, running, text_only):
    window = running.window
    window.tabs.setCurrentIndex(0)  # 基本信息
    tab = window.tabs.basic_tab
    assert tab is not None
    qtbot.waitUntil(lambda: tab.page_count.text() == "约 6 页，末页约 73%")
    assert window.pages_label.text() == tab.page_count.text()
    window.tabs.setCurrentIndex(window.tabs.keys.index("goals"))
    commit_text(first_text_box(window.editors["goals"]), "新增的内容。" * 300)
    window.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: tab.page_count.text() != "约 6 页，末页约 73%", timeout=5000)  # saved, recounted
    from selfeval.domain.pagination import estimate_report_pages

    estimate = estimate_report_pages(window.session.report)
    assert estimate.pages > 6 and "新增的内容" in window.session.report.section("goals").entries[0].text
    assert tab.page_count.text() == f"约 {estimate.pages} 页，末页约 {int(estimate.last_page_fill * 100)}%"
    assert window.pages_label.text() == tab.page_count.text()


def _is_landscape(image) -> bool:
    return image.width() > image.height()


def test_the_preview_shows_the_table_pages_first_and_the_status_bar_counts_them(qtbot, running, office):
    window = running.window
    assert running.settings.export_table_choice() is None  # never chosen: the table first, in one file
    window.page_count.update_now()
    assert window.pages_label.text() == "约 8 页，末页约 73%"  # 2 pages of 自评表 + the 说明's 6
    dialog = _preview(qtbot, window)
    assert dialog.page_count == 8 and len(dialog.pdfs) == 1 and dialog.count_label.text() == "/ 共 8 页"
    first = PdfReader(io.BytesIO(dialog.pdfs[0])).pages[0].extract_text()
    assert "部门整体支出绩效自评表" in first and "预算执行情况" in first
    assert window.pages_label.text().startswith("共 8 页，末页约 ")
    dialog.reject()


def test_landscape_table_pages_show_wider_and_print_turned_onto_portrait_paper(qtbot, running, office, monkeypatch,
                                                                               env):
    from selfeval.bundled import report_table

    monkeypatch.setattr(report_table, "table_landscape", lambda report: True)  # the template's option
    dialog = _preview(qtbot, running.window)
    assert dialog.plan.landscape and dialog.page_count == 8
    assert [_is_landscape(image) for image in dialog.images] == [True, True] + [False] * 6
    assert dialog._page_labels[0].width() > dialog._page_labels[2].width()  # each page at its real size
    out = _print_to_file(monkeypatch, env / "printed.pdf")
    assert dialog.print_pages()
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == 8
    assert all(abs(float(page.mediabox.width) / 72 * 25.4 - 210) < 1 for page in reader.pages)  # all on A4 portrait
    dialog.reject()


def test_two_files_preview_as_the_table_file_then_the_shuoming_file(qtbot, running, office):
    running.settings.set_export_table_choice(TableChoice.SEPARATE.value)
    window = running.window
    window.page_count.update_now()
    assert window.pages_label.text() == "约 8 页，末页约 73%"
    dialog = _preview(qtbot, window)
    assert len(dialog.pdfs) == 2 and dialog.page_count == 8
    assert [len(PdfReader(io.BytesIO(pdf)).pages) for pdf in dialog.pdfs] == [2, 6]
    assert window.pages_label.text().startswith("共 8 页，末页约 ")
    dialog.reject()


def test_without_an_office_suite_the_table_is_named_as_missing_from_the_approximate_pages(qtbot, running, no_office):
    dialog = _preview(qtbot, running.window)
    assert dialog.approximate and dialog.page_count == 6 and "不含自评表" in dialog.note_label.text()


def test_pdf_export_of_two_files(qtbot, running, answers, office, env, monkeypatch):
    script_export_check(monkeypatch)  # 仍然导出
    qtbot.waitUntil(lambda: running.window.review is not None)
    out_dir = env / "out"
    out_dir.mkdir()
    answers.table_choices.append(TableChoice.SEPARATE)
    answers.save_paths.append(out_dir / "自评")
    answers.yes_no.append(False)
    running.window.actions.export_pdf.trigger()
    assert not answers.shown, answers.shown
    text, table = out_dir / "自评.pdf", out_dir / "自评（自评表）.pdf"
    assert sorted(p.name for p in out_dir.iterdir()) == sorted([text.name, table.name])
    assert len(PdfReader(text).pages) == 6 and len(PdfReader(table).pages) == 2
    assert "部门整体支出绩效自评表" in PdfReader(table).pages[0].extract_text()
    assert running.settings.export_table_choice() == "separate"
    assert f"{text}\n{table}" in answers.asked[-1][2]  # 导出完成 names both files
    assert not list(office.iterdir())


def test_pdf_export_in_one_file_puts_the_table_pages_first(qtbot, running, answers, office, env, monkeypatch):
    script_export_check(monkeypatch)
    qtbot.waitUntil(lambda: running.window.review is not None)
    answers.table_choices.append(TableChoice.COMBINED)
    answers.save_paths.append(env / "全部.pdf")
    answers.yes_no.append(False)
    running.window.export_pdf()
    reader = PdfReader(env / "全部.pdf")
    assert len(reader.pages) == 8 and "部门整体支出绩效自评表" in reader.pages[0].extract_text()
    assert "自评表说明" in reader.pages[2].extract_text()


def test_pdf_export_names_the_substituted_fonts_and_uses_them(qtbot, running, answers, office, env, monkeypatch):
    """Issue 23: on a PC without the official fonts the window says which fonts the PDF uses instead, while
    it is written and when it is done, and the PDF is in those fonts (not one sans font for everything)."""
    import shutil
    import subprocess

    from PySide6.QtGui import QFontDatabase

    from selfeval.domain.official_fonts import missing_fonts
    from selfeval.ui.widgets import job_thread

    if not missing_fonts(QFontDatabase.families()):
        pytest.skip("this PC has the official fonts")
    labels = []
    real = job_thread.run_with_progress
    monkeypatch.setattr(job_thread, "run_with_progress",
                        lambda parent, job, title, label: labels.append(label) or real(parent, job, title, label))
    out_dir = env / "out"
    out_dir.mkdir()
    answers.table_choices.append(TableChoice.TEXT_ONLY)
    answers.save_paths.append(out_dir / "说明.pdf")
    answers.yes_no.append(False)
    script_export_check(monkeypatch)
    qtbot.waitUntil(lambda: running.window.review is not None)
    running.window.actions.export_pdf.trigger()
    assert (out_dir / "说明.pdf").is_file(), answers.shown
    assert "本机没有部分公文字体" in labels[0] and "“仿宋_GB2312”改用“" in labels[0]
    assert "本机没有部分公文字体" in answers.asked[-1][2]  # 导出完成 says it too
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(out_dir / "说明.pdf")], capture_output=True, text=True).stdout
        assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts
