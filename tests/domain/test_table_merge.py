"""The 自评表 merged item by item between two copies (domain/table_merge.py): budget rows, goals and 三级
indicators (matched by 一级/二级/name) decided as sections are, deletions included."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from selfeval.domain.merge import Decision
from selfeval.domain.table.model import BudgetRow, BudgetRowKey, Indicator, Nature, Override, SelfEvalTable
from selfeval.domain.table.merge import ABSENT, item_histories, merged_table, plan_table, table_items
from selfeval.bundled.templates import get_template

TOTAL = "table:budget/total"
FISCAL = "table:budget/fiscal"
EXPECTED = "table:goal/expected"
ACHIEVED = "table:goal/achieved"
SUPERVISOR = "table:supervisor"
ASSETS = "table:indicator/产出指标/数量指标/完成固定资产"
ROADS = "table:indicator/产出指标/数量指标/修缮道路"
SATISFIED = "table:indicator/满意度指标/服务对象满意度指标/群众满意度"


def base_table() -> SelfEvalTable:
    table = get_template().new_report().table
    table = table.with_indicators(0, 0, (Indicator("完成固定资产", Nature.GE, Decimal(6000), "万元",
                                                   actual=Decimal(9170)),))
    return table.with_indicators(2, 0, (Indicator("群众满意度", Nature.GE, Decimal(90), "%", actual=Decimal(95)),))


def spent(table: SelfEvalTable, value: str) -> SelfEvalTable:
    return table.with_budget(table.budget.with_row(replace(table.budget.total, spent=Decimal(value))))


def fiscal(table: SelfEvalTable, value: str) -> SelfEvalTable:
    return table.with_budget(table.budget.with_row(BudgetRow(BudgetRowKey.FISCAL, budget=Decimal(value))))


def goal(table: SelfEvalTable, text: str) -> SelfEvalTable:
    return replace(table, goal_expected=text)


def assets_actual(table: SelfEvalTable, value: str) -> SelfEvalTable:
    rows = table.groups[0].categories[0].indicators
    return table.with_indicators(0, 0, tuple(replace(i, actual=Decimal(value)) if i.name == "完成固定资产" else i
                                             for i in rows))


def add_roads(table: SelfEvalTable) -> SelfEvalTable:
    rows = table.groups[0].categories[0].indicators
    return table.with_indicators(0, 0, rows + (Indicator("修缮道路", Nature.GE, Decimal(10), "条",
                                                         actual=Decimal(12)),))


def drop(table: SelfEvalTable, name: str) -> SelfEvalTable:
    for gi, group in enumerate(table.groups):
        for ci, cat in enumerate(group.categories):
            table = table.with_indicators(gi, ci, tuple(i for i in cat.indicators if i.name != name))
    return table


def unchanged(table: SelfEvalTable) -> SelfEvalTable:
    return table


def overridden(table: SelfEvalTable) -> SelfEvalTable:
    return table.with_budget(replace(table.budget, override=Override(Decimal(9), "复核后扣 1 分")))


# (case, edits here, edits there, the decisions of the items that differ, the merged table's checks)
CASES = [
    ("a budget row changed there is taken", [], [lambda t: spent(t, "7663.69")],
     {TOTAL: Decision.THEIRS}, lambda m: m.budget.total.spent == Decimal("7663.69")),
    ("a budget row changed here is kept", [lambda t: spent(t, "7000")], [],
     {TOTAL: Decision.MINE}, lambda m: m.budget.total.spent == Decimal("7000")),
    ("a budget row changed on both sides is a conflict", [lambda t: spent(t, "7000")],
     [lambda t: spent(t, "7663.69")], {TOTAL: Decision.CONFLICT}, None),
    ("the same change on both sides is nothing", [lambda t: goal(t, "目标")], [lambda t: goal(t, "目标")],
     {}, lambda m: m.goal_expected == "目标"),
    ("different rows of the budget merge", [lambda t: fiscal(t, "5000")], [lambda t: spent(t, "7663.69")],
     {TOTAL: Decision.THEIRS, FISCAL: Decision.MINE},
     lambda m: (m.budget.total.spent, m.budget.row(BudgetRowKey.FISCAL).budget) == (Decimal("7663.69"), Decimal(5000))),
    ("the total row's hand-set score travels with it", [], [overridden],
     {TOTAL: Decision.THEIRS}, lambda m: m.budget.override == Override(Decimal(9), "复核后扣 1 分")),
    ("a goal changed there is taken", [], [lambda t: replace(t, goal_achieved="已完成")],
     {ACHIEVED: Decision.THEIRS}, lambda m: m.goal_achieved == "已完成"),
    ("主管部门 changed there is taken", [], [lambda t: replace(t, supervisor="荔湾区人民政府")],
     {SUPERVISOR: Decision.THEIRS}, lambda m: m.supervisor == "荔湾区人民政府"),
    ("an indicator changed there is taken in its place", [add_roads], [lambda t: assets_actual(t, "9200")],
     {ASSETS: Decision.THEIRS}, lambda m: [(i.name, i.actual) for i in m.groups[0].categories[0].indicators] ==
     [("完成固定资产", Decimal(9200)), ("修缮道路", Decimal(12))]),
    ("an indicator changed on both sides is a conflict", [lambda t: assets_actual(t, "9000")],
     [lambda t: assets_actual(t, "9200")], {ASSETS: Decision.CONFLICT}, None),
    ("an indicator added there is added to its 二级", [], [add_roads],
     {ROADS: Decision.NEW}, lambda m: [i.name for i in m.groups[0].categories[0].indicators] == ["完成固定资产", "修缮道路"]),
    ("an indicator added here stays", [add_roads], [], {},
     lambda m: [i.name for i in m.groups[0].categories[0].indicators] == ["完成固定资产", "修缮道路"]),
    ("an indicator deleted there is deleted here", [], [lambda t: drop(t, "群众满意度")],
     {SATISFIED: Decision.THEIRS}, lambda m: m.groups[2].categories[0].indicators == ()),
    ("an indicator deleted here stays deleted", [lambda t: drop(t, "群众满意度")], [],
     {SATISFIED: Decision.MINE}, lambda m: m.groups[2].categories[0].indicators == ()),
    ("deleted there, changed here: a conflict", [lambda t: assets_actual(t, "9000")],
     [lambda t: drop(t, "完成固定资产")], {ASSETS: Decision.CONFLICT}, None),
    ("deleted on both sides: nothing", [lambda t: drop(t, "完成固定资产")], [lambda t: drop(t, "完成固定资产")],
     {}, lambda m: m.groups[0].categories[0].indicators == ()),
    ("added there and deleted again there: nothing to do here", [], [add_roads, lambda t: drop(t, "修缮道路")],
     {}, lambda m: len(m.groups[0].categories[0].indicators) == 1),
]


def _history(table: SelfEvalTable, edits) -> list[SelfEvalTable]:
    states = [table]
    for edit in edits:
        states.append(edit(states[-1]))
    return states


@pytest.mark.parametrize("case, mine_edits, their_edits, decisions, check", CASES, ids=[c[0] for c in CASES])
def test_table_items_merge_three_ways(case, mine_edits, their_edits, decisions, check) -> None:
    mine_states, their_states = _history(base_table(), mine_edits), _history(base_table(), their_edits)
    mine, theirs = mine_states[-1], their_states[-1]
    plan = plan_table(mine, item_histories(mine_states), theirs, item_histories(their_states))
    assert {m.key: m.decision for m in plan if m.decision is not Decision.SAME} == decisions
    if check is not None:
        taken = [m.key for m in plan if m.decision in (Decision.NEW, Decision.THEIRS)]
        assert check(merged_table(mine, theirs, taken))


def test_a_conflict_taken_from_there_or_kept() -> None:
    mine = assets_actual(base_table(), "9000")
    theirs = drop(base_table(), "完成固定资产")
    assert merged_table(mine, theirs, [ASSETS]).groups[0].categories[0].indicators == ()
    assert merged_table(mine, theirs, []) == mine


def test_items_and_their_labels() -> None:
    items = table_items(add_roads(base_table()))
    assert list(items)[:7] == [SUPERVISOR, TOTAL, FISCAL, "table:budget/carryover", "table:budget/other",
                               EXPECTED, ACHIEVED]
    assert items[ROADS].label == "自评表 › 产出指标 › 数量指标 › 修缮道路"
    assert items[TOTAL].label == "自评表 › 预算执行情况 › 年度资金总额"
    assert "实际完成值：12条" in items[ROADS].text and "年度指标值：≥10条" in items[ROADS].text


def test_two_rows_of_one_name_are_two_items() -> None:
    table = add_roads(add_roads(base_table()))
    assert ROADS in table_items(table) and ROADS + "#2" in table_items(table)


def test_a_deleted_item_is_marked_absent_in_its_history() -> None:
    histories = item_histories([base_table(), drop(base_table(), "完成固定资产"), base_table()])
    assert histories[ASSETS][1] == ABSENT and len(histories[ASSETS]) == 3
    assert len(histories[TOTAL]) == 1


def test_a_table_never_started_here_takes_the_tree_and_rows_from_there() -> None:
    """A report made before the table (blank table) merges with a copy that filled one in."""
    mine = SelfEvalTable()
    theirs = spent(base_table(), "7663.69")
    plan = plan_table(mine, item_histories([mine]), theirs, item_histories([SelfEvalTable(), theirs]))
    taken = [m.key for m in plan if m.decision in (Decision.NEW, Decision.THEIRS)]
    assert set(taken) == {TOTAL, ASSETS, SATISFIED}
    merged = merged_table(mine, theirs, taken)
    assert merged == theirs


def test_an_indicator_under_a_2nd_level_this_outline_lacks_keeps_its_place() -> None:
    mine = replace(base_table(), groups=base_table().groups[:1])  # an outline without 满意度指标
    theirs = base_table()
    merged = merged_table(mine, theirs, [SATISFIED])
    assert [g.name for g in merged.groups] == ["产出指标", "满意度指标"]
    assert merged.groups[1].weight == theirs.groups[2].weight
    assert [i.name for i in merged.groups[1].categories[0].indicators] == ["群众满意度"]
