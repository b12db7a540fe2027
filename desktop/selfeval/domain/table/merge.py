"""Three-way merge of the 自评表 between two copies of a report (exchange files), item by item.

The table is merged in *items*, each decided as a section is (``merge.decide``): the four budget rows
(the 年度资金总额 row with its hand-set 得分), 主管部门, the two goals (预期目标, 实际完成情况), and every 三级
indicator, matched by 一级 / 二级 / name. An item's history is the list of content hashes of the values it
had, oldest first, current last; ``ABSENT`` marks a time it did not exist (an indicator deleted), so
deleting is a change like any other. The indicator tree's 一级/二级 weights and the scoring rules come from
the outline template and are not merged: this PC's stay.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from selfeval.domain.merge import Decision, decide, section_hash
from selfeval.domain.table.model import BudgetRowKey, Category, Group, Indicator, SelfEvalTable

ABSENT = "-"  # an item's history entry while it did not exist
PREFIX = "table:"  # item keys never clash with section keys in a plan's choices

_BUDGET = "budget/"
_GOALS = {"goal/expected": ("goal_expected", "预期目标"), "goal/achieved": ("goal_achieved", "实际完成情况")}
_SUPERVISOR = "supervisor"
_INDICATOR = "indicator/"


@dataclass(frozen=True)
class TableItem:
    key: str  # "table:budget/total", "table:indicator/产出指标/数量指标/完成固定资产", …
    label: str  # Chinese, for the merge dialog and the CLI: 「自评表 › 产出指标 › 数量指标 › 完成固定资产」
    value: object  # JSON form (a dict or a string), compared by hash
    text: str  # the value as the user reads it, in Chinese


def _indicator_text(ind: Indicator) -> str:
    parts = [f"指标：{ind.name}", f"指标性质：{ind.nature.value}"]
    target = ind.target_label()
    parts.append(f"年度指标值：{target or '（空）'}")
    parts.append(f"实际完成值：{ind.actual_label() or '（空）'}")
    if ind.weight is not None:
        parts.append(f"分值：{ind.weight}")
    if ind.override is not None:
        parts.append(f"得分（手工）：{ind.override.score}（{ind.override.reason}）")
    if ind.analysis:
        parts.append(f"偏差原因分析及改进措施：{ind.analysis}")
    return "\n".join(parts)


def _cell(value) -> str:
    return "（空）" if value is None else f"{value} 万元"


def table_items(table: SelfEvalTable) -> dict[str, TableItem]:
    """The items of ``table``, keyed, in table order."""
    items: dict[str, TableItem] = {}

    def add(key: str, label: str, value, text: str) -> None:
        items[PREFIX + key] = TableItem(PREFIX + key, "自评表 › " + label, value, text)

    add(_SUPERVISOR, "主管部门", table.supervisor, table.supervisor)
    for row in table.budget.rows:
        value = row.to_dict()
        text = f"年初预算数：{_cell(row.initial)}\n全年预算数：{_cell(row.budget)}\n全年执行数：{_cell(row.spent)}"
        if row.key is BudgetRowKey.TOTAL:
            override = table.budget.override
            value["override"] = override.to_dict() if override else None
            if override:
                text += f"\n得分（手工）：{override.score}（{override.reason}）"
        add(_BUDGET + row.key.value, f"预算执行情况 › {row.label}", value, text)
    for key, (attr, label) in _GOALS.items():
        add(key, f"年度总体目标 › {label}", getattr(table, attr), getattr(table, attr))
    for group in table.groups:
        for cat in group.categories:
            seen: dict[str, int] = {}
            for ind in cat.indicators:
                name = ind.name.strip()
                seen[name] = seen.get(name, 0) + 1
                suffix = "" if seen[name] == 1 else f"#{seen[name]}"  # a second row of the same name
                add(f"{_INDICATOR}{group.name}/{cat.name}/{name}{suffix}",
                    f"{group.name} › {cat.name} › {name or '（未命名指标）'}{suffix}", ind.to_dict(),
                    _indicator_text(ind))
    return items


def item_hash(value) -> str:
    return section_hash({"v": value})


def item_histories(states: Iterable[SelfEvalTable]) -> dict[str, list[str]]:
    """Item key -> the hashes of the values it had across ``states`` (oldest first, the current table
    last), ``ABSENT`` while it was gone; an item never present is not listed."""
    histories: dict[str, list[str]] = {}
    for table in states:
        items = table_items(table)
        for key, item in items.items():
            versions = histories.setdefault(key, [])
            h = item_hash(item.value)
            if not versions or versions[-1] != h:
                versions.append(h)
        for key, versions in histories.items():
            if key not in items and versions[-1] != ABSENT:
                versions.append(ABSENT)
    return histories


@dataclass(frozen=True)
class TableItemMerge:
    """One item the two sides may differ in: what the merge does with it. ``mine``/``theirs``: the item on
    each side, None where it does not exist (not yet here, or deleted)."""

    key: str
    heading: str
    decision: Decision
    mine: TableItem | None
    theirs: TableItem | None

    def mine_text(self) -> str:
        return self.mine.text if self.mine else "（本机没有此项）"

    def theirs_text(self) -> str:
        return self.theirs.text if self.theirs else "（对方已删除此项）"

    @property
    def label(self) -> str:
        """What the merge does, in Chinese (as ``Decision.label`` says it for a section)."""
        if self.decision is Decision.THEIRS and self.theirs is None:
            return "对方已删除，将删除本机的"
        if self.decision is Decision.NEW:
            return "本机没有此项，将采用对方的"
        return self.decision.label


def plan_table(mine: SelfEvalTable, mine_histories: dict[str, list[str]],
               theirs: SelfEvalTable, theirs_histories: dict[str, Iterable[str]]) -> tuple[TableItemMerge, ...]:
    """Each item the other side sends a history for, decided against this PC's history of it."""
    mine_items, theirs_items = table_items(mine), table_items(theirs)
    merges = []
    for key, history in theirs_histories.items():
        history = list(history)
        if not history:
            continue
        here = mine_items.get(key)
        there = theirs_items.get(key)
        if there is None and history[-1] != ABSENT:
            continue  # a history without the item: nothing to go by
        mine_history = mine_histories.get(key) or []
        if here is None and (not mine_history or mine_history[-1] != ABSENT):
            # Never here: their new item is taken; one they deleted that was never here is nothing.
            decision = Decision.SAME if there is None else Decision.NEW
        else:
            decision = decide(mine_history or [item_hash(here.value)], history)
        heading = (there or here).label if (there or here) else key
        merges.append(TableItemMerge(key, heading, decision, here, there))
    return tuple(merges)


