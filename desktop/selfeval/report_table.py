"""The 自评表 a report is edited with: its own, or, for a report made before the table existed, a fresh one
from its outline template's indicator tree (the template the report names, else the default one)."""

from __future__ import annotations

from selfeval.domain.errors import TemplateError
from selfeval.domain.model import Report
from selfeval.domain.table import SelfEvalTable
from selfeval.templates import get_template


def table_of(report: Report) -> SelfEvalTable:
    if not report.table.is_blank:
        return report.table
    try:
        template = get_template(report.template_id)
    except TemplateError:
        template = get_template()
    return template.table.new_table() if template.table else report.table
