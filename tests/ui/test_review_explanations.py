"""The 审核 panel's explanations: 填写说明… / 忽略… / 撤回 on a selected 警告 (buttons, F2/Delete, context
menu), counts that drop and come back with undo, rows marked 已说明/已忽略 with the text, 已失效 ones
listed and withdrawn, the filter, the dialog refusing an empty text, and export no longer asking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from helpers import (  # noqa: F401
    answers, commit_text, env, review_refreshed, running, sample_db, script_export_check,
)
from selfeval.ui.views import explain_dialog
from selfeval.ui.views.review_panel import FINDING_ROLE, STALE_ROLE
from selfeval.ui.window.actions import SHORTCUTS_HELP


def _select(panel, rule: str):
    for i in range(panel.list.count()):
        finding = panel.list.item(i).data(FINDING_ROLE)
        if finding is not None and finding.rule == rule:
            panel.list.setCurrentRow(i)
            return finding
    raise AssertionError(f"no finding {rule}")


def _script(monkeypatch, *texts):
    """The dialog answers with ``texts`` in turn (None: cancelled); records what it was asked."""
    asked = []
    queue = list(texts)

    def ask(parent, finding, report, *, dismissed, text=""):
        from selfeval.domain.checks import explain

        asked.append((finding, dismissed, text))
        answer = queue.pop(0)
        return None if answer is None else explain(finding, answer, dismissed=dismissed, report=report)

    monkeypatch.setattr(explain_dialog, "ask_explanation", ask)
    return asked


def test_explain_a_warning_counts_drop_undo_brings_them_back(qtbot, running, monkeypatch):
    window = running.window
    panel = window.review
    result = review_refreshed(qtbot, panel)
    n = result.count(type(result.findings[0].severity).WARNING)  # its two slips and the unfinished table's notes
    assert n == 2 + len([f for f in result.findings if f.place.field == "table"])
    assert panel.count_label.text().startswith(f"错误 0 · 警告 {n}")
    asked = _script(monkeypatch, "原文如此，已与办公室核实。")
    finding = _select(panel, "text.doubled_word")
    assert panel.explain_button.isEnabled() and not panel.withdraw_button.isEnabled()
    panel.explain_button.click()
    assert asked[0][0].key == finding.key and asked[0][1] is False
    assert panel.count_label.text().startswith(f"错误 0 · 警告 {n - 1}")
    assert window.session.report.explanations[finding.key].text == "原文如此，已与办公室核实。"
    row = next(panel.list.item(i) for i in range(panel.list.count())
               if panel.list.item(i).data(FINDING_ROLE).rule == "text.doubled_word")
    assert "（已说明）" in row.text() and "说明：原文如此，已与办公室核实。" in row.text()
    assert "原文如此，已与办公室核实。" in row.toolTip()
    assert panel.list.currentItem() is row and panel.withdraw_button.isEnabled()
    assert window.store.history(window.session.report_id, limit=1)[0].summary == "说明警告：“公开公开”"

    window.tabs.select("goals")
    window.actions.undo.trigger()
    assert window.tabs.current_key() == "goals"  # the undo is shown in the panel, not on the 基本信息 tab
    assert panel.isVisibleTo(window) and window.statusBar().currentMessage() == "已撤销：说明警告：“公开公开”"
    assert review_refreshed(qtbot, panel).count(type(finding.severity).WARNING) == n
    assert panel.count_label.text().startswith(f"错误 0 · 警告 {n}")
    window.actions.redo.trigger()
    review_refreshed(qtbot, panel)
    assert panel.count_label.text().startswith(f"错误 0 · 警告 {n - 1}")
    from selfeval.ui.views.history_dialog import HistoryDialog

    history = HistoryDialog(window.store, window.session.report_id, {}, parent=window)
    qtbot.addWidget(history)
    rows = [(history.list.topLevelItem(i).text(1), history.list.topLevelItem(i).text(2)) for i in range(3)]
    assert rows == [("审核说明", "重做：说明警告：“公开公开”"), ("审核说明", "撤销：说明警告：“公开公开”"),
                    ("审核说明", "说明警告：“公开公开”")]


def test_dismiss_by_keyboard_and_withdraw_with_delete(qtbot, running, monkeypatch):
    window = running.window
    panel = window.review
    review_refreshed(qtbot, panel)
    _script(monkeypatch, "财政系统导出即为元。")
    finding = _select(panel, "figure.unit_mismatch")
    panel.dismiss_button.click()
    found = next(f for f in panel.result.findings if f.key == finding.key)
    assert found.status.value == "dismissed"
    row = panel.list.currentItem()
    assert "（已忽略）" in row.text() and "忽略理由：财政系统导出即为元。" in row.text()
    panel.list.setFocus()
    QTest.keyClick(panel.list, Qt.Key.Key_Delete)
    assert window.session.report.explanations == {}
    assert window.store.history(window.session.report_id, limit=1)[0].summary == "撤回忽略：警告“7704.69元”"
    _script(monkeypatch, "已核实。")
    _select(panel, "figure.unit_mismatch")
    QTest.keyClick(panel.list, Qt.Key.Key_F2)
    assert finding.key in window.session.report.explanations
    assert any(keys.startswith("F2 / Delete") for keys, _ in SHORTCUTS_HELP)  # the F1 list names them


def test_cancelled_or_error_rows_change_nothing_and_the_context_menu_offers_the_actions(qtbot, running,
                                                                                      monkeypatch):
    window = running.window
    panel = window.review
    review_refreshed(qtbot, panel)
    steps = len(window.store.history(window.session.report_id))
    _script(monkeypatch, None)
    _select(panel, "text.doubled_word")
    assert not panel.answer_selected(dismissed=False)
    assert len(window.store.history(window.session.report_id)) == steps
    menu = panel.context_menu()
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels == ["转到问题所在（Enter）", "填写说明…", "忽略…", "撤回"]
    assert [a.isEnabled() for a in menu.actions() if a.text()] == [True, True, True, False]
    _script(monkeypatch, "菜单里填写的说明。")
    next(a for a in menu.actions() if a.text() == "填写说明…").trigger()
    assert "菜单里填写的说明。" in [e.text for e in window.session.report.explanations.values()]


def test_a_stale_explanation_is_listed_filtered_and_withdrawn(qtbot, running, monkeypatch):
    window = running.window
    panel = window.review
    review_refreshed(qtbot, panel)
    _script(monkeypatch, "原文如此。")
    finding = _select(panel, "text.doubled_word")
    panel.explain_button.click()
    # Correct the text: the finding goes, its explanation stays and is listed as 已失效.
    section = window.session.report.section("efficiency")
    for entry in section.entries:
        entry.text = entry.text.replace("公开公开", "公开")
    from selfeval.store import SetSection

    window.session.run_op(SetSection(window.session.report_id, section))
    result = review_refreshed(qtbot, panel)
    assert [k for k, _ in result.stale] == [finding.key]
    assert "已失效的说明 1" in panel.summary.text()
    panel.filter.setCurrentIndex(3)  # 已失效的说明
    assert panel.list.count() == 1
    item = panel.list.item(0)
    assert item.data(STALE_ROLE)[0] == finding.key and "○ 已失效" in item.text() and "说明：原文如此。" in item.text()
    panel.filter.setCurrentIndex(1)  # 待处理: neither the stale one nor answered ones
    assert all(panel.list.item(i).data(FINDING_ROLE).counts for i in range(panel.list.count()))
    panel.filter.setCurrentIndex(3)
    panel.list.setCurrentRow(0)
    assert panel.withdraw_button.isEnabled() and not panel.explain_button.isEnabled()
    panel.withdraw_button.click()
    assert window.session.report.explanations == {} and panel.result.stale == ()
    assert window.store.history(window.session.report_id, limit=1)[0].summary == "撤回说明：警告“公开公开”"


def test_the_dialog_refuses_an_empty_text_and_cleans_it(qtbot, running):
    window = running.window
    panel = window.review
    result = review_refreshed(qtbot, panel)
    finding = next(f for f in result.findings if f.rule == "text.doubled_word")
    dialog = explain_dialog.ExplainDialog(finding, window.report, dismissed=True, parent=window)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "忽略警告"
    dialog.text.setPlainText("  \n ")
    dialog.ok_button.click()
    assert dialog.explanation is None and dialog.result() != dialog.DialogCode.Accepted
    assert "请填写忽略的理由" in dialog.problem.text() and not dialog.problem.isHidden()
    dialog.text.setPlainText("引用\x07原文。\u202e")
    dialog.ok_button.click()
    assert dialog.explanation.text == "引用原文。" and dialog.explanation.dismissed
    assert dialog.result() == dialog.DialogCode.Accepted


def test_errors_cannot_be_answered(qtbot, running, monkeypatch):
    window = running.window
    panel = window.review
    section = window.session.report.section("efficiency")
    section.entries[1].text += "结余金额为{结余金额}。"
    from selfeval.store import SetSection

    window.session.run_op(SetSection(window.session.report_id, section))
    review_refreshed(qtbot, panel)
    _select(panel, "figure.unknown_reference")
    assert not panel.explain_button.isEnabled() and not panel.dismiss_button.isEnabled()
    notices = []
    monkeypatch.setattr(window, "notify", notices.append)
    assert not panel.answer_selected(dismissed=False)
    assert notices == ["错误必须修改，不能填写说明或忽略。"]


def test_export_no_longer_lists_an_explained_warning(qtbot, running, monkeypatch):
    window = running.window
    panel = window.review
    review_refreshed(qtbot, panel)
    _script(monkeypatch, "原文如此。")
    _select(panel, "text.doubled_word")
    panel.explain_button.click()
    asked = script_export_check(monkeypatch, lambda findings: (None, None))  # cancelled
    window.actions.export.trigger()
    assert [f.rule for f in asked[0] if f.place.field != "table"] == ["figure.unit_mismatch"]


def test_a_long_or_several_line_explanation_is_shortened_on_its_row():
    from selfeval.domain.explanations import Explanation
    from selfeval.ui.views.finding_text import ANSWER_CHARS, answer_line as _answer_line

    assert _answer_line(Explanation("第一行。\n第二行。")) == "说明：第一行。…"
    assert _answer_line(Explanation("长" * (ANSWER_CHARS + 5), dismissed=True)) == f"忽略理由：{'长' * ANSWER_CHARS}…"
    assert _answer_line(Explanation("短说明。")) == "说明：短说明。"


def test_a_read_only_database_offers_no_explanation(qtbot, env, sample_db, answers):
    from selfeval.ui.app.settings import AppSettings
    from selfeval.ui.app.start import start

    path, report_id = sample_db
    path.chmod(0o444)
    opened = start(path, report_id, AppSettings(env / "config"))
    qtbot.addWidget(opened.window)
    try:
        answers.of("warn")  # the read-only notice
        opened.window.install_app_hooks()
        panel = opened.window.review
        review_refreshed(qtbot, panel)
        _select(panel, "text.doubled_word")
        assert opened.read_only
        assert not panel.explain_button.isEnabled() and not panel.dismiss_button.isEnabled()
        assert not panel.answer_selected(dismissed=False)
    finally:
        opened.close()
