"""Amounts and rates in running text, and the figures of a 数据段落 section."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from checks_support import SETTINGS, flagged_text, one_section_report, of_rule

from selfeval.domain.checks import CheckSettings, Severity
from selfeval.domain.figures import Figure, FigureKind
from selfeval.domain.model import SectionKind


def only(rule: str, *texts: str, settings=SETTINGS):
    report = one_section_report(*texts)
    found = of_rule(report, rule, settings=settings)
    for f in found:
        assert flagged_text(report, f) == f.excerpt
    return found


def test_unit_slip_confirmed_by_the_rate():
    found = only("amount.units_mixed", "已用金额7663.69万元，预算金额7704.69元，执行率99.47%。")
    assert [(f.excerpt, f.severity) for f in found] == [("7704.69元", Severity.WARNING)]
    # The rate fits the amounts taken in one unit: the unit is said to be the slip, not the rate.
    assert only("rate.mismatch", "已用金额7663.69万元，预算金额7704.69元，执行率99.47%。") == []


def test_amounts_alike_in_number_but_not_in_unit_are_a_hint():
    found = only("amount.units_mixed", "年初预算7704.69元，全年支出7663.69万元。")
    assert [(f.excerpt, f.severity) for f in found] == [("7704.69元", Severity.HINT)]


def test_rate_that_does_not_match_its_figures():
    found = only("rate.mismatch", "已用金额4500万元，预算金额5000万元，预算执行率95%。")
    assert [f.excerpt for f in found] == ["95%"]
    assert "预算执行率95%" in found[0].message and "4500万元" in found[0].message


@pytest.mark.parametrize("text, excerpt", [
    ("受理2058件，办结2000件，办结率99%。", "99%"),
    ("完成固定资产投资9170万元，目标6000万元，完成率150%。", "150%"),
])
def test_rate_checked_against_amounts_its_own_verb_names(text, excerpt):
    assert [f.excerpt for f in only("rate.mismatch", text)] == [excerpt]


def test_rate_about_something_else_is_not_checked_against_sums_of_money():
    text = "全年支出4500万元，其中项目支出3000万元，项目完成率95%。"
    assert only("rate.mismatch", text) == []
    assert [f.excerpt for f in only("rate.no_base", text)] == ["95%"]


def test_rate_base_in_the_clause_before():
    text = "全年预算收入合计3256.78万元；全年支出合计3102.45万元，预算执行率95.26%。"
    assert only("rate.mismatch", text) == only("rate.no_base", text) == []
    # Amounts of another clause that do not give the rate may be about something else: a hint, no warning.
    wrong = "全年预算收入合计3256.78万元；全年支出合计3102.45万元，预算执行率93.26%。"
    assert only("rate.mismatch", wrong) == []
    assert [f.excerpt for f in only("rate.no_base", wrong)] == ["93.26%"]


def test_rate_within_a_hundredth_of_a_point_and_rounded_rates():
    assert only("rate.mismatch", "已用金额7663.69万元，预算金额7704.69万元，执行率99.47%。") == []
    assert only("rate.mismatch", "已用金额7663.69万元，预算金额7704.69万元，执行率99.5%。") == []
    assert only("rate.mismatch", "已用金额7663.69万元，预算金额7704.69万元，执行率99.45%。")


def test_rate_without_base_is_a_hint():
    found = only("rate.no_base", "完成固定资产9170万元，完成率152.83%。")
    assert [(f.excerpt, f.severity) for f in found] == [("152.83%", Severity.HINT)]


def test_low_execution_rate_needs_a_reason_threshold_from_template():
    assert SETTINGS.low_execution_percent == Decimal("90")
    found = only("rate.low_execution", "全年预算执行率61.55%。")
    assert [(f.excerpt, f.severity) for f in found] == [("61.55%", Severity.WARNING)]
    assert "90%" in found[0].message
    assert only("rate.low_execution", "全年预算执行率61.55%，主要原因是项目延期。") == []
    looser = replace(SETTINGS, low_execution_percent=Decimal("60"))
    assert only("rate.low_execution", "全年预算执行率61.55%。", settings=looser) == []


def test_execution_rate_over_100_needs_a_reason():
    found = only("rate.over_limit", "预算执行率103.2%。")
    assert [f.excerpt for f in found] == ["103.2%"]
    assert only("rate.over_limit", "预算执行率103.2%，原因是追加了年中预算。") == []
    assert only("rate.over_limit", "完成率152.83%。") == []  # over-achieving a target is no execution rate


def _figures_report(budget_unit="万元", rate_value=Decimal("99.47"), text=None):
    report = one_section_report(text or "已用金额{已用金额}，预算金额{预算金额}，执行率{执行率}。")
    section = report.sections[0]
    section.kind = SectionKind.FIGURES
    section.figures = [Figure("已用金额", FigureKind.MONEY, "万元", Decimal("7663.69")),
                       Figure("预算金额", FigureKind.MONEY, budget_unit, Decimal("7704.69")),
                       Figure("执行率", FigureKind.PERCENT, "%", rate_value, "已用金额 / 预算金额")]
    return report


def test_figure_rules_as_findings():
    report = _figures_report(budget_unit="元")
    found = of_rule(report, "figure.unit_mismatch")
    assert [(f.place.figure, f.excerpt) for f in found] == [("预算金额", "7704.69元")]
    assert of_rule(report, "figure.rate_mismatch") == []
    assert of_rule(report, "amount.units_mixed") == []  # said once, on the figure
    report = _figures_report(rate_value=Decimal("98.00"))
    assert [f.place.figure for f in of_rule(report, "figure.rate_mismatch")] == ["执行率"]


def test_low_execution_rate_through_a_computed_figure():
    report = _figures_report(rate_value=None)
    report.sections[0].figures[0] = Figure("已用金额", FigureKind.MONEY, "万元", Decimal("4742.24"))
    found = of_rule(report, "rate.low_execution")
    assert [f.excerpt for f in found] == ["{执行率}"]
    assert "61.55%" in found[0].message


def test_unknown_and_empty_references_are_errors():
    report = _figures_report(text="结余金额为{结余金额}，预算金额{预算金额}。")
    found = of_rule(report, "figure.unknown_reference")
    assert [(f.excerpt, f.severity) for f in found] == [("{结余金额}", Severity.ERROR)]
    report.sections[0].figures[1] = Figure("预算金额", FigureKind.MONEY, "万元", None)
    assert [f.excerpt for f in of_rule(report, "figure.empty_reference")] == ["{预算金额}"]


@pytest.mark.parametrize("kind", [SectionKind.PARAGRAPHS, SectionKind.ITEMS])
def test_braces_in_a_section_without_figures(kind):
    report = one_section_report("结余{结余金额}。", kind=kind)
    assert [f.excerpt for f in of_rule(report, "figure.unknown_reference")] == ["{结余金额}"]


def test_empty_required_section_is_an_error_and_settings_say_which():
    report = one_section_report()
    found = of_rule(report, "required.section_empty", settings=CheckSettings(reduplication=SETTINGS.reduplication))
    assert [(f.severity, f.place.section) for f in found] == [(Severity.ERROR, "s")]
    optional = CheckSettings(reduplication=SETTINGS.reduplication, required_sections=frozenset())
    assert of_rule(report, "required.section_empty", settings=optional) == []


def test_item_with_a_lead_and_no_text():
    report = one_section_report("正文完整。", "", kind=SectionKind.THEMES)
    report.sections[0].entries[1].lead = "强化目标引领："
    found = of_rule(report, "required.entry_text_empty")
    assert [(f.place.entry, f.place.field, f.severity) for f in found] == [(1, "text", Severity.WARNING)]
    assert "强化目标引领" in found[0].message
    report.sections[0].entries[1].text = "建立绩效目标设定机制。"
    assert of_rule(report, "required.entry_text_empty") == []


def test_section_over_its_limit_is_a_hint():
    report = one_section_report("字" * 50 + "。")
    found = of_rule(report, "required.section_too_long",
                    settings=CheckSettings(reduplication=SETTINGS.reduplication, max_chars={"s": 40}))
    assert len(found) == 1 and "51" in found[0].message
