"""Indicator frameworks (resources/frameworks/*.toml) and the ``[table]`` part of an outline template: the
自评表's indicator tree, weights and scoring rules, as data (issue 20).

A framework file is the ``[table]`` below at its top level, with ``id``, ``name`` and ``description``, and
may give a 二级 indicator its 三级 rows with their rules (the 共性指标框架's formula indicators):

```toml
id = "mof-2013"
name = "部门整体支出绩效评价共性指标框架"
budget_weight = "0"

[[groups]]
name = "投入"
weight = "15"
aliases = ["投入指标"]

[[groups.categories]]
name = "预算配置"
weight = "10"
indicators = [
  { name = "在职人员控制率", nature = "≤", target = "100", unit = "%", weight = "3",
    formula = "在职人员数 ÷ 编制数 × 100%", rule = { kind = "deduct", per = "0.1" } },
]
```

An outline template's ``[table]`` either names a framework (``framework = "yitihua"``, the bundled loader
puts the framework's tree in) or, as before, spells the tree out itself.

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

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from selfeval.domain.errors import UserError
from selfeval.domain.figures import format_decimal
from selfeval.domain.table.model import (
    DEFAULT_FRAMEWORK,
    DEFAULT_LEVEL_FRACTIONS,
    TOTAL_POINTS,
    Budget,
    Category,
    Group,
    Indicator,
    Level,
    RateCap,
    ScoringRules,
    SelfEvalTable,
)
from selfeval.domain.table.rules import Nature, Rule, RuleError


class FrameworkError(UserError):
    """A framework file that cannot be used (the message names the file and the slip, in Chinese)."""


@dataclass(frozen=True)
class TableTemplate:
    groups: tuple[Group, ...]
    budget_weight: Decimal
    rules: ScoringRules
    # The table pages of the exported .docx: A4 landscape, in a section of their own (GB/T 9704 §8).
    landscape: bool = False
    framework: str = ""  # the framework's id; for a template's [table]: the framework it names
    name: str = ""
    description: str = ""
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (一级/二级 name, other names it is published under)

    def new_table(self) -> SelfEvalTable:
        # The 一体化 framework is written as "" (what every table made before frameworks holds).
        return SelfEvalTable(budget=Budget(weight=self.budget_weight), groups=self.groups, rules=self.rules,
                             framework="" if self.framework == DEFAULT_FRAMEWORK else self.framework)

    def names(self) -> set[str]:
        """Every 一级 and 二级 name the framework is recognised by (its own and their aliases), normalised."""
        found = set()
        for g in self.groups:
            found.add(indicator_key(g.name))
            found.update(indicator_key(c.name) for c in g.categories)
        for _, others in self.aliases:
            found.update(indicator_key(o) for o in others)
        return found

    def canonical(self, name: str) -> str:
        """The framework's own spelling of a 一级/二级 name given under an alias (the name itself otherwise)."""
        key = indicator_key(name)
        for own, others in self.aliases:
            if key == indicator_key(own) or key in {indicator_key(o) for o in others}:
                return own
        return name

    def indicator(self, name: str) -> Indicator | None:
        """The framework's 三级 indicator of that name (quotes, spaces and brackets aside), if it lists one."""
        key = indicator_key(name)
        for g in self.groups:
            for c in g.categories:
                for ind in c.indicators:
                    if indicator_key(ind.name) == key:
                        return ind
        return None

    def with_layout(self, layout: "TableTemplate") -> "TableTemplate":
        """This framework printed the way an outline template's ``[table]`` says (its orientation)."""
        return replace(self, landscape=layout.landscape)


_KEY_NOISE = re.compile(r"[\s　“”\"'‘’「」（）()\d.分]")


def indicator_key(name: str) -> str:
    """A name as compared: 「“三公经费”变动率」 = 「三公经费变动率」, 「投入（15分）」 = 「投入」."""
    return _KEY_NOISE.sub("", name or "")


def detect_framework(frameworks, groups: list[str], categories: list[str],
                     indicators: list[str] = (), weights: dict | None = None, indicator_weights: dict | None = None):
    """The framework whose 一级/二级 names a table's rows use (a table read from a file), or None when none
    shares at least half of them. Ties go to the framework whose 三级 names and the 一级 and 三级 weights
    (``weights``, ``indicator_weights``: by ``indicator_key``) match more."""
    best, best_key = None, None
    wanted = [indicator_key(n) for n in [*groups, *categories] if n]
    if not wanted:
        return None
    for fw in frameworks:
        names = fw.names()
        hits = sum(1 for n in wanted if n in names)
        if hits * 2 < len(wanted):
            continue
        named = sum(1 for n in indicators if fw.indicator(n) is not None)
        named += sum(1 for n, w in (indicator_weights or {}).items()
                     if fw.indicator(n) is not None and fw.indicator(n).weight == w)
        weighed = sum(1 for g in fw.groups if weights and weights.get(indicator_key(g.name)) == g.weight)
        key = (hits, named + weighed)
        if best_key is None or key > best_key:
            best, best_key = fw, key
    return best


