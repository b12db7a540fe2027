"""The 自评表 a report is edited with: its own, or, for a report made before the table existed, a fresh one
from its outline template's indicator tree (the template the report names, else the default one)."""

from __future__ import annotations

from selfeval.domain.errors import TemplateError
from selfeval.domain.model import Report
from selfeval.domain.table.model import SelfEvalTable
from selfeval.bundled.templates import get_template


def table_of(report: Report) -> SelfEvalTable:
    if not report.table.is_blank:
        return report.table
    try:
        template = get_template(report.template_id)
    except TemplateError:
        template = get_template()
    return template.table.new_table() if template.table else report.table


def table_landscape(report: Report) -> bool:
    """Whether the report's outline template prints the 自评表 on landscape pages (its ``[table]
    orientation``); the default template's choice for a template no longer bundled."""
    try:
        template = get_template(report.template_id)
    except TemplateError:
        template = get_template()
    return template.table.landscape if template.table else False