def merged_table(mine: SelfEvalTable, theirs: SelfEvalTable, taken: Iterable[str]) -> SelfEvalTable:
    """``mine`` with the items ``taken`` (keys) as ``theirs`` has them: changed, added or deleted. A table
    this PC never started (a report made before the table) takes theirs' indicator tree to put rows in."""
    table = mine
    if mine.is_blank and not theirs.is_blank:
        table = replace(mine, rules=theirs.rules, framework=theirs.framework, groups=tuple(
            replace(g, categories=tuple(replace(c, indicators=()) for c in g.categories)) for g in theirs.groups))
    for key in taken:
        table = _take(table, theirs, key)
    return table


def _take(table: SelfEvalTable, theirs: SelfEvalTable, key: str) -> SelfEvalTable:
    name = key.removeprefix(PREFIX)
    if name == _SUPERVISOR:
        return replace(table, supervisor=theirs.supervisor)
    if name in _GOALS:
        attr = _GOALS[name][0]
        return replace(table, **{attr: getattr(theirs, attr)})
    if name.startswith(_BUDGET):
        row_key = BudgetRowKey(name.removeprefix(_BUDGET))
        budget = table.budget.with_row(theirs.budget.row(row_key))
        if row_key is BudgetRowKey.TOTAL:
            budget = replace(budget, override=theirs.budget.override)
        return table.with_budget(budget)
    if name.startswith(_INDICATOR):
        return _take_indicator(table, theirs, key)
    raise KeyError(key)


def _find(table: SelfEvalTable, key: str) -> tuple[int, int, int] | None:
    """(group, category, row) of the indicator ``key`` in ``table``."""
    for gi, group in enumerate(table.groups):
        for ci, cat in enumerate(group.categories):
            seen: dict[str, int] = {}
            for ri, ind in enumerate(cat.indicators):
                name = ind.name.strip()
                seen[name] = seen.get(name, 0) + 1
                suffix = "" if seen[name] == 1 else f"#{seen[name]}"
                if f"{PREFIX}{_INDICATOR}{group.name}/{cat.name}/{name}{suffix}" == key:
                    return gi, ci, ri
    return None


def _take_indicator(table: SelfEvalTable, theirs: SelfEvalTable, key: str) -> SelfEvalTable:
    here, there = _find(table, key), _find(theirs, key)
    if there is None:  # deleted on their side
        if here is None:
            return table
        gi, ci, ri = here
        rows = list(table.groups[gi].categories[ci].indicators)
        del rows[ri]
        return table.with_indicators(gi, ci, tuple(rows))
    t_group = theirs.groups[there[0]]
    t_cat = t_group.categories[there[1]]
    indicator = t_cat.indicators[there[2]]
    if here is not None:
        gi, ci, ri = here
        rows = list(table.groups[gi].categories[ci].indicators)
        rows[ri] = indicator
        return table.with_indicators(gi, ci, tuple(rows))
    groups = list(table.groups)
    gi = next((i for i, g in enumerate(groups) if g.name == t_group.name), None)
    if gi is None:  # a 一级 indicator this PC's outline lacks: it comes with theirs' weight
        groups.append(Group(t_group.name, t_group.weight, ()))
        gi = len(groups) - 1
    cats = list(groups[gi].categories)
    ci = next((i for i, c in enumerate(cats) if c.name == t_cat.name), None)
    if ci is None:
        cats.append(Category(t_cat.name, t_cat.weight, ()))
        ci = len(cats) - 1
    cats[ci] = replace(cats[ci], indicators=cats[ci].indicators + (indicator,))
    groups[gi] = replace(groups[gi], categories=tuple(cats))
    return replace(table, groups=tuple(groups))



def table_text(table: SelfEvalTable) -> str:
    """The 自评表 as plain text, item by item as the merge names them (主管部门, the budget rows, the goals, each
    三级 row), then the score: what 历史版本's preview shows under the 说明 ("" for a table never filled)."""
    if table.is_blank:
        return ""
    from selfeval.domain.table.scoring import score_table

    lines = ["自评表"]
    for item in table_items(table).values():
        text = "；".join(part for part in item.text.split("\n") if part) or "（空）"
        lines.append(f"{item.label.removeprefix('自评表 › ')}：{text}")
    score = score_table(table)
    if score.total is not None:
        lines.append(f"自评总分：{score.total}（{score.grade}）")
    return "\n".join(lines)
