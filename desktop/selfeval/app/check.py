"""审核 a report: the check settings its outline template gives (with the bundled word lists), which report is
"last year's" for the cross-year rules, and the whole check of a stored report. One workflow for the window's
审核 panel and ``selfeval check``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from selfeval.bundled.templates import get_template
from selfeval.bundled.word_lists import reduplication
from selfeval.domain.checks import CheckResult, CheckSettings, run_checks
from selfeval.domain.errors import TemplateError
from selfeval.domain.model import Report


class _Info(Protocol):
    id: int
    unit_name: str
    year: int
    updated_at: object


@dataclass(frozen=True)
class Checked:
    """A stored report checked: the report, its findings and last year's report's id (None: none found)."""

    report: Report
    result: CheckResult
    last_year_id: int | None


def check_settings(template_id: str) -> CheckSettings:
    """The template's thresholds and required sections, and the bundled word lists; the defaults for an unknown
    template (a report made with a template this installation does not have still gets checked)."""
    lists = reduplication()
    try:
        template = get_template(template_id or None)
    except TemplateError:
        return CheckSettings(reduplication=lists)
    return CheckSettings.from_template(template, lists)


def previous_year_id(report: Report, infos: Iterable[_Info]) -> int | None:
    """The id of last year's report of the same unit (same 单位全称, year - 1; the one edited last
    if there are several), or None."""
    name = report.unit_name.strip()
    if not name or not report.year:
        return None
    candidates = [i for i in infos if i.unit_name.strip() == name and i.year == report.year - 1]
    if not candidates:
        return None
    return max(candidates, key=lambda i: (i.updated_at, i.id)).id


def compare_with_last_year(store, report_id: int | None, report: Report) -> Report | None:
    """Hands ``report`` last year's values its 「{执行率较上年}」 quotes compare with (``report.compared_with``,
    from last year's report of its unit in ``store``); returns that report (None: none)."""
    from selfeval.domain.table.year_over_year import last_year_values

    last_id = previous_year_id(report, [i for i in store.list_reports() if i.id != report_id])
    last = store.load(last_id) if last_id is not None else None
    report.compared_with = None if last is None else last_year_values(last.table, last.year)
    return last


def check_report(report: Report, *, last_year: Report | None = None, fonts=None) -> CheckResult:
    """Every rule on ``report`` with its template's settings; its 审核说明 mark the findings they answer.
    ``fonts``: the font families this PC has (None: the font rule needs Qt and runs in the window only)."""
    return run_checks(report, check_settings(report.template_id), fonts=fonts, last_year=last_year,
                      explanations=report.explanations)


def check_stored(store, report_id: int, *, fonts=None) -> Checked:
    """The stored report ``report_id`` checked, compared with last year's report of its unit if the store has one."""
    report = store.load(report_id)
    last_year = compare_with_last_year(store, report_id, report)
    last_id = previous_year_id(report, [i for i in store.list_reports() if i.id != report_id])
    return Checked(report, check_report(report, last_year=last_year, fonts=fonts), last_id)
