"""The table as rows and cells of text (the tab's grid, the .xlsx): typing, rows, a pasted block."""

from __future__ import annotations

from decimal import Decimal

import pytest
from selfeval.domain.table.model import Level, Nature, Override
from selfeval.domain.table.rows import (
    COLUMN_KEYS,
    CellError,
    RowRef,
    cell_text,
    clipboard_cells,
    delete_row,
    indicator_at,
    insert_row,
    move_row,
    parse_budget_cell,
    paste_block,
    reading_note,
    set_cell,
    tree_rows,
)
from selfeval.bundled.templates import get_template

D = Decimal


def table():
    return get_template().new_report().table


def test_every_second_level_indicator_is_a_row_until_it_has_its_own():
    rows = tree_rows(table())
    assert len(rows) == 9 and all(r.index is None for r in rows)
    assert cell_text(table(), rows[4], "group") == "效益指标" and cell_text(table(), rows[4], "category") == "经济效益指标"


def test_typing_in_an_empty_row_adds_the_indicator():
    t, ref = set_cell(table(), RowRef(0, 0, None), "name", "完成固定资产投资")
    assert ref == RowRef(0, 0, 0) and indicator_at(t, ref).name == "完成固定资产投资"
    t, ref = set_cell(t, ref, "target", "６,０００万元")  # full width, thousands separator, a unit: read
    assert (indicator_at(t, ref).target, indicator_at(t, ref).unit) == (D("6000"), "万元")
    t, ref = set_cell(t, ref, "actual", "9170万元")
    t, ref = set_cell(t, ref, "weight", "20分")
    assert [cell_text(t, ref, k) for k in ("target", "unit", "actual", "weight")] == ["6,000.00", "万元", "9,170.00", "20"]
    assert set_cell(table(), RowRef(0, 0, None), "name", "  ")[0] == table()  # nothing typed: no row


@pytest.mark.parametrize("key, text, message", [
    ("target", "150,00", "逗号无法确定含义"),
    ("target", "95%", "不是百分数"),
    ("weight", "-5", "不能为负数"),  # a completed value may be negative (a 变动率, issue 20); a 分值 not
    ("weight", "十分", "不是有效的数值"),
    ("nature", "大于", "指标性质只能填写"),
    ("score", "25", "得分 25 超过了分值 20"),
    ("reason", "复核", "请先在“得分”栏填写得分"),
    ("group", "产出", "由大纲模板决定"),
])
def test_bad_cells_are_refused_in_chinese_and_the_table_is_unchanged(key, text, message):
    t, ref = set_cell(table(), RowRef(0, 0, None), "name", "投资")
    t, ref = set_cell(t, ref, "unit", "万元")
    t, ref = set_cell(t, ref, "weight", "20")
    with pytest.raises(CellError, match=message):
        set_cell(t, ref, key, text)


def test_qualitative_rows_take_a_text_target_and_a_level():
    t, ref = set_cell(table(), RowRef(1, 1, None), "name", "群众获得感")
    t, ref = set_cell(t, ref, "nature", "定性")
    t, ref = set_cell(t, ref, "target", "明显提升")
    t, ref = set_cell(t, ref, "actual", "部分达成")
    ind = indicator_at(t, ref)
    assert (ind.nature, ind.target_text, ind.level) == (Nature.QUALITATIVE, "明显提升", Level.PARTLY)
    with pytest.raises(CellError, match="达成、部分达成 或 未达成"):
        set_cell(t, ref, "actual", "完成")
    assert indicator_at(set_cell(t, ref, "nature", "＞＝")[0], ref).nature is Nature.GE


def test_a_typed_score_is_a_marked_override_and_the_computed_one_removes_it():
    t, ref = set_cell(table(), RowRef(0, 0, None), "weight", "10")
    t, ref = set_cell(t, ref, "score", "8")
    assert indicator_at(t, ref).override == Override(D(8), "")
    t, ref = set_cell(t, ref, "reason", "经复核")
    assert indicator_at(t, ref).override == Override(D(8), "经复核")
    assert cell_text(t, ref, "reason") == "经复核"
    t, ref = set_cell(t, ref, "score", "9.5", computed_score=D("9.5"))
    assert indicator_at(t, ref).override is None


