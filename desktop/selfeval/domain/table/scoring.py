"""Scoring a 自评表 (self-eval-table.md §2; issue 7 item 2), with the rules the table carries from its template.

- 执行率得分 = min(执行率, 100 %) × 分值.
- A quantitative indicator scores 完成值 ÷ 指标值 × 分值 (指标值 ÷ 完成值 for ≤), capped at its 分值; with the
  over-completion rule on, a ≥ or = indicator completed ``over_percent`` % or more above its target scores
  its 分值 less ``over_penalty``.
- A qualitative indicator scores its level's fraction of the 分值 (达成 / 部分达成 / 未达成).
- A hand-set score (``Override``) replaces the computed one and is marked, with its reason.
- 总分 = the sum of the scores (each rounded to 0.01), capped by the execution rate when the template says so.
- 等级: 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60 (财政部 预算司).
Scores that cannot be computed yet (a value missing, a target of 0) are None and count as 0 in the total.
Findings (weights not adding to 100, a rate that cannot be computed) are Chinese sentences, never errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from selfeval.domain.figures import format_decimal, round_places
from selfeval.domain.table.model import TOTAL_POINTS, Budget, Indicator, Nature, Override, ScoringRules, SelfEvalTable
from selfeval.domain.table.rules import Inputs, RuleKind, rule_score, rule_words, step_words

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
# 等级 by 总分, highest first (national: 财政部 预算司).
GRADES: tuple[tuple[Decimal, str], ...] = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"),
                                           (Decimal(0), "差"))
NO_RATE = "—"  # a rate that cannot be computed, as the table shows it


def points(value: Decimal) -> Decimal:
    """A score or a rate as the table shows it: 2 decimals, half up (``figures.round_places``, the one
    rounding rule)."""
    return round_places(value, 2)


def grade(total: Decimal) -> str:
    for floor, name in GRADES:
        if total >= floor:
            return name
    return GRADES[-1][1]


def rate_text(rate: Decimal | None) -> str:
    """执行率 as the table shows it: "99.47%", or "—" when it cannot be computed."""
    return NO_RATE if rate is None else format_decimal(points(rate)) + "%"


@dataclass(frozen=True)
class Score:
    """One 得分: what the rules give (``computed``), what counts (``final``: the override if there is one)."""

    computed: Decimal | None
    override: Override | None = None
    note: str = ""  # how the rules got there when it is not plain (超额完成扣分)

    @property
    def overridden(self) -> bool:
        return self.override is not None

    @property
    def final(self) -> Decimal | None:
        return self.override.score if self.override else self.computed

    def text(self) -> str:
        """得分 as a cell shows it ("" when there is none yet; a hand-set score is marked 「*」)."""
        if self.final is None:
            return ""
        return format_decimal(points(self.final)) + ("*" if self.overridden else "")


def budget_score(budget: Budget) -> Score:
    rate = budget.total.rate
    computed = None if rate is None else points(min(rate, HUNDRED) / HUNDRED * budget.weight)
    return Score(computed, budget.override)


def indicator_score(ind: Indicator, rules: ScoringRules) -> Score:
    computed, note = _computed(ind, rules)
    return Score(computed, ind.override, note)


def _computed(ind: Indicator, rules: ScoringRules) -> tuple[Decimal | None, str]:
    """The rule's score and a note on how it got there; an indicator without a rule (``NATURE``) is scored
    by its 指标性质, with the template's over-completion option."""
    weight = ind.weight
    if weight is None:
        return None, ""
    rule = ind.scoring_rule
    if rule.kind is not RuleKind.NATURE:
        value = rule_score(rule, Inputs(ind.nature, ind.target, ind.actual, ind.level, weight),
                           rules.level_fractions)
        return (None if value is None else points(value)), _note(ind, value)
    if ind.nature is Nature.QUALITATIVE:
        if ind.level is None:
            return None, ""
        return points(rules.level_fractions[ind.level] * weight), ""
    if ind.target is None or ind.actual is None:
        return None, ""
    if ind.nature is Nature.LE:
        if ind.actual <= 0:
            return (weight, "") if ind.target >= 0 else (None, "")
        ratio = ind.target / ind.actual
    else:
        if ind.target <= 0:
            return None, ""
        ratio = ind.actual / ind.target
        if rules.over_percent is not None and ratio * HUNDRED >= HUNDRED + rules.over_percent:
            over = points(ratio * HUNDRED - HUNDRED)
            penalised = max(weight - rules.over_penalty, Decimal(0))
            return points(penalised), (f"超额完成 {format_decimal(over)}%（超过 "
                                       f"{format_decimal(rules.over_percent)}%），扣 "
                                       f"{format_decimal(weight - penalised)} 分")
    return points(max(min(ratio, Decimal(1)), Decimal(0)) * weight), ""