def _dec(value, what: str) -> Decimal:
    """A number the file writes as a string, not negative (weights, thresholds)."""
    result = _signed(value, what)
    if result < 0:
        raise ValueError(f"{what} 应为非负数：{value!r}")
    return result


ORIENTATIONS = {"portrait": False, "landscape": True}


def _landscape(value) -> bool:
    if value not in ORIENTATIONS:
        raise ValueError(f"自评表页面方向 orientation 应为 \"portrait\"（纵向）或 \"landscape\"（横向）：{value!r}")
    return ORIENTATIONS[value]


def parse_table_template(raw: dict, low_execution_percent="90") -> TableTemplate:
    """The table part of a template (``low_execution_percent`` is the template's setting of that name);
    ValueError/KeyError/TypeError for a malformed one (the caller names the file). A ``[table]`` that names a
    framework and spells out no groups gives a table without a tree: the loader puts the framework's in."""
    if "groups" not in raw and raw.get("framework"):
        return TableTemplate((), Decimal(0), ScoringRules(), landscape=_landscape(raw.get("orientation", "portrait")),
                             framework=str(raw["framework"]))
    groups = []
    aliases = []
    for g in raw["groups"]:
        _known(g, {"name", "weight", "categories", "aliases"}, f"一级指标“{g.get('name', '')}”")
        cats = []
        for c in g.get("categories", []):
            if isinstance(c, str):
                cats.append(Category(c))
            else:
                _known(c, {"name", "weight", "indicators", "aliases"}, f"二级指标“{c.get('name', '')}”")
                weight = c.get("weight")
                rows = tuple(_indicator(i, c["name"]) for i in c.get("indicators", ()))
                cats.append(Category(c["name"], None if weight is None else _dec(weight, "二级指标分值"), rows))
                if c.get("aliases"):
                    aliases.append((c["name"], tuple(str(a) for a in c["aliases"])))
        groups.append(Group(g["name"], _dec(g["weight"], "一级指标分值"), tuple(cats)))
        if g.get("aliases"):
            aliases.append((g["name"], tuple(str(a) for a in g["aliases"])))
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
                         landscape=_landscape(raw.get("orientation", "portrait")),
                         framework=str(raw.get("framework", raw.get("id", ""))), aliases=tuple(aliases))


def _known(raw: dict, fields: set[str], where: str) -> None:
    unknown = set(raw) - fields
    if unknown:
        raise ValueError(f"{where}中有无法识别的项：{'、'.join(sorted(unknown))}")


INDICATOR_FIELDS = {"name", "nature", "target", "unit", "target_text", "weight", "rule", "formula", "aliases"}


def _indicator(raw: dict, where: str) -> Indicator:
    """A 三级 indicator a framework lists (its 完成值 is left for the clerk)."""
    unknown = set(raw) - INDICATOR_FIELDS
    if unknown:
        raise ValueError(f"{where}的三级指标中有无法识别的项：{'、'.join(sorted(unknown))}")
    name = str(raw["name"])
    try:
        nature = Nature(raw.get("nature", "≥"))
    except ValueError:
        raise ValueError(f"“{name}”的指标性质应为 =、≥、≤ 或 定性：{raw.get('nature')!r}") from None
    weight = _dec(raw["weight"], f"“{name}”的分值")
    target = raw.get("target")
    try:
        rule = Rule.from_dict(raw.get("rule"))
    except RuleError as exc:
        raise ValueError(f"“{name}”的评分规则：{exc}") from None
    problem = rule.problem(weight, nature) if rule else None
    if problem:
        raise ValueError(f"“{name}”的评分规则：{problem}")
    return Indicator(name=name, nature=nature, target=None if target is None else _signed(target, f"“{name}”的指标值"),
                     unit=str(raw.get("unit", "")), target_text=str(raw.get("target_text", "")), weight=weight,
                     rule=rule)


def _signed(value, what: str) -> Decimal:
    if isinstance(value, float):
        raise ValueError(f"{what} 应写成带引号的数值（如 \"10\"），不能是浮点数")
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{what} 不是数值：{value!r}") from None
    if not result.is_finite():
        raise ValueError(f"{what} 不是数值：{value!r}")
    return result


FRAMEWORK_FIELDS = {"id", "name", "description", "budget_weight", "over_completion_percent",
                    "over_completion_penalty", "level_fractions", "rate_caps", "low_execution_percent", "groups"}


