"""Excel in and out as Excel users mean it: the exported workbook computes like the app (formulas with their
values stored), a workbook typed by hand (percent formats, text numbers, a multi-line cell, merged header
cells) imports as meant, and a computed column read back is never a hand-set score without its 改分理由."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Alignment
from selfeval.domain.table.completeness import UNFINISHED, completeness, grade_text
from selfeval.domain.table.model import BudgetRow, BudgetRowKey, Indicator, Level, Nature, Override
from selfeval.domain.table.scoring import score_table
from selfeval.export.table_xlsx import LAYOUT, export_table_xlsx
from selfeval.importers.table_xlsx import import_table_xlsx, read_table_xlsx
from selfeval.bundled.samples import bundled_sample
from selfeval.bundled.templates import get_template

D = Decimal
H = LAYOUT.indicator_header


def base():
    return get_template().new_report().table


def complete_table():
    """Every 分值 given (10 + 50 + 30 + 10 = 100) and every indicator scored: a table that has a grade."""
    table = base()
    table = table.with_budget(table.budget.with_row(BudgetRow(BudgetRowKey.TOTAL, D("7500"), D("7850.32"),
                                                              D("7790.15"))))
    table = table.with_indicators(0, 0, (
        Indicator("完成固定资产投资", Nature.GE, D("6000"), "万元", actual=D("7290"), weight=D("30")),
        Indicator("上报网格事件", Nature.GE, D("2000"), "件", actual=D("1800"), weight=D("20"))))
    table = table.with_indicators(1, 1, (
        Indicator("群众获得感", Nature.QUALITATIVE, target_text="明显提升", level=Level.PARTLY, weight=D("20")),
        Indicator("投诉办结时长", Nature.LE, D("5"), "天", actual=D("6"), weight=D("10"))))
    return table.with_indicators(2, 0, (Indicator("群众满意度", Nature.GE, D("90"), "%", actual=D("95"),
                                                  weight=D("10")),))


def export(tmp_path: Path, table, name="表.xlsx") -> Path:
    return export_table_xlsx(bundled_sample(), table, tmp_path / name)


def test_rates_scores_and_totals_are_formulas_with_the_apps_values_stored(tmp_path):
    table = complete_table()
    score = score_table(table)
    path = export(tmp_path, table)
    formulas = load_workbook(path).active
    values = load_workbook(path, data_only=True).active
    total_row = next(r for r in range(H + 1, formulas.max_row + 1) if formulas[f"A{r}"].value == "总分")
    for ref in ("G7", "H7", f"I{H + 1}", f"I{H + 2}", f"H{total_row}", f"I{total_row}", "C5", "I5"):
        assert str(formulas[ref].value).startswith("="), ref
    assert formulas["G8"].value.startswith("=IF(")  # the 其中 rows' rates too
    assert abs(D(str(values["G7"].value)) - score.rate / 100) < D("1e-12")
    assert D(str(values["H7"].value)) == score.budget.final == D("9.92")
    scores = [D(str(values[f"I{r}"].value)) for r in (H + 1, H + 2)]
    assert scores == [s.final for s in score.indicators[:2]] == [D("30"), D("18")]
    assert D(str(values[f"I{total_row}"].value)) == score.total and values[f"H{total_row}"].value == 100
    assert values["I5"].value == grade_text(table) == score.grade and values["C5"].value == float(score.total)
    assert (formulas["I5"].value.count("未完成"), formulas[f"I{total_row}"].value.count("MIN(")) == (1, 1)


def test_a_hand_set_score_is_a_value_with_its_reason(tmp_path):
    table = complete_table()
    ind = table.groups[0].categories[0].indicators[1]
    table = table.with_indicators(0, 0, (table.groups[0].categories[0].indicators[0],
                                         replace(ind, override=Override(D("19"), "数据口径调整"))))
    sheet = load_workbook(export(tmp_path, table)).active
    assert sheet[f"I{H + 2}"].value == 19 and sheet[f"J{H + 2}"].value == "数据口径调整"
    assert read_table_xlsx(export(tmp_path, table, "b.xlsx"), base()) == table


def test_an_incomplete_table_is_not_graded(tmp_path):
    table = base()  # the outline's tree, nothing filled
    assert grade_text(table) == UNFINISHED
    assert completeness(table).missing == ("尚未填写三级指标", "预算执行率尚无得分（全年预算数、全年执行数未填）")
    sample = bundled_sample().table  # one indicator, no 分值: 「自评总分 9.95，等级：差」 no more
    assert completeness(sample).missing == ("分值合计 10 分（应为 100 分）", "1 个指标尚无分值（完成固定资产）")
    assert grade_text(sample) == UNFINISHED and grade_text(complete_table()) == "良"
    path = export(tmp_path, table)
    values = load_workbook(path, data_only=True).active
    assert values["I5"].value == UNFINISHED
    assert "未完成：" in load_workbook(path).active["I5"].comment.text


def test_figures_changed_in_excel_recompute_on_import_not_taken_as_hand_set(tmp_path):
    """Scenario 7: export, change 全年预算数 and 全年执行数 in the workbook, import."""
    path = export(tmp_path, complete_table())
    book = load_workbook(path)
    sheet = book.active
    sheet["D7"], sheet["E7"] = 8000, 6000  # the 得分 and 执行率 stay formulas (Excel recomputes them)
    book.save(path)
    imported = import_table_xlsx(path, base())
    assert imported.table.budget.override is None and imported.notes == ()
    assert score_table(imported.table).budget.final == D("7.50")


def test_a_stale_computed_value_without_a_reason_is_not_a_hand_set_score(tmp_path):
    """An older export held values where formulas now stand: 9.92 computed then, the figures changed since."""
    path = export(tmp_path, complete_table())
    book = load_workbook(path)
    sheet = book.active
    sheet["D7"], sheet["E7"], sheet["H7"] = 8000, 6000, 9.92
    sheet[f"I{H + 2}"] = 18  # still right: no note
    book.save(path)
    imported = import_table_xlsx(path, base())
    assert imported.table.budget.override is None
    assert imported.notes == ("第 7 行：预算执行率的得分 9.92 没有改分理由，按计算值 7.50 记录（如需手工改分，请在改分理由栏写明理由）。",)
    sheet["I7"] = "审计调整"  # with its reason it is a hand-set score
    book.save(path)
    assert read_table_xlsx(path, base()).budget.override == Override(D("9.92"), "审计调整")


def test_a_workbook_typed_by_hand_imports_as_meant(tmp_path):
    """Percent cells (95% typed: 0.95 with a 0% format), numbers typed as text with thousands separators,
    a multi-line cell (Alt+Enter), merged header cells."""
    path = export(tmp_path, base(), "空表.xlsx")
    book = load_workbook(path)
    ws = book.active
    ws["D7"], ws["E7"] = "7,850.32", "7,790.15"  # text-typed numbers
    ws["C8"] = 7000  # 其中：本年财政拨款 · 年初预算数, a number with 千分位 shown
    ws["C8"].number_format = "#,##0.00"
    row = H + 1  # 产出指标 · 数量指标
    ws[f"C{row}"], ws[f"D{row}"], ws[f"F{row}"] = "验收合格率", "≥", "%"
    ws[f"E{row}"], ws[f"G{row}"] = 0.95, 0.98  # typed 95% and 98%
    ws[f"E{row}"].number_format = ws[f"G{row}"].number_format = "0%"
    ws[f"H{row}"] = "20"
    ws[f"L{row}"] = "抽检全部合格。\n下年继续保持。"  # 偏差原因分析 (K: 评分标准)
    ws[f"L{row}"].alignment = Alignment(wrap_text=True)
    ws.merge_cells("A3:B3")  # already merged in the export: merging again changes nothing for the reader
    book.save(path)
    table = read_table_xlsx(path, base())
    total = table.budget.total
    assert (total.budget, total.spent) == (D("7850.32"), D("7790.15"))
    assert table.budget.row(BudgetRowKey.FISCAL).initial == D("7000")
    ind = table.groups[0].categories[0].indicators[0]
    assert (ind.name, ind.nature, ind.target, ind.actual, ind.unit) == ("验收合格率", Nature.GE, D("95"), D("98"), "%")
    assert ind.analysis == "抽检全部合格。\n下年继续保持。" and ind.weight == D("20")
    assert ind.target_label() == "≥95%"  # never 「≥0.95%」


def test_a_percent_cell_in_a_budget_column_is_refused_with_its_place(tmp_path):
    path = export(tmp_path, base())
    book = load_workbook(path)
    book.active["E7"] = 0.95
    book.active["E7"].number_format = "0%"
    book.save(path)
    import pytest
    from selfeval.importers.table_xlsx import TableImportError

    with pytest.raises(TableImportError, match="第 7 行：“年度资金总额”的全年执行数（B）填写的是金额，不是百分数"):
        read_table_xlsx(path, base())


def _docx_rows(report, table):
    import io

    import docx
    from selfeval.export.package import table_docx_bytes

    doc = docx.Document(io.BytesIO(table_docx_bytes(report, table)))
    rows = []
    for t in doc.tables:  # each cell once: the head block's cells span columns of a shared grid
        for row in t.rows:
            seen, cells = set(), []
            for c in row.cells:
                if id(c._tc) not in seen:
                    seen.add(id(c._tc))
                    cells.append(c.text)
            rows.append(cells)
    return rows


def test_the_docx_the_xlsx_and_the_grid_show_the_same_digits(tmp_path):
    """The sample's table and a filled 2025 one: each amount and score reads the same in the three."""
    from selfeval.domain.carry import next_year_report
    from selfeval.domain.table.budget import money_text
    from selfeval.domain.table.rows import cell_text, tree_rows

    sample = bundled_sample()
    new = next_year_report(sample)
    new.table = complete_table()
    for report in (sample, new):
        table = report.table
        score = score_table(table)
        values = load_workbook(export_table_xlsx(report, table, tmp_path / f"{report.year}.xlsx"),
                               data_only=True).active
        rows = _docx_rows(report, table)
        total = next(r for r in rows if r[0] == "年度资金总额")
        grid = [money_text(getattr(table.budget.total, a)) for a in ("initial", "budget", "spent")]
        sheet = ["" if values[c].value is None else format(Decimal(str(values[c].value)), ",.2f")
                 for c in ("C7", "D7", "E7")]
        assert total[1:4] == grid == sheet
        assert total[6] == score.budget.text() == format(Decimal(str(values["H7"].value)), ".2f")
        for ref, ind_score in zip([r for r in tree_rows(table) if r.index is not None], score.indicators):
            ind = table.groups[ref.group].categories[ref.category].indicators[ref.index]
            row = next(r for r in rows if len(r) > 2 and r[2] == ind.name)
            assert row[4].replace(ind.unit, "") == cell_text(table, ref, "actual").replace(",", "")
            if ind_score.final is not None:
                assert row[6] == ind_score.text().rstrip("*")


def test_a_framework_rule_keeps_its_score_as_a_value_and_round_trips(tmp_path):
    """A 扣分 rule of a framework (issue 20) is not one of the formulas: its 得分 is the app's value, and reading
    it back without a 改分理由 is no hand-set score."""
    from selfeval.domain.table.rules import Rule, RuleKind

    table = complete_table()
    ind = table.groups[0].categories[0].indicators[1]
    rule = Rule(RuleKind.DEDUCT, per=D("0.5"), step=D("1"), floor=D("0"))
    table = table.with_indicators(0, 0, (table.groups[0].categories[0].indicators[0], replace(ind, rule=rule)))
    path = export(tmp_path, table)
    cell = load_workbook(path).active[f"I{H + 2}"].value
    assert not str(cell).startswith("=") and D(str(cell)) == score_table(table).indicators[1].final
    assert str(load_workbook(path).active[f"I{H + 1}"].value).startswith("=")  # its neighbour: a formula
    back = import_table_xlsx(path, base())
    assert back.table == table and back.notes == ()
