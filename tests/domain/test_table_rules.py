"""Scoring rules as data (issue 20): each kind on worked cases, the words it prints read back to the same rule,
and hypothesis properties: every score within [0, 分值], monotone where the rule is."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfeval.domain.table.model import DEFAULT_LEVEL_FRACTIONS, Indicator, ScoringRules
from selfeval.domain.table.rows import CellError, RowRef, cell_text, set_cell
from selfeval.domain.table.rules import (
    Band,
    Inputs,
    Level,
    Nature,
    Rule,
    RuleError,
    RuleKind,
    rule_from_words,
    rule_score,
    rule_words,
)
from selfeval.domain.table.scoring import indicator_score
from selfeval.domain.table.model import Category, Group, SelfEvalTable

D = Decimal
STAFF = Rule(RuleKind.DEDUCT, per=D("0.5"))  # 在职人员控制率: ≤100 % full, 0.5 per point above
BANDS = Rule(RuleKind.BANDS, bands=(Band(D(95), D(1)), Band(D(90), D("0.8")), Band(D(85), D("0.6"))))


def score(rule, nature, target, actual, weight="5", level=None):
    ind = Indicator("指标", nature, None if target is None else D(target), "%",
                    actual=None if actual is None else D(actual), weight=D(weight), rule=rule, level=level)
    return indicator_score(ind, ScoringRules()).computed


@pytest.mark.parametrize("rule, nature, target, actual, weight, expected", [
    (STAFF, Nature.LE, "100", "98", "5", D("5.00")),
    (STAFF, Nature.LE, "100", "103", "5", D("3.50")),  # 3 points above: −1.5
    (STAFF, Nature.LE, "100", "112", "5", D("0.00")),  # 扣完为止
    (Rule(RuleKind.DEDUCT, per=D("0.3")), Nature.LE, "0", "-3", "3", D("3.00")),  # 变动率 −3 %: full marks
    (Rule(RuleKind.DEDUCT, per=D("0.3")), Nature.LE, "0", "2.5", "3", D("2.25")),
    (Rule(RuleKind.DEDUCT, per=D("0.3"), whole_steps=True), Nature.LE, "0", "2.5", "3", D("2.10")),
    (Rule(RuleKind.DEDUCT, per=D(2), step=D(5), floor=D(1)), Nature.GE, "100", "80", "5", D("1.00")),
    (Rule(RuleKind.DEDUCT, per=D(2), step=D(5)), Nature.GE, "100", "95", "5", D("3.00")),
    (Rule(RuleKind.DEDUCT, per=D(1)), Nature.EQ, "100", "102", "5", D("3.00")),  # either side of =
    (BANDS, Nature.GE, None, "96.5", "5", D("5.00")),
    (BANDS, Nature.GE, None, "90", "5", D("4.00")),  # 90 %（含）
    (BANDS, Nature.GE, None, "89.99", "5", D("3.00")),
    (BANDS, Nature.GE, None, "70", "5", D("0.00")),
    (Rule(RuleKind.BANDS, bands=(Band(D(5), D(1)), Band(D(10), D("0.5")))), Nature.LE, None, "7", "4", D("2.00")),
    (Rule(RuleKind.RATIO), Nature.GE, "100", "76", "10", D("7.60")),
    (Rule(RuleKind.RATIO, full_at=D(90)), Nature.GE, "100", "95", "10", D("10.00")),  # the ceiling
    (Rule(RuleKind.RATIO), Nature.LE, "10", "20", "4", D("2.00")),
    (Rule(RuleKind.PASS_FAIL), Nature.GE, "100", "99.9", "2", D("0.00")),
    (Rule(RuleKind.PASS_FAIL), Nature.GE, "100", "100", "2", D("2.00")),
    (Rule(RuleKind.HAND), Nature.GE, "100", "100", "2", None),  # scored by hand only
    (STAFF, Nature.LE, "100", None, "5", None),
])
def test_rule_kinds(rule, nature, target, actual, weight, expected):
    assert score(rule, nature, target, actual, weight) == expected


def test_pass_fail_on_a_qualitative_indicator():
    assert score(Rule(RuleKind.PASS_FAIL), Nature.QUALITATIVE, None, None, "2", Level.MET) == D("2.00")
    assert score(Rule(RuleKind.PASS_FAIL), Nature.QUALITATIVE, None, None, "2", Level.PARTLY) == D("0.00")


ROUND_TRIP = [
    (STAFF, Nature.LE), (Rule(RuleKind.DEDUCT, per=D("0.3")), Nature.LE),
    (Rule(RuleKind.DEDUCT, per=D(2), step=D(5), floor=D(1), whole_steps=True), Nature.GE),
    (Rule(RuleKind.DEDUCT, per=D("0.5")), Nature.EQ),
    (BANDS, Nature.GE), (Rule(RuleKind.BANDS, bands=(Band(D(5), D(1)), Band(D(10), D("0.8")))), Nature.LE),
    (Rule(RuleKind.RATIO), Nature.GE), (Rule(RuleKind.RATIO, full_at=D(90)), Nature.GE),
    (Rule(RuleKind.RATIO, full_at=D(100)), Nature.LE), (Rule(RuleKind.PASS_FAIL), Nature.GE),
    (Rule(RuleKind.PASS_FAIL), Nature.QUALITATIVE), (Rule(RuleKind.HAND), Nature.GE), (Rule(), Nature.GE),
    (Rule(), Nature.LE), (Rule(), Nature.QUALITATIVE),
]


@pytest.mark.parametrize("rule, nature", ROUND_TRIP)
def test_words_read_back_to_the_same_rule(rule, nature):
    words = rule_words(rule, nature, D(100) if nature.quantitative else None, "%", DEFAULT_LEVEL_FRACTIONS)
    read = rule_from_words(words, D(5))
    assert read is not None, words
    assert read.rule == rule, words
    assert read.nature in (None, nature), words


def test_words_as_they_read():
    assert rule_words(STAFF, Nature.LE, D(100), "%") == "≤100%得满分；每超过 1 个百分点扣 0.5 分，扣完为止。"
    assert rule_words(Rule(RuleKind.DEDUCT, per=D("0.3")), Nature.LE, D(0), "%") == \
        "≤0%得满分；每超过 1 个百分点扣 0.3 分，扣完为止。"
    assert rule_words(BANDS, Nature.GE, None, "%") == \
        "≥95%得满分；90%（含）–95%得分值的 80%；85%（含）–90%得分值的 60%；低于85%不得分。"


@pytest.mark.parametrize("words, weight, rule, nature, target", [
    ("以100%为标准。在职人员控制率≤100%，计1分；每超过一个百分点扣0.1分，扣完为止。", "1",
     Rule(RuleKind.DEDUCT, per=D("0.1")), Nature.LE, D(100)),
    ("“三公经费”变动率≦0，计3分；“三公经费”变动率>0，每超过一个百分点扣0.3分，扣完为止。", "3",
     Rule(RuleKind.DEDUCT, per=D("0.3")), Nature.LE, D(0)),
    ("100%计满分，每低于5%扣2分，扣完为止。", "5", Rule(RuleKind.DEDUCT, per=D(2), step=D(5)), Nature.GE, D(100)),
    ("预算执行率≥95%，计5分；90%（含）-95%，计4分；80%（含）-90%，计2分；低于80%不得分。", "5",
     Rule(RuleKind.BANDS, bands=(Band(D(95), D(1)), Band(D(90), D("0.8")), Band(D(80), D("0.4")))), Nature.GE, None),
    ("预算调整率=0，计5分；0-10%（含），计4分；10-20%（含），计3分；大于20%不得分。", "5",
     Rule(RuleKind.BANDS, bands=(Band(D(0), D(1)), Band(D(10), D("0.8")), Band(D(20), D("0.6")))), Nature.LE, None),
    ("按完成比例计算得分，满分为止。", "5", Rule(RuleKind.RATIO), None, None),
    ("评价要点：①…；②…。每少一项扣1分，扣完为止。", "2", Rule(RuleKind.HAND), None, None),
])
def test_published_wordings(words, weight, rule, nature, target):
    read = rule_from_words(words, D(weight))
    assert (read.rule, read.nature, read.target) == (rule, nature, target)


@pytest.mark.parametrize("words", ["", "酌情给分，每超过1个百分点扣0.5分", "很好", "≥95%得满分，每低于1个百分点扣1分，90%-95%得80%"])
def test_ambiguous_words_are_not_guessed(words):
    assert rule_from_words(words, D(5)) is None


def test_a_rule_from_a_framework_file_is_checked():
    assert Rule.from_dict({"kind": "deduct", "per": "0.5"}) == STAFF
    for bad, message in (({"kind": "deduct"}, "每档扣分"), ({"kind": "sometimes"}, "无法识别"),
                         ({"kind": "bands", "bands": []}, "至少"), ({"kind": "deduct", "per": 0.5}, "浮点数"),
                         ({"kind": "ratio", "cap": "1"}, "无法识别的项")):
        with pytest.raises(RuleError, match=message):
            Rule.from_dict(bad)
    assert "越接近目标" in Rule(RuleKind.BANDS, bands=(Band(D(95), D("0.5")), Band(D(90), D(1)))).problem(
        nature=Nature.GE)


def test_a_negative_change_rate_is_typed_and_scored():
    table = SelfEvalTable(groups=(Group("投入", D(3), (Category("预算配置"),)),))
    ref = RowRef(0, 0, None)
    table, ref = set_cell(table, ref, "name", "“三公经费”变动率")
    table, ref = set_cell(table, ref, "nature", "≤")
    table, ref = set_cell(table, ref, "weight", "3")
    table, ref = set_cell(table, ref, "rule", "“三公经费”变动率≤0，计3分；每超过一个百分点扣0.3分，扣完为止。")
    table, ref = set_cell(table, ref, "actual", "−3 %")  # U+2212, as Word and WPS type it
    ind = table.groups[0].categories[0].indicators[0]
    assert (ind.actual, ind.target, ind.unit) == (D(-3), D(0), "%")
    assert indicator_score(ind, table.rules).computed == D("3.00")
    assert cell_text(table, ref, "rule") == "≤0%得满分；每超过 1 个百分点扣 0.3 分，扣完为止。"
    with pytest.raises(CellError, match="无法识别为评分规则"):
        set_cell(table, ref, "rule", "看情况")
    assert set_cell(table, ref, "rule", "")[0].groups[0].categories[0].indicators[0].rule is None


# ---------------------------------------------------------------- properties

values = st.decimals(min_value=-200, max_value=400, places=2, allow_nan=False, allow_infinity=False)
weights = st.decimals(min_value=0, max_value=30, places=1, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value="0.1", max_value=10, places=1, allow_nan=False, allow_infinity=False)
natures = st.sampled_from([Nature.GE, Nature.LE, Nature.EQ])


@st.composite
def rules(draw):
    kind = draw(st.sampled_from([k for k in RuleKind if k is not RuleKind.HAND]))
    if kind is RuleKind.DEDUCT:
        return Rule(kind, per=draw(positive), step=draw(positive), floor=draw(st.sampled_from([D(0), D(1)])),
                    whole_steps=draw(st.booleans()))
    if kind is RuleKind.BANDS:
        bounds = sorted(draw(st.sets(st.integers(-50, 150), min_size=1, max_size=4)), reverse=True)
        fractions = sorted(draw(st.lists(st.sampled_from([D(0), D("0.4"), D("0.6"), D("0.8"), D(1)]),
                                         min_size=len(bounds), max_size=len(bounds))), reverse=True)
        return Rule(kind, bands=tuple(Band(D(b), f) for b, f in zip(bounds, fractions)))
    if kind is RuleKind.RATIO:
        return Rule(kind, full_at=draw(st.one_of(st.none(), values)))
    return Rule(kind)


@given(rules(), natures, values, values, weights)
def test_scores_stay_within_zero_and_the_weight(rule, nature, target, actual, weight):
    if rule.kind is RuleKind.BANDS and nature is Nature.LE:
        rule = Rule(RuleKind.BANDS, bands=tuple(Band(-b.bound, b.fraction) for b in rule.bands))
    value = rule_score(rule, Inputs(nature, target, actual, None, weight), DEFAULT_LEVEL_FRACTIONS)
    assert value is None or D(0) <= value <= weight


@given(rules(), st.sampled_from([Nature.GE, Nature.LE]), values, values, values, weights)
def test_monotone_in_the_completed_value(rule, nature, target, a, b, weight):
    """≥: more is never worse; ≤: less is never worse (every kind but =, which is not monotone by design)."""
    if rule.kind is RuleKind.BANDS and nature is Nature.LE:
        rule = Rule(RuleKind.BANDS, bands=tuple(Band(-x.bound, x.fraction) for x in rule.bands))
    low, high = sorted((a, b))
    s_low = rule_score(rule, Inputs(nature, target, low, None, weight), DEFAULT_LEVEL_FRACTIONS)
    s_high = rule_score(rule, Inputs(nature, target, high, None, weight), DEFAULT_LEVEL_FRACTIONS)
    if s_low is None or s_high is None:
        return
    assert (s_high >= s_low) if nature is Nature.GE else (s_low >= s_high)


@given(rules(), natures, st.decimals(min_value=-100, max_value=300, places=1))
def test_words_read_back_for_any_rule(rule, nature, target):
    if rule.kind is RuleKind.BANDS and nature is Nature.EQ:
        nature = Nature.GE
    if rule.kind is RuleKind.BANDS and nature is Nature.LE:
        rule = Rule(RuleKind.BANDS, bands=tuple(Band(-x.bound, x.fraction) for x in rule.bands))
    if rule.kind is RuleKind.BANDS and rule.bands and all(b.fraction == 0 for b in rule.bands):
        return  # 「≥95% 不得分；…」 states nothing a band could be read from
    words = rule_words(rule, nature, target, "%", DEFAULT_LEVEL_FRACTIONS)
    read = rule_from_words(words, D(5))
    assert read is not None, words
    expected = rule
    if rule.kind is RuleKind.BANDS:  # bands that score 0 say nothing more than 「不得分」
        expected = Rule(RuleKind.BANDS, bands=tuple(b for b in rule.bands if b.fraction > 0))
    assert read.rule == expected, words


def test_band_scores_in_points_when_the_weight_is_known():
    bands = Rule(RuleKind.BANDS, bands=(Band(D(0), D(1)), Band(D(10), D(2) / D(3))))
    words = rule_words(bands, Nature.LE, None, "%", weight=D(3))
    assert words == "≤0%得满分；0%–10%%（含）得 2 分；高于10%不得分。".replace("%%", "%")
    assert rule_from_words(words, D(3)).rule == bands


@pytest.mark.parametrize("nature", [Nature.LE, Nature.GE, Nature.EQ])
def test_a_deduction_without_a_target_yet_reads_back(nature):
    words = rule_words(STAFF, nature, None, "%")
    assert words.startswith(("不超过指标值", "达到指标值", "等于指标值"))
    read = rule_from_words(words, D(5))
    assert (read.rule, read.nature, read.target) == (STAFF, nature, None)
