"""The ``[table]`` part of an outline template: the 自评表's indicator tree and scoring rules, as data.

```toml
[table]
budget_weight = "10"                       # 预算执行率's 分值
over_completion_percent = "30"             # omit: no over-completion penalty
over_completion_penalty = "2"
level_fractions = { "达成" = "1", "部分达成" = "0.5", "未达成" = "0" }
rate_caps = [{ below = "80", max_total = "89" }, …]   # omit: the total is not capped
orientation = "portrait"                   # the table pages: "portrait" (default) or "landscape"

[[table.groups]]
name = "产出指标"
weight = "50"
categories = ["数量指标", "质量指标", "时效指标", "成本指标"]   # or tables { name, weight }
```
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from selfeval.domain.table.model import (
    DEFAULT_LEVEL_FRACTIONS,
    Budget,
    Category,
    Group,
    Level,
    RateCap,
    ScoringRules,
    SelfEvalTable,
)


@dataclass(frozen=True)
class TableTemplate:
    groups: tuple[Group, ...]
    budget_weight: Decimal
    rules: ScoringRules
    # The table pages of the exported .docx: A4 landscape, in a section of their own (GB/T 9704 §8).
    landscape: bool = False

    def new_table(self) -> SelfEvalTable:
        return SelfEvalTable(budget=Budget(weight=self.budget_weight), groups=self.groups, rules=self.rules)


def _dec(value, what: str) -> Decimal:
    if isinstance(value, float):
        raise ValueError(f"{what} 应写成带引号的数值（如 \"10\"），不能是浮点数")
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{what} 不是数值：{value!r}") from None
    if not result.is_finite() or result < 0:
        raise ValueError(f"{what} 应为非负数：{value!r}")
    return result


ORIENTATIONS = {"portrait": False, "landscape": True}


def _landscape(value) -> bool:
    if value not in ORIENTATIONS:
        raise ValueError(f"自评表页面方向 orientation 应为 \"portrait\"（纵向）或 \"landscape\"（横向）：{value!r}")
    return ORIENTATIONS[value]


def parse_table_template(raw: dict, low_execution_percent="90") -> TableTemplate:
    """The table part of a template (``low_execution_percent`` is the template's setting of that name);
    ValueError/KeyError/TypeError for a malformed one (the caller names the file)."""
    groups = []
    for g in raw["groups"]:
        cats = []
        for c in g.get("categories", []):
            if isinstance(c, str):
                cats.append(Category(c))
            else:
                weight = c.get("weight")
                cats.append(Category(c["name"], None if weight is None else _dec(weight, "二级指标分值")))
        groups.append(Group(g["name"], _dec(g["weight"], "一级指标分值"), tuple(cats)))
    fractions = dict(DEFAULT_LEVEL_FRACTIONS)
    for name, value in raw.get("level_fractions", {}).items():
        fraction = _dec(value, f"定性等级“{name}”的得分比例")
        if fraction > 1:
            raise ValueError(f"定性等级“{name}”的得分比例不能大于 1")
        fractions[Level(name)] = fraction
    over = raw.get("over_completion_percent")
    caps = tuple(sorted((RateCap(_dec(c["below"], "执行率限分线"), _dec(c["max_total"], "限分"))
                         for c in raw.get("rate_caps", [])), key=lambda c: c.below))
    rules = ScoringRules(
        level_fractions=fractions, over_percent=None if over is None else _dec(over, "超额完成比例"),
        over_penalty=_dec(raw.get("over_completion_penalty", "2"), "超额完成扣分"), rate_caps=caps,
        low_execution_percent=_dec(low_execution_percent, "执行率说明线"),
    )
    return TableTemplate(tuple(groups), _dec(raw.get("budget_weight", "10"), "预算执行率分值"), rules,
                         landscape=_landscape(raw.get("orientation", "portrait")))
