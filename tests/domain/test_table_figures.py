"""One source of figures: the 说明 quotes the 自评表; the sample's table holds what its text states."""

from __future__ import annotations

from decimal import Decimal

import pytest
from selfeval.domain.document import report_text
from selfeval.domain.errors import TemplateError
from selfeval.domain.figures import Figure, FigureKind
from selfeval.domain.model import Entry, Report, Section, SectionKind
from selfeval.domain.outline import parse_template
from selfeval.domain.table.model import BudgetRow, BudgetRowKey, Indicator, Nature
from selfeval.domain.table.figures import figure_origins, quoting_table
from selfeval.domain.table.from_text import fill_table_from_text
from selfeval.importers import import_text
from selfeval.bundled.samples import bundled_sample
from selfeval.bundled.templates import get_template

D = Decimal


def with_budget(report: Report, budget: str | None, spent: str | None) -> Report:
    table = report.table
    report.table = table.with_budget(table.budget.with_row(BudgetRow(
        BudgetRowKey.TOTAL, None, None if budget is None else D(budget), None if spent is None else D(spent))))
    return report


def new_report() -> Report:
    report = get_template().new_report(unit_short="某街道", year=2024)
    report.section("efficiency").entries = [Entry(text="已用金额{已用金额}，预算金额{预算金额}，执行率{执行率}。")]
    return report


def efficiency_line(report: Report) -> str:
    return next(line for line in report_text(report).split("\n") if line.startswith("已用金额"))


def test_the_text_quotes_the_budget_block_live():
    report = with_budget(new_report(), "200", "150")
    assert efficiency_line(report) == "已用金额150.00万元，预算金额200.00万元，执行率75.00%。"
    report = with_budget(report, "200", "199.5")
    assert efficiency_line(report) == "已用金额199.50万元，预算金额200.00万元，执行率99.75%。"


def test_a_figure_quotes_in_its_own_unit_and_falls_back_to_its_value_without_a_table_value():
    report = new_report()
    eff = report.section("efficiency")
    eff.set_figure(eff.figure("预算金额").with_value(D("3000000"), "元"))
    assert efficiency_line(report) == "已用金额【已用金额】，预算金额3000000元，执行率【执行率】。"
    report = with_budget(report, "250", "200")
    assert efficiency_line(report) == "已用金额200.00万元，预算金额2500000.00元，执行率80.00%。"
    rate = quoting_table(report.section("efficiency"), report.table).figure("执行率")
    assert rate.value == D("80.00")  # rounded as the table shows it


def test_reports_made_before_the_table_read_as_they_always_did():
    report = new_report()
    eff = report.section("efficiency")
    eff.figures = [f._replace(source="") for f in eff.figures]  # figures of an old report quote nothing
    eff.set_figure(eff.figure("已用金额").with_value(D("10")))
    report = with_budget(report, "200", "150")
    assert efficiency_line(report) == "已用金额10万元，预算金额【预算金额】，执行率【执行率】。"


def test_indicators_can_be_quoted_by_name_in_any_section():
    report = new_report()
    report.section("conclusion").entries = [Entry(text="完成投资{固定资产投资}，{不存在}。")]
    report.table = report.table.with_indicators(1, 0, (
        Indicator("固定资产投资", Nature.GE, D("6000"), "万元", actual=D("9170")),
        Indicator("活动", Nature.QUALITATIVE, target_text="开展")))
    assert "一是完成投资9170.00万元，{不存在}。" in report_text(report)  # as the table prints it


def test_a_template_figure_may_only_quote_what_the_table_has():
    data = {"id": "x", "name": "x", "title": "t", "sections": [
        {"key": "a", "heading": "甲", "kind": "figures", "figures": [{"name": "金额", "source": "不存在"}]}]}
    with pytest.raises(TemplateError):
        parse_template(data)


def test_the_sample_table_holds_the_figures_its_text_states_and_nothing_more():
    report = bundled_sample()
    total = report.table.budget.total
    assert (total.budget, total.spent, total.initial) == (D("7704.69"), D("7663.69"), None)
    assert round(total.rate, 2) == D("99.47")
    assert [r.budget for r in report.table.budget.rows[1:]] == [None, None, None]
    [(group, category, ind)] = report.table.indicators()
    assert (group.name, category.name) == ("产出指标", "数量指标")
    assert (ind.name, ind.actual, ind.unit, ind.target, ind.weight) == ("完成固定资产", D("9170"), "万元", None, None)
    assert ind.analysis == "完成率152.83%"
    assert report.table.goal_expected == "" and report.table.supervisor == ""


