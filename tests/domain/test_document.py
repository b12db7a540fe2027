import datetime as dt
from decimal import Decimal

from selfeval.domain.carry import figures_to_review, next_year_report
from selfeval.domain.document import Role, report_blocks, report_text, section_blocks
from selfeval.domain.model import Entry, Report, Section, SectionKind
from selfeval.bundled.templates import get_template


def _report() -> Report:
    report = get_template().new_report(unit_name="广州市荔湾区人民政府昌华街道办事处", unit_short="昌华街道", year=2024)
    report.section("goals").entries = [Entry("", "加强党建。"), Entry("", "优化营商环境。")]
    report.section("performance").entries = [Entry("党建引领激发动能。", "依托品牌。"), Entry("招商引资有序实施", "大力招商。")]
    eff = report.section("efficiency")
    eff.entries = [Entry("", "已用金额合计{已用金额}，预算金额合计为{预算金额}，预算执行率{执行率}。")]
    eff.set_figure(eff.figure("已用金额").with_value(Decimal("7663.69")))
    eff.set_figure(eff.figure("预算金额").with_value(Decimal("7704.69")))
    report.section("measures").entries = [Entry("强化目标引领：", "建立机制。\n第二段。"), Entry("健全管理", "协同。")]
    return report


def test_numbering_and_kinds_render_as_the_official_text():
    text = report_text(_report()).split("\n")
    assert text[0] == "2024年度昌华街道部门整体支出绩效自评表说明"
    assert text[1:4] == ["一、绩效自评情况", "（一）部门整体支出绩效目标", "一是加强党建。二是优化营商环境。"]
    assert "（三）履职效能分析" in text
    assert "党建引领激发动能。依托品牌。招商引资有序实施。大力招商。" in text
    # the derived rate is computed when not written, rounded to 2 places
    assert "已用金额合计7663.69万元，预算金额合计为7704.69万元，预算执行率99.47%。" in text
    assert text[-4:] == ["三、下一步改进措施", "一是强化目标引领：建立机制。", "第二段。", "二是健全管理。协同。"]


def test_blocks_roles_and_signature():
    report = _report()
    report.signature = "广州市荔湾区人民政府昌华街道办事处"
    report.sign_date = dt.date(2025, 3, 1)
    blocks = report_blocks(report)
    assert blocks[0].role is Role.TITLE
    assert [b.role for b in blocks[1:3]] == [Role.HEADING1, Role.HEADING2]
    assert [b.role for b in blocks[-3:]] == [Role.BLANK, Role.SIGNATURE, Role.DATE]
    assert blocks[-1].text == "2025年3月1日"


def test_inline_items_with_colon_intro_run_into_one_paragraph():
    section = Section("x", "x", 1, SectionKind.ITEMS, inline=True, intro="主要问题有：",
                      entries=[Entry("目标笼统", "需改进。"), Entry("", "协同不畅。")])
    assert [b.text for b in section_blocks(section)] == ["主要问题有：一是目标笼统。需改进。二是协同不畅。"]


def test_subheads_run_in():
    section = Section("x", "x", 2, SectionKind.SUBHEADS,
                      entries=[Entry("基层治理提质增效", "网格全覆盖。"), Entry("民生保障", "")])
    blocks = section_blocks(section)
    assert [(b.runin, b.text) for b in blocks] == [("1.基层治理提质增效。", "网格全覆盖。"), ("2.民生保障。", "")]


def test_unknown_placeholder_stays_as_typed():
    section = Section("x", "x", 2, SectionKind.PARAGRAPHS, entries=[Entry("", "保留{未定义}原样。")])
    assert section_blocks(section)[0].text == "保留{未定义}原样。"


def test_json_round_trip_keeps_decimals_exact():
    report = _report()
    data = report.to_dict()
    assert data["sections"][4]["figures"][0]["value"] == "7663.69"
    again = Report.from_dict(data)
    assert again.to_dict() == data
    assert again.section("efficiency").figure("已用金额").value == Decimal("7663.69")


def test_next_year_copies_text_moves_year_and_marks_figures():
    last = _report()
    last.sign_date = dt.date(2025, 3, 1)
    new = next_year_report(last)
    assert new.year == 2025 and new.sign_date is None
    assert new.title == "2025年度昌华街道部门整体支出绩效自评表说明"
    assert new.section("goals").entries == last.section("goals").entries
    # budget figures: linked to the new table, no value of last year's (「待填」), nothing to review
    figures = {f.name: f for f in new.section("efficiency").figures}
    assert [(figures[n].source, figures[n].value) for n in ("已用金额", "预算金额", "执行率")] == [
        ("全年执行数", None), ("全年预算数", None), ("执行率", None)]
    assert figures_to_review(new) == [] and figures_to_review(last) == []
    line = next(t for t in report_text(new).split("\n") if t.startswith("已用金额"))
    assert line == "已用金额合计【已用金额】，预算金额合计为【预算金额】，预算执行率【执行率】。"
    assert "7663.69" not in report_text(new) and "7704.69" not in report_text(new)


def test_empty_entries_print_nothing_and_do_not_take_a_number():
    section = Section("x", "x", 1, SectionKind.ITEMS, inline=True,
                      entries=[Entry("", "甲。"), Entry("", "  "), Entry("", "乙。")])
    assert [b.text for b in section_blocks(section)] == ["一是甲。二是乙。"]


def test_a_section_without_heading_takes_no_number():
    report = _report()
    report.sections.insert(0, Section("extra-0", "", 1, SectionKind.PARAGRAPHS, entries=[Entry("", "前言。")], extra=True))
    text = report_text(report).split("\n")
    assert text[1:3] == ["前言。", "一、绩效自评情况"]


def test_odd_template_title_or_formula_never_breaks_rendering():
    report = _report()
    report.title_pattern = "{year}年度{unit_short}说明{未知}"
    assert report.title == "2024年度昌华街道说明{未知}"
    eff = report.section("efficiency")
    eff.set_figure(eff.figure("执行率")._replace(formula="已用金额 ÷ 预算金额"))
    assert "预算执行率【执行率】" in report_text(report)
