"""审核说明 through the session: one run_op step, reloaded for the panel, undone and redone; pending typing
is saved before it, and a refused text is reported once in Chinese."""

from __future__ import annotations

from selfeval.app.check import check_report
from selfeval.domain.checks import Explanation, Severity, explain
from selfeval.domain.model import Entry
from selfeval.store import SetExplanation


def _doubled(session):
    return next(f for f in check_report(session.report).findings if f.rule == "text.doubled_word")


def test_explaining_is_one_step_reloaded_undone_and_redone(session, events, report_id):
    session.open(report_id)
    finding = _doubled(session)
    record = session.run_op(SetExplanation(report_id, finding.key, explain(finding, "原文如此。")), "无法保存说明")
    assert record.summary == "说明警告：“公开公开”"
    change = events.seen["reloaded"][-1][0]
    # No tab shows them: nothing for the tabs to reset (the 审核 panel checks again on every reload).
    assert not change.fields and not change.sections and not change.shape
    assert change.report.explanations != change.previous.explanations
    assert _text_warnings(check_report(session.report)) == 1
    assert session.undo().summary == "撤销：说明警告：“公开公开”"
    assert session.report.explanations == {}
    assert _text_warnings(check_report(session.report)) == 2
    session.redo()
    assert session.report.explanations[finding.key].text == "原文如此。"


def test_pending_typing_is_saved_first_and_kept(session, store, report_id):
    session.open(report_id)
    finding = _doubled(session)
    section = session.report.section("conclusion")
    section.entries = [Entry(text="刚刚打的字。")] + section.entries[1:]
    session.edit_section("conclusion", lambda: section)
    session.run_op(SetExplanation(report_id, finding.key, explain(finding, "原文如此。")))
    stored = store.load(report_id)
    assert stored.section("conclusion").entries[0].text == "刚刚打的字。" and finding.key in stored.explanations


def test_a_refused_explanation_is_reported_and_changes_nothing(session, events, store, report_id):
    session.open(report_id)
    finding = _doubled(session)
    assert session.run_op(SetExplanation(report_id, finding.key, Explanation(" ")), "无法保存说明") is None
    title, message = events.seen["failed"][-1]
    assert title == "无法保存说明" and "不能为空" in message
    assert store.load(report_id).explanations == {}


def _text_warnings(result) -> int:
    """Open 警告 on the 说明 (the sample's unfinished 自评表 has notes of its own)."""
    return sum(1 for f in result.open_findings(Severity.WARNING) if f.place.field != "table")
