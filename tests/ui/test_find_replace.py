"""Report-wide find and replace from the window (Ctrl+F / Ctrl+R) and the year check's fix from the 审核
panel: a 2025 report made from the 2024 sample flags every leftover 「2024年度」 and one replace-all fixes
them, undone in one step."""

from __future__ import annotations

import pytest

from helpers import answers, commit_text, env, sample_db, running, review_refreshed  # noqa: F401
from selfeval.domain.find_replace import find_all
from selfeval.ui.views.review_panel import FINDING_ROLE
from selfeval.ui.window.actions import SHORTCUTS_HELP


@pytest.fixture
def report_2025(qtbot, env, answers):
    """A window on a 2025 report made from the 2024 sample (its text not yet updated)."""
    from selfeval.bundled.samples import bundled_sample
    from selfeval.store import CreateReport, Store
    from selfeval.ui.app.settings import AppSettings
    from selfeval.ui.app.start import start

    path = env / "reports.db"
    report = bundled_sample()
    report.year = 2025
    store = Store.open(path)
    report_id = store.apply(CreateReport(report)).report_id
    store.close()
    opened = start(path, report_id, AppSettings(env / "config"))
    qtbot.addWidget(opened.window)
    opened.window.install_app_hooks()
    yield opened
    opened.close()


def test_the_year_checks_fix_asks_place_by_place_and_replaces_in_one_undoable_step(qtbot, report_2025,
                                                                                   monkeypatch):
    from selfeval.ui.views import fix_places_dialog

    shown = []

    def ask(parent, report, fix):  # the real dialog, accepted as shown: its defaults decide
        dialog = fix_places_dialog.FixPlacesDialog(report, fix, parent)
        qtbot.addWidget(dialog)
        shown.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        return dialog.chosen()

    monkeypatch.setattr(fix_places_dialog, "ask", ask)
    window = report_2025.window
    panel = window.review
    result = review_refreshed(qtbot, panel)
    stale = [f for f in result.findings if f.rule == "year.stale"]
    leftovers = find_all(window.report, "2024年度")
    assert leftovers and {f.place for f in stale} == {m.place for m in leftovers}  # every one flagged
    before = window.report.to_dict()
    steps = len(window.store.history(window.report_id))
    row = next(i for i in range(panel.list.count()) if panel.list.item(i).data(FINDING_ROLE).rule == "year.stale")
    panel.list.setCurrentRow(row)
    assert panel.fix_button.isVisibleTo(panel)
    assert panel.fix_button.text() == f"将 {len(leftovers)} 处“2024年度”改为“2025年度”"

    panel.fix_button.click()

    [lines] = shown
    assert len(lines) == len(leftovers) and sum("默认不改" in line for line in lines) == 4
    assert any("获得【2024年度】荔湾区最美党群服务中心" in line for line in lines)
    prizes = [m for m in find_all(window.report, "2024年度")]
    assert len(prizes) == 4  # the prizes won in 2024 keep their year
    assert not [f for f in panel.result.findings if f.rule == "year.stale" and f.severity.value == "警告"]
    history = window.store.history(window.report_id)
    assert len(history) == steps + 1
    assert history[0].summary.startswith("全部替换“2024年度”为“2025年度”（1 处")
    window.actions.undo.trigger()
    assert window.report.to_dict() == before
    assert len(find_all(window.report, "2024年度")) == len(leftovers)


def test_find_counts_steps_and_selects_each_occurrence(qtbot, running):
    window = running.window
    assert ("Ctrl+F", "查找（整份报告）") in SHORTCUTS_HELP
    assert ("Ctrl+R", "替换（整份报告，全部替换可一次撤销）") in SHORTCUTS_HELP
    assert {window.actions.find, window.actions.replace} <= set(window.menus["edit"].actions())
    window.actions.find.trigger()
    dialog = window.find_dialog
    qtbot.addWidget(dialog)
    dialog.find_edit.setText("昌华街道")
    matches = find_all(window.report, "昌华街道")
    assert len(matches) > 2
    assert dialog.count_label.text() == f"共 {len(matches)} 处"
    dialog.next_button.click()
    assert dialog.count_label.text() == f"第 1 / {len(matches)} 处"
    first = matches[0]
    assert first.place.section == ""  # the report's own fields come first: the 基本信息 tab
    assert window.tabs.current_key() is None
    assert getattr(window.tabs.basic_tab, first.place.field).selectedText() == "昌华街道"
    dialog.prev_button.click()
    last = matches[-1]
    assert dialog.count_label.text() == f"第 {len(matches)} / {len(matches)} 处"
    assert window.tabs.current_key() == last.place.section