def parse_framework(raw: dict, where: str) -> TableTemplate:
    """A framework file's content (``where``: its file name, for the messages); ``FrameworkError`` in Chinese
    for anything amiss: a missing or unknown field, a weight that is not a number, weights that do not add
    up, a rule that cannot be used."""
    try:
        unknown = set(raw) - FRAMEWORK_FIELDS
        if unknown:
            raise ValueError(f"有无法识别的项：{'、'.join(sorted(unknown))}")
        for field in ("id", "name", "groups"):
            if not raw.get(field):
                raise ValueError(f"缺少“{field}”")
        table = parse_table_template(raw, raw.get("low_execution_percent", "90"))
    except FrameworkError:
        raise
    except KeyError as exc:
        raise FrameworkError(f"指标框架 {where} 有误：缺少 {exc}。") from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise FrameworkError(f"指标框架 {where} 有误：{exc}。") from None
    table = replace(table, framework=str(raw["id"]), name=str(raw["name"]), description=str(raw.get("description", "")))
    problems = framework_problems(table)
    if problems:
        raise FrameworkError(f"指标框架 {where} 有误：" + "；".join(problems) + "。")
    return table


def framework_problems(fw: TableTemplate) -> list[str]:
    """Weights that do not add up, names given twice."""
    problems = []
    total = fw.budget_weight + sum((g.weight for g in fw.groups), Decimal(0))
    if total != TOTAL_POINTS:
        problems.append(f"一级指标与预算执行率的分值合计为 {format_decimal(total)} 分，应为 100 分")
    names = [g.name for g in fw.groups]
    if len(set(names)) != len(names):
        problems.append("有两个一级指标同名")
    for g in fw.groups:
        cats = [c for c in g.categories if c.weight is not None]
        if cats and len(cats) == len(g.categories):
            given = sum((c.weight for c in cats), Decimal(0))
            if given != g.weight:
                problems.append(f"“{g.name}”下二级指标的分值合计为 {format_decimal(given)} 分，"
                                f"应为 {format_decimal(g.weight)} 分")
        for c in g.categories:
            if c.indicators and c.weight is not None:
                given = sum((i.weight for i in c.indicators), Decimal(0))
                if given != c.weight:
                    problems.append(f"“{c.name}”下三级指标的分值合计为 {format_decimal(given)} 分，"
                                    f"应为 {format_decimal(c.weight)} 分")
    return problems


def switch_framework(table: SelfEvalTable, framework: TableTemplate) -> tuple[SelfEvalTable, list[str]]:
    """``table`` on another framework's tree and rules (a report choosing its framework): the header, the
    budget amounts and the goals stay; a 三级 row keeps what was filled in (完成值, level, hand score,
    analysis) when the new framework has an indicator of that name under the same 一级/二级, or when the
    new framework leaves that 二级's rows to the unit (the row moves there as it is). Returns the new table
    and the names of the rows with work in them that had nowhere to go (dropped; a framework's own row left
    blank is not work)."""
    fresh = framework.new_table()
    old = {}
    for g, c, ind in table.indicators():
        old.setdefault((indicator_key(framework.canonical(g.name)), indicator_key(framework.canonical(c.name))),
                       []).append(ind)
    placed: set[int] = set()
    groups = []
    for g in fresh.groups:
        cats = []
        for c in g.categories:
            mine = old.get((indicator_key(g.name), indicator_key(c.name)), [])
            if c.indicators:
                rows = []
                for ind in c.indicators:
                    same = next((o for o in mine if indicator_key(o.name) == indicator_key(ind.name)
                                 and id(o) not in placed), None)
                    if same is not None:
                        placed.add(id(same))
                        ind = replace(ind, actual=same.actual, level=same.level, override=same.override,
                                      analysis=same.analysis,
                                      target=same.target if same.target is not None else ind.target)
                    rows.append(ind)
            else:
                rows = [o for o in mine if id(o) not in placed]
                placed.update(id(o) for o in rows)
            cats.append(replace(c, indicators=tuple(rows)))
        groups.append(replace(g, categories=tuple(cats)))
    dropped = [ind.name or "（未命名）" for _, _, ind in table.indicators() if id(ind) not in placed and _worked(ind)]
    new = replace(table, groups=tuple(groups), rules=fresh.rules, framework=fresh.framework,
                  budget=replace(table.budget, weight=fresh.budget.weight))
    return new, dropped


def _worked(ind: Indicator) -> bool:
    """Whether a row holds something the clerk did: a value, a level, a hand score, an analysis, or the row
    itself (one the unit wrote, not a framework's own, which always has its rule)."""
    return (ind.actual is not None or ind.level is not None or ind.override is not None or bool(ind.analysis)
            or ind.rule is None)
