"""The 自评表 in the .docx, read back with python-docx: before the 说明 on its own pages, or alone."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from selfeval.domain.document import report_text
from selfeval.domain.table.rows import RowRef, set_cell
from selfeval.export import export_docx
from selfeval.export.layout_check import check_layout, failures
from selfeval.export.package import docx_bytes
from selfeval.export.package import table_docx_bytes
from selfeval.export.table_docx import money
from selfeval.bundled.report_table import table_of
from selfeval.bundled.samples import bundled_sample

D = Decimal


def sample_table():
    report = bundled_sample()
    table = table_of(report)
    table, _ = set_cell(table, RowRef(0, 0, 0), "target", "6000")
    table, _ = set_cell(table, RowRef(0, 0, 0), "weight", "20")
    table, ref = set_cell(table, RowRef(1, 1, None), "name", "群众满意度提升")
    table, _ = set_cell(table, ref, "nature", "定性")
    table, _ = set_cell(table, ref, "target", "明显提升")
    table, _ = set_cell(table, ref, "actual", "部分达成")
    table, _ = set_cell(table, ref, "weight", "30")
    table, _ = set_cell(table, ref, "score", "20")
    table, _ = set_cell(table, ref, "reason", "经复核")
    return report, replace(table, supervisor="广州市荔湾区人民政府", goal_expected="一是……", goal_achieved="均已完成")


@pytest.fixture(scope="module")
def with_table():
    report, table = sample_table()
    return report, docx.Document(io.BytesIO(docx_bytes(report, table=table)))


def texts(table) -> list[list[str]]:
    """Each row's cells as a reader sees them: a cell spanning grid columns once."""
    out = []
    for row in table.rows:
        cells, seen = [], set()
        for c in row.cells:
            if id(c._tc) not in seen:
                seen.add(id(c._tc))
                cells.append(c.text)
        out.append(cells)
    return out


def test_the_table_comes_first_and_the_shuoming_starts_on_a_new_page(with_table):
    report, doc = with_table
    assert len(doc.tables) == 2
    body = [p for p in doc.paragraphs if p.text.strip()]
    assert body[0].text.replace("\n", "") == report.title and body[0].paragraph_format.page_break_before
    assert "\n".join(p.text for p in body[1:]) == report_text(report).split("\n", 1)[1]
    head, indicators = doc.tables
    rows = texts(head)
    assert rows[0][0] == "部门整体支出绩效自评表" and rows[1][0] == "（2024年度）"
    assert rows[2] == ["部门（单位）名称", "广州市荔湾区人民政府昌华街道办事处", "主管部门", "广州市荔湾区人民政府"]
    assert rows[7] == ["年度资金总额", "", "7,704.69", "7,663.69", "10", "99.47%", "9.95"]  # as the grid shows
    assert rows[4] == ["自评总分", "47.95", "等级", "未完成"]  # 分值 not yet 100: no grade


def test_the_indicator_block_has_the_national_columns_and_merged_cells(with_table):
    _, doc = with_table
    rows = texts(doc.tables[1])
    assert rows[0] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    # 「产出\n指标」: the narrow portrait 一级 column breaks before 指标, not one or two characters a line
    assert rows[1] == ["产出\n指标", "数量指标", "完成固定资产", "≥6000.00万元", "9170.00万元", "20", "18.00", "完成率152.83%"]
    assert [r[0] for r in rows[1:5]] == ["产出\n指标"] * 4  # one merged cell over the four 二级 rows
    assert rows[6][2:] == ["群众满意度提升", "明显提升", "部分达成", "30", "20.00*", "得分说明：经复核"]
    assert rows[-3][0] == "总分" and rows[-3][1:] == ["100", "47.95", "等级：未完成（分值合计60分）"]
    assert rows[-2][0].startswith("填报人：") and "审核人：" in rows[-2][0] and "单位负责人：" in rows[-2][0]
    assert rows[-1][0].startswith("单位（盖章）：") and rows[-1][0].endswith("填报日期：\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日")
    tcs = doc.tables[1]._tbl.xpath(".//w:tc[w:tcPr/w:vMerge]")
    assert tcs, "一级/二级 cells are merged vertically"


