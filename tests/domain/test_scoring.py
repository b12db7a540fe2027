"""The scoring engine: table-driven cases for each rule, hypothesis properties for all of them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selfeval.domain.table.scoring import budget_score, grade, indicator_score, rate_text, score_table
from selfeval.domain.table.model import (
    Budget,
    BudgetRow,
    BudgetRowKey,
    Group,
    Indicator,
    Level,
    Nature,
    Override,
    RateCap,
    ScoringRules,
    SelfEvalTable,
)
from selfeval.bundled.templates import get_template

D = Decimal
NATIONAL = get_template().new_report().table.rules
PLAIN = ScoringRules()  # no over-completion rule, no caps


def budget(a, b, weight="10") -> Budget:
    return Budget(weight=D(weight)).with_row(BudgetRow(BudgetRowKey.TOTAL, None, None if a is None else D(a),
                                                       None if b is None else D(b)))


@pytest.mark.parametrize("a, b, expected", [
    ("7704.69", "7663.69", D("9.95")),  # 99.468 % of 10
    ("100", "76", D("7.60")),  # the public example: 76 % → 7.6 of 10
    ("100", "120", D("10.00")),  # capped at 100 %
    ("0", "10", None),  # a rate that cannot be computed scores nothing …
    (None, "10", None),
    ("100", None, None),
])
def test_execution_rate_score(a, b, expected):
    assert budget_score(budget(a, b)).computed == expected


@pytest.mark.parametrize("nature, target, actual, rules, expected, note", [
    (Nature.GE, "6000", "9170", PLAIN, D("20.00"), ""),  # capped at the 分值
    (Nature.GE, "6000", "9170", NATIONAL, D("18.00"), "超额完成 52.83%（超过 30%），扣 2 分"),
    (Nature.GE, "100", "129", NATIONAL, D("20.00"), ""),  # 29 % above: no penalty
    (Nature.GE, "100", "130", NATIONAL, D("18.00"), "超额完成 30.00%（超过 30%），扣 2 分"),
    (Nature.EQ, "100", "80", NATIONAL, D("16.00"), ""),
    (Nature.GE, "3", "1", PLAIN, D("6.67"), ""),
    (Nature.LE, "5", "10", PLAIN, D("10.00"), ""),  # ≤: target / actual, 5/10 of 20
    (Nature.LE, "5", "4", NATIONAL, D("20.00"), ""),  # under the ceiling: full marks, never a penalty
    (Nature.LE, "5", "0", PLAIN, D("20.00"), ""),
    (Nature.GE, "0", "10", PLAIN, None, ""),  # a target of 0 cannot be divided by
    (Nature.GE, "10", None, PLAIN, None, ""),
    (Nature.GE, None, "10", PLAIN, None, ""),
])
def test_quantitative_indicator(nature, target, actual, rules, expected, note):
    ind = Indicator("x", nature, None if target is None else D(target), "万元",
                    actual=None if actual is None else D(actual), weight=D(20))
    score = indicator_score(ind, rules)
    assert (score.computed, score.note) == (expected, note)


@pytest.mark.parametrize("level, expected", [
    (Level.MET, D("10.00")), (Level.PARTLY, D("5.00")), (Level.NOT_MET, D("0.00")), (None, None)])
def test_qualitative_indicator_scores_the_level_fraction_the_template_sets(level, expected):
    ind = Indicator("x", Nature.QUALITATIVE, target_text="有效开展", level=level, weight=D(10))
    assert indicator_score(ind, NATIONAL).computed == expected
    custom = replace(NATIONAL, level_fractions={**NATIONAL.level_fractions, Level.PARTLY: D("0.6")})
    if level is Level.PARTLY:
        assert indicator_score(ind, custom).computed == D("6.00")


def test_an_indicator_without_a_weight_has_no_score():
    assert indicator_score(Indicator("x", Nature.GE, D(1), actual=D(1)), NATIONAL).computed is None


def test_an_override_replaces_the_score_and_stays_marked_with_its_reason():
    ind = Indicator("x", Nature.GE, D(100), actual=D(50), weight=D(10), override=Override(D("9.5"), "已复核"))
    score = indicator_score(ind, NATIONAL)
    assert score.computed == D("5.00") and score.final == D("9.5")
    assert score.overridden and score.override.reason == "已复核" and score.text() == "9.50*"
    assert indicator_score(replace(ind, override=None), NATIONAL).text() == "5.00"


@pytest.mark.parametrize("total, expected", [
    (D(100), "优"), (D(90), "优"), (D("89.99"), "良"), (D(80), "良"), (D("79.99"), "中"), (D(60), "中"),
    (D("59.99"), "差"), (D(0), "差")])
def test_grade(total, expected):
    assert grade(total) == expected


def full_marks_table(rate_b: str, rules: ScoringRules = NATIONAL) -> SelfEvalTable:
    groups = (Group("产出指标", D(50), (replace(get_template().new_report().table.groups[0].categories[0],
                                                  indicators=(Indicator("a", Nature.GE, D(1), actual=D(1),
                                                                        weight=D(50)),)),)),
              Group("效益指标", D(30), ()), Group("满意度指标", D(10), ()))
    return SelfEvalTable(budget=budget("100", rate_b), groups=groups, rules=rules)


@pytest.mark.parametrize("b, cap, total", [
    ("100", None, D("60.00")),
    ("80", None, D("58.00")),
    ("75", D(89), D("57.50")),  # the cap is above the sum: nothing changes
])
def test_total_adds_the_scores(b, cap, total):
    result = score_table(full_marks_table(b))
    assert (result.cap, result.total) == (cap, total)


@pytest.mark.parametrize("rate, expected_cap", [
    ("95", None), ("80", None), ("79.99", D(89)), ("70", D(89)), ("69.99", D(79)), ("60", D(79)),
    ("59.99", D(69)), ("50", D(69)), ("49.99", D(59)), ("0", D(59))])
def test_the_execution_rate_caps_the_total_as_the_template_says(rate, expected_cap):
    table = full_marks_table(rate)
    # give every 一级 full marks through overrides so that the sum is high enough for any cap to bite
    table = replace(table, budget=replace(table.budget, override=Override(D(10), "按上级口径")))
    ind = table.groups[0].categories[0].indicators[0]
    table = table.with_indicators(0, 0, (replace(ind, weight=D(90)),))
    result = score_table(table)
    assert result.cap == expected_cap
    assert result.total == (D(100) if expected_cap is None else expected_cap)
    assert score_table(replace(table, rules=PLAIN)).total == D(100)


def test_weights_that_do_not_add_to_100_are_a_finding_not_a_crash():
    table = replace(full_marks_table("100"), budget=replace(budget("100", "100"), weight=D(15)))
    result = score_table(table)
    assert result.weights == D(105)
    assert "各一级指标与预算执行率的分值合计为 105 分，应为 100 分。" in result.findings
    assert "效益指标下各三级指标的分值合计为 0 分，应为 30 分。" in result.findings


def test_a_rate_that_cannot_be_computed_shows_a_dash_and_a_finding():
    result = score_table(replace(full_marks_table("100"), budget=budget("0", "5")))
    assert result.rate is None and rate_text(result.rate) == "—" and result.budget.final is None
    assert any("执行率无法计算" in f for f in result.findings)
    assert rate_text(D("99.4678")) == "99.47%"


def test_a_hand_set_score_without_a_reason_is_a_finding():
    table = full_marks_table("100")
    ind = table.groups[0].categories[0].indicators[0]
    table = table.with_indicators(0, 0, (replace(ind, override=Override(D(40), " ")),))
    assert "数量指标“a”的得分是手工填写的，请写明理由。" in score_table(table).findings
    table = replace(table, budget=replace(table.budget, override=Override(D(5), "")))
    assert "预算执行率的得分是手工填写的，请写明理由。" in score_table(table).findings


def test_a_low_rate_asks_for_a_reason():
    assert any("低于 90%" in f for f in score_table(full_marks_table("85")).findings)


# ---------------------------------------------------------------- properties

amounts = st.decimals(min_value=D("0.01"), max_value=D("1e9"), places=2)
weights = st.decimals(min_value=D("0"), max_value=D("100"), places=2)


@given(nature=st.sampled_from([Nature.GE, Nature.EQ, Nature.LE]), target=amounts, actual=amounts,
       weight=weights, over=st.booleans())
def test_a_computed_indicator_score_lies_between_0_and_its_weight(nature, target, actual, weight, over):
    rules = NATIONAL if over else PLAIN
    score = indicator_score(Indicator("x", nature, target, actual=actual, weight=weight), rules).computed
    assert D(0) <= score <= weight


@given(target=amounts, a=amounts, b=amounts, weight=weights)
def test_more_completion_never_scores_less_without_the_over_completion_rule(target, a, b, weight):
    low, high = sorted((a, b))
    score = lambda v: indicator_score(Indicator("x", Nature.GE, target, actual=v, weight=weight), PLAIN).computed
    assert score(low) <= score(high)
    le = lambda v: indicator_score(Indicator("x", Nature.LE, target, actual=v, weight=weight), PLAIN).computed
    assert le(low) >= le(high)


@given(a=amounts, b=amounts)
def test_the_execution_rate_score_never_exceeds_its_weight(a, b):
    score = budget_score(budget(str(a), str(b))).computed
    assert D(0) <= score <= D(10)


@given(b=st.decimals(min_value=D(0), max_value=D(200), places=2),
       caps=st.lists(st.tuples(st.integers(1, 100), st.integers(0, 100)), max_size=4))
def test_the_total_never_exceeds_any_cap_that_applies_nor_the_sum(b, caps):
    rules = replace(NATIONAL, rate_caps=tuple(RateCap(D(x), D(y)) for x, y in caps))
    result = score_table(full_marks_table(str(b), rules))
    assert result.total <= result.sum
    for below, max_total in caps:
        if result.rate < below:
            assert result.total <= max_total
    assert result.grade == grade(result.total)
