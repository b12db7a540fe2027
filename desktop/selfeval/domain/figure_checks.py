"""Checks of a section's figures: the computed rate beside a stated one, and the warnings a reviewer
would raise (a rate that does not match its formula, amounts in different units, a figure carried over
from last year and not yet confirmed). The figures editor shows these beside each figure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from selfeval.domain.figures import Figure, FigureKind, Formula, format_decimal, round_percent
from selfeval.domain.model import Section

REVIEW_TEXT = "请核对（沿用上年数据）"
RATE_PLACES = 2  # rates are written with two decimals (99.47%)


@dataclass(frozen=True)
class FigureStatus:
    computed: str = ""  # "计算值 99.47%"
    warnings: tuple[str, ...] = ()
    review: bool = False
    source: str = ""  # "正文引用自评表的全年执行数…": where the text takes the value from

    @property
    def text(self) -> str:
        parts = [self.source] if self.source else []
        parts += [REVIEW_TEXT] if self.review else []
        if self.computed:
            parts.append(self.computed)
        return "；".join(parts + list(self.warnings))


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else RATE_PLACES


def source_text(figure: Figure) -> str:
    """Where the text takes a quoting figure's value from (the 自评表), or ""."""
    if not figure.source:
        return ""
    return f"正文引用自评表的“{figure.source}”（在“自评表”页修改；表中未填时用此处的值）"


def figure_status(section: Section, figure: Figure) -> FigureStatus:
    status = _status(section, figure)
    return replace(status, source=source_text(figure)) if figure.source else status


def _status(section: Section, figure: Figure) -> FigureStatus:
    if not figure.formula:
        return FigureStatus(review=figure.review)
    try:
        formula = Formula.parse(figure.formula)
    except ValueError:
        return FigureStatus(review=figure.review, warnings=(f"计算公式“{figure.formula}”无法识别。",))
    figures = section.figure_map()
    computed = section.computed(figure)
    warnings: list[str] = []
    if computed is None:
        text = f"计算值：填写{formula.numerator}和{formula.denominator}后自动计算"
    else:
        text = f"计算值 {format_decimal(round_percent(computed, RATE_PLACES))}{figure.unit}"
        if figure.value is None:
            text += "（正文中使用此值）"
        elif round_percent(computed, _places(figure.value)) != figure.value:
            warnings.append(f"填写的 {format_decimal(figure.value)}{figure.unit} 与计算值不一致，请核对")
    num, den = figures.get(formula.numerator), figures.get(formula.denominator)
    if (num is not None and den is not None and num.kind is FigureKind.MONEY and den.kind is FigureKind.MONEY
            and num.unit != den.unit and num.value is not None and den.value is not None):
        same_unit = {num.name: num, den.name: replace(den, unit=num.unit)}
        alike = formula.evaluate(same_unit)
        message = (f"{num.name}单位为“{num.unit}”，{den.name}单位为“{den.unit}”，单位不一致，请核对")
        if alike is not None:
            message += f"（若单位相同，计算值为 {format_decimal(round_percent(alike, RATE_PLACES))}{figure.unit}）"
        warnings.append(message)
    return FigureStatus(computed=text, warnings=tuple(warnings), review=figure.review)
