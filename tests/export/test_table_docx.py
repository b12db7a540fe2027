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
    return [[c.text for c in row.cells] for row in table.rows]


def test_the_table_comes_first_and_the_shuoming_starts_on_a_new_page(with_table):
    report, doc = with_table
    assert len(doc.tables) == 2
    body = [p for p in doc.paragraphs if p.text.strip()]
    assert body[0].text.replace("\n", "") == report.title and body[0].paragraph_format.page_break_before
    assert "\n".join(p.text for p in body[1:]) == report_text(report).split("\n", 1)[1]
    head, indicators = doc.tables
    rows = texts(head)
    assert rows[0][0] == "部门整体支出绩效自评表" and rows[1][0] == "（2024年度）"
    assert rows[2][1] == "广州市荔湾区人民政府昌华街道办事处" and rows[2][5] == "广州市荔湾区人民政府"
    assert rows[7][:7] == ["年度资金总额", "", "7,704.69", "7,663.69", "10", "99.47%", "9.95"]  # as the grid shows
    assert rows[4][1] == "47.95" and rows[4][5] == "未完成"  # 分值 not yet 100: no grade


def test_the_indicator_block_has_the_national_columns_and_merged_cells(with_table):
    _, doc = with_table
    rows = texts(doc.tables[1])
    assert rows[0] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    assert rows[1] == ["产出指标", "数量指标", "完成固定资产", "≥6000.00万元", "9170.00万元", "20", "18.00", "完成率152.83%"]
    assert [r[0] for r in rows[1:5]] == ["产出指标"] * 4  # one merged cell over the four 二级 rows
    assert rows[6][2:] == ["群众满意度提升", "明显提升", "部分达成", "30", "20.00*", "得分说明：经复核"]
    assert rows[-1][0] == "总分" and rows[-1][5:] == ["100", "47.95", "等级：未完成（分值合计60分）"]
    tcs = doc.tables[1]._tbl.xpath(".//w:tc[w:tcPr/w:vMerge]")
    assert tcs, "一级/二级 cells are merged vertically"


def test_rows_never_split_the_header_repeats_and_every_border_is_drawn(with_table):
    _, doc = with_table
    for table in doc.tables:
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert [b.get(qn("w:val")) for b in borders] == ["single"] * 6
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
    assert doc.tables[0].cell(7, 2).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
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
