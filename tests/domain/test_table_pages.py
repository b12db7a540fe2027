"""The 自评表's page estimate (``domain.table_pages``): wrapped cell lines, rows never split, the header
row repeated; checked against LibreOffice's pages in tests/export/test_table_pages_render.py."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from selfeval.domain.table.pages import cell_lines, estimate_table_pages
from table_samples import grown


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("", Decimal(30), 1),
    ("数量指标", Decimal(30), 1),
    ("经济效益指标", Decimal(30), 1),  # 6 × 4.23 mm + 3.8 mm of cell margins
    ("经济效益指标", Decimal(25), 2),
    ("偏差原因分析" * 8, Decimal(45), 6),  # 9 a line
    ("9170万元", Decimal(25), 1),  # digits are half as wide: 4 characters
    ("91700000万元", Decimal(25), 2),
    ("一\n二\n三", Decimal(30), 3),
    ("很长" * 50, Decimal(5), 100),  # narrower than a character: one a line
])
def test_cell_lines(text, width, lines):
    assert cell_lines(text, width) == lines


@pytest.mark.parametrize(("rows", "long", "portrait", "landscape"), [
    # LibreOffice's counts (tests/export/test_table_pages_render.py); long names and analyses get the free
    # columns' width in portrait (9 pages) and landscape (5).
    (0, False, 2, 2), (10, False, 2, 2), (30, False, 3, 3), (15, True, 9, 5),
])
def test_estimate_table_pages(rows, long, portrait, landscape):
    report, table = grown(rows, long)
    assert estimate_table_pages(report, table) == portrait
    assert estimate_table_pages(report, table, landscape=True) == landscape


def test_long_goals_push_the_indicators_on():
    report, table = grown(5)
    assert estimate_table_pages(report, table) == 2
    assert estimate_table_pages(report, replace(table, goal_expected="目标" * 150, goal_achieved="完成" * 150)) == 3