def test_rows_never_split_the_header_repeats_and_every_border_is_drawn(with_table):
    _, doc = with_table
    for table, bottom in zip(doc.tables, ("nil", "single")):  # the first closed by the second's top line
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert [b.get(qn("w:val")) for b in borders] == ["single", "single", bottom, "single", "single", "single"]
    header = [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in doc.tables[1].rows]
    assert header[0] and not any(header[1:])


def test_cells_are_fangsong_xiaosi_headers_bold_amounts_right_aligned(with_table):
    _, doc = with_table
    indicators = doc.tables[1]
    cell = indicators.cell(1, 2)
    run = cell.paragraphs[0].runs[0]
    assert run.font.size.pt == 12
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert indicators.cell(0, 0).paragraphs[0].runs[0].font.bold
    assert indicators.cell(1, 6).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    amount = next(c for c in doc.tables[0].rows[7].cells if c.text == "7,704.69")
    assert amount.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert money(D("6000")) == "6,000.00" and money(D("7663.695")) == "7,663.70" and money(None) == ""


def test_the_document_still_passes_every_layout_check(tmp_path):
    report, table = sample_table()
    path = export_docx(report, tmp_path / "表和说明.docx", table=table)
    assert failures(check_layout(path)) == []


def test_the_table_alone_is_a_document_of_its_own():
    report, table = sample_table()
    doc = docx.Document(io.BytesIO(table_docx_bytes(report, table)))
    assert len(doc.tables) == 2 and not [p for p in doc.paragraphs if p.text.strip()]
    assert doc.core_properties.title == "2024年度昌华街道部门整体支出绩效自评表"
    assert doc.sections[0].footer.paragraphs or doc.sections[0].even_page_footer.paragraphs


def _width_mm(cell) -> Decimal:
    spanned = cell._tc.tcPr.find(qn("w:tcW"))
    return D(spanned.get(qn("w:w"))) * D("25.4") / 1440


def test_portrait_labels_and_every_category_fit_one_line(with_table):
    """Issue 23: 「部门（单位）名称」, 「主管部门」, 「联系电话」 and the 二级指标 names (up to 7 characters) no longer
    wrap one or two characters per line in the portrait table."""
    from selfeval.domain.table.form import CATEGORY_MAX_UNITS, fit_mm, text_units

    _, doc = with_table
    head, indicators = doc.tables
    for row in head.rows[2:5]:
        seen = []
        for cell in row.cells:
            if cell._tc not in seen:
                seen.append(cell._tc)
        for tc in seen[0::2]:  # the labels
            cell = next(c for c in row.cells if c._tc is tc)
            assert sum(_width_of(row, tc)) >= fit_mm(text_units(cell.text)) - D("0.1"), cell.text
    category = next(r.cells[1] for r in indicators.rows if r.cells[1].text == "可持续影响指标")
    assert text_units(category.text) <= CATEGORY_MAX_UNITS
    assert _width_mm(category) >= fit_mm(text_units(category.text)) - D("0.1")


def _width_of(row, tc) -> list[Decimal]:
    """The widths of the grid columns ``tc`` spans in ``row`` (python-docx repeats a spanning cell)."""
    return [_width_mm(c) / sum(1 for x in row.cells if x._tc is tc) for c in row.cells if c._tc is tc]


def test_the_form_is_continuous(with_table):
    """One form, not two tables with a gap: a 1 pt paragraph between them (adjacent tables would be joined
    and the column heads not repeated), the first without a bottom line."""
    _, doc = with_table
    head, indicators = doc.tables
    between = head._tbl.getnext()
    assert between.tag == qn("w:p") and between.getnext() is indicators._tbl
    spacing = between.find(qn("w:pPr")).find(qn("w:spacing"))
    assert spacing.get(qn("w:line")) == "20" and spacing.get(qn("w:lineRule")) == "exact"
