"""The 自评表 travels in exchange files and merges item by item (budget rows, goals, 三级 indicators), as
one undoable step with the sections; files without a table (older programs, chosen sections) still import."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from exchange_support import edit
from selfeval.domain.merge import Decision
from selfeval.domain.table.model import Indicator, Nature
from selfeval.exchange import Choice, ExchangeError, pack_report, plan_unpack, read_exchange, write_exchange
from selfeval.bundled.report_table import table_of
from selfeval.store.operations import DeleteReport, SetField

TOTAL = "table:budget/total"
ASSETS = "table:indicator/产出指标/数量指标/完成固定资产"


def set_table(store, rid: int, change) -> None:
    store.apply(SetField(rid, "table", change(table_of(store.load(rid)))))


def spent(value: str):
    def change(table):
        return table.with_budget(table.budget.with_row(replace(table.budget.total, spent=Decimal(value))))
    return change


def assets(actual: str):
    def change(table):
        return table.with_indicators(0, 0, (Indicator("完成固定资产", Nature.GE, Decimal(6000), "万元",
                                                      actual=Decimal(actual)),))
    return change


def goal(text: str):
    return lambda table: replace(table, goal_expected=text)


def send(store, rid: int, tmp_path: Path, names=None, name="科室.selfeval"):
    return read_exchange(write_exchange(pack_report(store, rid, names), tmp_path / name))


def test_the_table_round_trips_through_the_file(two_copies, tmp_path: Path) -> None:
    a, _, rid = two_copies
    set_table(a, rid, spent("7663.69"))
    set_table(a, rid, assets("9170"))
    packed = pack_report(a, rid)
    read = read_exchange(write_exchange(packed, tmp_path / "a.selfeval"))
    assert read.has_table and read.table_histories == packed.table_histories
    assert read.report.table == a.load(rid).table
    assert len(read.table_histories[TOTAL]) == 2 and len(read.table_histories[ASSETS]) == 1  # added once


def test_table_items_changed_there_are_taken_with_the_sections_in_one_undoable_step(two_copies, tmp_path) -> None:
    a, b, rid = two_copies
    set_table(a, rid, spent("7663.69"))
    set_table(a, rid, assets("9170"))
    edit(a, rid, "goals", "A 改了目标")
    set_table(b, rid, goal("B 写的预期目标"))  # only here: kept
    before = b.load(rid)
    plan = plan_unpack(b, send(a, rid, tmp_path))
    assert {m.key: m.decision for m in plan.table if m.decision is not Decision.SAME} == {
        TOTAL: Decision.THEIRS, ASSETS: Decision.NEW, "table:goal/expected": Decision.MINE}
    assert "自评表 › 预算执行情况 › 年度资金总额：只有对方改过，将采用对方的" in plan.summary_lines()
    record = b.apply(plan.operation())
    merged = b.load(rid)
    assert merged.table.budget.total.spent == Decimal("7663.69")
    assert [i.name for i in merged.table.groups[0].categories[0].indicators] == ["完成固定资产"]
    assert merged.table.goal_expected == "B 写的预期目标"
    assert merged.section("goals").intro == "A 改了目标"
    assert record.summary == "从交换文件“科室.selfeval”导入（“部门整体支出绩效目标”、“自评表”）"
    b.undo(rid)
    assert b.load(rid).to_dict() == before.to_dict()


def test_a_table_item_changed_on_both_sides_waits_for_a_choice(two_copies, tmp_path: Path) -> None:
    a, b, rid = two_copies
    set_table(a, rid, spent("7663.69"))
    set_table(b, rid, spent("7600"))
    plan = plan_unpack(b, send(a, rid, tmp_path))
    [conflict] = plan.conflicts
    assert conflict.key == TOTAL and conflict.heading == "自评表 › 预算执行情况 › 年度资金总额"
    assert "全年执行数：7600 万元" in conflict.mine_text() and "全年执行数：7663.69 万元" in conflict.theirs_text()
    with pytest.raises(ExchangeError, match="两边都改过"):
        plan.operation()
    assert plan.operation({TOTAL: Choice.MINE}) is None  # keeping mine changes nothing
    b.apply(plan.operation({TOTAL: Choice.THEIRS}))
    assert b.load(rid).table.budget.total.spent == Decimal("7663.69")


def test_sending_back_after_a_merge_has_no_conflicts(two_copies, tmp_path: Path) -> None:
    a, b, rid = two_copies
    set_table(a, rid, assets("9170"))
    b.apply(plan_unpack(b, send(a, rid, tmp_path, name="1.selfeval")).operation())
    set_table(b, rid, assets("9200"))
    set_table(a, rid, spent("7663.69"))
    plan = plan_unpack(a, send(b, rid, tmp_path, name="2.selfeval"))
    assert {m.key: m.decision for m in plan.table if m.decision is not Decision.SAME} == {
        ASSETS: Decision.THEIRS, TOTAL: Decision.MINE}
    a.apply(plan.operation())
    table = a.load(rid).table
    assert table.groups[0].categories[0].indicators[0].actual == Decimal(9200)
    assert table.budget.total.spent == Decimal("7663.69")


def test_the_table_alone_or_sections_without_it(two_copies, tmp_path: Path) -> None:
    a, b, rid = two_copies
    set_table(a, rid, spent("7663.69"))
    edit(a, rid, "problems", "A 改了问题")
    sections_only = send(a, rid, tmp_path, ["problems"], name="问题.selfeval")
    assert not sections_only.has_table and plan_unpack(b, sections_only).table == ()
    assert sections_only.report.table.is_blank  # not chosen: not in the file
    b.apply(plan_unpack(b, sections_only).operation())
    assert b.load(rid).table.budget.total.spent is None  # the table stayed
    table_only = send(a, rid, tmp_path, ["自评表"], name="自评表.selfeval")
    assert table_only.has_table and table_only.report.sections == []
    record = b.apply(plan_unpack(b, table_only).operation())
    assert record.summary == "从交换文件“自评表.selfeval”导入（“自评表”）"
    assert b.load(rid).table.budget.total.spent == Decimal("7663.69")


def old_file(exchange, path: Path) -> Path:
    """``exchange`` as a program before the table wrote it: no table in the report, no table histories."""
    content = exchange.content()
    del content["base"]["table"]
    content["report"].pop("table")
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    document = {"format": "selfeval-exchange", "format_version": 1,
                "sha256": hashlib.sha256(canonical).hexdigest(), "content": content}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_old_file_without_a_table_merges_its_sections_and_leaves_the_table(two_copies, tmp_path: Path) -> None:
    a, b, rid = two_copies
    edit(a, rid, "problems", "A 改了问题")
    set_table(b, rid, spent("7600"))
    old = read_exchange(old_file(pack_report(a, rid), tmp_path / "旧.selfeval"))
    assert not old.has_table
    plan = plan_unpack(b, old)
    assert plan.table == () and [s.key for s in plan.conflicts] == []
    b.apply(plan.operation())
    assert b.load(rid).section("problems").intro == "A 改了问题"
    assert b.load(rid).table.budget.total.spent == Decimal("7600")


def test_an_old_whole_file_becomes_a_new_report(two_copies, tmp_path: Path) -> None:
    a, b, rid = two_copies
    old = read_exchange(old_file(pack_report(a, rid), tmp_path / "旧.selfeval"))
    b.apply(DeleteReport(rid))
    plan = plan_unpack(b, old)
    assert plan.new_report
    new_id = b.apply(plan.operation()).report_id
    assert b.load(new_id).table.is_blank  # a report from before the table: its table starts from the outline
