"""The export plan (plain Python): what the user's choice writes, and under which names."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from selfeval.domain.table.model import BudgetRow, BudgetRowKey
from selfeval.domain.export_plan import (
    DEFAULT_CHOICE,
    PagesPlan,
    Part,
    PlannedFile,
    TableChoice,
    choice_from,
    estimate_pages,
    pages_plan,
    plan_files,
    table_file_path,
    table_has_content,
)
from selfeval.bundled.report_table import table_of
from selfeval.bundled.samples import bundled_sample
from selfeval.bundled.templates import get_template

OUT = Path("/out/说明.docx")
PDF = Path("/out/说明.pdf")


@pytest.mark.parametrize(("target", "choice", "has_table", "expected"), [
    (OUT, TableChoice.COMBINED, True, [(OUT, Part.TABLE_AND_TEXT)]),
    (OUT, TableChoice.SEPARATE, True, [(OUT, Part.TEXT), (Path("/out/说明（自评表）.docx"), Part.TABLE)]),
    (OUT, TableChoice.TEXT_ONLY, True, [(OUT, Part.TEXT)]),
    (OUT, TableChoice.COMBINED, False, [(OUT, Part.TEXT)]),
    (OUT, TableChoice.SEPARATE, False, [(OUT, Part.TEXT)]),
    (PDF, TableChoice.SEPARATE, True, [(PDF, Part.TEXT), (Path("/out/说明（自评表）.pdf"), Part.TABLE)]),
    (PDF, TableChoice.COMBINED, True, [(PDF, Part.TABLE_AND_TEXT)]),
])
def test_plan_files(target, choice, has_table, expected):
    assert plan_files(target, choice, has_table) == tuple(PlannedFile(p, part) for p, part in expected)


@pytest.mark.parametrize(("path", "expected"), [
    ("/a/2024年度说明.docx", "/a/2024年度说明（自评表）.docx"),
    ("/a/v1.2 说明.pdf", "/a/v1.2 说明（自评表）.pdf"),
    ("/a/说明.DOCX", "/a/说明（自评表）.DOCX"),
])
def test_the_table_file_sits_beside_the_text_file(path, expected):
    assert table_file_path(Path(path)) == Path(expected)


@pytest.mark.parametrize(("value", "expected"), [
    ("combined", TableChoice.COMBINED), ("separate", TableChoice.SEPARATE),
    ("text_only", TableChoice.TEXT_ONLY), (None, DEFAULT_CHOICE), ("", DEFAULT_CHOICE), ("两个文件", DEFAULT_CHOICE),
])
def test_a_remembered_choice_is_read_back_or_falls_back(value, expected):
    assert choice_from(value) is expected


def test_the_labels_are_the_three_choices_the_user_reads():
    assert [c.label for c in TableChoice] == ["自评表和说明（同一文件，自评表在前）", "自评表和说明（两个文件）", "仅说明"]


def _fresh():
    return get_template().table.new_table()


@pytest.mark.parametrize(("change", "expected"), [
    (lambda t: t, False),
    (lambda t: replace(t, supervisor="区政府"), True),
    (lambda t: replace(t, supervisor="  "), False),
    (lambda t: replace(t, goal_expected="一是……"), True),
    (lambda t: replace(t, goal_achieved="完成"), True),
    (lambda t: replace(t, budget=replace(t.budget, rows=(BudgetRow(BudgetRowKey.TOTAL, budget=Decimal("1")),)
                                         + t.budget.rows[1:])), True),
])
def test_table_has_content(change, expected):
    assert table_has_content(change(_fresh())) is expected


def test_the_sample_table_has_content():
    assert table_has_content(table_of(bundled_sample()))


@pytest.mark.parametrize(("choice", "with_table", "parts"), [
    (TableChoice.COMBINED, True, (Part.TABLE_AND_TEXT,)),
    (TableChoice.SEPARATE, True, (Part.TABLE, Part.TEXT)),  # the table's file first, as they are handed in
    (TableChoice.TEXT_ONLY, True, (Part.TEXT,)),
    (TableChoice.COMBINED, False, (Part.TEXT,)),
])
def test_pages_plan(choice, with_table, parts):
    table = table_of(bundled_sample()) if with_table else _fresh()
    plan = pages_plan(choice, table, landscape=True)
    assert plan.parts == parts
    assert plan.has_table is (with_table and choice is not TableChoice.TEXT_ONLY)
    assert plan.landscape is plan.has_table and (plan.table is table) is plan.has_table
    assert pages_plan(choice, None) == PagesPlan()


@pytest.mark.parametrize(("choice", "pages"), [
    (TableChoice.COMBINED, 8), (TableChoice.SEPARATE, 8), (TableChoice.TEXT_ONLY, 6),
])
def test_the_page_estimate_counts_what_the_export_writes(choice, pages):
    report = bundled_sample()
    estimate, fill = estimate_pages(report, pages_plan(choice, table_of(report)))
    assert estimate == pages and int(fill * 100) == 73  # the 说明's last page, as the status bar says
