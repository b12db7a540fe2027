"""报告管理's exchange files: export chosen sections; import one, where a section changed on both sides is
shown side by side and merged only with the user's choice."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reports_helpers import answers, edit_session, snapshot  # noqa: F401 - a fixture
from selfeval.exchange import Choice, pack_report, read_exchange, write_exchange
from selfeval.bundled.samples import bundled_sample
from selfeval.store import Store
from selfeval.store.operations import CreateReport, SetSection
from selfeval.ui.views import exchange_dialogs
from selfeval.ui.views.exchange_dialogs import ConflictDialog, PackDialog
from selfeval.ui.views.reports_dialog import ReportsDialog


@pytest.fixture(autouse=True)
def every_save_is_a_step(monkeypatch):
    monkeypatch.setattr(Store, "coalesce_seconds", 0)


@pytest.fixture
def here(tmp_path: Path):
    """This PC's database with the sample, and the 科室's copy of it (taken before either edits)."""
    path = tmp_path / "here.db"
    with Store.open(path) as store:
        store.apply(CreateReport(bundled_sample()))
    shutil.copy(path, tmp_path / "there.db")
    store = Store.open(path)
    yield store
    store.close()


def _edit(store, key: str, intro: str) -> None:
    section = store.load(1).section(key)
    section.intro = intro
    store.apply(SetSection(1, section))


def _from_there(tmp_path: Path, edits: dict[str, str], keys=None) -> Path:
    with Store.open(tmp_path / "there.db") as there:
        for key, text in edits.items():
            _edit(there, key, text)
        return write_exchange(pack_report(there, 1, keys), tmp_path / "科室.selfeval")


def _dialog(qtbot, store, report_id=None) -> ReportsDialog:
    dialog = ReportsDialog(edit_session(store, report_id), None)
    qtbot.addWidget(dialog)
    return dialog


def test_a_section_changed_on_both_sides_merges_with_a_visible_choice(qtbot, here, answers, tmp_path, monkeypatch):
    file = _from_there(tmp_path, {"measures": "科室的措施", "problems": "科室的问题"})
    dialog = _dialog(qtbot, here, 1)
    _edit(here, "measures", "本机的措施")
    dialog.session.reload()
    seen = {}

    def resolve(parent, plan):
        conflict = ConflictDialog(plan, parent)
        qtbot.addWidget(conflict)
        mine, theirs = conflict.texts["measures"]
        seen["texts"] = (mine.toPlainText().split("\n")[0], theirs.toPlainText().split("\n")[0])
        seen["enabled_before"] = conflict.merge_button.isEnabled()
        conflict.choose("measures", Choice.THEIRS)
        seen["enabled_after"] = conflict.merge_button.isEnabled()
        return conflict.choices()

    monkeypatch.setattr(exchange_dialogs, "resolve_conflicts", resolve)
    answers.open_paths.append(file)
    qtbot.mouseClick(dialog.unpack_button, Qt.MouseButton.LeftButton)
    assert seen == {"texts": ("本机的措施", "科室的措施"), "enabled_before": False, "enabled_after": True}
    report = here.load(1)
    assert report.section("measures").intro == "科室的措施" and report.section("problems").intro == "科室的问题"
    assert dialog.session.report.section("measures").intro == "科室的措施"  # the open report follows
    assert here.history(1, limit=1)[0].summary == "从交换文件“科室.selfeval”导入（“存在的主要问题”、“下一步改进措施”）"
    [(title, text)] = answers.of("inform")
    assert title == "已合并交换文件" and "下一步改进措施：两边都改过，已采用对方的" in text


def test_cancelling_the_choice_changes_nothing(qtbot, here, answers, tmp_path, monkeypatch):
    file = _from_there(tmp_path, {"measures": "科室的措施", "problems": "科室的问题"})
    _edit(here, "measures", "本机的措施")
    before = snapshot(here)
    monkeypatch.setattr(exchange_dialogs, "resolve_conflicts", lambda parent, plan: None)
    answers.open_paths.append(file)
    _dialog(qtbot, here).unpack_file()
    assert snapshot(here) == before and answers.shown == []


def test_the_conflict_dialog_keeps_mine_when_chosen(qtbot, here, tmp_path):
    from selfeval.exchange import plan_unpack

    file = _from_there(tmp_path, {"measures": "科室的措施", "goals": "科室的目标"})
    _edit(here, "measures", "本机的措施")
    _edit(here, "goals", "本机的目标")
    dialog = ConflictDialog(plan_unpack(here, read_exchange(file)))
    qtbot.addWidget(dialog)
    assert set(dialog.groups) == {"goals", "measures"}
    dialog.choose("goals", Choice.MINE)
    assert not dialog.merge_button.isEnabled() and "还有 1 项未选择" in dialog.status.text()
    dialog.choose("measures", Choice.THEIRS)
    assert dialog.choices() == {"goals": Choice.MINE, "measures": Choice.THEIRS}
    assert dialog.merge_button.isEnabled()


def test_export_chosen_sections(qtbot, here, answers, tmp_path, monkeypatch):
    picked = {}

    def ask(parent, report):
        pack = PackDialog(report, parent)
        qtbot.addWidget(pack)
        assert pack.chosen_keys() is None  # all checked: the whole report
        pack.set_checked({"problems"})
        picked["keys"] = pack.chosen_keys()
        return True, pack.chosen_keys()

    monkeypatch.setattr(exchange_dialogs, "ask_sections", ask)
    answers.save_paths.append(tmp_path / "问题")
    dialog = _dialog(qtbot, here)
    qtbot.mouseClick(dialog.pack_button, Qt.MouseButton.LeftButton)
    assert picked["keys"] == ["problems"]
    exchange = read_exchange(tmp_path / "问题.selfeval")
    assert not exchange.whole and [s.key for s in exchange.report.sections] == ["problems"]
    assert answers.of("inform")[0][0] == "已导出交换文件"
    assert answers.of("inform")[0][1].startswith("已把 1 个章节导出到：")  # a space before the number


def test_a_report_not_here_is_offered_as_a_new_report(qtbot, tmp_path, answers):
    with Store.open(tmp_path / "there.db") as there:
        there.apply(CreateReport(bundled_sample()))
        written = write_exchange(pack_report(there, 1), tmp_path / "新.selfeval")
    store = Store.open(tmp_path / "empty.db")
    try:
        answers.open_paths.append(written)
        answers.yes_no.append(True)
        dialog = _dialog(qtbot, store)
        dialog.unpack_file()
        assert "数据库中还没有" in answers.asked[-1][2]
        assert dialog.chosen_report_id == 1
        assert store.history(1)[-1].summary.endswith("（从交换文件“新.selfeval”导入）")
    finally:
        store.close()


def test_a_tampered_file_is_refused_and_changes_nothing(qtbot, here, answers, tmp_path):
    file = _from_there(tmp_path, {"problems": "科室的问题"})
    file.write_text(file.read_text(encoding="utf-8").replace("科室的问题", "被改过"), encoding="utf-8")
    before = snapshot(here)
    answers.open_paths.append(file)
    _dialog(qtbot, here).unpack_file()
    [(title, text)] = answers.of("error")
    assert title == "无法导入交换文件" and "校验和不符" in text
    assert snapshot(here) == before


def test_a_double_clicked_exchange_file_is_merged_when_the_app_opens(qtbot, tmp_path, answers, monkeypatch):
    """`selfeval --open FILE.selfeval` (what the file association runs): the app merges it after it shows."""
    from selfeval.cli.main import build_parser
    from selfeval.ui.app.settings import AppSettings
    from selfeval.ui.app.start import open_exchange_file, start

    monkeypatch.setenv("SELFEVAL_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SELFEVAL_LOG_DIR", str(tmp_path / "logs"))
    path = tmp_path / "here.db"
    with Store.open(path) as store:
        store.apply(CreateReport(bundled_sample()))
    shutil.copy(path, tmp_path / "there.db")
    exchange = _from_there(tmp_path, {"problems": "科室改过的引言"})
    assert build_parser().parse_args(["--open", str(exchange)]).open_file == str(exchange)

    running = start(path, None, AppSettings(tmp_path / "config"))
    qtbot.addWidget(running.window)
    try:
        open_exchange_file(running, exchange)
        assert running.window.report.section("problems").intro == "科室改过的引言"
        [(title, text)] = answers.of("inform")
        assert title == "已合并交换文件" and "科室.selfeval" in text
        assert running.window.session.can_undo()  # one undoable step
    finally:
        running.close()


def _set_spent(store, value: str) -> None:
    from decimal import Decimal

    from selfeval.store.operations import SetField

    table = store.load(1).table
    table = table.with_budget(table.budget.with_row(replace(table.budget.total, spent=Decimal(value))))
    store.apply(SetField(1, "table", table))


def test_a_table_row_changed_on_both_sides_is_shown_and_merged_with_the_choice(qtbot, here, answers, tmp_path,
                                                                              monkeypatch):
    from PySide6.QtWidgets import QGroupBox

    with Store.open(tmp_path / "there.db") as there:
        _set_spent(there, "7700")
        _edit(there, "measures", "科室的措施")
        file = write_exchange(pack_report(there, 1), tmp_path / "科室.selfeval")
    dialog = _dialog(qtbot, here, 1)
    _set_spent(here, "7650")
    dialog.session.reload()
    seen = {}

    def resolve(parent, plan):
        conflict = ConflictDialog(plan, parent)
        qtbot.addWidget(conflict)
        seen["boxes"] = [box.title() for box in conflict.findChildren(QGroupBox)]
        mine, theirs = conflict.texts["table:budget/total"]
        seen["texts"] = (mine.toPlainText(), theirs.toPlainText())
        seen["enabled_before"] = conflict.merge_button.isEnabled()
        conflict.choose("table:budget/total", Choice.THEIRS)
        seen["enabled_after"] = conflict.merge_button.isEnabled()
        return conflict.choices()

    monkeypatch.setattr(exchange_dialogs, "resolve_conflicts", resolve)
    answers.open_paths.append(file)
    qtbot.mouseClick(dialog.unpack_button, Qt.MouseButton.LeftButton)
    assert seen["boxes"] == ["自评表 › 预算执行情况 › 年度资金总额"]
    assert "全年执行数：7650 万元" in seen["texts"][0] and "全年执行数：7700 万元" in seen["texts"][1]
    assert (seen["enabled_before"], seen["enabled_after"]) == (False, True)
    assert str(here.load(1).table.budget.total.spent) == "7700"
    assert here.load(1).section("measures").intro == "科室的措施"
    assert str(dialog.session.report.table.budget.total.spent) == "7700"  # the open report follows
    [(title, text)] = answers.of("inform")
    assert "自评表 › 预算执行情况 › 年度资金总额：两边都改过，已采用对方的" in text
    here.undo(1)  # one step took both
    assert str(here.load(1).table.budget.total.spent) == "7650" and here.load(1).section("measures").intro != "科室的措施"


def test_the_table_is_offered_for_export_beside_the_sections(qtbot, here):
    pack = PackDialog(here.load(1))
    qtbot.addWidget(pack)
    rows = [pack.list.item(i).text() for i in range(pack.list.count())]
    assert rows[-1] == "自评表（预算执行情况、年度总体目标、绩效指标）"
    pack.set_checked({"problems", exchange_dialogs.TABLE_KEY})
    assert pack.chosen_keys() == ["problems", "table"]


def test_the_export_dialog_says_what_a_part_becomes_when_sections_are_ticked(qtbot, here):
    pack = PackDialog(here.load(1))
    qtbot.addWidget(pack)
    pack.show()
    assert not pack.part_note.isVisible()  # all ticked: the whole report
    pack.set_checked({"problems"})
    assert pack.part_note.isVisible() and "只含这些章节的新报告" in pack.part_note.text()
    pack.set_checked(set())
    assert not pack.part_note.isVisible() and not pack.ok_button.isEnabled()


def test_a_part_of_a_report_not_here_becomes_a_report_of_that_part(qtbot, tmp_path, answers):
    with Store.open(tmp_path / "there.db") as there:
        there.apply(CreateReport(bundled_sample()))
        written = write_exchange(pack_report(there, 1, ["problems"]), tmp_path / "给科室.selfeval")
    store = Store.open(tmp_path / "empty.db")
    try:
        answers.open_paths.append(written)
        answers.yes_no.append(True)
        dialog = _dialog(qtbot, store)
        dialog.unpack_file()
        question = answers.asked[-1][2]
        assert "只含部分章节" in question and "由其他科室填写" in question
        report = store.load(dialog.chosen_report_id)
        assert not report.section("problems").elsewhere and report.section("problems").entries
        assert all(s.elsewhere for s in report.content_sections() if s.key != "problems")
    finally:
        store.close()
