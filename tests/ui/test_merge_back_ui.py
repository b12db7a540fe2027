"""「合并回报告」 in 报告管理 (pytest-qt): an exported .docx reviewed in Word comes back; its 修订 are accepted or
rejected one by one, its 批注 kept as notes; a section changed here too is settled in the conflict dialog,
whose changed words are highlighted on both sides, with 「两者都保留」 and an editable result."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from reports_helpers import answers, edit_session  # noqa: F401 - answers is a fixture
from selfeval.bundled.report_table import table_landscape, table_of
from selfeval.bundled.samples import bundled_sample
from selfeval.domain.export_stamp import ExportStamp
from selfeval.export.package import docx_bytes
from selfeval.store import Store
from selfeval.store.operations import CreateReport, SetSection
from selfeval.ui.views import exchange_dialogs, merge_back_dialog
from selfeval.ui.views.exchange_dialogs import GONE_COLOUR, NEW_COLOUR, ConflictDialog
from selfeval.ui.views.merge_back_dialog import ChangesDialog
from selfeval.ui.views.reports_dialog import ReportsDialog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "merge_back"))
from producers import WORD, Edits, edit  # noqa: E402

WHEN = dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc)
REVIEW = Edits(replace=[("筑牢基层党建根基", "夯实基层党建根基")], delete=["，携手企业共同发展"],
               comment=[("零基预算", "请补充成效。")])


@pytest.fixture
def here(tmp_path: Path):
    store = Store.open(tmp_path / "here.db")
    store.apply(CreateReport(bundled_sample()))
    yield store
    store.close()


def _reviewed(store, tmp_path: Path) -> Path:
    report = store.load(1)
    stamp = ExportStamp.of(1, store.info(1).created_at, report)
    data = docx_bytes(report, when=WHEN, table=table_of(report), landscape=table_landscape(report), stamp=stamp)
    path = tmp_path / "领导审核稿.docx"
    path.write_bytes(edit(data, WORD, REVIEW))
    return path


def _highlighted(box, colour: str) -> str:
    """The characters of ``box`` shown on ``colour``."""
    cursor = QTextCursor(box.document())
    found = []
    text = box.toPlainText()
    for i in range(len(text)):
        cursor.setPosition(i + 1)
        if cursor.charFormat().background().color().name() == colour:
            found.append(text[i])
    return "".join(found)


def test_changes_one_by_one_then_a_conflict_kept_both_and_edited(qtbot, here, answers, tmp_path, monkeypatch):
    path = _reviewed(here, tmp_path)
    goals = here.load(1).section("goals")
    goals.intro = "本机在导出后写的导语。"
    here.apply(SetSection(1, goals))
    dialog = ReportsDialog(edit_session(here, 1), None)
    qtbot.addWidget(dialog)
    seen = {}

    def changes(parent, plan):
        shown = ChangesDialog(plan, parent)
        qtbot.addWidget(shown)
        lines = [shown.revisions.item(i).text() for i in range(shown.revisions.count())]
        seen["revisions"] = lines
        seen["comments"] = [shown.comments.item(i).text() for i in range(shown.comments.count())]
        for i in range(shown.revisions.count()):  # reject the deletion, keep the replacement
            if "删除“，携手企业共同发展”" in shown.revisions.item(i).text():
                shown.revisions.item(i).setCheckState(Qt.CheckState.Unchecked)
        return shown.accepted_ids(), shown.kept_comment_ids()

    def resolve(parent, plan, **texts):
        conflict = ConflictDialog(plan, parent, **texts)
        qtbot.addWidget(conflict)
        mine, theirs = conflict.texts["goals"]
        seen["gone"] = _highlighted(mine, GONE_COLOUR)
        seen["came"] = _highlighted(theirs, NEW_COLOUR)
        conflict.choose("goals", "both")
        result = conflict.results["goals"]
        seen["both"] = result.toPlainText()
        result.setPlainText(result.toPlainText().replace("本机在导出后写的导语。", "本机在导出后改好的导语。"))
        return conflict.choices()

    monkeypatch.setattr(merge_back_dialog, "ask_changes", changes)
    monkeypatch.setattr(exchange_dialogs, "resolve_conflicts", resolve)
    answers.open_paths.append(path)
    answers.choices.append(0)  # 合并回报告
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert any("王科长插入“夯实基层党建根基”" in line for line in seen["revisions"])
    assert any("所在段落：" in line for line in seen["revisions"])
    heading = here.load(1).section("efficiency").heading
    assert seen["comments"] == [f"王科长（“{heading}”，针对“零基预算”）：请补充成效。"]
    assert "本机在导出后写的导语" in seen["gone"] and "夯实" in seen["came"]
    assert "积极深入学习" not in seen["came"]  # only the changed words, not whole lines
    assert seen["both"].startswith("本机在导出后写的导语。") and "夯实基层党建根基" in seen["both"]
    report = here.load(1)
    text = report.section("goals").plain_text()
    assert "本机在导出后改好的导语。" in text and "夯实基层党建根基" in text
    assert "携手企业共同发展" in text  # the deletion rejected
    assert report.section("efficiency").notes == ["王科长（针对“零基预算”）：请补充成效。"]
    [(title, message)] = answers.of("inform")
    assert "领导审核稿.docx" in message and "可以撤销" in message
    assert "领导审核稿.docx" in here.history(1, limit=1)[0].summary


def test_a_document_not_from_this_program_is_imported_as_before(qtbot, here, answers, tmp_path, monkeypatch):
    from selfeval.ui.views import import_preview_dialog

    path = tmp_path / "旧说明.docx"
    path.write_bytes(docx_bytes(here.load(1), when=WHEN))  # no stamp: an ordinary import, no question
    assert not merge_back_dialog.is_merge_candidate(path)
    previewed = []
    monkeypatch.setattr(import_preview_dialog, "review", lambda parent, preview: previewed.append(preview))
    dialog = ReportsDialog(edit_session(here, 1), None)
    qtbot.addWidget(dialog)
    answers.open_paths.append(path)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(previewed) == 1  # straight to the import preview (cancelled there)
    assert [kind for kind, _t, _x in answers.asked] == ["open"]


def test_kept_comments_are_shown_above_the_section(qtbot):
    from selfeval.domain.model import Section, SectionKind
    from selfeval.ui.editors.base import section_notes_text

    section = Section("efficiency", "（三）管理效率分析", 2, SectionKind.PARAGRAPHS, notes=["王科长：请补充成效。"])
    assert section_notes_text(section) == "批注（合并回报告时保留）：\n· 王科长：请补充成效。"
    assert "由其他科室填写" in section_notes_text(section.copy_with(notes=[], elsewhere=True))
    assert section_notes_text(section.copy_with(notes=[])) == ""
