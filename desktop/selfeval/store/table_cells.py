"""The 自评表 changed cell by cell: what a window's edits of the table are, applied to the table as stored.

A window used to save the whole table it showed (``SetField(report_id, "table", table)``). When another program
had changed the table meanwhile (an exchange file merged by ``selfeval unpack``, a second user on a shared
folder), that whole-table write put the window's stale copy over the newer cells (issue 18, scenario 2:
居民满意度 97.2 → 98.5 merged, then gone with the window's next edit). Now the window saves only the cells it
changed (``SetTableCells``): each is a place in the table's JSON form with the value it had and the one typed, and
the store applies them to the table it holds at that moment, inside the write transaction.

A cell is a leaf of ``SelfEvalTable.to_dict()`` (an amount, a name, a text); a list whose length changed (a 三级
row inserted, deleted) is one cell as a whole. A place through a list names the element it meant (its
``key`` or ``name``), so that a row another program inserted above it does not shift the edit to another row.
"""

from __future__ import annotations

import copy
from typing import Any, NamedTuple

Path = tuple  # of str (dict keys) and int (list indices)

# Columns and fields by name, for the history ("修改自评表：居民满意度 实际完成值 97.2 → 98.5").
_INDICATOR_FIELDS = {
    "name": "三级指标", "nature": "指标性质", "target": "年度指标值", "target_text": "年度指标值", "unit": "度量单位",
    "actual": "实际完成值", "level": "实际完成值", "weight": "分值", "override": "得分", "analysis": "偏差原因分析及改进措施",
}
_BUDGET_FIELDS = {"initial": "年初预算数", "budget": "全年预算数", "spent": "全年执行数"}
_TOP_FIELDS = {"supervisor": "主管部门", "goal_expected": "预期目标", "goal_achieved": "实际完成情况"}
_SHOWN_CHARS = 20


class Cell(NamedTuple):
    """One changed cell: its place, the value the window started from and the value typed (JSON form), and
    for each list index on the way the identity (``key``/``name``) of the element meant (None: by index)."""

    path: Path
    old: Any
    new: Any
    anchors: tuple = ()  # (index in path, identity) pairs


class CellMissing(Exception):
    """A cell's place is gone from the stored table (its row deleted elsewhere)."""


def _identity(element: Any) -> Any:
    if isinstance(element, dict):
        for name in ("key", "name"):
            if name in element:
                return (name, element[name])
    return None


def cell_changes(old: dict | None, new: dict | None) -> tuple[Cell, ...]:
    """The cells in which ``new`` differs from ``old`` (both ``SelfEvalTable.to_dict()`` forms or None)."""
    found: list[Cell] = []

    def walk(a: Any, b: Any, path: list, anchors: list) -> None:
        if a == b:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in list(a) + [k for k in b if k not in a]:
                walk(a.get(key), b.get(key), path + [key], anchors)
            return
        if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b)):
                walk(x, y, path + [i], anchors + [(len(path), _identity(x))])
            return
        found.append(Cell(tuple(path), copy.deepcopy(a), copy.deepcopy(b), tuple(anchors)))

    if old is None or new is None:
        return () if old == new else (Cell((), copy.deepcopy(old), copy.deepcopy(new)),)
    walk(old, new, [], [])
    return tuple(found)


def _resolve(table: Any, cell: Cell) -> list:
    """The cell's path in ``table``: list indices moved to where the element it meant now is."""
    path = list(cell.path)
    anchors = dict(cell.anchors)
    node = table
    for depth, step in enumerate(path[:-1] if path else []):
        if isinstance(step, int):
            if not isinstance(node, list):
                raise CellMissing(cell.path)
            wanted = anchors.get(depth)
            if wanted is not None and not (0 <= step < len(node) and _identity(node[step]) == wanted):
                matches = [i for i, e in enumerate(node) if _identity(e) == wanted]
                if len(matches) != 1:
                    raise CellMissing(cell.path)
                step = path[depth] = matches[0]
            if not 0 <= step < len(node):
                raise CellMissing(cell.path)
            node = node[step]
        else:
            if not isinstance(node, dict):
                raise CellMissing(cell.path)
            node = node.get(step)
            if node is None:
                raise CellMissing(cell.path)
    return path


