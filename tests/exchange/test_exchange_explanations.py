"""The 审核说明 travel with the report in an exchange file: a new report gets them, a merge takes those of
the sections it takes (ours kept), a file of some sections carries only theirs."""

from __future__ import annotations

from pathlib import Path

from exchange_support import edit

from selfeval.app.check import check_report
from selfeval.domain.checks import explain
from selfeval.exchange import Choice, pack_report, plan_unpack, read_exchange, write_exchange
from selfeval.store import SetExplanation, Store


def _send(store, report_id, tmp_path: Path, names=None):
    return read_exchange(write_exchange(pack_report(store, report_id, names), tmp_path / "科室.selfeval"))


def _explain_doubled(store: Store, report_id: int, key: str, text: str, answer: str) -> str:
    """Types a doubled word into section ``key`` and explains the warning; its finding key."""
    edit(store, report_id, key, text)
    finding = next(f for f in check_report(store.load(report_id)).findings
                   if f.rule == "text.doubled_word" and f.place.section == key)
    store.apply(SetExplanation(report_id, finding.key, explain(finding, answer)))
    return finding.key


def test_a_file_that_becomes_a_new_report_brings_its_explanations(two_copies, tmp_path: Path):
    a, _b, rid = two_copies
    key = _explain_doubled(a, rid, "goals", "统一公开公开的内容。", "原文如此。")
    exchange = _send(a, rid, tmp_path)
    with Store.open(tmp_path / "c.db") as c:
        c.apply(plan_unpack(c, exchange).operation())
        new_id = c.list_reports()[0].id
        assert c.load(new_id).explanations[key].text == "原文如此。"
        assert check_report(c.load(new_id)).open_findings() == check_report(a.load(rid)).open_findings()


def test_a_merge_takes_the_explanations_of_the_sections_it_takes(two_copies, tmp_path: Path):
    a, b, rid = two_copies
    taken = _explain_doubled(a, rid, "goals", "统一公开公开的内容。", "A 的说明。")
    kept = _explain_doubled(a, rid, "measures", "落实落实责任。", "A 对措施的说明。")
    mine = _explain_doubled(b, rid, "measures", "督促督促整改。", "B 对措施的说明。")
    plan = plan_unpack(b, _send(a, rid, tmp_path))
    b.apply(plan.operation(Choice.MINE))  # measures: both changed, B keeps its own
    explanations = b.load(rid).explanations
    assert explanations[taken].text == "A 的说明。" and explanations[mine].text == "B 对措施的说明。"
    assert kept not in explanations
    b.undo(rid)
    assert taken not in b.load(rid).explanations


def test_a_file_of_some_sections_carries_only_their_explanations(two_copies, tmp_path: Path):
    a, _b, rid = two_copies
    goals = _explain_doubled(a, rid, "goals", "统一公开公开的内容。", "原文如此。")
    other = _explain_doubled(a, rid, "measures", "落实落实责任。", "原文如此。")
    exchange = _send(a, rid, tmp_path, ["goals"])
    assert set(exchange.report.explanations) == {goals} and other not in exchange.report.explanations
