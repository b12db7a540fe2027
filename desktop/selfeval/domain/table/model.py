"""The scored 部门整体支出绩效自评表 (self-eval-table.md §1) as data.

A table belongs to a report (the report field ``"table"``). Its indicator tree (一级 and 二级 indicators and
their 分值) and its scoring rules are copied from the outline template when the report is made, as the
sections are, so a report never changes because a template file did. Amounts are ``Decimal`` in 万元
(``BUDGET_UNIT``); scores and weights are ``Decimal`` points (分). ``to_dict``/``from_dict`` give the JSON
form (Decimals as strings, never floats). Scoring lives in ``scoring.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum

from selfeval.domain.figures import MONEY_UNITS, Amount, format_decimal
from selfeval.domain.table.rules import Level, Nature, Rule, RuleKind

__all__ = ["Level", "Nature", "Rule", "RuleKind"]  # the rules' vocabulary, kept importable from here

BUDGET_UNIT = "万元"
DEFAULT_FRAMEWORK = "yitihua"  # the 一体化 自评表 (产出/效益/满意度), resources/frameworks/yitihua.toml
TOTAL_POINTS = Decimal(100)


class BudgetRowKey(str, Enum):
    TOTAL = "total"
    FISCAL = "fiscal"
    CARRYOVER = "carryover"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"total": "年度资金总额", "fiscal": "其中：本年财政拨款", "carryover": "上年结转资金",
                "other": "其他资金"}[self.value]


@dataclass(frozen=True)
class Override:
    """A score the user set by hand instead of the computed one, with the reason (kept and shown)."""

    score: Decimal
    reason: str

    def to_dict(self) -> dict:
        return {"score": str(self.score), "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict | None) -> "Override | None":
        if not data:
            return None
        return cls(Decimal(str(data["score"])), str(data.get("reason", "")))


@dataclass(frozen=True)
class BudgetRow:
    """One row of 预算执行情况（万元）: 年初预算数, 全年预算数 (A), 全年执行数 (B), all in 万元 or empty."""

    key: BudgetRowKey
    initial: Decimal | None = None
    budget: Decimal | None = None
    spent: Decimal | None = None

    @property
    def label(self) -> str:
        return self.key.label

    def amount(self, name: str) -> Amount | None:
        value = getattr(self, name)
        return None if value is None else Amount(value, BUDGET_UNIT)

    @property
    def rate(self) -> Decimal | None:
        """执行率 B / A in percent; None when it cannot be computed (A missing, zero or negative; B missing)."""
        if self.budget is None or self.spent is None or self.budget <= 0:
            return None
        return self.spent / self.budget * 100

    def to_dict(self) -> dict:
        return {"key": self.key.value, "initial": _dec_out(self.initial), "budget": _dec_out(self.budget),
                "spent": _dec_out(self.spent)}

    @classmethod
    def from_dict(cls, data: dict) -> "BudgetRow":
        return cls(BudgetRowKey(data["key"]), _dec_in(data.get("initial")), _dec_in(data.get("budget")),
                   _dec_in(data.get("spent")))


@dataclass(frozen=True)
class Budget:
    """The money block: four rows, 分值 and (optionally overridden) 得分 on the 年度资金总额 row."""

    rows: tuple[BudgetRow, ...] = tuple(BudgetRow(k) for k in BudgetRowKey)
    weight: Decimal = Decimal(10)
    override: Override | None = None

    def row(self, key: BudgetRowKey) -> BudgetRow:
        for r in self.rows:
            if r.key is key:
                return r
        raise KeyError(key)

    @property
    def total(self) -> BudgetRow:
        return self.row(BudgetRowKey.TOTAL)

    def with_row(self, row: BudgetRow) -> "Budget":
        return replace(self, rows=tuple(row if r.key is row.key else r for r in self.rows))

    def to_dict(self) -> dict:
        data = {"rows": [r.to_dict() for r in self.rows], "weight": str(self.weight)}
        if self.override:
            data["override"] = self.override.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> "Budget":
        if not data:
            return cls()
        given = {r["key"]: BudgetRow.from_dict(r) for r in data.get("rows", [])}
        rows = tuple(given.get(k.value, BudgetRow(k)) for k in BudgetRowKey)
        return cls(rows, Decimal(str(data.get("weight", "10"))), Override.from_dict(data.get("override")))


@dataclass(frozen=True)
class Indicator:
    """A 三级指标 row the user adds. Quantitative rows compare ``actual`` with ``target`` (in ``unit``);
    qualitative rows describe the target in ``target_text`` and are scored by ``level``."""

    name: str = ""
    nature: Nature = Nature.GE
    target: Decimal | None = None
    unit: str = ""
    target_text: str = ""
    actual: Decimal | None = None
    level: Level | None = None
    weight: Decimal | None = None
    override: Override | None = None
    analysis: str = ""  # 偏差原因分析及改进措施
    rule: Rule | None = None  # how it is scored (rules.py); None: by its 指标性质, as before issue 20

    @property
    def scoring_rule(self) -> Rule:
        return self.rule or Rule()

    def target_label(self) -> str:
        """年度指标值 as it reads in the table: "≥6000万元", "=100%", or the qualitative text."""
        if not self.nature.quantitative:
            return self.target_text
        if self.target is None:
            return ""
        return f"{self.nature.value}{_figure_text(self.target, self.unit)}{self.unit}"

    def actual_label(self) -> str:
        """实际完成值 as it reads: "9170万元", or the level of a qualitative indicator."""
        if not self.nature.quantitative:
            return self.level.value if self.level else ""
        return "" if self.actual is None else f"{_figure_text(self.actual, self.unit)}{self.unit}"

    def to_dict(self) -> dict:
        data: dict = {"name": self.name, "nature": self.nature.value}
        if self.nature.quantitative:
            data.update(target=_dec_out(self.target), unit=self.unit, actual=_dec_out(self.actual))
        else:
            data.update(target_text=self.target_text, level=self.level.value if self.level else None)
        data["weight"] = _dec_out(self.weight)
        if self.override:
            data["override"] = self.override.to_dict()
        data["analysis"] = self.analysis
        if self.rule is not None:
            data["rule"] = self.rule.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Indicator":
        level = data.get("level")
        return cls(
            name=str(data.get("name", "")), nature=Nature(data.get("nature", Nature.GE.value)),
            target=_dec_in(data.get("target")), unit=str(data.get("unit", "")),
            target_text=str(data.get("target_text", "")), actual=_dec_in(data.get("actual")),
            level=Level(level) if level else None, weight=_dec_in(data.get("weight")),
            override=Override.from_dict(data.get("override")), analysis=str(data.get("analysis", "")),
            rule=Rule.from_dict(data.get("rule")),
        )


@dataclass(frozen=True)
class Category:
    """A 二级指标 (数量指标, 社会效益指标, …) and the 三级 rows under it. ``weight`` None: its 分值 is the sum
    of its rows' (the national form sets 分值 on 一级 only)."""

    name: str
    weight: Decimal | None = None
    indicators: tuple[Indicator, ...] = ()

    def to_dict(self) -> dict:
        return {"name": self.name, "weight": _dec_out(self.weight),
                "indicators": [i.to_dict() for i in self.indicators]}

    @classmethod
    def from_dict(cls, data: dict) -> "Category":
        return cls(str(data["name"]), _dec_in(data.get("weight")),
                   tuple(Indicator.from_dict(i) for i in data.get("indicators", [])))


