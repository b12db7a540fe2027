"""The reviewer's checks on the figures (domain/checks/table_figures.py): each slip caught, its legitimate twin
left alone, a carefully written report without a 错误, the sample's own slips still caught."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from checks_support import SETTINGS, findings, in_text, of_rule

from selfeval.domain.checks import CheckSettings, Severity
from selfeval.domain.model import Section, SectionKind
from selfeval.domain.table.model import BudgetRow, BudgetRowKey, Indicator, Nature, Override
from selfeval.bundled.samples import bundled_sample

D = Decimal
TOTAL, FISCAL, CARRY, OTHER = BudgetRowKey.TOTAL, BudgetRowKey.FISCAL, BudgetRowKey.CARRYOVER, BudgetRowKey.OTHER


def with_rows(report, *rows: BudgetRow):
    budget = report.table.budget
    for row in rows:
        budget = budget.with_row(row)
    report.table = report.table.with_budget(budget)
    return report


def clean_report():
    """The sample with its two slips mended and a complete table: what a careful clerk hands in."""
    report = bundled_sample()
    eff = report.section("efficiency")
    eff.set_figure(eff.figure("预算金额")._replace(unit="万元", source="全年预算数"))
    eff.entries[3].text = eff.entries[3].text.replace("公开公开", "公开")
    table = report.table
    table = table.with_indicators(0, 0, (replace(table.groups[0].categories[0].indicators[0], target=D("6000"),
                                                 weight=D("50")),))
    table = table.with_indicators(1, 1, (Indicator("群众获得感", Nature.GE, D("90"), "%", actual=D("95"),
                                                   weight=D("30")),))
    table = table.with_indicators(2, 0, (Indicator("群众满意度", Nature.GE, D("90"), "%", actual=D("96"),
                                                   weight=D("10")),))
    report.table = table
    return with_rows(report, BudgetRow(TOTAL, D("7500"), D("7704.69"), D("7663.69")),
                     BudgetRow(FISCAL, D("7000"), D("7200"), D("7180")),
                     BudgetRow(CARRY, None, D("304.69"), D("283.69")),
                     BudgetRow(OTHER, D("500"), D("200"), D("200")))


def rules(report, **kwargs) -> set[str]:
    return {f.rule for f in findings(report, **kwargs)}


def test_a_carefully_written_report_has_no_error_and_no_warning_on_its_figures():
    found = findings(clean_report())
    assert [f for f in found if f.severity is Severity.ERROR] == []
    assert [f for f in found if f.severity is Severity.WARNING] == []


def test_the_samples_own_two_slips_are_still_caught_and_nothing_is_an_error():
    found = findings(bundled_sample())
    assert not [f for f in found if f.severity is Severity.ERROR]
    assert {"figure.unit_mismatch", "text.doubled_word"} <= {f.rule for f in in_text(found)}
    assert "figure.contradicts_table" not in {f.rule for f in found}  # 7704.69元 is a unit slip, said once


def test_parts_that_do_not_add_up_to_the_total():
    report = with_rows(clean_report(), BudgetRow(OTHER, D("500"), D("200"), D("15000")))  # 「150,00」 read as 15000
    [found] = of_rule(report, "table.parts_total")
    assert found.severity is Severity.ERROR and found.place.field == "table"
    assert "分项合计 22,463.69 万元" in found.message and "年度资金总额 7,663.69 万元" in found.message
    assert found.place.label() == "自评表 · 年度资金总额 · 全年执行数（B）"
    # twins: parts partly filled and below the total; the parts adding up exactly
    partly = with_rows(clean_report(), BudgetRow(CARRY), BudgetRow(OTHER))
    assert of_rule(partly, "table.parts_total") == []
    over = with_rows(clean_report(), BudgetRow(CARRY), BudgetRow(OTHER), BudgetRow(FISCAL, None, D("8000"), None))
    assert [f.message.startswith("自评表中全年预算数（A）的分项合计 8,000.00 万元") for f in
            of_rule(over, "table.parts_total")] == [True]


def test_spent_above_budget_needs_a_reason():
    report = with_rows(clean_report(), BudgetRow(OTHER, D("500"), D("200"), D("210")),
                       BudgetRow(CARRY, None, D("304.69"), D("273.69")))
    [found] = of_rule(report, "table.spent_over_budget")
    assert found.severity is Severity.WARNING and "“其他资金”的全年执行数 210.00 万元超过了全年预算数 200.00 万元" in found.message
    assert found.explainable  # a written explanation answers it
    assert of_rule(clean_report(), "table.spent_over_budget") == []  # 200 of 200: not above


def test_a_large_budget_change_needs_a_reason_above_the_templates_threshold():
    report = with_rows(clean_report(), BudgetRow(TOTAL, D("6000"), D("7704.69"), D("7663.69")),
                       BudgetRow(FISCAL, D("5500"), D("7200"), D("7180")))
    [found] = of_rule(report, "table.budget_change")
    assert "增加 28.41%，超过 20%" in found.message and found.severity is Severity.WARNING
    assert of_rule(report, "table.budget_change", settings=replace(SETTINGS, budget_change_percent=D("30"))) == []
    assert of_rule(clean_report(), "table.budget_change") == []  # 7500 → 7704.69: 2.73 %


def test_a_budget_figure_kept_in_its_own_value_must_agree_with_the_table():
    """Scenario 1 of the issue: last year's 预算金额 beside this year's table."""
    report = with_rows(clean_report(), BudgetRow(TOTAL, D("7500"), D("7850.32"), D("7790.15")),
                       BudgetRow(CARRY, None, D("450.32"), D("410.15")))
    eff = report.section("efficiency")
    eff.set_figure(eff.figure("预算金额")._replace(value=D("7704.69"), unit="元", source=""))
    [found] = of_rule(report, "figure.contradicts_table")
    assert found.severity is Severity.ERROR and found.place.figure == "预算金额"
    assert "自评表的“全年预算数”为 7850.32万元" in found.message
    eff.set_figure(eff.figure("预算金额")._replace(apart="口径为单位指标，与部门决算不同"))
    assert of_rule(report, "figure.contradicts_table") == []  # kept apart with a written reason


def test_a_rate_that_does_not_match_its_figures_to_the_cent():
    report = clean_report()
    eff = report.section("efficiency")
    eff.set_figure(eff.figure("执行率")._replace(value=D("99.23"), source=""))
    assert {"figure.rate_mismatch", "figure.contradicts_table"} <= rules(report)
    eff.set_figure(eff.figure("执行率")._replace(value=D("99.47"), source=""))  # 99.4678… rounds to 99.47
    assert not {"figure.rate_mismatch", "figure.contradicts_table"} & rules(report)


@pytest.mark.parametrize("typed, caught", [
    ("预算执行率99.23%", True),
    ("预算执行率99.47%", False),
    ("全年预算金额合计为7850.32万元", True),
    ("全年预算金额合计为7,704.69万元", False),
    ("年初预算7500万元", False),
    ("年初预算7400万元", True),
    ("其中项目预算金额500万元", False),  # a part, not the total
    ("较上年预算金额增长300万元", False),  # a change, not the amount
    ("已用金额76636900元", False),  # the same amount in 元
])
def test_an_amount_typed_in_the_text_against_the_table(typed, caught):
    report = clean_report()
    report.section("efficiency").entries[2].text = f"在采购管理方面，{typed}。"
    found = of_rule(report, "text.contradicts_table")
    assert bool(found) is caught
    if caught:
        assert found[0].severity is Severity.WARNING and found[0].place.section == "efficiency"


def test_the_same_quantity_stated_twice_with_different_values():
    report = clean_report()
    other = Section(key="extra", heading="其他说明", level=2, kind=SectionKind.PARAGRAPHS)
    other.figures = [report.section("efficiency").figure("已用金额")._replace(value=D("7600"), source="")]
    report.sections.append(other)
    found = of_rule(report, "figure.stated_twice")
    assert [f.place.section for f in found] == ["extra"] and "7663.69万元" in found[0].message
    other.figures = [other.figures[0]._replace(value=D("76636900"), unit="元")]
    assert of_rule(report, "figure.stated_twice") == []


def test_weights_per_level_and_a_hand_set_score_without_its_reason():
    report = clean_report()
    table = report.table
    ind = table.groups[2].categories[0].indicators[0]
    report.table = table.with_indicators(2, 0, (replace(ind, weight=D("5"), override=Override(D("4"), "")),))
    found = {f.rule: f for f in findings(report)}
    assert "满意度指标下各三级指标的分值合计为 5 分，应为 10 分" in found["table.weights"].message
    assert found["table.override_reason"].severity is Severity.WARNING
    report.table = table.with_indicators(2, 0, (replace(ind, override=Override(D("9"), "回访抽查口径")),))
    assert not {"table.weights", "table.override_reason"} & rules(report)


def test_a_budget_figure_carried_over_from_last_year_and_not_confirmed():
    report = clean_report()
    eff = report.section("efficiency")
    eff.set_figure(eff.figure("预算金额")._replace(value=D("7704.69"), source="", review=True))
    [found] = of_rule(report, "figure.carried_unconfirmed")
    assert found.severity is Severity.WARNING and found.place.figure == "预算金额"
    eff.set_figure(eff.figure("预算金额")._replace(review=False))
    assert of_rule(report, "figure.carried_unconfirmed") == []


def test_a_quoted_indicator_is_checked_as_it_prints():
    """Scenario 5: 「{完成固定资产}」 prints the table's 7290万元; no check may say the braces will print."""
    report = clean_report()
    section = next(s for s in report.sections if any("9170万元" in e.text for e in s.entries))
    entry = next(e for e in section.entries if "9170万元" in e.text)
    entry.text = entry.text.replace("9170万元", "{完成固定资产}")
    ind = report.table.groups[0].categories[0].indicators[0]
    report.table = report.table.with_indicators(0, 0, (replace(ind, actual=D("7290")),))
    found = findings(report)
    assert not [f for f in found if f.rule in ("figure.unknown_reference", "figure.empty_reference")]
    assert not [f for f in found if f.severity is Severity.ERROR]
    unknown = report.copy()
    unknown.section(section.key).entries[section.entries.index(entry)].text = entry.text.replace(
        "{完成固定资产}", "{完成固定资产投资}")
    assert [f.excerpt for f in findings(unknown) if f.rule == "figure.unknown_reference"] == ["{完成固定资产投资}"]


def test_the_threshold_is_a_template_setting():
    assert CheckSettings().budget_change_percent == D("20")
