"""Helpers for tests/domain/checks: one-section reports and the findings on them."""

from __future__ import annotations

from selfeval.domain.checks import CheckSettings, Finding, Severity, run_checks
from selfeval.domain.model import Entry, Report, Section, SectionKind
from selfeval.bundled.templates import get_template
from selfeval.bundled.word_lists import reduplication

SETTINGS = CheckSettings.from_template(get_template("liwan-street-2024"), reduplication())


def one_section_report(*texts: str, kind: SectionKind = SectionKind.PARAGRAPHS, year: int = 2024,
                       intro: str = "") -> Report:
    section = Section(key="s", heading="测试栏目", level=2, kind=kind, intro=intro,
                      entries=[Entry(text=t) for t in texts])
    return Report(unit_name="测试单位", unit_short="测试", year=year, template_id="liwan-street-2024",
                  sections=[section])


def findings(report: Report, **kwargs) -> list[Finding]:
    return list(run_checks(report, kwargs.pop("settings", SETTINGS), **kwargs).findings)


def of_rule(report: Report, rule: str, **kwargs) -> list[Finding]:
    return [f for f in findings(report, **kwargs) if f.rule == rule]


def serious(report: Report, **kwargs) -> list[Finding]:
    """Findings at 错误 or 警告."""
    return [f for f in findings(report, **kwargs) if f.severity is not Severity.HINT]


def flagged_text(report: Report, finding: Finding) -> str:
    """The text at the finding's span, read back from the report (the span must be exact)."""
    from selfeval.domain.text_fields import field_text

    return field_text(report, finding.place)[finding.place.start:finding.place.end]


def in_text(found: list[Finding]) -> list[Finding]:
    """The findings on the 说明 (not on the 自评表's own cells and notes)."""
    return [f for f in found if f.place.field != "table"]
