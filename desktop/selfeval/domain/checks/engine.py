"""The check engine: runs every rule family over a report and marks the findings a clerk has explained
or dismissed. Pure: the caller passes in what the domain cannot know (settings from the outline
template, the fonts on this PC, last year's report, the stored explanations)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from selfeval.domain.checks import (amounts, cross_year, doubled, figures, fonts, numbering, punctuation,
                                    required, table_figures, years)
from selfeval.domain.checks.context import CheckContext
from selfeval.domain.checks.findings import CheckResult, Finding, Status, with_keys
from selfeval.domain.checks.settings import CheckSettings
from selfeval.domain.explanations import Explanation
from selfeval.domain.model import Report

# One module per rule family, in the order their findings are listed within a place.
RULE_FAMILIES = (required, figures, table_figures, amounts, years, numbering, doubled, punctuation, fonts,
                 cross_year)


def as_read(report: Report, last_year: Report | None = None) -> Report:
    """``report`` with its sections as they read with the 自评表 (``quoting_table``): quoted figures hold the
    table's values and the table's indicators can be quoted by name, as the preview and the .docx print
    them. The checks look at this, never at values the text does not print."""
    from selfeval.domain.table.figures import quoting_table
    from selfeval.domain.table.year_over_year import last_year_values

    table = report.table
    if table.is_blank and table.budget.total.budget is None and table.budget.total.spent is None:
        return report
    last = report.compared_with if last_year is None else last_year_values(last_year.table, last_year.year)
    return report.copy_with(sections=[quoting_table(s, table, last) for s in report.sections])


def _order(report: Report):
    sections = {s.key: i for i, s in enumerate(report.sections)}

    def key(f: Finding):
        p = f.place
        return (sections.get(p.section, -1) if p.section else -1, -1 if p.entry is None else p.entry,
                p.field != "intro", p.field, p.figure, p.start, f.severity.rank, f.rule)
    return key


def run_checks(report: Report, settings: CheckSettings | None = None, *,
               fonts: frozenset[str] | set[str] | None = None, last_year: Report | None = None,
               explanations: Mapping[str, Explanation] | None = None) -> CheckResult:
    """All findings on ``report``, in reading order.

    ``fonts``: the font families this PC has (None: the font rule is skipped). ``last_year``: last
    year's report of the same unit (None: no cross-year rules). ``explanations``: finding key →
    :class:`Explanation` (the report's own, ``report.explanations``, when None); a 警告 or 提示 with
    one is marked explained or dismissed (still listed, no longer counted). An 错误 cannot be explained
    away: it stays open. Explanations that answer no finding come back in ``CheckResult.stale``.
    """
    ctx = CheckContext(as_read(report, last_year), settings or CheckSettings(),
                       frozenset(fonts) if fonts is not None else None, last_year)
    found: list[Finding] = []
    for family in RULE_FAMILIES:
        found.extend(family.check(ctx))
    found.sort(key=_order(report))
    findings = with_keys(found)
    if explanations is None:
        explanations = report.explanations
    if not explanations:
        return CheckResult(tuple(findings))
    findings = [_explained(f, explanations.get(f.key)) for f in findings]
    answered = {f.key for f in findings if f.explanation is not None}
    stale = tuple((k, e) for k, e in explanations.items() if k not in answered)
    return CheckResult(tuple(findings), stale)


def _explained(finding: Finding, explanation: Explanation | None) -> Finding:
    if explanation is None or not finding.explainable:
        return finding
    if not explanation.dismissed and not explanation.text.strip():
        return finding  # an empty explanation explains nothing
    status = Status.DISMISSED if explanation.dismissed else Status.EXPLAINED
    return replace(finding, status=status, explanation=explanation)