@dataclass(frozen=True)
class Group:
    """A 一级指标 (产出指标 50, 效益指标 30, 满意度指标 10) and its 二级 indicators."""

    name: str
    weight: Decimal
    categories: tuple[Category, ...] = ()

    def to_dict(self) -> dict:
        return {"name": self.name, "weight": str(self.weight), "categories": [c.to_dict() for c in self.categories]}

    @classmethod
    def from_dict(cls, data: dict) -> "Group":
        return cls(str(data["name"]), Decimal(str(data["weight"])),
                   tuple(Category.from_dict(c) for c in data.get("categories", [])))


@dataclass(frozen=True)
class RateCap:
    """执行率 below ``below`` % caps the total at ``max_total`` (a template option)."""

    below: Decimal
    max_total: Decimal


DEFAULT_LEVEL_FRACTIONS = {Level.MET: Decimal(1), Level.PARTLY: Decimal("0.5"), Level.NOT_MET: Decimal(0)}


@dataclass(frozen=True)
class ScoringRules:
    """The template's scoring options (self-eval-table.md §2), copied into each table."""

    level_fractions: dict = field(default_factory=lambda: dict(DEFAULT_LEVEL_FRACTIONS))
    # Over-completion: a ≥/= indicator completed ``over_percent`` % or more above its target loses
    # ``over_penalty`` points. None: the rule is off.
    over_percent: Decimal | None = None
    over_penalty: Decimal = Decimal(2)
    rate_caps: tuple[RateCap, ...] = ()  # empty: the total is not capped by the execution rate
    low_execution_percent: Decimal = Decimal(90)

    def to_dict(self) -> dict:
        return {
            "level_fractions": {k.value: str(v) for k, v in self.level_fractions.items()},
            "over_percent": _dec_out(self.over_percent), "over_penalty": str(self.over_penalty),
            "rate_caps": [{"below": str(c.below), "max_total": str(c.max_total)} for c in self.rate_caps],
            "low_execution_percent": str(self.low_execution_percent),
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> "ScoringRules":
        if not data:
            return cls()
        fractions = dict(DEFAULT_LEVEL_FRACTIONS)
        fractions.update({Level(k): Decimal(str(v)) for k, v in (data.get("level_fractions") or {}).items()})
        return cls(
            level_fractions=fractions, over_percent=_dec_in(data.get("over_percent")),
            over_penalty=Decimal(str(data.get("over_penalty", "2"))),
            rate_caps=tuple(RateCap(Decimal(str(c["below"])), Decimal(str(c["max_total"])))
                            for c in data.get("rate_caps", [])),
            low_execution_percent=Decimal(str(data.get("low_execution_percent", "90"))),
        )


@dataclass(frozen=True)
class SelfEvalTable:
    """The whole table. The header's 单位名称, 联系人 and 联系电话 are the report's own fields; 自评总分 and
    等级 are computed (``scoring.score_table``)."""

    supervisor: str = ""  # 主管部门
    budget: Budget = field(default_factory=Budget)
    goal_expected: str = ""  # 年度总体目标: 预期目标
    goal_achieved: str = ""  # 实际完成情况
    groups: tuple[Group, ...] = ()
    rules: ScoringRules = field(default_factory=ScoringRules)
    # The indicator framework the tree came from (resources/frameworks/<id>.toml); "": the 一体化 自评表 of
    # the outline template (every table made before frameworks existed).
    framework: str = ""

    @property
    def framework_id(self) -> str:
        return self.framework or DEFAULT_FRAMEWORK

    @property
    def is_blank(self) -> bool:
        """No indicator tree yet (a report made before the table existed)."""
        return not self.groups

    def indicators(self) -> list[tuple[Group, Category, Indicator]]:
        return [(g, c, i) for g in self.groups for c in g.categories for i in c.indicators]

    def find_indicator(self, name: str) -> Indicator | None:
        """The 三级 indicator called ``name`` (the first, if two share it)."""
        wanted = name.strip()
        for _, _, ind in self.indicators():
            if ind.name.strip() == wanted:
                return ind
        return None

    def with_budget(self, budget: Budget) -> "SelfEvalTable":
        return replace(self, budget=budget)

    def with_indicators(self, group: int, category: int, indicators: tuple[Indicator, ...]) -> "SelfEvalTable":
        """A copy with the rows of ``groups[group].categories[category]`` replaced."""
        g = self.groups[group]
        cats = list(g.categories)
        cats[category] = replace(cats[category], indicators=tuple(indicators))
        groups = list(self.groups)
        groups[group] = replace(g, categories=tuple(cats))
        return replace(self, groups=tuple(groups))

    def for_next_year(self) -> "SelfEvalTable":
        """Next year's table: the tree, the 三级 rows with their targets and 分值, the goals set and the rules
        stay; what happened this year (amounts, completed values, levels, hand-set scores, analyses, the
        goals' outcome) is left empty to fill in again."""
        groups = tuple(replace(g, categories=tuple(replace(c, indicators=tuple(
            replace(i, actual=None, level=None, override=None, analysis="") for i in c.indicators))
            for c in g.categories)) for g in self.groups)
        budget = Budget(weight=self.budget.weight)
        return replace(self, budget=budget, goal_achieved="", groups=groups)

    def to_dict(self) -> dict:
        return {
            "supervisor": self.supervisor, "budget": self.budget.to_dict(),
            "goal_expected": self.goal_expected, "goal_achieved": self.goal_achieved,
            "groups": [g.to_dict() for g in self.groups], "rules": self.rules.to_dict(),
            **({"framework": self.framework} if self.framework else {}),
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> "SelfEvalTable":
        if not data:
            return cls()
        return cls(
            supervisor=str(data.get("supervisor", "")), budget=Budget.from_dict(data.get("budget")),
            goal_expected=str(data.get("goal_expected", "")), goal_achieved=str(data.get("goal_achieved", "")),
            groups=tuple(Group.from_dict(g) for g in data.get("groups", [])),
            rules=ScoringRules.from_dict(data.get("rules")), framework=str(data.get("framework", "")),
        )


def _figure_text(value: Decimal, unit: str) -> str:
    """A value as the table prints it: an amount of money with two decimals (9170万元 → 9170.00万元), any
    other value as written."""
    if unit in MONEY_UNITS:
        from selfeval.domain.figures import round_places

        return format_decimal(round_places(value, 2))
    return format_decimal(value)


def _dec_out(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _dec_in(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise TypeError("table numbers are Decimal strings, never float")
    return Decimal(str(value))