def apply_cells(table: dict | None, cells: tuple[Cell, ...]) -> tuple[dict | None, tuple[Cell, ...]]:
    """``table`` with ``cells`` set to their new values (the table itself is not changed); also the cells whose
    place is gone (their row deleted elsewhere), which are left out."""
    result = copy.deepcopy(table)
    skipped = []
    for cell in cells:
        if not cell.path:
            result = copy.deepcopy(cell.new)
            continue
        if result is None:
            skipped.append(cell)
            continue
        try:
            path = _resolve(result, cell)
        except CellMissing:
            skipped.append(cell)
            continue
        node = result
        for step in path[:-1]:
            node = node[step]
        last = path[-1]
        if isinstance(node, list):
            if not 0 <= last < len(node):
                skipped.append(cell)
                continue
        elif not isinstance(node, dict):
            skipped.append(cell)
            continue
        node[last] = copy.deepcopy(cell.new)  # None and a missing key read the same (``from_dict``)
    return result, tuple(skipped)


# ---------------------------------------------------------------- words for the history

def _value(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, dict):
        if "score" in value:
            return str(value["score"])
        return "…"
    if isinstance(value, list):
        return f"{len(value)} 行"
    text = str(value).replace("\n", " ")
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


def cell_label(table: dict | None, path: Path) -> str:
    """Where a cell is, in the clerk's words: 「居民满意度 实际完成值」, 「年度资金总额 全年执行数」, 「主管部门」."""
    p = list(path)
    try:
        if not p:
            return "自评表"
        if len(p) == 1 and p[0] in _TOP_FIELDS:
            return _TOP_FIELDS[p[0]]
        if p[0] == "budget":
            if len(p) >= 3 and p[1] == "rows":
                from selfeval.domain.table.model import BudgetRowKey

                row = table["budget"]["rows"][p[2]]
                label = BudgetRowKey(row["key"]).label
                return f"{label} {_BUDGET_FIELDS.get(p[3], '')}".strip() if len(p) > 3 else label
            return {"weight": "预算执行率 分值", "override": "预算执行率 得分"}.get(p[1], "预算执行情况")
        if p[0] == "groups" and len(p) >= 5:
            group = table["groups"][p[1]]
            category = group["categories"][p[3]]
            if len(p) == 5:
                return f"{category['name']} 权重" if p[4] == "weight" else category["name"]
            if len(p) == 6:
                return f"{category['name']}的三级指标"
            indicator = category["indicators"][p[5]]
            name = indicator.get("name") or f"{category['name']}第 {p[5] + 1} 行"
            field = _INDICATOR_FIELDS.get(p[6], "") if len(p) > 6 else ""
            if len(p) > 7 and p[6] == "override" and p[7] == "reason":
                field = "改分理由"
            return f"{name} {field}".strip()
    except (KeyError, IndexError, TypeError, ValueError):
        pass
    return "自评表"


def cells_summary(table: dict | None, cells: tuple[Cell, ...]) -> str:
    """The history's words for a step of cells: 「修改自评表：居民满意度 实际完成值 97.2 → 98.5」, with 「等 N 处」."""
    if not cells:
        return "修改自评表"
    first = cells[0]
    where = cell_label(table, first.path)
    if isinstance(first.old, (dict, list)) or isinstance(first.new, (dict, list)):
        text = f"修改自评表：{where}"
    else:
        text = f"修改自评表：{where} {_value(first.old)} → {_value(first.new)}"
    return text + (f"（等 {len(cells)} 处）" if len(cells) > 1 else "")