def test_find_sees_typing_not_saved_yet(qtbot, running):
    window = running.window
    box = window.editors["goals"].rows()[0].text
    commit_text(box, "独一无二的词")
    window.actions.find.trigger()
    window.find_dialog.find_edit.setText("独一无二的词")
    assert window.find_dialog.count_label.text() == "共 1 处"


def test_replace_one_and_replace_all_each_undo_in_one_step(qtbot, running):
    window = running.window
    window.actions.replace.trigger()
    dialog = window.find_dialog
    qtbot.addWidget(dialog)
    before = window.report.to_dict()
    dialog.find_edit.setText("昌华街道")
    dialog.replace_edit.setText("多宝街道")
    total = len(dialog.matches)
    dialog.replace_button.click()  # first shows the first occurrence
    assert len(dialog.matches) == total
    dialog.replace_button.click()  # then replaces it and moves on
    assert len(find_all(window.report, "昌华街道")) == total - 1
    assert dialog.count_label.text() == f"第 1 / {total - 1} 处"
    assert window.store.history(window.report_id)[0].summary == "替换“昌华街道”为“多宝街道”"
    dialog.replace_all_button.click()
    assert find_all(window.report, "昌华街道") == []
    assert dialog.count_label.text() == f"已替换 {total - 1} 处（可撤销）。"
    window.actions.undo.trigger()
    assert len(find_all(window.report, "昌华街道")) == total - 1
    window.actions.undo.trigger()
    assert window.report.to_dict() == before


def test_replace_all_shows_on_the_open_tab_without_reopening(qtbot, running):
    window = running.window
    editor = window.editors["goals"]
    text = editor.rows()[0].text.toPlainText()
    word = text[:4]
    window.actions.replace.trigger()
    window.find_dialog.find_edit.setText(word)
    window.find_dialog.replace_edit.setText("【替换后】")
    window.find_dialog.replace_all_button.click()
    assert window.editors["goals"].rows()[0].text.toPlainText().startswith("【替换后】")


def test_find_and_replace_reach_the_table_in_one_undoable_step(qtbot, running):
    """Issue 23, item 5: indicator names and 偏差原因分析 are found, shown in the 自评表 tab and replaced
    with the rest, one undo taking it all back."""
    from selfeval.domain.table.rows import COLUMN_KEYS
    from selfeval.domain.text_fields import TABLE_SECTION
    from selfeval.ui.window.report_tabs import TABLE_KEY

    window = running.window
    indicator = window.report.table.indicators()[0][2]
    assert indicator.name == "完成固定资产"
    window.actions.replace.trigger()
    dialog = window.find_dialog
    qtbot.addWidget(dialog)
    dialog.find_edit.setText("固定资产")
    in_table = [m for m in dialog.matches if m.place.section == TABLE_SECTION]
    assert {m.place.field for m in in_table} >= {"name"}
    assert in_table[0].place.label(window.report).startswith("自评表 · “完成固定资产” · 三级指标")
    for _ in range(len(dialog.matches)):  # stepping reaches the table's cell
        dialog.next_button.click()
        if window.tabs.current_key() == TABLE_KEY:
            break
    tab = window.tabs.table_tab
    assert window.tabs.current_key() == TABLE_KEY
    assert COLUMN_KEYS[tab.grid.currentColumn()] == "name"
    before = window.report.to_dict()
    dialog.replace_edit.setText("公共资产")
    dialog.replace_all_button.click()
    assert find_all(window.report, "固定资产") == []
    assert window.report.table.indicators()[0][2].name == "完成公共资产"
    assert tab.table().indicators()[0][2].name == "完成公共资产"  # the open tab shows it
    assert window.store.history(window.report_id)[0].summary.startswith("全部替换“固定资产”为“公共资产”")
    window.actions.undo.trigger()
    assert window.report.to_dict() == before
    assert tab.table().indicators()[0][2].name == "完成固定资产"


def test_the_table_section_is_the_table_tabs_key():
    from selfeval.domain.text_fields import TABLE_SECTION
    from selfeval.ui.window.report_tabs import TABLE_KEY

    assert TABLE_SECTION == TABLE_KEY  # a find's place in the 自评表 is the tab to go to
