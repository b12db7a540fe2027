"""The 审核 panel: findings of the report on screen, refreshed after typing, counts in the status bar,
double-click / Enter shows the place with the span selected, 查看 > 审核结果 (F7) shows and hides it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from helpers import (  # noqa: F401
    answers, commit_text, env, first_text_box, review_refreshed, running, sample_db, script_export_check,
)
from selfeval.ui.views.review_panel import FINDING_ROLE
from selfeval.ui.window.actions import SHORTCUTS_HELP


def _item(panel, rule: str):
    for i in range(panel.list.count()):
        item = panel.list.item(i)
        if item.data(FINDING_ROLE).rule == rule:
            return item
    raise AssertionError(f"no finding {rule}")


def test_panel_lists_the_samples_findings_and_counts_them(qtbot, running):
    window = running.window
    panel = window.review
    result = review_refreshed(qtbot, panel)
    rules = {f.rule for f in result.findings}
    assert {"text.doubled_word", "figure.unit_mismatch"} <= rules
    doubled = _item(panel, "text.doubled_word")
    assert "公开公开" in doubled.text() and "警告" in doubled.text()
    warnings = sum(1 for f in result.findings if f.severity.value == "警告")
    hints = sum(1 for f in result.findings if f.severity.value == "提示")
    assert window.count_label.parent() is window.statusBar() or panel.count_label.isVisibleTo(window.statusBar())
    assert panel.count_label.text() == f"错误 0 · 警告 {warnings} · 提示 {hints}"
    assert panel.fonts == frozenset(QFontDatabase.families())
    shown = [panel.list.item(i).data(FINDING_ROLE).severity.rank for i in range(panel.list.count())]
    assert shown == sorted(shown) and shown[0] == 1  # the 警告 before the 提示


def test_a_finding_on_the_table_goes_to_its_cell(qtbot, running):
    from selfeval.domain.table.model import BudgetRow, BudgetRowKey
    from selfeval.ui.views.review_panel import show_place
    from selfeval.ui.window.report_tabs import TABLE_KEY

    window = running.window
    result = review_refreshed(qtbot, window.review)
    note = next(f for f in result.findings if f.rule == "table.weights")
    show_place(window.tabs, note.place)
    assert window.tabs.current_key() == TABLE_KEY
    report = window.report.copy()
    report.table = report.table.with_budget(report.table.budget.with_row(
        BudgetRow(BudgetRowKey.OTHER, None, None, __import__("decimal").Decimal("15000"))))
    parts = next(f for f in window.review.check(report).findings if f.rule == "table.parts_total")
    show_place(window.tabs, parts.place)
    tab = window.tabs.table_tab
    assert (tab.budget.currentRow(), tab.budget.currentColumn()) == (0, 2)


def test_typing_is_checked_after_a_pause_before_it_is_saved(qtbot, running):
    window = running.window
    panel = window.review
    review_refreshed(qtbot, panel)
    box = first_text_box(window.editors["goals"])
    commit_text(box, "研究研究")  # legitimate reduplication: not flagged
    commit_text(box, "落实落实落实")
    assert panel.timer.isActive()  # debounced: nothing checked at the keystroke
    result = review_refreshed(qtbot, panel)
    assert window.session.pending  # checked from the editors, before the autosave
    found = [f for f in result.findings if f.rule == "text.doubled_word" and f.place.section == "goals"]
    assert found and found[0].place.entry == 0
    assert "研究研究" not in {f.excerpt for f in found}


def test_enter_on_a_finding_selects_its_span_in_the_sections_text(qtbot, running):
    window = running.window
    panel = window.review
    review_refreshed(qtbot, panel)
    item = _item(panel, "text.doubled_word")
    finding = item.data(FINDING_ROLE)
    panel.list.setCurrentItem(item)
    QTest.keyClick(panel.list, Qt.Key.Key_Return)
    assert window.tabs.current_key() == "efficiency"
    box = window.editors["efficiency"].text  # a figures section: one text box holds every paragraph
    cursor = box.textCursor()
    assert box.hasFocus() or not window.isVisible()
    assert cursor.selectedText() == "公开公开"
    entry = window.report.section("efficiency").entries[finding.place.entry].text
    offset = box.toPlainText().find(entry)
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (offset + finding.place.start,
                                                                offset + finding.place.end)


def test_double_click_on_a_finding_in_a_shown_window_goes_there(qtbot, running):
    window = running.window
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    window.actions.review.trigger()  # built before the window had its size: hidden at first
    panel = window.review
    assert panel.isVisible()
    review_refreshed(qtbot, panel)
    item = _item(panel, "year.previous")
    finding = item.data(FINDING_ROLE)
    panel.list.scrollToItem(item)
    rect = panel.list.visualItemRect(item)
    # A real double click: press and release, then the second press arrives as a double click.
    QTest.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.current_key() == finding.place.section
    box = window.editors[finding.place.section].rows()[finding.place.entry].text
    assert box.textCursor().selectedText() == finding.excerpt


def test_a_report_field_finding_selects_it_on_the_basic_tab(qtbot, running):
    window = running.window
    panel = window.review
    tab = window.tabs.basic_info()
    commit_text(tab.title_override, "2023年度昌华街道部门整体支出绩效自评表说明")
    result = review_refreshed(qtbot, panel)
    finding = next(f for f in result.findings if f.place.field == "title_override")
    window.tabs.select("goals")
    panel.show_finding(finding)
    assert window.tabs.current_key() is None
    assert tab.title_override.selectedText() == finding.excerpt


def test_view_menu_and_f7_show_and_hide_the_panel(qtbot, running):
    window = running.window
    window.resize(1366, 740)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.actions.review.trigger()
    assert window.actions.review in window.menus["view"].actions()
    assert ("F7", "显示或隐藏审核结果（双击或回车跳到问题所在）") in SHORTCUTS_HELP
    window.actions.review.trigger()
    assert not window.review.isVisible() and not window.actions.review.isChecked()
    window.actions.review.trigger()
    assert window.review.isVisible() and window.actions.review.isChecked()
    assert window.review.list.hasFocus() or QApplication.focusWidget() is window.review.list
    window.review.close()  # its own close button
    assert not window.actions.review.isChecked()


def test_closing_the_report_empties_the_panel(qtbot, running):
    window = running.window
    panel = window.review
    review_refreshed(qtbot, panel)
    window.close_report()
    review_refreshed(qtbot, panel)
    assert panel.list.count() == 0 and panel.count_label.text() == ""


def test_the_panel_waits_for_f7_in_a_narrow_window_and_shows_in_a_wide_one(qtbot, env, sample_db, answers):
    from selfeval.ui.app.settings import AppSettings
    from selfeval.ui.app.start import start

    for width, shown in ((910, False), (1366, True)):
        opened = start(sample_db[0], sample_db[1], AppSettings(env / "config"))
        window = opened.window
        qtbot.addWidget(window)
        window.resize(width, 700)
        window.show()
        qtbot.waitExposed(window)
        window.install_app_hooks()
        assert window.review.isVisible() is shown
        assert window.actions.review.isChecked() is shown
        opened.close()


# Export asks first ----------------------------------------------------------------------------------

def test_export_with_open_warnings_lists_them_and_can_go_to_one(qtbot, running, answers, monkeypatch):
    from selfeval.ui.views.export_check_dialog import GO

    window = running.window
    asked = script_export_check(
        monkeypatch, lambda findings: (GO, next(f for f in findings if f.rule == "text.doubled_word")))
    window.actions.export.trigger()
    assert {f.severity.value for f in asked[0]} == {"警告"}  # the sample: no 错误, its two 警告, no 提示
    assert {f.rule for f in asked[0] if f.place.field != "table"} == {"text.doubled_word", "figure.unit_mismatch"}
    assert {f.rule for f in asked[0] if f.place.field == "table"} == {"table.weights", "table.weight_missing"}
    assert not answers.asked  # no save dialog: nothing exported
    assert window.tabs.current_key() == "efficiency"
    assert window.editors["efficiency"].text.textCursor().selectedText() == "公开公开"


def test_export_anyway_goes_on_to_the_save_dialog_and_a_clean_report_is_not_asked(qtbot, running, answers,
                                                                                   monkeypatch, env):
    from selfeval.ui.views.export_check_dialog import EXPORT

    window = running.window
    asked = script_export_check(monkeypatch, lambda findings: (EXPORT, None))
    from selfeval.domain.export_plan import TableChoice

    answers.table_choices.append(TableChoice.TEXT_ONLY)  # the sample has a 自评表: what to export is asked next
    answers.save_paths.append(None)  # the save dialog is reached, then cancelled
    window.actions.export.trigger()
    assert len(asked) == 1 and [a[0] for a in answers.asked] == ["table_choice", "save"]
    asked.clear()
    # Cancelled: nothing else happens.
    monkeypatch.setattr(type(window.review), "check", lambda self, report: _empty_result())
    answers.table_choices.append(TableChoice.TEXT_ONLY)
    answers.save_paths.append(None)
    window.actions.export.trigger()
    assert asked == [] and len(answers.asked) == 4


def _empty_result():
    from selfeval.domain.checks import CheckResult

    return CheckResult(())


def test_the_export_check_dialog_buttons(qtbot, running):
    from selfeval.ui.views.export_check_dialog import EXPORT, GO, ExportCheckDialog

    window = running.window
    from selfeval.domain.checks import Severity

    findings = window.review.check(window.report).open_findings(Severity.ERROR, Severity.WARNING)
    dialog = ExportCheckDialog(findings, window.report, window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == len(findings) == 6  # its two slips and the table's four notes
    # No 「0 处错误」: only what is there is counted (issue 23, item 6).
    assert dialog.label.text().startswith("报告中还有 6 处警告未处理。") and "0 处" not in dialog.label.text()
    dialog.list.setCurrentRow(1)
    dialog.go_button.click()
    assert (dialog.choice, dialog.finding) == (GO, findings[1])
    dialog = ExportCheckDialog(findings, window.report, window)
    qtbot.addWidget(dialog)
    dialog.export_button.click()
    assert dialog.choice == EXPORT and dialog.result() == dialog.DialogCode.Accepted
    dialog = ExportCheckDialog(findings, window.report, window)
    qtbot.addWidget(dialog)
    dialog.cancel_button.click()
    assert dialog.choice is None