def test_rows_are_inserted_deleted_and_moved_within_their_category():
    t, ref = insert_row(table(), RowRef(0, 0, None))
    assert ref == RowRef(0, 0, 1) and len(t.groups[0].categories[0].indicators) == 2
    t, _ = set_cell(t, RowRef(0, 0, 0), "name", "甲")
    t, _ = set_cell(t, RowRef(0, 0, 1), "name", "乙")
    t, ref = move_row(t, RowRef(0, 0, 0), 1)
    assert ref == RowRef(0, 0, 1) and [i.name for i in t.groups[0].categories[0].indicators] == ["乙", "甲"]
    assert move_row(t, ref, 5)[1] == RowRef(0, 0, 1)
    t = delete_row(t, RowRef(0, 0, 0))
    assert [i.name for i in t.groups[0].categories[0].indicators] == ["甲"]
    assert delete_row(t, RowRef(0, 1, None)) == t


def test_a_block_pasted_from_excel_is_applied_whole_or_refused_whole():
    name = COLUMN_KEYS.index("name")
    block = ("新增就业\t≥\t100\t人\t120\t5\r\n"
             "培训人次\t≥\t２００\t人次\t180\t五\r\n"
             "办结率\t=\t100\t%\t100\t5\r\n")
    with pytest.raises(CellError, match=r"粘贴的第 2 行第 6 格（“分值”栏，内容“五”）：分值：“五”不是有效的数值.*整块未粘贴"):
        paste_block(table(), RowRef(0, 0, None), name, block)
    result = paste_block(table(), RowRef(0, 0, None), name, block.replace("五", "5"))
    rows = result.table.groups[0].categories[0].indicators
    assert [i.name for i in rows] == ["新增就业", "培训人次", "办结率"]
    assert rows[1].target == D(200) and rows[1].weight == D(5)
    assert result.refs == (RowRef(0, 0, 0), RowRef(0, 0, 1), RowRef(0, 0, 2))
    assert result.table.groups[0].categories[1].indicators == ()


def test_excels_quoted_cells_on_the_clipboard():
    """Alt+Enter in a cell: Excel quotes the cell; a quote inside is doubled; a tab inside is kept."""
    block = '合格率\t95%\t"第一行\n第二行"\r\n"含""引号""的名称"\t"甲\t乙"\t\r\n'
    assert clipboard_cells(block) == [["合格率", "95%", "第一行\n第二行"], ['含"引号"的名称', "甲\t乙", ""]]
    assert clipboard_cells('"优"秀\t5\n') == [['"优"秀', "5"]]  # a quote inside an unquoted cell: as typed
    assert clipboard_cells("甲\t\t丙") == [["甲", "", "丙"]]
    assert clipboard_cells("a\n\n") == [["a"]]
    analysis = COLUMN_KEYS.index("analysis")
    name = COLUMN_KEYS.index("name")
    cells = "\t".join(["新增就业", "≥", "100", "人", "120", "5", "", "", "", '"超额完成。\n下年继续。"'])
    result = paste_block(table(), RowRef(0, 0, None), name, cells + "\r\n" + cells.replace("新增就业", "培训") + "\r\n")
    rows = result.table.groups[0].categories[0].indicators
    assert len(rows) == 2 and len(result.refs) == 2  # two rows, not three
    assert rows[0].analysis == "超额完成。\n下年继续。" and analysis == name + 9


def test_budget_cells_and_reading_notes():
    assert parse_budget_cell("7,704.69万元", "全年预算数") == D("7704.69")
    assert parse_budget_cell("", "全年预算数") is None
    with pytest.raises(CellError, match="全年预算数不能为负数"):
        parse_budget_cell("-1", "全年预算数")
    assert reading_note("7,704.69万元", "7704.69") == "“7,704.69万元”已按“7704.69”记录（全角数字、千位分隔符和单位已换算）。"
    assert reading_note("7704.69", "7704.69") == ""
