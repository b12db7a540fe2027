from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfeval.domain.errors import InvalidNumber
from selfeval.domain.figures import (
    Amount, Figure, FigureKind, Formula, amounts_in_text, format_decimal, parse_amount, parse_decimal,
)


@pytest.mark.parametrize("text, expected", [
    ("7663.69", Decimal("7663.69")),
    ("7,663.69", Decimal("7663.69")),
    ("７６６３．６９", Decimal("7663.69")),
    (" 12 ", Decimal("12")),
    ("-3.5", Decimal("-3.5")),
    ("0.10", Decimal("0.10")),
])
def test_parse_decimal_accepts_what_clerks_type(text, expected):
    value = parse_decimal(text)
    assert value == expected and isinstance(value, Decimal)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "1e5", "12元3", "NaN", "Infinity", "9" * 20])
def test_parse_decimal_refuses_with_a_chinese_message(text):
    with pytest.raises(InvalidNumber) as info:
        parse_decimal(text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))


def test_parse_amount_units():
    assert parse_amount("7663.69万元") == Amount(Decimal("7663.69"), "万元")
    assert parse_amount("99.47%") == Amount(Decimal("99.47"), "%")
    assert parse_amount("64家") == Amount(Decimal(64), "家")
    assert parse_amount("12", default_unit="元") == Amount(Decimal(12), "元")
    with pytest.raises(InvalidNumber):
        parse_amount("12")


def test_money_conversion_is_exact():
    assert Amount(Decimal("7704.69"), "万元").in_yuan() == Decimal("77046900")
    assert Amount(Decimal("1.5"), "亿元").to("万元").value == Decimal("15000")


def test_formula_is_unit_aware_and_catches_the_sample_mistake():
    spent = Figure("已用金额", FigureKind.MONEY, "万元", Decimal("7663.69"))
    budget_right = Figure("预算金额", FigureKind.MONEY, "万元", Decimal("7704.69"))
    budget_wrong = Figure("预算金额", FigureKind.MONEY, "元", Decimal("7704.69"))
    rate = Formula.parse("已用金额 / 预算金额")
    right = rate.evaluate({"已用金额": spent, "预算金额": budget_right})
    assert right.quantize(Decimal("0.01")) == Decimal("99.47")
    wrong = rate.evaluate({"已用金额": spent, "预算金额": budget_wrong})
    assert wrong > Decimal(900000)  # 7663.69 万元 over 7704.69 元 is not 99.47 %
    assert rate.evaluate({"已用金额": spent}) is None


def test_amounts_in_text():
    found = amounts_in_text("已用金额合计7663.69万元，预算金额合计为7704.69元，执行率99.47%，完成率152.83％。")
    assert [a for _, _, a in found] == [
        Amount(Decimal("7663.69"), "万元"), Amount(Decimal("7704.69"), "元"),
        Amount(Decimal("99.47"), "%"), Amount(Decimal("152.83"), "%"),
    ]


def test_figure_render_keeps_written_digits_and_marks_missing_value():
    assert Figure("a", FigureKind.MONEY, "万元", Decimal("7704.690")).render() == "7704.690万元"
    assert Figure("执行率", FigureKind.PERCENT, "%").render() == "【执行率】"


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, places=4))
def test_format_then_parse_round_trips(value):
    assert parse_decimal(format_decimal(value)) == value
