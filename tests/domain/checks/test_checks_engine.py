"""The engine: stable keys, explanations and dismissals, settings from the outline template, the
fonts and last year's report as inputs, and the figure checks the editor still shows."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from checks_support import SETTINGS, findings, in_text, one_section_report, of_rule

from selfeval.domain.checks import DEFAULTS, CheckSettings, Explanation, Severity, Status, run_checks
from selfeval.domain.errors import TemplateError
from selfeval.domain.figure_checks import REVIEW_TEXT, figure_status
from selfeval.domain.figures import Figure, FigureKind
from selfeval.domain.outline import parse_template
from selfeval.bundled.samples import bundled_sample
from selfeval.bundled.templates import bundled_templates


def test_every_finding_has_rule_severity_message_place_and_key():
    report = one_section_report("这是我们的的工作,共完成１２栋和5栋。\n一是学习；三是监督")
    found = findings(report)
    assert found
    for f in found:
        assert f.rule and isinstance(f.severity, Severity) and f.key.startswith(f.rule + "|")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f.message)
    assert len({f.key for f in found}) == len(found)


def test_key_survives_edits_before_the_finding():
    before = of_rule(one_section_report("统一公开公开的内容。"), "text.doubled_word")[0]
    after = of_rule(one_section_report("前面加了一句话。统一公开公开的内容。"), "text.doubled_word")[0]
    assert before.place != after.place and before.key == after.key


def test_repeats_get_distinct_keys():
    found = of_rule(one_section_report("公开公开，再次公开公开。"), "text.doubled_word")
    assert [f.key.endswith("#1") for f in found] == [False, True]


def test_explained_and_dismissed_findings_stay_listed_but_do_not_count():
    report = bundled_sample()
    result = run_checks(report, SETTINGS)
    doubled = next(f for f in result.findings if f.rule == "text.doubled_word")
    unit = next(f for f in result.findings if f.rule == "figure.unit_mismatch")
    assert len(in_text(result.open_findings(Severity.WARNING))) == 2
    answered = run_checks(report, SETTINGS, explanations={
        doubled.key: Explanation("原文如此，已与科室核实。"),
        unit.key: Explanation("财政系统导出即为元", dismissed=True)})
    by_rule = {f.rule: f for f in answered.findings}
    assert by_rule["text.doubled_word"].status is Status.EXPLAINED
    assert by_rule["text.doubled_word"].explanation.text == "原文如此，已与科室核实。"
    assert by_rule["figure.unit_mismatch"].status is Status.DISMISSED
    assert len(answered.findings) == len(result.findings)
    assert in_text(answered.open_findings(Severity.WARNING)) == []


def test_errors_cannot_be_explained_and_empty_explanations_explain_nothing():
    report = one_section_report("结余{结余金额}。")
    error = of_rule(report, "figure.unknown_reference")[0]
    result = run_checks(report, SETTINGS, explanations={error.key: Explanation("就这样")})
    assert result.has_errors and result.findings[0].status is Status.OPEN
    doubled = of_rule(one_section_report("公开公开。"), "text.doubled_word")[0]
    result = run_checks(one_section_report("公开公开。"), SETTINGS, explanations={doubled.key: Explanation("  ")})
    assert result.count(Severity.WARNING) == 1


def test_explanation_round_trips_as_data():
    e = Explanation("已核实", dismissed=True)
    assert Explanation.from_dict(e.to_dict()) == e


@pytest.mark.parametrize("template", sorted(bundled_templates()))
def test_bundled_templates_give_the_thresholds(template: str):
    settings = CheckSettings.from_template(bundled_templates()[template])
    assert settings.low_execution_percent == Decimal("90")
    assert settings.high_execution_percent == Decimal(DEFAULTS["high_execution_percent"])
    groups = {s.key for s in bundled_templates()[template].sections if s.kind.value == "group"}
    assert settings.required_sections and not settings.required_sections & groups
    assert settings.year_change_percent == Decimal("30") and settings.max_chars


def _template(settings: dict, **section) -> dict:
    return {"id": "t", "name": "t", "title": "{year}年度说明", "settings": settings,
            "sections": [{"key": "a", "heading": "甲", "kind": "paragraphs", **section},
                         {"key": "b", "heading": "乙", "kind": "paragraphs", "required": False}]}


def test_template_settings_are_read():
    tpl = parse_template(_template({"low_execution_percent": "80", "year_change_percent": "50",
                                    "section_max_chars": "2000"}, max_chars=500))
    settings = CheckSettings.from_template(tpl)
    assert settings.low_execution_percent == Decimal("80")
    assert settings.year_change_percent == Decimal("50")
    assert settings.required_sections == frozenset({"a"})
    assert settings.max_chars == {"a": 500, "b": 2000}


def test_a_bad_template_setting_is_a_chinese_error():
    with pytest.raises(TemplateError, match="low_execution_percent"):
        CheckSettings.from_template(parse_template(_template({"low_execution_percent": "九十"})))


def test_font_rule_uses_the_fonts_the_caller_passes():
    report = one_section_report("内容。")
    everything = {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "Times New Roman"}
    assert of_rule(report, "layout.font_missing", fonts=everything) == []
    assert of_rule(report, "layout.font_missing") == []  # not known: not checked
    found = of_rule(report, "layout.font_missing", fonts=everything - {"方正小标宋简体"})
    assert [(f.excerpt, f.severity, f.place.field) for f in found] == [("方正小标宋简体", Severity.HINT, "layout")]
    english = {"SimHei", "FangSong_GB2312", "KaiTi_GB2312", "FZXiaoBiaoSong-B05S", "Times New Roman"}
    assert of_rule(report, "layout.font_missing", fonts=english) == []
    report.layout = report.layout.__class__(use_fallback_fonts=True)
    found = of_rule(report, "layout.font_missing", fonts=everything)
    assert len(found) == 1 and "华文中宋" in found[0].excerpt


def test_every_missing_font_is_one_hint():  # issue 23: not 4–5 「本机没有字体…」 hints
    report = one_section_report("内容。")
    found = of_rule(report, "layout.font_missing", fonts={"Times New Roman"})
    assert len(found) == 1
    assert found[0].message.startswith("本机没有字体“仿宋_GB2312”“方正小标宋简体”“黑体”“楷体_GB2312”")


def _efficiency_report(year: int, used: str, budget: str, unit: str = "万元"):
    report = bundled_sample()
    report.year = year
    eff = report.section("efficiency")
    eff.set_figure(eff.figure("已用金额").with_value(Decimal(used), "万元"))
    total = report.table.budget.total  # the 已用金额 quotes the table: the table holds this year's figure
    held = Decimal(budget) if unit == "万元" else total.budget
    report.table = report.table.with_budget(report.table.budget.with_row(replace(total, spent=Decimal(used),
                                                                                 budget=held)))
    eff.set_figure(eff.figure("预算金额").with_value(Decimal(budget), unit))
    eff.set_figure(eff.figure("执行率").with_value(None))
    return report


def test_cross_year_figures():
    last = _efficiency_report(2024, "7663.69", "7704.69")
    same = _efficiency_report(2025, "7700", "7800")
    assert [f for f in findings(same, last_year=last) if f.rule.startswith("year.figure")] == []
    grown = _efficiency_report(2025, "12000", "12100")
    changed = [f.place.figure for f in of_rule(grown, "year.figure_changed", last_year=last)]
    assert changed == ["已用金额", "预算金额"]
    low = _efficiency_report(2025, "5000", "7800")  # 执行率 99.47 → 64.10: 35 points
    assert "执行率" in [f.place.figure for f in of_rule(low, "year.figure_changed", last_year=last)]
    unit = _efficiency_report(2025, "7700", "77000000", unit="元")
    found = of_rule(unit, "year.unit_changed", last_year=last)
    assert [(f.place.figure, f.severity) for f in found] == [("预算金额", Severity.WARNING)]


def test_copied_sentences_only_when_unchanged():
    last = one_section_report("今年完成了社区微改造项目十二个。", year=2024)
    now = one_section_report("今年完成了社区微改造项目十二个。今年新增口袋公园三个并投入使用。", year=2025)
    found = of_rule(now, "year.copied_sentence", last_year=last)
    assert [f.excerpt for f in found] == ["今年完成了社区微改造项目十二个。"]
    assert of_rule(now, "year.copied_sentence") == []


def test_figure_checks_still_serve_the_editor():
    section = bundled_sample().section("efficiency")
    status = figure_status(section, section.figure("执行率"))
    assert any("单位不一致" in w for w in status.warnings)
    assert any("不一致，请核对" in w for w in status.warnings)
    rate = Figure("执行率", FigureKind.PERCENT, "%", Decimal("99.47"), "已用金额 / 预算金额", review=True)
    assert REVIEW_TEXT in figure_status(section, rate).text


def test_findings_come_in_reading_order():
    report = bundled_sample()
    order = [f.place.section for f in in_text(findings(report))]
    keys = [s.key for s in report.sections]
    assert order == sorted(order, key=keys.index)


def test_damaged_figure_values_do_not_break_the_checks():
    report, last = bundled_sample(), bundled_sample()
    eff = report.section("efficiency")
    eff.set_figure(eff.figure("预算金额").with_value(Decimal("NaN"), "万元"))
    eff.figures.append(Figure("坏公式", FigureKind.PERCENT, "%", None, "已用金额 ÷"))
    old = last.section("efficiency")
    old.set_figure(old.figure("已用金额").with_value(Decimal("Infinity"), "万元"))
    result = run_checks(report, SETTINGS, last_year=last)
    assert [f.place.figure for f in result.findings if f.rule == "figure.formula_invalid"] == ["坏公式"]
    assert result.has_errors
