"""A new report from last year's: same text and structure, the year moved on, figures marked to review."""

from __future__ import annotations

from selfeval.domain.model import Report


def next_year_report(last: Report, year: int | None = None) -> Report:
    report = last.copy()
    old_year = last.year
    report.year = year if year is not None else (old_year + 1 if old_year else 0)
    if report.title_override and old_year:
        report.title_override = report.title_override.replace(str(old_year), str(report.year))
    report.sign_date = None
    report.explanations = {}  # they answered last year's text; this year's findings are answered anew
    report.table = report.table.for_next_year()  # the 自评表's tree and targets; this year's results empty
    for section in report.sections:
        section.figures = [f._replace(review=True) if f.value is not None else f for f in section.figures]
    return report


def figures_to_review(report: Report) -> list[tuple[str, str]]:
    """(section key, figure name) of every figure still marked to review."""
    return [(s.key, f.name) for s in report.sections for f in s.figures if f.review]
