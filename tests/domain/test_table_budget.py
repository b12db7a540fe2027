"""The budget block's cells (domain.table.budget): each typed amount read one way or refused with the reason,
and the hand-set score rule in one place (typed in the tab, read from a workbook)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from selfeval.domain.table import budget as cells
from selfeval.domain.table.cell_numbers import CellError, parse_cell_number, reading_note
from selfeval.domain.table.model import BudgetRow, BudgetRowKey, Override
from selfeval.bundled.templates import get_template

D = Decimal
TOTAL = BudgetRowKey.TOTAL


def table():
    return get_template().new_report().table


@pytest.mark.parametrize("typed, value", [
    ("1,234.5", D("1234.5")),  # thousands separator in groups of three
    ("７,８００", D("7800")),  # full-width digits and comma
    ("12,345,678.90", D("12345678.90")),
    ("150.00", D("150.00")),  # the legitimate twin of 「150,00」
    ("1.2万", D("1.2")),  # 万 in a 万元 column: 万元
    ("1.2万元", D("1.2")),
    ("12000元", D("1.2")),  # 元 converted exactly
    ("0.5亿元", D("5000")),
    ("7 704.69", D("7704.69")),
])
def test_amounts_understood_unambiguously(typed, value):
    assert cells.parse_amount(typed, "全年预算数") == value


@pytest.mark.parametrize("typed, reason", [
    ("150,00", "逗号无法确定含义"),  # 150.00 or 15000: refused, never 15000
    ("1.234,5", "逗号无法确定含义"),
    ("7,8", "逗号无法确定含义"),
    ("95%", "填写的是金额，不是百分数"),
    ("-1", "不能为负数"),
    ("一百", "不是有效的"),
    ("12ab", "不是有效的金额"),
    ("7704.69元", "最多 2 位小数：“7704.69元”即 0.770469万元"),  # the sample's slip, typed in the grid
    ("7850.325", "最多 2 位小数"),
])
def test_ambiguous_or_wrong_amounts_are_refused_with_the_reason(typed, reason):
    with pytest.raises(CellError, match=reason):
        cells.parse_amount(typed, "全年预算数")


def test_percent_and_count_columns():
    assert parse_cell_number("95%", "%", what="实际完成值") == D("95")
    assert parse_cell_number("95", "%", what="实际完成值") == D("95")
    assert parse_cell_number("1.2万", "人次", what="实际完成值") == D("12000")
    with pytest.raises(CellError, match="不是百分数"):
        parse_cell_number("95%", "件", what="实际完成值")


def test_a_refused_cell_leaves_the_table_as_it_was():
    t = cells.with_cell(table(), BudgetRowKey.OTHER, 2, "150")
    with pytest.raises(CellError, match="“其他资金”的全年执行数（B）"):
        cells.with_cell(t, BudgetRowKey.OTHER, 2, "150,00")
    assert t.budget.row(BudgetRowKey.OTHER).spent == D("150")


def test_money_is_shown_with_two_decimals_and_thousands():
    assert cells.money_text(D("7000")) == "7,000.00"
    assert cells.money_text(D("7450.1")) == "7,450.10"
    assert cells.money_text(D("0.005")) == "0.01"  # half up, the one rounding rule
    assert cells.money(D("2.675")) == D("2.68")
    assert cells.money_text(D("7850.32"), grouping=False) == "7850.32"
    assert cells.money_text(None) == ""
    assert reading_note("7850.32", "7,850.32") == "" and reading_note("7000", "7,000.00") == ""
    assert "已按" in reading_note("1.2万", "1.20")


def filled():
    t = table()
    return t.with_budget(t.budget.with_row(BudgetRow(TOTAL, D("7000"), D("7850.32"), D("7790.15"))))


def test_a_typed_score_is_hand_set_unless_it_is_the_computed_one():
    t = filled()
    computed = cells.computed_score(t.budget)
    assert computed == D("9.92")
    assert cells.with_cell(t, TOTAL, cells.SCORE_COLUMN, "9.92").budget.override is None
    t2 = cells.with_cell(t, TOTAL, cells.SCORE_COLUMN, "9")
    assert t2.budget.override == Override(D("9"), "")
    t3 = cells.with_cell(t2, TOTAL, cells.REASON_COLUMN, "审计调整")
    t4 = cells.with_cell(t3, TOTAL, cells.SCORE_COLUMN, "8.5*")
    assert t4.budget.override == Override(D("8.5"), "审计调整")  # the reason stays with a new score
    assert cells.with_cell(t4, TOTAL, cells.SCORE_COLUMN, "").budget.override is None
    with pytest.raises(CellError, match="超过了分值"):
        cells.with_cell(t, TOTAL, cells.SCORE_COLUMN, "11")
    with pytest.raises(CellError, match="请先在“得分”栏填写得分"):
        cells.with_cell(t, TOTAL, cells.REASON_COLUMN, "理由")
    with pytest.raises(CellError, match="不需要填写"):
        cells.with_cell(t, BudgetRowKey.FISCAL, cells.SCORE_COLUMN, "9")


def test_a_score_read_from_a_workbook_is_hand_set_only_with_its_reason():
    stale = cells.sheet_override(D("9.50"), "", D("9.92"), D("10"), "预算执行率")
    assert stale.override is None and "按计算值 9.92 记录" in stale.note
    same = cells.sheet_override(D("9.92"), "", D("9.92"), D("10"), "预算执行率")
    assert same.override is None and same.note == ""
    kept = cells.sheet_override(D("9.50"), "审计调整", D("9.92"), D("10"), "预算执行率")
    assert kept.override == Override(D("9.50"), "审计调整") and kept.note == ""
    with pytest.raises(CellError, match="没有得分"):
        cells.sheet_override(None, "审计调整", D("9.92"), D("10"), "预算执行率")
    with pytest.raises(CellError, match="超过了分值"):
        cells.sheet_override(D("12"), "审计调整", D("9.92"), D("10"), "预算执行率")


def test_the_heads_are_written_once():
    from selfeval.domain.table import form
    from selfeval.export import table_xlsx
    from selfeval.ui.views import table_tab

    assert table_xlsx.BUDGET_HEADERS is cells.BUDGET_HEADS
    assert table_tab.BUDGET_COLUMNS is cells.BUDGET_HEADS
    assert form.BUDGET_HEADERS[1:] == cells.BUDGET_HEADS[:6]


def test_parts_sum():
    t = filled()
    assert cells.parts_sum(t.budget, "budget") is None
    t = cells.with_cell(t, BudgetRowKey.FISCAL, 1, "7000")
    t = cells.with_cell(t, BudgetRowKey.OTHER, 1, "850.32")
    assert cells.parts_sum(t.budget, "budget") == D("7850.32")
    assert [r.key for r in cells.filled_parts(t.budget, "budget")] == [BudgetRowKey.FISCAL, BudgetRowKey.OTHER]
    assert replace(t.budget, override=None) == t.budget
