"""审核说明: finding keys that survive unrelated edits, explanations as a report field (JSON, validation,
old reports without it), stale ones listed, and a new year's report not inheriting them."""

from __future__ import annotations

import pytest
from checks_support import SETTINGS, of_rule, one_section_report

from selfeval.domain.carry import next_year_report
from selfeval.domain.checks import Explanation, ExplanationError, Severity, Status, explain, run_checks
from selfeval.domain.explanations import MAX_EXPLANATION_CHARS
from selfeval.domain.fields import report_field
from selfeval.domain.model import Entry, Report, Section, SectionKind
from selfeval.bundled.samples import bundled_sample

DOUBLED = "text.doubled_word"


def two_section_report(first: list[str], second: list[str]) -> Report:
    report = one_section_report(*first)
    report.sections.append(Section(key="t", heading="第二栏目", level=2, kind=SectionKind.ITEMS,
                                   entries=[Entry(text=t) for t in second]))
    return report


def doubled_key(report: Report, section: str = "s") -> str:
    return next(f.key for f in of_rule(report, DOUBLED) if f.place.section == section)


def test_key_is_rule_section_excerpt_and_occurrence_without_offsets_or_entry_index():
    finding = of_rule(one_section_report("统一公开公开的内容。"), DOUBLED)[0]
    assert finding.key == f"{DOUBLED}|s||公开公开"
    assert str(finding.place.start) not in finding.key.split("|")[1:3]


@pytest.mark.parametrize("edit", [
    lambda r: setattr(r.sections[1].entries[0], "text", r.sections[1].entries[0].text + "又补充了一句话。"),
    lambda r: r.sections[0].entries.insert(0, Entry(text="新加的第一段。")),
    lambda r: setattr(r.sections[0].entries[0], "text", "开头改写了。" + r.sections[0].entries[0].text),
    lambda r: setattr(r.sections[0], "intro", "新写的导语。"),
    lambda r: setattr(r, "unit_name", "改过名字的单位"),
    lambda r: r.sections.reverse(),
], ids=["other section", "entry added above", "text before it", "intro", "report field", "sections moved"])
def test_an_explanation_survives_edits_elsewhere(edit):
    report = two_section_report(["统一公开公开的内容。"], ["按时报送。"])
    finding = of_rule(report, DOUBLED)[0]
    report.explanations = {finding.key: explain(finding, "原文如此，已核实。")}
    edit(report)
    result = run_checks(report, SETTINGS)
    doubled = [f for f in result.findings if f.rule == DOUBLED]
    assert [f.status for f in doubled] == [Status.EXPLAINED] and result.stale == ()
    assert result.count(Severity.WARNING) == 0


def test_repeats_of_the_same_excerpt_are_told_apart_by_occurrence():
    report = one_section_report("公开公开。", "再次公开公开。")
    first, second = of_rule(report, DOUBLED)
    report.explanations = {second.key: explain(second, "第二处是引用原文。")}
    statuses = [f.status for f in run_checks(report, SETTINGS).findings if f.rule == DOUBLED]
    assert statuses == [Status.OPEN, Status.EXPLAINED]
    assert first.key != second.key and second.key.endswith("#1")


def test_an_explanation_whose_finding_is_gone_is_listed_as_stale():
    report = one_section_report("统一公开公开的内容。")
    finding = of_rule(report, DOUBLED)[0]
    report.explanations = {finding.key: explain(finding, "原文如此。", dismissed=True, report=report)}
    report.sections[0].entries[0].text = "统一公开的内容。"  # corrected: the finding is gone
    result = run_checks(report, SETTINGS)
    assert [k for k, _ in result.stale] == [finding.key]
    stale = result.stale[0][1]
    assert (stale.severity, stale.excerpt, stale.dismissed, stale.section) == ("警告", "公开公开", True, "s")
    assert stale.place == "测试栏目 · 第1条 · 正文"


def test_explain_cleans_the_text_and_refuses_empty_long_or_errors():
    report = one_section_report("统一公开公开的内容，结余{结余金额}。")
    doubled = of_rule(report, DOUBLED)[0]
    assert explain(doubled, "  已核实\x07\u202e。\n").text == "已核实。"
    with pytest.raises(ExplanationError, match="请填写说明"):
        explain(doubled, " \u200b\n ")
    with pytest.raises(ExplanationError, match="忽略的理由"):
        explain(doubled, "", dismissed=True)
    with pytest.raises(ExplanationError, match=f"不能超过 {MAX_EXPLANATION_CHARS} 个字"):
        explain(doubled, "说" * (MAX_EXPLANATION_CHARS + 1))
    error = of_rule(report, "figure.unknown_reference")[0]
    assert error.severity is Severity.ERROR
    with pytest.raises(ExplanationError, match="错误必须修改"):
        explain(error, "就这样")


def test_the_report_field_round_trips_and_validates():
    report = bundled_sample()
    finding = next(f for f in run_checks(report, SETTINGS).findings if f.rule == DOUBLED)
    report.explanations = {finding.key: explain(finding, "原文如此。", report=report)}
    field = report_field("explanations")
    assert field.label == "审核说明"
    data = report.to_dict()
    assert data["explanations"][finding.key]["text"] == "原文如此。"
    assert Report.from_dict(data) == report
    assert field.validate(report.explanations) == data["explanations"]
    with pytest.raises(TypeError):
        field.validate({finding.key: "原文如此。"})
    with pytest.raises(ExplanationError):
        field.validate({finding.key: Explanation("   ")})
    with pytest.raises(ExplanationError):
        field.validate({"": Explanation("原文如此。")})


def test_old_reports_and_damaged_entries_read_as_empty():
    data = bundled_sample().to_dict()
    del data["explanations"]
    assert Report.from_dict(data).explanations == {}
    data["explanations"] = {"a": "not an object", "b": {"text": "已核实", "dismissed": 1, "excerpt": 5}}
    assert Report.from_dict(data).explanations == {"b": Explanation("已核实", dismissed=True)}


def test_a_new_years_report_does_not_inherit_last_years_explanations():
    last = bundled_sample()
    finding = next(f for f in run_checks(last, SETTINGS).findings if f.rule == DOUBLED)
    last.explanations = {finding.key: explain(finding, "原文如此。")}
    new = next_year_report(last)
    assert new.explanations == {} and last.explanations
    assert run_checks(new, SETTINGS).count(Severity.WARNING) >= 1
