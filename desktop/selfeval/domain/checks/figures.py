"""Rules on a section's figures: the computed rate beside a stated one, a rate that does not match its
formula, amounts in different units, a figure carried over from last year and not yet confirmed.

``figure_status`` is what the figures editor shows beside each figure; ``check`` gives the same
problems as findings of the check engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from selfeval.domain.checks.context import CheckContext
from selfeval.domain.checks.findings import Finding, Severity
from selfeval.domain.figures import MONEY_UNITS, Figure, FigureKind, Formula, format_decimal, round_percent
from selfeval.domain.model import Section
from selfeval.domain.table.figure_homes import meaning
from selfeval.domain.text_fields import Place

REVIEW_TEXT = "请核对（沿用上年数据）"
RATE_PLACES = 2  # rates are written with two decimals (99.47%)


@dataclass(frozen=True)
class FigureProblem:
    rule: str
    message: str
    figure: str  # the figure the problem is placed on


@dataclass(frozen=True)
class FigureStatus:
    computed: str = ""  # "计算值 99.47%"
    warnings: tuple[str, ...] = ()
    review: bool = False
    problems: tuple[FigureProblem, ...] = ()
    source: str = ""  # "正文引用自评表的…": where the text takes the value from

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
        message = f"计算公式“{figure.formula}”无法识别。"
        return FigureStatus(review=figure.review, warnings=(message,),
                            problems=(FigureProblem("figure.formula_invalid", message, figure.name),))
    figures = section.figure_map()
    computed = section.computed(figure)
    warnings: list[str] = []
    problems: list[FigureProblem] = []
    if computed is None:
        text = f"计算值：填写{formula.numerator}和{formula.denominator}后自动计算"
    else:
        text = f"计算值 {format_decimal(round_percent(computed, RATE_PLACES))}{figure.unit}"
        if figure.value is None:
            text += "（正文中使用此值）"
        elif round_percent(computed, _places(figure.value)) != figure.value:
            warnings.append(f"填写的 {format_decimal(figure.value)}{figure.unit} 与计算值不一致，请核对")
            problems.append(FigureProblem("figure.rate_mismatch", warnings[-1], figure.name))
    num, den = figures.get(formula.numerator), figures.get(formula.denominator)
    if (num is not None and den is not None and num.kind is FigureKind.MONEY and den.kind is FigureKind.MONEY
            and num.unit != den.unit and num.value is not None and den.value is not None):
        same_unit = {num.name: num, den.name: den._replace(unit=num.unit)}
        alike = formula.evaluate(same_unit)
        message = (f"{num.name}单位为“{num.unit}”，{den.name}单位为“{den.unit}”，单位不一致，请核对")
        if alike is not None:
            message += f"（若单位相同，计算值为 {format_decimal(round_percent(alike, RATE_PLACES))}{figure.unit}）"
            if figure.value is not None and round_percent(alike, _places(figure.value)) == figure.value:
                # The stated rate fits the figures taken in one unit: the unit is the slip, not the rate.
                problems = []
        warnings.append(message)
        # Placed on the figure in the smaller unit: "7704.69元" beside "7663.69万元" is the usual slip.
        odd = min((num, den), key=lambda f: MONEY_UNITS[f.unit])
        problems.append(FigureProblem("figure.unit_mismatch", message, odd.name))
    return FigureStatus(computed=text, warnings=tuple(warnings), review=figure.review, problems=tuple(problems))


def check(ctx: CheckContext) -> Iterator[Finding]:
    for section in ctx.report.sections:
        for figure in section.figures:
            status = figure_status(section, figure)
            for problem in status.problems:
                target = section.figure(problem.figure) or figure
                excerpt = target.render() if target.value is not None else target.formula
                severity = Severity.ERROR if problem.rule == "figure.formula_invalid" else Severity.WARNING
                yield Finding(problem.rule, severity, f"数据“{figure.name}”：{problem.message}。",
                              Place(section.key, None, "figure", target.name, 0, len(excerpt)), excerpt)
            if figure.review and not meaning(figure):  # a budget figure: table_figures says it louder
                excerpt = figure.render()
                yield Finding("figure.review", Severity.HINT,
                              f"数据“{figure.name}”沿用上年数值，请核对后在数据栏确认。",
                              Place(section.key, None, "figure", figure.name, 0, len(excerpt)), excerpt)
