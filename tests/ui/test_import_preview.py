"""报告管理's 导入文件: .txt, .docx and .pdf through the preview dialog, where the outline and the mapping
can be changed before anything is stored; a unit and year already there is asked about."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports_helpers import answers, edit_session, snapshot, store  # noqa: F401 - fixtures
from selfeval.importers import preview_file
from selfeval.ui.views import import_preview_dialog
from selfeval.ui.views.import_preview_dialog import KEEP_AS_EXTRA_LABEL, ImportPreviewDialog
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


def test_the_dialog_shows_the_outline_found_and_why_and_each_heading_with_its_section(qtbot, basic_txt):
    dialog = _preview_dialog(qtbot, basic_txt)
    assert dialog.outline_box.currentData() == "basic-info-2024"
    assert "7 个标题中有 7 个" in dialog.reason_label.text()
    assert "2024年度某区财政局部门整体支出绩效自评报告" in dialog.title_label.text()
    assert dialog.headings.rowCount() == 7
    box = dialog.headings.cellWidget(_row(dialog, "存在的主要问题"), 1)
    assert box.currentData() == "problems"
    assert dialog.sections.rowCount() == len(dialog.preview.sections)
    assert "都已对应到大纲栏目" in dialog.unmapped_label.text()


def test_a_heading_kept_as_an_extra_section_and_another_outline(qtbot, basic_txt):
    dialog = _preview_dialog(qtbot, basic_txt)
    row = _row(dialog, "存在的主要问题")
    dialog.map_heading(row, None)
    assert dialog.headings.cellWidget(row, 1).currentText() == KEEP_AS_EXTRA_LABEL
    [extra] = dialog.preview.unmapped
    assert extra.heading == "存在的主要问题" and "存在的主要问题" in dialog.unmapped_label.text()
    report = dialog.preview.result.report
    assert [s for s in report.sections if s.extra][0].entries  # its text is kept
    dialog.map_heading(row, "problems")
    assert dialog.preview.unmapped == []

    dialog.choose_outline("liwan-street-2024")
    assert dialog.preview.template.id == "liwan-street-2024"
    assert "已按指定的大纲" in dialog.reason_label.text()
    assert dialog.preview.unmapped  # the street outline has no 部门基本情况: kept, not dropped
    assert "不会丢失" in dialog.unmapped_label.text()


def test_import_through_the_preview_stores_what_it_shows(qtbot, store, answers, basic_txt, monkeypatch):
    shown = {}

    def review(parent, preview):
        dialog = ImportPreviewDialog(preview, parent)
        qtbot.addWidget(dialog)
        dialog.map_heading(_row(dialog, "存在的主要问题"), None)
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
    assert any(s.extra and s.heading == "存在的主要问题" for s in stored.sections)
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
