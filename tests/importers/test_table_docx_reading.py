"""The 自评表 read back from a Word document's tables: the form this program exports, and one typed in Word."""

import io
from decimal import Decimal

import docx
import pytest

from selfeval.bundled.report_table import table_of
from selfeval.bundled.samples import bundled_sample
from selfeval.domain.table.form import BUDGET_HEADERS, HEADER_LABELS, INDICATOR_HEADERS
from selfeval.domain.table.model import Nature
from selfeval.export.package import docx_bytes
from selfeval.importers.docx_reader import read_docx
from selfeval.importers.errors import ImportError_
from selfeval.importers.table_docx import read_table_docx, without_table
from table_samples import grown


def test_exported_table_reads_back_whole():
    report, table = grown(6)
    from selfeval.domain.table.rows import RowRef, set_cell

    table, ref = set_cell(table, RowRef(0, 0, 0), "weight", "5")
    table, _ = set_cell(table, ref, "target", "12")
    data = docx_bytes(report, table=table)
    found = read_table_docx(data, table_of(bundled_sample()))
    assert found.problems == []
    assert found.table == table
    assert found.unit_name == report.unit_name and found.year == report.year


def test_no_table_and_the_text_without_it():
    report = bundled_sample()
    plain = docx_bytes(report)
    assert read_table_docx(plain, table_of(report)).table is None
    assert without_table(plain) == plain
    with_table = docx_bytes(report, table=report.table)
    assert read_docx(without_table(with_table)).paragraphs == read_docx(plain).paragraphs


def test_table_typed_in_word():
    """A clerk's table in Word: the national heads, 一级/二级 merged down, values with their units."""
    document = docx.Document()
    head = document.add_table(rows=3, cols=7)
    cells = head.rows[0].cells
    cells[0].text, cells[1].text, cells[4].text, cells[5].text = HEADER_LABELS[0][0], "某某局", "主管部门", "区财政局"
    for j, label in enumerate(BUDGET_HEADERS):
        head.rows[1].cells[j].text = label
    for j, value in enumerate(("年度资金总额", "100", "120.5", "110")):
        head.rows[2].cells[j].text = value
    body = document.add_table(rows=4, cols=8)
    for j, label in enumerate(INDICATOR_HEADERS):
        body.rows[0].cells[j].text = label
    body.cell(1, 0).merge(body.cell(2, 0)).text = "产出指标"
    body.cell(1, 1).text, body.cell(2, 1).text = "数量指标", "质量指标"
    for row, values in ((1, ("培训人次", "≥ 1,000人次", "1,200人次", "30", "30.00")),
                        (2, ("验收合格率", "=100%", "98%", "20", "19.60"))):
        for j, v in enumerate(values, start=2):
            body.cell(row, j).text = v
    body.cell(3, 0).text = "总分"
    out = io.BytesIO()
    document.save(out)
    found = read_table_docx(out.getvalue(), table_of(bundled_sample()))
    assert found.problems == []
    t = found.table
    assert t.supervisor == "区财政局" and found.unit_name == "某某局"
    assert (t.budget.total.budget, t.budget.total.spent) == (Decimal("120.5"), Decimal("110"))
    indicators = [i for _, _, i in t.indicators()]
    assert [(i.name, i.nature, i.target, i.unit, i.actual, i.weight) for i in indicators] == [
        ("培训人次", Nature.GE, Decimal(1000), "人次", Decimal(1200), Decimal(30)),
        ("验收合格率", Nature.EQ, Decimal(100), "%", Decimal(98), Decimal(20))]


def test_damaged_document_is_one_sentence():
    data = docx_bytes(bundled_sample())
    with pytest.raises(ImportError_):
        read_table_docx(data[: len(data) // 2], table_of(bundled_sample()))


def test_framework_table_reads_back_with_its_rules():
    """A unit scoring on a framework (its own 一级/二级 and 评分标准): the tree and the rules come back."""
    from selfeval.bundled.frameworks import get_framework
    from selfeval.domain.table.scoring import score_table
    from selfeval.domain.table.template import switch_framework

    report = bundled_sample()
    table, _ = switch_framework(table_of(report), get_framework("mof-2013"))
    assert any(ind.rule is not None for _, _, ind in table.indicators())
    found = read_table_docx(docx_bytes(report, table=table), table_of(bundled_sample()))
    assert found.problems == []
    assert [g.name for g in found.table.groups] == [g.name for g in table.groups]
    assert [(i.name, i.rule) for _, _, i in found.table.indicators()] == [(i.name, i.rule) for _, _, i in table.indicators()]
    assert score_table(found.table).total == score_table(table).total
