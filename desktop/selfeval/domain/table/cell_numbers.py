"""A number typed in a 自评表 cell, read the one way the grid, a paste and the .xlsx import all read it.

Each text is either understood unambiguously or refused with the reason (``CellError``, Chinese), so that
the cell stays red and says why:

- full-width digits and separators (「７,８００」) are plain digits;
- thousands separators only in groups of three (「1,234.5」 reads 1234.5; 「150,00」 is refused: 150.00 or
  15000 cannot be told apart);
- the column's unit after the number is dropped; in a money column another money unit or 「万」/「亿」 is
  converted exactly (「1.2万」 in a 万元 column is 1.2; 「12000元」 is 1.2);
- 「95%」 is 95 in a column whose unit is %, and refused where an amount is meant;
- 「1.2万」 in a count column is 12000;
- negative numbers, letters, two points are refused.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from selfeval.domain.errors import InvalidNumber, UserError
from selfeval.domain.figures import MONEY_UNITS, PERCENT_UNIT, format_decimal, parse_decimal

# Multipliers written after a number without 元 (「1.2万」), in 元 for money or as plain factors.
_MULTIPLIERS = {"亿": Decimal(100_000_000), "万": Decimal(10_000)}


class CellError(UserError):
    """A cell's text cannot be used (the message says why, in Chinese)."""


def parse_cell_number(text: str, unit: str = "", *, what: str = "此栏", signed: bool = False) -> Decimal | None:
    """The number ``text`` means in a column measured in ``unit`` ("" for a plain number); empty → None.
    ``signed``: a negative number is a value like any other (a 变动率 of 「−3%」)."""
    raw = unicodedata.normalize("NFKC", text or "").replace("\u2212", "-").strip()
    if not raw:
        return None
    if raw.endswith("%") and unit != PERCENT_UNIT:
        shown = "金额" if unit in MONEY_UNITS else "数值"
        raise CellError(f"{what}填写的是{shown}，不是百分数：“{raw}”无法确定含义，请填写{shown}本身。")
    factor = Decimal(1)
    if unit and raw.endswith(unit):
        raw = raw[: -len(unit)].strip()
    elif unit in MONEY_UNITS:
        raw, factor = _money_suffix(raw, unit, what)
    else:
        for other in sorted(MONEY_UNITS, key=len, reverse=True):
            if raw.endswith(other):
                raise CellError(f"{what}只填写数字，单位在“度量单位”栏。")
        if raw[-1:] in _MULTIPLIERS and unit != PERCENT_UNIT:
            factor = _MULTIPLIERS[raw[-1]]
            raw = raw[:-1].strip()
    try:
        value = parse_decimal(raw) * factor
    except InvalidNumber as exc:
        raise CellError(f"{what}：{exc}") from None
    if value < 0 and not signed:
        raise CellError(f"{what}不能为负数。")
    if factor != 1:
        value = _plain(value)
    return value


def _money_suffix(raw: str, unit: str, what: str) -> tuple[str, Decimal]:
    """The number part of a money cell and the factor to the column's ``unit`` (「1.2万」, 「12000元」)."""
    for other in sorted(MONEY_UNITS, key=len, reverse=True):
        if raw.endswith(other):
            return raw[: -len(other)].strip(), MONEY_UNITS[other] / MONEY_UNITS[unit]
    if raw[-1:] in _MULTIPLIERS:
        return raw[:-1].strip(), _MULTIPLIERS[raw[-1]] / MONEY_UNITS[unit]
    if raw and not (raw[-1].isdigit() or raw[-1] == "."):
        raise CellError(f"{what}：“{raw}”不是有效的金额，请只填写数字（单位为“{unit}”）。")
    return raw, Decimal(1)


def _plain(value: Decimal) -> Decimal:
    """A converted value without trailing zeros or an exponent (1.2万 → 12000, 12000元 → 1.2)."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


def reading_note(typed: str, shown: str) -> str:
    """A note when a cell was read differently from how it was typed (full-width digits, thousands
    separators, the unit): "" when it reads as typed."""
    typed = (typed or "").strip()
    if not shown or typed == shown:
        return ""
    try:
        if Decimal(typed.replace(",", "")) == Decimal(shown.replace(",", "")):
            return ""  # the same number, only shown with two decimals and 千分位
    except ArithmeticError:
        pass
    return f"“{typed}”已按“{shown}”记录（全角数字、千位分隔符和单位已换算）。"


def number_text(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value)
