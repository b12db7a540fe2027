"""Done when: the bundled sample yields its two slips at the right places and nothing else at 错误 or
警告; a 2025 report made from it flags every leftover "2024年度", and one replace-all fixes them."""

from __future__ import annotations

from checks_support import SETTINGS, findings, flagged_text, in_text, serious

from selfeval.domain.carry import next_year_report
from selfeval.domain.checks import Severity, run_checks
from selfeval.domain.find_replace import find_all, replace_all
from selfeval.bundled.samples import bundled_sample


def test_sample_yields_the_unit_slip_and_the_doubled_word_only():
    report = bundled_sample()
    found = in_text(serious(report))
    assert [(f.rule, f.severity) for f in found] == [
        ("figure.unit_mismatch", Severity.WARNING), ("text.doubled_word", Severity.WARNING)]
    unit, doubled = found
    # The unit slip: on the budget figure written in 元 beside 万元.
    assert (unit.place.section, unit.place.field, unit.place.figure) == ("efficiency", "figure", "预算金额")
    assert unit.excerpt == "7704.69元"
    assert "万元" in unit.message and "元" in unit.message
    # The doubled word: in the 信息公开 paragraph, the exact span of "公开公开".
    assert (doubled.place.section, doubled.place.entry, doubled.place.field) == ("efficiency", 3, "text")
    assert doubled.excerpt == flagged_text(report, doubled) == "公开公开"
    text = report.section("efficiency").entries[3].text
    assert text.index("门户网站公开公开的内容") + 4 == doubled.place.start


def test_sample_hints_are_hints():
    hints = [f for f in findings(bundled_sample()) if f.severity is Severity.HINT]
    assert {f.rule for f in hints} <= {"year.previous", "rate.no_base"}
    assert any(f.excerpt == "152.83%" for f in hints)


def test_fixing_the_two_slips_leaves_no_warning():
    report = bundled_sample()
    eff = report.section("efficiency")
    eff.set_figure(eff.figure("预算金额").with_value(eff.figure("预算金额").value, "万元"))
    eff.entries[3].text = eff.entries[3].text.replace("公开公开", "公开")
    assert in_text(serious(report)) == []


def test_the_sample_tables_own_notes_reach_the_checks_as_warnings_never_errors():
    found = [f for f in findings(bundled_sample()) if f.place.field == "table"]
    assert {f.rule for f in found} == {"table.weights", "table.weight_missing"}
    assert all(f.severity is Severity.WARNING for f in found)
    assert any("产出指标下各三级指标的分值合计为 0 分，应为 50 分" in f.message for f in found)
    assert all(f.place.label() .startswith("自评表") for f in found)


def test_next_year_report_flags_every_leftover_and_one_replace_all_fixes_them():
    last = bundled_sample()
    report = next_year_report(last)
    assert report.year == 2025
    stale = [f for f in findings(report, last_year=last) if f.rule == "year.stale"]
    leftovers = [m.place for m in find_all(report, "2024年度")]
    assert len(leftovers) == 5
    assert {f.place for f in stale} == set(leftovers)
    # the four prizes won in 2024 (获得2024年度荔湾区最美党群服务中心…) are hints, the one leftover a warning
    assert [f.severity for f in stale].count(Severity.WARNING) == 1
    assert all("获奖或称号" in f.message for f in stale if f.severity is Severity.HINT)
    fix = stale[0].fix
    assert fix is not None and all(f.fix == fix for f in stale)
    assert fix.label == "将 5 处“2024年度”改为“2025年度”"
    assert fix.label in stale[0].message
    fixed, count = replace_all(report, fix.find, fix.replacement, fix.places)
    assert count == 5
    assert find_all(fixed, "2024年度") == []
    assert len(find_all(fixed, "2025年度")) == 5
    assert [f for f in findings(fixed, last_year=last) if f.rule == "year.stale"] == []
    assert find_all(report, "2024年度")  # the report passed in is left as it was


def test_next_year_report_marks_figures_to_review_and_copied_sentences():
    last = bundled_sample()
    report = next_year_report(last)
    result = run_checks(report, SETTINGS, last_year=last)
    rules = {f.rule for f in result.findings}
    assert {"year.copied_sentence"} <= rules
    copied = [f for f in result.findings if f.rule == "year.copied_sentence"]
    assert all(f.severity is Severity.HINT and f.message == "与上年相同，请确认已更新。" for f in copied)
    assert all(flagged_text(report, f) == f.excerpt for f in copied)
