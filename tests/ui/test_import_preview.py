"""报告管理's 导入文件: .txt, .docx and .pdf through the preview dialog, where the outline and the mapping
can be changed before anything is stored; a unit and year already there is asked about."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reports_helpers import answers, edit_session, snapshot, store  # noqa: F401 - fixtures
from selfeval.importers import preview_file
from selfeval.ui.views import import_preview_dialog
from selfeval.ui.views.import_preview_dialog import KEEP_AS_EXTRA_LABEL, ImportPreviewDialog, read_preview
from selfeval.ui.views.reports_dialog import ReportsDialog

# A report in the 部门基本情况 outline (shared by the import tests).
BASIC_INFO_REPORT = (Path(__file__).resolve().parents[1] / "fixtures" / "basic-info-report.txt").read_text(encoding="utf-8").rstrip("\n")


@pytest.fixture
def basic_txt(tmp_path) -> Path:
    path = tmp_path / "财政局说明.txt"
    path.write_text(BASIC_INFO_REPORT, encoding="gb18030")
    return path


def _preview_dialog(qtbot, path: Path) -> ImportPreviewDialog:
    dialog = ImportPreviewDialog(preview_file(path))
    qtbot.addWidget(dialog)
    return dialog


def _row(dialog, text: str) -> int:
    t = dialog.headings
    return next(r for r in range(t.rowCount()) if t.item(r, 0).text().strip("　") == text)


def test_the_dialog_shows_the_files_heading_tree_with_levels_and_roles(qtbot, basic_txt):
    dialog = _preview_dialog(qtbot, basic_txt)
    assert dialog.outline_box.currentData() == "basic-info-2024"
    assert "7 个标题中有 7 个" in dialog.reason_label.text()
    assert "2024年度某区财政局部门整体支出绩效自评报告" in dialog.title_label.text()
    assert "单位：某区财政局" in dialog.info_label.text() and "评价年度：2024" in dialog.info_label.text()
    assert dialog.headings.rowCount() == 7
    row = _row(dialog, "存在的主要问题")
    assert dialog.headings.cellWidget(row, 2).currentData() == "problems"
    assert dialog.headings.cellWidget(row, 2).currentText() == "问题"
    assert dialog.headings.cellWidget(row, 1).currentData() == 1
    assert dialog.sections.rowCount() == len(dialog.preview.sections)
    assert "都已识别出用途" in dialog.unmapped_label.text()


def test_the_clerk_changes_a_role_a_level_and_the_outline(qtbot, basic_txt):
    dialog = _preview_dialog(qtbot, basic_txt)
    row = _row(dialog, "存在的主要问题")
    dialog.map_heading(row, None)
    assert dialog.headings.cellWidget(row, 2).currentText() == KEEP_AS_EXTRA_LABEL
    [plain] = [s for s in dialog.preview.unmapped if s.heading]
    assert plain.heading == "存在的主要问题" and "存在的主要问题" in dialog.unmapped_label.text()
    report = dialog.preview.result.report
    section = next(s for s in report.sections if s.heading == "存在的主要问题")
    assert not section.extra and section.entries  # an ordinary section, its text kept
    dialog.map_heading(row, "problems")
    assert not [s for s in dialog.preview.unmapped if s.heading]

    dialog.set_level(_row(dialog, "职能"), 1)
    assert dialog.preview.report.section("functions").level == 1
    assert dialog.headings.item(_row(dialog, "职能"), 0).text() == "职能"  # no longer indented

    dialog.choose_outline("liwan-street-2024")
    assert dialog.preview.template.id == "liwan-street-2024"
    assert "已按指定的大纲" in dialog.reason_label.text()
    # the street outline's roles still recognise 部门基本情况 and 职能: nothing is dropped or added
    headings = [s.heading for s in dialog.preview.sections]
    assert headings == [s.heading for s in _preview_dialog(qtbot, basic_txt).preview.sections]


def test_a_long_pdf_is_read_off_the_gui_thread_and_can_be_cancelled(qtbot, tmp_path, monkeypatch):
    import threading

    import selfeval.importers
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
    from long_pdf import long_pdf

    pdf = long_pdf(tmp_path / "长.pdf", pages=500)
    seen = {}
    pressed = threading.Event()
    real_preview_file = selfeval.importers.preview_file

    def held_preview_file(path, template=None, progress=None):
        # The reader waits after page 3 until 取消 has been pressed: a fast machine reads 500 pages before a
        # person (or this test) could press it, so without the hold the outcome would depend on the machine.
        def held(done, total):
            going_on = progress(done, total)
            if done >= 3:
                pressed.wait(30)
                return progress(done, total)
            return going_on

        return real_preview_file(path, template=template, progress=held)

    monkeypatch.setattr(selfeval.importers, "preview_file", held_preview_file)

    def press_cancel() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        if not dialogs or "第" not in dialogs[0].labelText():  # shown while the PDF opens, then page by page
            QTimer.singleShot(50, press_cancel)
            return
        seen["label"] = dialogs[0].labelText()
        dialogs[0].cancel()
        pressed.set()

    QTimer.singleShot(50, press_cancel)
    assert read_preview(None, pdf) is None  # cancelled: nothing read, nothing to show
    assert "第" in seen["label"] and "/500 页" in seen["label"]
    assert pressed.is_set()


def test_a_small_file_is_read_without_a_progress_window(qtbot, basic_txt):
    preview = read_preview(None, basic_txt)
    assert preview is not None and preview.template.id == "basic-info-2024"


def test_import_through_the_preview_stores_what_it_shows(qtbot, store, answers, basic_txt, monkeypatch):
    shown = {}

    def review(parent, preview):
        dialog = ImportPreviewDialog(preview, parent)
        qtbot.addWidget(dialog)
        dialog.map_heading(_row(dialog, "存在的主要问题"), None)
        dialog.set_level(_row(dialog, "职能"), 1)
        shown["preview"] = dialog.preview
        return dialog.preview

    monkeypatch.setattr(import_preview_dialog, "review", review)
    answers.open_paths.append(basic_txt)
    dialog = ReportsDialog(edit_session(store), None)
    qtbot.addWidget(dialog)
    dialog.import_text()
    new_id = dialog.chosen_report_id
    stored = store.load(new_id)
    assert stored.to_dict() == shown["preview"].result.report.to_dict()
    assert any(s.heading == "存在的主要问题" and s.key.startswith("part-") for s in stored.sections)
    assert stored.section("functions").level == 1
    assert store.history(new_id)[0].summary.endswith("（由文本文件“财政局说明.txt”导入）")
    assert answers.of("inform")[0][0] == "导入完成"


def test_cancelling_the_preview_stores_nothing(qtbot, store, answers, basic_txt, monkeypatch):
    monkeypatch.setattr(import_preview_dialog, "review", lambda parent, preview: None)
    answers.open_paths.append(basic_txt)
    dialog = ReportsDialog(edit_session(store), None)
    qtbot.addWidget(dialog)
    dialog.import_text()
    assert store.list_reports() == [] and answers.shown == []


def test_a_second_report_of_the_same_unit_and_year_is_asked_about(qtbot, store, answers, basic_txt, monkeypatch):
    monkeypatch.setattr(import_preview_dialog, "review", lambda parent, preview: preview)
    dialog = ReportsDialog(edit_session(store), None)
    qtbot.addWidget(dialog)
    answers.open_paths.append(basic_txt)
    dialog.import_text()
    before = snapshot(store)
    answers.open_paths.append(basic_txt)
    answers.yes_no.append(False)
    dialog.import_text()
    assert answers.asked[-1][1] == "已有同名报告"
    assert snapshot(store) == before


def test_a_word_document_imports_sentence_for_sentence(qtbot, store, answers, tmp_path, monkeypatch):
    from selfeval.domain.document import report_text
    from selfeval.export import export_docx
    from selfeval.bundled.samples import bundled_sample

    sample = bundled_sample()
    docx = export_docx(sample, tmp_path / "上年.docx")
    monkeypatch.setattr(import_preview_dialog, "review", lambda parent, preview: preview)
    answers.open_paths.append(docx)
    dialog = ReportsDialog(edit_session(store), None)
    qtbot.addWidget(dialog)
    dialog.import_text()
    stored = store.load(dialog.chosen_report_id)
    assert report_text(stored) == report_text(sample)
    assert "（由Word 文档“上年.docx”导入）" in store.history(dialog.chosen_report_id)[0].summary
