"""A new report from last year's: same text and structure, the year moved on, and none of last year's
figures surviving silently.

Every budget figure the 说明 states (预算金额, 已用金额, 执行率, 年初预算, 结转: ``figure_homes.meaning``) and
every figure named as a quantitative 三级 indicator of the table is linked to the new table and has no value
of its own: it reads 「待填」 (【名称】 in the text, an 错误 in 审核) until this year's table has it. A
figure kept apart from the table last year keeps its value and its reason, marked to review; every other
figure with a value is marked to review (「请核对（沿用上年数据）」) until confirmed.
"""

from __future__ import annotations

from selfeval.domain.figures import Figure
from selfeval.domain.model import Report
from selfeval.domain.table import figure_homes
from selfeval.domain.table.figures import indicator_source


def next_year_report(last: Report, year: int | None = None) -> Report:
    report = last.copy()
    old_year = last.year
    report.year = year if year is not None else (old_year + 1 if old_year else 0)
    if report.title_override and old_year:
        report.title_override = report.title_override.replace(str(old_year), str(report.year))
    report.sign_date = None
    report.explanations = {}  # they answered last year's text; this year's findings are answered anew
    report.table = report.table.for_next_year()  # the 自评表's tree and targets; this year's results empty
    indicators = {ind.name.strip() for _, _, ind in report.table.indicators()
                  if ind.name.strip() and ind.nature.quantitative}
    for section in report.sections:
        section.figures = [_carried(f, indicators) for f in section.figures]
    return report


def _carried(fig: Figure, indicators: set[str]) -> Figure:
    what = figure_homes.meaning(fig)
    if what and not fig.apart:
        return figure_homes.linked_figure(fig, what)  # 待填 until this year's table has it, in 万元
    if fig.name.strip() in indicators and not fig.apart and not fig.formula:
        return fig._replace(source=indicator_source(fig.name), value=None, review=False)
    return fig._replace(review=True) if fig.value is not None else fig


def figures_to_review(report: Report) -> list[tuple[str, str]]:
    """(section key, figure name) of every figure still marked to review."""
    return [(s.key, f.name) for s in report.sections for f in s.figures if f.review]


def figures_pending(report: Report) -> list[tuple[str, str]]:
    """(section key, figure name) of every figure waiting for the table (「待填」)."""
    table = report.table
    return [(s.key, f.name) for s in report.sections for f in s.figures
            if f.source and f.value is None and _pending(f, table)]


def _pending(fig: Figure, table) -> bool:
    from selfeval.domain.table.figures import source_amount

    return source_amount(table, fig.source) is None
