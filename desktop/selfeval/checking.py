"""Checking a stored report: the check settings its outline template gives, and which report is
"last year's" for the cross-year rules. Shared by the CLI (``selfeval check``) and the app."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from selfeval.domain.checks import CheckSettings
from selfeval.domain.errors import TemplateError
from selfeval.domain.model import Report
from selfeval.bundled.templates import get_template


class _Info(Protocol):
    id: int
    unit_name: str
    year: int
    updated_at: object


def check_settings(template_id: str) -> CheckSettings:
    """The template's thresholds and required sections; the defaults for an unknown template (a report
    made with a template this installation does not have still gets checked)."""
    try:
        template = get_template(template_id or None)
    except TemplateError:
        return CheckSettings()
    return CheckSettings.from_template(template)


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