def test_the_sample_text_quotes_the_table_where_they_agree_and_keeps_the_seed_where_they_do_not():
    report = bundled_sample()
    figures = {f.name: f for f in report.section("efficiency").figures}
    assert figures["已用金额"].source == "全年执行数" and figures["执行率"].source == "执行率"
    assert figures["预算金额"].source == ""  # the seed's 7704.69元 disagrees with 7704.69万元
    line = next(p for p in report_text(report).split("\n") if "预算执行方面" in p)
    assert "已用金额合计7663.69万元，单位指标年度预算金额合计为7704.69元，预算执行率99.47%。" in line
    changed = with_budget(report, "7704.69", "7000")
    line = next(p for p in report_text(changed).split("\n") if "预算执行方面" in p)
    assert "已用金额合计7000.00万元，单位指标年度预算金额合计为7704.69元，预算执行率90.85%。" in line


def test_the_unit_of_a_budget_is_only_corrected_when_the_stated_rate_confirms_it():
    text = ("2024年度某街道部门整体支出绩效自评表说明\n一、绩效自评情况\n（四）管理效率分析\n"
            "在预算执行方面，已用金额合计50万元，预算金额合计为1000000元，预算执行率50%。")
    report = import_text(text).report
    assert report.table.budget.total.budget == D("100") and report.table.budget.total.spent == D("50")
    assert [f.source for f in report.section("efficiency").figures] == ["全年执行数", "全年预算数", "执行率"]
    assert fill_table_from_text(Report()) == []  # a report without a table tree is left alone


def test_the_figures_panel_says_where_a_quoted_value_comes_from():
    from selfeval.domain.figure_checks import figure_status

    section = bundled_sample().section("efficiency")
    assert figure_status(section, section.figure("已用金额")).text.startswith("正文引用自评表的“全年执行数”")
    assert "自评表" not in figure_status(section, section.figure("预算金额")).text


def efficiency_figures(spent: str | None, spent_unit: str = "万元", rate: str | None = None) -> Section:
    return Section("efficiency", "管理效率分析", 2, SectionKind.FIGURES, figures=[
        Figure("已用金额", FigureKind.MONEY, spent_unit, None if spent is None else D(spent), source="全年执行数"),
        Figure("预算金额", FigureKind.MONEY, "元", D("7704.69")),
        Figure("执行率", FigureKind.PERCENT, "%", None if rate is None else D(rate), formula="已用金额 / 预算金额",
               source="执行率")])


@pytest.mark.parametrize("budget, spent, own_spent, spent_unit, expected", [
    # linked and filled: the table's value, in the figure's unit, read from the table
    ("7704.69", "7663.69", "1", "万元",
     [("已用金额", D("7663.69"), True, "来自自评表：年度资金总额 · 全年执行数"),
      ("预算金额", D("7704.69"), False, "本节填写"),
      ("执行率", D("99.47"), True, "来自自评表：年度资金总额 · 执行率")]),  # 99.4678…% rounds as printed
    ("200", "150", None, "元",
     [("已用金额", D("1500000"), True, "来自自评表：年度资金总额 · 全年执行数"),
      ("预算金额", D("7704.69"), False, "本节填写"),
      ("执行率", D("75.00"), True, "来自自评表：年度资金总额 · 执行率")]),
    # linked but the table's cells are empty: the section's own values, said so
    (None, None, "7663.69", "万元",
     [("已用金额", D("7663.69"), False, "自评表中未填，暂用本节数值"),
      ("预算金额", D("7704.69"), False, "本节填写"),
      ("执行率", None, False, "待填：来自自评表，自评表中尚未填写")]),
])
def test_figure_origins_say_what_each_figure_shows_and_where_it_comes_from(budget, spent, own_spent, spent_unit,
                                                                           expected):
    table = with_budget(new_report(), budget, spent).table
    origins = figure_origins(efficiency_figures(own_spent, spent_unit), table)
    assert [(o.name, o.value, o.from_table, o.text) for o in origins] == expected


def test_a_quoted_amount_shows_the_tables_two_decimals_whatever_the_section_wrote():
    table = with_budget(new_report(), "7704.69", "7663.69").table
    [spent, _, _] = figure_origins(efficiency_figures("7663.690"), table)
    assert str(spent.value) == "7663.69" and spent.from_table
    table = with_budget(new_report(), "7704.69", "7000").table
    [spent, _, _] = figure_origins(efficiency_figures("7000"), table)
    assert str(spent.value) == "7000.00" and spent.from_table
