"""The 自评表's page estimate (``domain.table_pages``) against LibreOffice's pages of the same tables, in
both orientations (slow: one conversion per case)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from selfeval.domain.table.pages import estimate_table_pages
from selfeval.export.convert import docx_to_pdf
from selfeval.export.pdf_pages import pdf_pages
from selfeval.export.package import table_docx_bytes
from table_samples import grown

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("rows", "long", "goals", "landscape"), [
    (0, False, False, False), (30, False, False, False), (15, True, False, False), (15, True, False, True),
    (5, False, True, True),
])
def test_the_estimate_is_libreoffices_count(office_env, tmp_path, rows, long, goals, landscape):
    report, table = grown(rows, long)
    if goals:
        table = replace(table, goal_expected="目标" * 150, goal_achieved="完成" * 150)
    pdf = docx_to_pdf(table_docx_bytes(report, table, landscape=landscape), cache_dir=tmp_path)
    assert estimate_table_pages(report, table, landscape=landscape) == pdf_pages(pdf).count


@pytest.mark.parametrize("landscape", [False, True])
def test_the_estimate_counts_the_rule_column(office_env, tmp_path, landscape):
    """A framework's table prints a 评分标准 column (issue 20): its words wrap and count."""
    from selfeval.bundled.frameworks import get_framework
    from selfeval.bundled.templates import get_template

    report = get_template().new_report(unit_name="某县农业农村局", year=2024)
    table = get_framework("mof-2013").new_table()
    pdf = docx_to_pdf(table_docx_bytes(report, table, landscape=landscape), cache_dir=tmp_path)
    assert estimate_table_pages(report, table, landscape=landscape) == pdf_pages(pdf).count
