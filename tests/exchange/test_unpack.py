"""Merging an exchange file into a database: sections changed there are taken, changed here are kept,
changed on both sides wait for a choice; the merge is one undoable step that names the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_support import edit, make_report
from selfeval.domain.merge import Decision
from selfeval.exchange import Choice, ExchangeError, pack_report, plan_unpack, read_exchange, write_exchange
from selfeval.store.operations import SetSections


def _send(store, report_id, tmp_path: Path, names=None, name="科室.selfeval"):
    return read_exchange(write_exchange(pack_report(store, report_id, names), tmp_path / name))


def _decisions(plan) -> dict[str, Decision]:
    return {s.key: s.decision for s in plan.sections if s.decision is not Decision.SAME}


def test_changed_there_taken_changed_here_kept_changed_on_both_sides_a_conflict(two_copies, tmp_path: Path):
    a, b, rid = two_copies
    edit(a, rid, "goals", "A 改了目标")  # only there
    edit(b, rid, "problems", "B 改了问题")  # only here
    edit(a, rid, "measures", "A 改了措施")  # on both sides
    edit(b, rid, "measures", "B 改了措施")
    plan = plan_unpack(b, _send(a, rid, tmp_path))
    assert plan.target_id == rid
    assert _decisions(plan) == {"goals": Decision.THEIRS, "problems": Decision.MINE, "measures": Decision.CONFLICT}
    [conflict] = plan.conflicts
    assert conflict.mine.intro == "B 改了措施" and conflict.theirs.intro == "A 改了措施"
    with pytest.raises(ExchangeError, match="两边都改过"):
        plan.operation()  # no choice: nothing can be applied
    before = b.load(rid)
    b.apply(plan.operation({"measures": Choice.MINE}))
    after = b.load(rid)
    assert after.section("goals").intro == "A 改了目标"
    assert after.section("problems").intro == "B 改了问题"
    assert after.section("measures").intro == "B 改了措施"
    # One undoable step, named after the file.
    record = b.history(rid, limit=1)[0]
    assert record.summary == "从交换文件“科室.selfeval”导入（“部门整体支出绩效目标”）"
    b.undo(rid)
    assert b.load(rid).to_dict() == before.to_dict()


def test_taking_theirs_for_a_conflict(two_copies, tmp_path: Path):
    a, b, rid = two_copies
    edit(a, rid, "measures", "A 的措施")
    edit(b, rid, "measures", "B 的措施")
    plan = plan_unpack(b, _send(a, rid, tmp_path))
    b.apply(plan.operation(Choice.THEIRS))
    assert b.load(rid).section("measures").intro == "A 的措施"


def test_a_round_trip_between_two_pcs_merges_without_conflicts(two_copies, tmp_path: Path):
    """B sends its part back after A's file was merged: what B got from A is a common base."""
    a, b, rid = two_copies
    edit(a, rid, "goals", "A 改了目标")
    b.apply(plan_unpack(b, _send(a, rid, tmp_path, name="1.selfeval")).operation())
    edit(b, rid, "problems", "B 写了问题")
    edit(a, rid, "conclusion", "A 写了结论")
    plan = plan_unpack(a, _send(b, rid, tmp_path, name="2.selfeval"))
    assert _decisions(plan) == {"problems": Decision.THEIRS, "conclusion": Decision.MINE}
    a.apply(plan.operation())
    merged = a.load(rid)
    assert merged.section("problems").intro == "B 写了问题"
    assert merged.section("conclusion").intro == "A 写了结论"
    assert merged.section("goals").intro == "A 改了目标"


def test_chosen_sections_only(two_copies, tmp_path: Path):
    a, b, rid = two_copies
    edit(a, rid, "goals", "A 改了目标")
    edit(a, rid, "problems", "A 改了问题")
    exchange = _send(a, rid, tmp_path, ["部门整体支出绩效目标"])
    assert not exchange.whole and [s.key for s in exchange.report.sections] == ["goals"]
    b.apply(plan_unpack(b, exchange).operation())
    assert b.load(rid).section("goals").intro == "A 改了目标"
    assert b.load(rid).section("problems").intro == ""


