"""Figures: amounts, percentages and counts, always ``Decimal`` with a unit, never float.

A figure is written into the text as ``{名称}``; the section that holds it renders it with its unit.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, getcontext
from enum import Enum
from typing import NamedTuple

from selfeval.domain.lazy_pattern import LazyPattern
from selfeval.domain.errors import InvalidNumber


class FigureKind(str, Enum):
    MONEY = "money"
    PERCENT = "percent"
    COUNT = "count"


# Money units and their size in 元.
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
}
PERCENT_UNIT = "%"
DEFAULT_UNIT = {FigureKind.MONEY: "万元", FigureKind.PERCENT: PERCENT_UNIT, FigureKind.COUNT: "个"}


def unit_kind(unit: str) -> FigureKind:
    if unit in MONEY_UNITS:
        return FigureKind.MONEY
    if unit == PERCENT_UNIT:
        return FigureKind.PERCENT
    return FigureKind.COUNT


class Amount(NamedTuple):  # a named tuple: cheap to define at every start (issue 11)
    """A number with its unit: ``Amount(Decimal("7663.69"), "万元")``."""

    value: Decimal
    unit: str

    @property
    def kind(self) -> FigureKind:
        return unit_kind(self.unit)

    def in_yuan(self) -> Decimal:
        if self.kind is not FigureKind.MONEY:
            raise ValueError(f"{self.unit} is not a money unit")
        return self.value * MONEY_UNITS[self.unit]

    def to(self, unit: str) -> "Amount":
        return Amount(self.in_yuan() / MONEY_UNITS[unit], unit)

    def render(self) -> str:
        return format_decimal(self.value) + self.unit


class Figure(NamedTuple):  # a named tuple, not a frozen dataclass: cheap to define at every start (issue 11)
    """A named figure of a section, immutable (``fig._replace(value=…)`` gives a changed copy).
    ``value`` is None until the user fills it in.

    ``formula`` (``"已用金额 / 预算金额"``) marks a derived rate; ``review`` marks a figure carried over
    from last year's report that the user has not confirmed yet; ``source`` names the 自评表 value the
    figure quotes (``table_figures.TABLE_SOURCES``: the text then shows the table's value, kept live);
    ``apart`` is the reason a figure the table also holds keeps its own value instead.
    """

    name: str
    kind: FigureKind
    unit: str
    value: Decimal | None = None
    formula: str = ""
    review: bool = False
    source: str = ""
    apart: str = ""  # a figure the 自评表 also holds, kept apart from it on purpose: the written reason

    @property
    def amount(self) -> Amount | None:
        return None if self.value is None else Amount(self.value, self.unit)

    def render(self) -> str:
        if self.value is None:
            return f"【{self.name}】"
        return format_decimal(self.value) + self.unit

    def with_value(self, value: Decimal | None, unit: str | None = None) -> "Figure":
        return Figure(self.name, self.kind, unit or self.unit, value, self.formula, False, self.source, self.apart)


def format_decimal(value: Decimal) -> str:
    """Plain positional notation, keeping the digits the user wrote (``Decimal('7704.690')`` stays)."""
    text = format(value, "f")
    return "0" if text in ("-0", "") else text


_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")
_NUMBER_RE = LazyPattern(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# Thousands separators in groups of three, before any decimal point: 1,234 / 12,345.67 (never 150,00).
_GROUPED_RE = LazyPattern(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def _nfkc(text: str | None) -> str:
    import unicodedata  # on first use: a shared library the start can do without (issue 11)

    return unicodedata.normalize("NFKC", text or "")


def parse_decimal(text: str) -> Decimal:
    """Parse what a clerk types for a number: full-width digits, thousands separators, spaces.

    Raises :class:`InvalidNumber` with a Chinese message for anything else (letters, two points, …).
    """
    raw = _nfkc(text).translate(_FULLWIDTH)
    spaced = raw.replace(" ", "").replace("\u3000", "").strip()
    if "," in spaced and not _GROUPED_RE.match(spaced):
        raise InvalidNumber(f"“{text.strip()}”中的逗号无法确定含义：千位分隔符后应正好是三位数字（如 1,234.50）；"
                            "如果是小数，请用小数点（如 150.00）。")
    cleaned = spaced.replace(",", "")
    if not cleaned:
        raise InvalidNumber("请填写数值。")
    if not _NUMBER_RE.match(cleaned):
        raise InvalidNumber(f"“{text.strip()}”不是有效的数值，请只填写数字和小数点（例如 7663.69）。")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the regex already excludes these
        raise InvalidNumber(f"“{text.strip()}”不是有效的数值。") from None
    if abs(value) >= Decimal("1e15"):
        raise InvalidNumber(f"“{text.strip()}”超出了可以处理的范围。")
    return value


def parse_amount(text: str, default_unit: str | None = None) -> Amount:
    """Parse ``"7,663.69万元"``, ``"99.47%"``, ``"64家"``; a bare number takes ``default_unit``."""
    norm = _nfkc(text).translate(_FULLWIDTH).strip()
    m = re.match(r"^(.*?\d)\s*(亿元|万元|元|%|[\u4e00-\u9fff]{1,2})?$", norm)
    if not m:
        raise InvalidNumber(f"“{(text or '').strip()}”不是有效的数值。")
    unit = m.group(2) or default_unit
    if not unit:
        raise InvalidNumber(f"“{text.strip()}”缺少单位（元、万元、亿元或 %）。")
    return Amount(parse_decimal(m.group(1)), unit)


# Numbers with a unit as they stand in running text: "7663.69万元", "99.47%", "152.83％", "64家".
AMOUNT_IN_TEXT_RE = LazyPattern(r"(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(亿元|万元|元|%|％)")


def amounts_in_text(text: str) -> list[tuple[int, int, Amount]]:
    """Every money amount and percentage in ``text`` as (start, end, Amount)."""
    found = []
    for m in AMOUNT_IN_TEXT_RE.finditer(text):
        unit = "%" if m.group(2) == "％" else m.group(2)
        found.append((m.start(), m.end(), Amount(Decimal(m.group(1).replace(",", "")), unit)))
    return found


class Formula(NamedTuple):  # a named tuple: cheap to define at every start (issue 11)
    """A rate ``numerator / denominator`` between two money figures, as a percentage."""

    numerator: str
    denominator: str

    @classmethod
    def parse(cls, text: str) -> "Formula":
        parts = [p.strip() for p in text.split("/")]
        if len(parts) != 2 or not all(parts):
            raise ValueError(f"formula must be 'A / B': {text!r}")
        return cls(parts[0], parts[1])

    def evaluate(self, figures: dict[str, Figure]) -> Decimal | None:
        """The rate in percent, unit-aware (万元 over 元 is converted), or None when not computable."""
        num, den = figures.get(self.numerator), figures.get(self.denominator)
        if not num or not den or num.amount is None or den.amount is None:
            return None
        if num.kind is not FigureKind.MONEY or den.kind is not FigureKind.MONEY:
            return None
        den_yuan = den.amount.in_yuan()
        if den_yuan == 0:
            return None
        return num.amount.in_yuan() / den_yuan * 100


def round_places(value: Decimal, places: int = 2) -> Decimal:
    """``value`` to ``places`` decimals, half up: the one rounding rule of amounts and rates (7663.69 ÷
    7704.69 = 99.4678…% → 99.47%; 2.675 → 2.68), whatever the value's size: a rate over a tiny denominator
    (0.0000000001 元, typed or imported) has more digits than the default context holds, and ``quantize``
    would raise instead of printing it."""
    if not value.is_finite():
        return value
    context = Context(prec=max(getcontext().prec, value.adjusted() + places + 2))
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=context)


round_percent = round_places  # a rate is rounded as an amount is
