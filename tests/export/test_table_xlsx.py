"""The 自评表 as .xlsx: the national layout with merged cells, read back to the same table, bad files refused."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from selfeval.domain.table.model import BudgetRow, BudgetRowKey, Indicator, Level, Nature, Override
from selfeval.domain.table.rows import COLUMN_KEYS
from selfeval.export.table_xlsx import LAYOUT, export_table_xlsx, xlsx_target
from selfeval.importers.table_xlsx import TableImportError, read_table_xlsx
from selfeval.bundled.samples import bundled_sample
from selfeval.bundled.templates import get_template

D = Decimal


def filled_table():
    table = get_template().new_report().table
    table = table.with_budget(replace(table.budget.with_row(
        BudgetRow(BudgetRowKey.TOTAL, D("7000"), D("7704.69"), D("7663.69"))).with_row(
        BudgetRow(BudgetRowKey.FISCAL, D("6500"), D("7200.5"), D("7180"))), override=Override(D("9.5"), "按审计口径")))
    table = replace(table, supervisor="广州市荔湾区人民政府", goal_expected="一是……\n二是……", goal_achieved="均已完成")
    table = table.with_indicators(0, 0, (
        Indicator("完成固定资产投资", Nature.GE, D("6000"), "万元", actual=D("9170"), weight=D("20"),
                  analysis="招商引资超预期"),
        Indicator("上报网格事件", Nature.GE, D("2000"), "件", actual=D("2058"), weight=D("10"))))
    table = table.with_indicators(0, 2, (Indicator("按时办结率", Nature.EQ, D("100"), "%", actual=D("100"),
                                                   weight=D("20"), override=Override(D("19"), "个别延期")),))
    return table.with_indicators(1, 1, (
        Indicator("群众获得感", Nature.QUALITATIVE, target_text="明显提升", level=Level.PARTLY, weight=D("30")),))


def export(tmp_path: Path, table, name="自评表.xlsx") -> Path:
    return export_table_xlsx(bundled_sample(), table, tmp_path / name)


def test_round_trip_gives_the_same_table(tmp_path):
    table = filled_table()
    back = read_table_xlsx(export(tmp_path, table), get_template().new_report().table)
    assert back == table


def test_the_sheet_has_the_national_layout_and_merged_cells(tmp_path):
    ws = load_workbook(export(tmp_path, filled_table())).active
    assert ws["A1"].value == "部门整体支出绩效自评表" and ws["A2"].value == "（2024年度）"
    assert ws["C3"].value == "广州市荔湾区人民政府昌华街道办事处" and ws["I3"].value == "广州市荔湾区人民政府"
    assert ws["A6"].value == "预算执行情况（万元）" and ws["D7"].value == D("7704.69") or ws["D7"].value == 7704.69
    assert ws["D7"].number_format == "#,##0.00"
    h = LAYOUT.indicator_header
    assert [c.value for c in ws[h]] == ["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位",
                                         "实际完成值", "分值", "得分", "改分理由", "评分标准", "偏差原因分析及改进措施"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:L1" in merged and f"A{h + 1}:A{h + 5}" in merged  # 产出指标 over 数量(2 rows)/质量/时效/成本
    assert f"B{h + 1}:B{h + 2}" in merged  # 数量指标 over its two rows
    assert ws[f"I{h + 1}"].value.startswith("=IF(")  # the workbook computes like the app
    cached = load_workbook(export(tmp_path, filled_table(), "cached.xlsx"), data_only=True).active
    assert cached[f"I{h + 1}"].value == 18  # 9170 of 6000: over-completion, 20 − 2, stored beside its formula
    last = max(row for row in range(h, ws.max_row + 1) if ws[f"A{row}"].value == "总分")
    assert ws[f"H{last}"].value.startswith("=") and cached[f"H{last}"].value == 100


def test_a_file_name_gets_the_xlsx_suffix(tmp_path):
    assert xlsx_target(tmp_path / "表") == tmp_path / "表.xlsx"
    assert export(tmp_path, filled_table(), "表.xls").name == "表.xls.xlsx"


def edited(tmp_path: Path, cells: dict[str, object]) -> Path:
    path = export(tmp_path, filled_table())
    book = load_workbook(path)
    for ref, value in cells.items():
        book.active[ref] = value
    book.save(path)
    return path


@pytest.mark.parametrize("cells, messages", [
    ({"H14": "二十", "H15": "-3"}, ["第 14 行“分值”：分值：“二十”不是有效的数值", "第 15 行“分值”：分值不能为负数。"]),
    ({"D7": "95%"}, ["第 7 行：“年度资金总额”的全年预算数（A）填写的是金额，不是百分数"]),
    ({"D7": "150,00"}, ["第 7 行：“年度资金总额”的全年预算数（A）：“150,00”中的逗号无法确定含义"]),
    ({"I14": 25, "J14": "复核"}, ["的得分 25 超过了分值 20。"]),
    ({"A14": "产出"}, ["第 14 行：一级指标“产出”不在本报告的指标体系中"]),
    ({"B14": "数目指标"}, ["第 14 行：二级指标“数目指标”不在“产出指标”之下"]),
    ({"H14": "=10+10"}, ["第 14 行第 8 列是公式（=10+10）"]),
    ({"B8": "财政拨款"}, ["第 8 行应为“其中：本年财政拨款”"]),
    ({"D14": "大于"}, ["第 14 行“指标性质”：指标性质只能填写 =、≥、≤ 或 定性。"]),
])
def test_bad_rows_are_refused_with_their_row_numbers_and_nothing_is_returned(tmp_path, cells, messages):
    with pytest.raises(TableImportError) as caught:
        read_table_xlsx(edited(tmp_path, cells), get_template().new_report().table)
    assert str(caught.value).startswith(("自评表未导入", "文件不是本程序导出的自评表格式"))
    for message in messages:
        assert any(message in p for p in caught.value.problems), caught.value.problems


def test_rows_under_an_unknown_first_level_are_not_said_to_name_none(tmp_path):
    """Issue 20: a row under a 一级 the report does not have was also reported as naming no 一级/二级."""
    with pytest.raises(TableImportError) as caught:
        read_table_xlsx(edited(tmp_path, {"A14": "投入"}), get_template().new_report().table)
    assert not any("未写明所属的一级、二级指标" in p for p in caught.value.problems), caught.value.problems


def test_a_negative_value_is_read(tmp_path):
    """Issue 20: a 变动率 of −3 % is a value, not a slip (it was refused as 「不能为负数」)."""
    table = read_table_xlsx(edited(tmp_path, {"E15": "-3", "G15": "−3"}), get_template().new_report().table)
    ind = table.groups[0].categories[0].indicators[1]
    assert (ind.target, ind.actual) == (D(-3), D(-3))


def test_full_width_digits_and_thousands_separators_are_read(tmp_path):
    path = edited(tmp_path, {"D7": "７,７０４.６９", "E14": "6,000"})
    table = read_table_xlsx(path, get_template().new_report().table)
    assert table.budget.total.budget == D("7704.69") and table.groups[0].categories[0].indicators[0].target == 6000


@pytest.mark.parametrize("content, message", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "设有打开密码"),
    (b"PK\x03\x04 not really a zip", "不是有效的 .xlsx 文件"),
    (b"just text", "不是有效的 .xlsx 文件"),
])
def test_encrypted_and_malformed_files_are_refused_clearly(tmp_path, content, message):
    path = tmp_path / "坏.xlsx"
    path.write_bytes(content)
    with pytest.raises(TableImportError, match=message):
        read_table_xlsx(path, get_template().new_report().table)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from selfeval.importers import table_xlsx

    path = export(tmp_path, filled_table())
    monkeypatch.setattr(table_xlsx, "MAX_FILE_BYTES", 100)
    with pytest.raises(TableImportError, match="过大"):
        read_table_xlsx(path, get_template().new_report().table)
    monkeypatch.undo()
    book = load_workbook(path)
    book.active["A5000"] = "x"
    book.save(path)
    with pytest.raises(TableImportError, match="超过了自评表可能的行数"):
        read_table_xlsx(path, get_template().new_report().table)


def test_a_sheet_of_another_layout_is_refused(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "其他.xlsx"
    book = Workbook()
    book.active["A1"] = "=SUM(B1:B3)"
    book.save(path)
    with pytest.raises(TableImportError, match="不是本程序导出的自评表格式"):
        read_table_xlsx(path, get_template().new_report().table)


amounts = st.one_of(st.none(), st.decimals(min_value=D(0), max_value=D("99999999"), places=2))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(initial=amounts, budget=amounts, spent=amounts, target=amounts, actual=amounts,
       weight=st.one_of(st.none(), st.decimals(min_value=D(0), max_value=D(50), places=1)),
       name=st.text(alphabet="指标数量质量甲乙丙 ", min_size=1, max_size=12).map(str.strip).filter(bool))
def test_any_table_round_trips(tmp_path, initial, budget, spent, target, actual, weight, name):
    table = get_template().new_report().table
    table = table.with_budget(table.budget.with_row(BudgetRow(BudgetRowKey.TOTAL, initial, budget, spent)))
    table = table.with_indicators(1, 0, (Indicator(name, Nature.LE, target, "万元", actual=actual, weight=weight),))
    assert read_table_xlsx(export(tmp_path, table), get_template().new_report().table) == table


def test_rules_in_words_in_the_xlsx_and_the_docx(tmp_path):
    """Issue 20: each rule is shown in words (评分标准) in the .xlsx and the Word table, and read back."""
    from docx import Document

    from selfeval.bundled.frameworks import get_framework
    from selfeval.export.package import table_docx_bytes

    report = get_template().new_report(unit_name="某县农业农村局", year=2024)
    table = get_framework("mof-2013").new_table()
    path = export_table_xlsx(report, table, tmp_path / "框架.xlsx")
    ws = load_workbook(path).active
    words = [ws.cell(r, COLUMN_KEYS.index("rule") + 1).value for r in range(LAYOUT.indicator_header + 1, ws.max_row)]
    assert "≤100%得满分；每超过 1 个百分点扣 0.1 分，扣完为止。" in words
    assert "≤0%得满分；每超过 1 个百分点扣 0.3 分，扣完为止。" in words
    assert read_table_xlsx(path, table) == table  # the words read back to the same rules
    (tmp_path / "t.docx").write_bytes(table_docx_bytes(report, table))
    body = Document(tmp_path / "t.docx").tables[-1]
    assert [c.text for c in body.rows[0].cells] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
                                                   "得分", "评分标准", "偏差原因分析及改进措施"]
    staff = next(row for row in body.rows if row.cells[2].text == "在职人员控制率")
    assert staff.cells[7].text == "≤100%得满分；每超过 1 个百分点扣 0.1 分，扣完为止。"
    cells = {c.text for row in body.rows for c in row.cells}
    assert {"投入", "过程", "产出", "效果", "预算配置", "履职效益"} <= cells
    assert any(c.startswith("等级：未完成（") for c in cells)  # nothing scored yet: no grade
    # a table scored by 指标性质 alone keeps the national form's eight columns
    plain = get_template().new_report().table
    (tmp_path / "p.docx").write_bytes(table_docx_bytes(report, plain))
    assert len(Document(tmp_path / "p.docx").tables[-1].columns) == 8


def test_a_file_exported_from_another_framework_moves_the_table_onto_it(tmp_path):
    """Issue 20: an .xlsx exported from a 投入/过程/产出/效果 table imports into a report still on the 一体化 form."""
    from selfeval.bundled.frameworks import bundled_frameworks, get_framework

    report = get_template().new_report(unit_name="某县农业农村局", year=2024)
    mof = get_framework("mof-2013").new_table()
    g, c, staff = mof.indicators()[2]
    mof = mof.with_indicators(0, 1, (replace(staff, actual=D("102")),) + c.indicators[1:])
    path = export_table_xlsx(report, mof, tmp_path / "框架.xlsx")
    with pytest.raises(TableImportError, match="不在本报告的指标体系中"):
        read_table_xlsx(path, report.table)  # no frameworks offered: as before
    read = read_table_xlsx(path, report.table, bundled_frameworks().values())
    assert read.framework == "mof-2013" and read.groups == mof.groups