def test_a_section_can_be_named_by_key_or_by_its_numbered_heading(two_copies):
    from selfeval.exchange import select_sections

    a, _b, rid = two_copies
    report = a.load(rid)
    assert [s.key for s in select_sections(report, ["problems", "（一）部门整体支出绩效目标"])] == ["goals", "problems"]
    with pytest.raises(ExchangeError, match="没有章节“不存在”"):
        select_sections(report, ["不存在"])


def test_a_file_of_a_report_not_here_becomes_a_new_report(two_copies, tmp_path: Path):
    a, b, rid = two_copies
    other = a.create(make_report("西村街道", 2025))
    edit(a, other, "goals", "西村的目标")
    plan = plan_unpack(b, _send(a, other, tmp_path))
    assert plan.new_report
    new_id = b.apply(plan.operation()).report_id
    assert b.load(new_id).to_dict() == a.load(other).to_dict()
    assert b.history(new_id)[0].summary.endswith("（从交换文件“科室.selfeval”导入）")


def test_part_of_a_report_not_here_becomes_a_report_of_that_part_and_goes_back(two_copies, tmp_path: Path):
    """A 科室 without the report imports the sections sent to it: a new report with those sections, the rest
    marked as written elsewhere; what it writes goes back into the 办公室's report as changed only there."""
    a, b, _rid = two_copies
    other = a.create(make_report("西村街道", 2025))
    edit(a, other, "goals", "办公室写的目标")
    plan = plan_unpack(b, _send(a, other, tmp_path, ["measures"]))
    assert plan.new_report
    new_id = b.apply(plan.operation()).report_id
    part = b.load(new_id)
    assert [s.key for s in part.sections] == [s.key for s in a.load(other).sections]
    assert part.section("measures") == a.load(other).section("measures")
    assert part.section("goals").elsewhere and part.section("goals").intro == ""
    assert not part.section("measures").elsewhere
    assert "只含部分章节" in b.history(new_id)[0].summary
    edit(b, new_id, "measures", "科室写的措施")
    back = pack_report(b, new_id)  # the 科室's own sections only
    assert not back.whole and [s.key for s in back.report.sections] == ["measures"]
    written = write_exchange(back, tmp_path / "回传.selfeval")
    plan = plan_unpack(a, read_exchange(written))
    assert _decisions(plan) == {"measures": Decision.THEIRS}
    a.apply(plan.operation())
    assert a.load(other).section("measures").intro == "科室写的措施"
    assert a.load(other).section("goals").intro == "办公室写的目标"


def test_a_file_of_another_unit_or_year_is_refused_for_a_chosen_report(two_copies, tmp_path: Path):
    a, b, rid = two_copies
    other = a.create(make_report("西村街道", 2025))
    with pytest.raises(ExchangeError, match="不是同一份"):
        plan_unpack(b, _send(a, other, tmp_path), rid)


def test_an_unchanged_file_changes_nothing(two_copies, tmp_path: Path):
    a, b, rid = two_copies
    plan = plan_unpack(b, _send(a, rid, tmp_path))
    assert _decisions(plan) == {} and plan.operation() is None


def test_set_sections_is_one_step_and_appends_new_keys(two_copies):
    _a, b, rid = two_copies
    before = b.load(rid)
    report = b.load(rid)
    goals = report.section("goals")
    goals.intro = "新的目标"
    extra = type(goals)(key="extra-1", heading="其他说明", level=2, kind=goals.kind, intro="补充")
    steps = len(b.history(rid))
    record = b.apply(SetSections(rid, (goals, extra, report.section("problems")), "交换文件“x.selfeval”"))
    assert record.summary == "从交换文件“x.selfeval”导入（“部门整体支出绩效目标”、“其他说明”）"
    assert len(b.history(rid)) == steps + 1
    after = b.load(rid)
    assert after.sections[-1].key == "extra-1" and after.section("goals").intro == "新的目标"
    assert b.apply(SetSections(rid, (goals,), "x")) is None  # nothing new: no step
    b.undo(rid)
    assert b.load(rid).to_dict() == before.to_dict()