def _note(ind: Indicator, value: Decimal | None) -> str:
    rule = ind.scoring_rule
    if rule.kind is RuleKind.HAND:
        return "按评价要点人工评分"
    if value is None or ind.weight is None or rule.kind is not RuleKind.DEDUCT or value >= ind.weight:
        return ""
    off = abs(ind.actual - ind.target)
    return (f"{'超过' if ind.nature is Nature.LE else '低于' if ind.nature is Nature.GE else '偏离'}指标值 "
            f"{step_words(off, ind.unit)}，扣 {format_decimal(points(ind.weight - value))} 分")


def rule_text(ind: Indicator, rules: ScoringRules) -> str:
    """The indicator's 评分标准 in words, as the .docx and the .xlsx print it (``rules.rule_from_words``
    reads it back)."""
    text = rule_words(ind.rule, ind.nature, ind.target, ind.unit, rules.level_fractions, ind.weight)
    if (ind.scoring_rule.kind is RuleKind.NATURE and ind.nature in (Nature.GE, Nature.EQ)
            and rules.over_percent is not None):
        text += (f"超额完成 {format_decimal(rules.over_percent)}% 及以上的，扣 "
                 f"{format_decimal(rules.over_penalty)} 分。")
    return text


@dataclass(frozen=True)
class TableScore:
    rate: Decimal | None  # 执行率 in percent (None: cannot be computed)
    budget: Score
    indicators: tuple[Score, ...]  # in the order of ``table.indicators()``
    sum: Decimal  # the scores added up
    total: Decimal  # 总分: the sum, capped by the execution rate when the rules say so
    cap: Decimal | None  # the cap that applied, if any
    weights: Decimal  # all 分值 of the table added up (should be 100)
    findings: tuple[str, ...]

    @property
    def grade(self) -> str:
        return grade(self.total)


def score_table(table: SelfEvalTable) -> TableScore:
    rules = table.rules
    rate = table.budget.total.rate
    budget = budget_score(table.budget)
    scores = tuple(indicator_score(ind, rules) for _, _, ind in table.indicators())
    total = sum((s.final for s in (budget, *scores) if s.final is not None), Decimal(0))
    cap = None
    if rate is not None:
        applying = [c.max_total for c in rules.rate_caps if rate < c.below]
        if applying:
            cap = min(applying)
    capped = min(total, cap) if cap is not None else total
    weights = table.budget.weight + sum((g.weight for g in table.groups), Decimal(0))
    return TableScore(rate, budget, scores, points(total), points(capped), cap, weights,
                      tuple(_findings(table, rate, weights, cap, total)))


def _findings(table: SelfEvalTable, rate, weights: Decimal, cap, total: Decimal) -> list[str]:
    found = []
    if weights != TOTAL_POINTS:
        found.append(f"各一级指标与预算执行率的分值合计为 {format_decimal(weights)} 分，应为 100 分。")
    for group in table.groups:
        rows = [i for c in group.categories for i in c.indicators]
        given = sum((i.weight for i in rows if i.weight is not None), Decimal(0))
        if given != group.weight:
            found.append(f"{group.name}下各三级指标的分值合计为 {format_decimal(given)} 分，"
                         f"应为 {format_decimal(group.weight)} 分。")
        for cat in group.categories:
            if cat.weight is not None and cat.indicators:
                cat_sum = sum((i.weight for i in cat.indicators if i.weight is not None), Decimal(0))
                if cat_sum != cat.weight:
                    found.append(f"{cat.name}下各三级指标的分值合计为 {format_decimal(cat_sum)} 分，"
                                 f"应为 {format_decimal(cat.weight)} 分。")
            for ind in cat.indicators:
                if ind.weight is None:
                    found.append(f"{cat.name}“{ind.name}”尚未填写分值。")
                if ind.scoring_rule.kind is RuleKind.HAND and ind.override is None:
                    found.append(f"{cat.name}“{ind.name}”按评价要点人工评分，尚未填写得分。")
                if ind.override is not None and not ind.override.reason.strip():
                    found.append(f"{cat.name}“{ind.name}”的得分是手工填写的，请写明理由。")
    if table.budget.override is not None and not table.budget.override.reason.strip():
        found.append("预算执行率的得分是手工填写的，请写明理由。")
    if rate is None:
        found.append("全年预算数未填写或不大于 0，执行率无法计算（显示为“—”）。")
    elif rate < table.rules.low_execution_percent:
        found.append(f"执行率 {rate_text(rate)} 低于 {format_decimal(table.rules.low_execution_percent)}%，"
                     "请在说明中写明原因。")
    if cap is not None and total > cap:
        found.append(f"执行率 {rate_text(rate)}，总分最高为 {format_decimal(cap)} 分"
                     f"（各项得分合计 {format_decimal(points(total))} 分）。")
    return found
