"""What the importer makes of a text: title, headings onto the outline, extras, kinds, figures, 落款."""

import datetime as dt
import time
from dataclasses import replace
from decimal import Decimal

from selfeval.domain.document import report_text, section_blocks
from selfeval.domain.model import SectionKind
from selfeval.importers import import_text
from selfeval.bundled.templates import get_template

TITLE = "2024年度昌华街道部门整体支出绩效自评表说明"


def printed(section) -> list[str]:
    return [b.full_text for b in section_blocks(section)]


def test_control_characters_pasted_from_word_are_cleaned_with_notices():
    text = (f"{TITLE}\n一、绩效自评情况\n（一）部门整体支出绩效目标\n"
            "一是加强\x07党建。\x0b二是优化\ud800营商环境。\x0c\n二、存在的主要问题\n一是目标笼统\x13。")
    result = import_text(text)
    goals = result.report.section("goals")
    assert [e.text for e in goals.entries] == ["加强党建。", "优化营商环境。"]
    assert result.report.section("problems").entries[0].text == "目标笼统。"
    joined = "".join(result.notices)
    assert "控制字符" in joined and "无法识别的字符" in joined
    whole = report_text(result.report)
    assert not any(ch in whole for ch in "\x07\x0b\x0c\x13\ud800")


def test_a_heading_without_a_role_is_an_ordinary_section_where_it_was_found():
    text = (f"{TITLE}\n一、绩效自评情况\n（一）自评结论\n一是完成了。\n"
            "（二）资产管理情况\n资产账实相符。\n另有说明。\n"
            "二、存在的主要问题\n一是问题甲。")
    result = import_text(text)
    keys = [s.key for s in result.report.sections]
    plain = next(s for s in result.report.sections if s.heading == "资产管理情况")
    assert not plain.extra and plain.level == 2 and plain.kind is SectionKind.PARAGRAPHS
    assert [e.text for e in plain.entries] == ["资产账实相符。", "另有说明。"]
    assert keys == ["self_eval", "conclusion", plain.key, "problems"]
    assert report_text(result.report).split("\n") == text.split("\n")


def test_text_before_the_first_heading_is_kept():
    text = f"{TITLE}\n\n根据区财政局通知要求，现将有关情况说明如下：\n一、绩效自评情况\n（一）自评结论\n一是完成了。"
    result = import_text(text)
    first = result.report.sections[0]
    assert first.extra and first.heading == ""
    assert first.entries[0].text == "根据区财政局通知要求，现将有关情况说明如下："
    lines = report_text(result.report).split("\n")
    assert lines[:3] == [TITLE, "根据区财政局通知要求，现将有关情况说明如下：", "一、绩效自评情况"]
    assert any("第一个标题之前" in n for n in result.notices)


def test_an_outline_section_absent_from_the_text_is_not_added():
    text = f"{TITLE}\n一、绩效自评情况\n（一）自评结论\n一是完成了。\n二、下一步改进措施\n一是加强管理：做好工作。"
    result = import_text(text)
    assert [s.key for s in result.report.sections] == ["self_eval", "conclusion", "measures"]
    assert result.report.section("measures").entries[0].lead == "加强管理："
    assert report_text(result.report).split("\n") == text.split("\n")  # no empty heading printed


def test_aliases_and_spacing_variants_of_headings_map_onto_the_outline():
    text = f"{TITLE}\n一、 绩效自评情况\n（ 二 ） 绩效自评结论\n一是完成了。\n二、存在问题\n一是问题甲。"
    report = import_text(text).report
    assert report.section("conclusion").entries[0].text == "完成了。"
    assert report.section("problems").heading == "存在问题"  # as written
    assert not any(s.extra for s in report.sections)


def test_a_title_that_does_not_follow_the_pattern_is_kept_as_written():
    report = import_text("荔湾区某街道2023年度整体支出绩效自评情况的说明\n一、绩效自评情况").report
    assert report.title_override == "荔湾区某街道2023年度整体支出绩效自评情况的说明"
    assert report.title == report.title_override and report.year == 2023


def test_pdf_spaces_in_the_title_and_text_are_tidied():
    report = import_text("2024 年度昌华街道部门整体支出绩效自评表 说明\n一、绩效自评情况\n（二）自评结论\n"
                         "一是以五大板块 24 期活动团结各界。").report
    assert (report.year, report.unit_short, report.title_override) == (2024, "昌华街道", "")
    assert report.section("conclusion").entries[0].text == "以五大板块24期活动团结各界。"


def test_signature_and_date_at_the_end_are_taken_as_such():
    text = (f"{TITLE}\n一、绩效自评情况\n（二）自评结论\n一是完成了。\n\n"
            "广州市荔湾区人民政府昌华街道办事处\n2025年3月1日\n")
    report = import_text(text).report
    assert report.signature == "广州市荔湾区人民政府昌华街道办事处"
    assert report.sign_date == dt.date(2025, 3, 1)
    assert report.unit_name == "广州市荔湾区人民政府昌华街道办事处"
    assert report.section("conclusion").entries[0].text == "完成了。"
    assert report_text(report).split("\n")[-2:] == ["广州市荔湾区人民政府昌华街道办事处", "2025年3月1日"]


def test_an_impossible_date_stays_text():
    report = import_text(f"{TITLE}\n一、绩效自评情况\n（二）自评结论\n一是完成了。\n2025年2月30日").report
    assert report.sign_date is None
    assert "2025年2月30日" in report_text(report)


def test_items_with_a_paragraph_after_the_last_item_and_inline_chosen_from_the_text():
    text = (f"{TITLE}\n二、存在的主要问题\n一是目标笼统：目标不清。\n二是协同不畅：壁垒较多。\n"
            "产生这些问题的原因主要在于能力不足。")
    section = import_text(text).report.section("problems")
    assert [e.lead for e in section.entries] == ["目标笼统：", "协同不畅："]
    assert section.entries[1].text == "壁垒较多。\n产生这些问题的原因主要在于能力不足。"
    # The template runs problems on in one paragraph; this text has one per item, and keeps it.
    assert not section.inline
    assert printed(section) == text.split("\n")[-3:]


def test_no_lead_when_the_first_phrase_is_too_long_or_ends_the_paragraph():
    long_phrase = "部分项目或工作的绩效目标设定较为笼统空泛未能与街道的重点工作任务紧密挂钩"
    text = f"{TITLE}\n三、下一步改进措施\n一是{long_phrase}：具体做法。\n二是强化目标引领：\n建立机制。"
    entries = import_text(text).report.section("measures").entries
    assert entries[0].lead == "" and entries[0].text.startswith(long_phrase)
    assert entries[1].lead == "" and entries[1].text == "强化目标引领：\n建立机制。"
    assert report_text(import_text(text).report).endswith("二是强化目标引领：\n建立机制。")


def test_themes_split_on_short_sentences_and_keep_paragraph_breaks():
    text = (f"{TITLE}\n（三）履职效能分析\n党建引领激发动能。依托品牌项目，形成研学地图。"
            "招商引资有序实施。完成固定资产9170万元，完成率152.83%。\n此外，获得多项荣誉。")
    section = import_text(text).report.section("performance")
    assert [e.lead for e in section.entries] == ["党建引领激发动能。", "招商引资有序实施。"]
    assert section.entries[1].text == "完成固定资产9170万元，完成率152.83%。\n此外，获得多项荣誉。"
    assert section.inline
    assert printed(section) == text.split("\n")[-2:]


def test_figures_are_found_by_their_pattern_with_the_unit_as_written():
    text = (f"{TITLE}\n（四）管理效率分析\n在预算执行方面，已用金额合计7,663.69万元。\n"
            "已用金额为1200.50万元，预算金额1.5亿元，执行率80%，另执行率90%。")
    section = import_text(text).report.section("efficiency")
    # "7,663.69" with a thousands separator is left as text; the first plain one is taken.
    assert section.entries[0].text == "在预算执行方面，已用金额合计7,663.69万元。"
    assert section.entries[1].text == "已用金额为{已用金额}，预算金额{预算金额}，执行率{执行率}，另执行率90%。"
    assert section.figure("已用金额").value == Decimal("1200.50")
    assert (section.figure("预算金额").value, section.figure("预算金额").unit) == (Decimal("1.5"), "亿元")
    assert (section.figure("执行率").value, section.figure("执行率").unit) == (Decimal("80"), "%")
    assert printed(section) == text.split("\n")[-2:]


def test_a_cut_line_is_joined_but_not_into_a_heading_and_not_across_a_numbered_line():
    text = (f"{TITLE}\n（二）自评结论\n一是按照工作\n\n\n方案要求开展走访。二是共指导64家企业，办结率\n"
            "100%。\n（三）履职效能分析\n党建引领激发动能。依托项目")
    report = import_text(text).report
    assert [e.text for e in report.section("conclusion").entries] == ["按照工作方案要求开展走访。", "共指导64家企业，办结率100%。"]
    assert report.section("performance").entries[0].text == "依托项目"


def test_a_two_hundred_thousand_character_section_imports_quickly():
    body = ("推进基层治理精准高效，落实社区微改造" * 10 + "。") * 1050  # 200,550 characters
    text = f"{TITLE}\n（四）管理效率分析\n{body}\n二、存在的主要问题\n一是{body}"
    start = time.perf_counter()
    report = import_text(text).report
    elapsed = time.perf_counter() - start
    assert report.section("efficiency").entries[0].text == body
    assert report.section("problems").entries[0].text == body
    print(f"200k-character sections imported in {elapsed:.3f} s")  # measured, not asserted


def test_subheads_sections_take_numbered_run_in_paragraphs():
    template = get_template()
    sections = tuple(replace(s, kind=SectionKind.SUBHEADS) if s.key == "performance" else s
                     for s in template.sections)
    template = replace(template, sections=sections)
    text = (f"{TITLE}\n（三）履职效能分析\n总体情况良好。\n1.基层治理提质增效。网格事件按时办结。\n补充说明。\n"
            "2.营商环境持续优化：走访企业64家。\n3.文旅融合\n（四）管理效率分析\n在预算编制方面从严管控。")
    report = import_text(text, template).report
    section = report.section("performance")
    assert section.intro == "总体情况良好。"
    assert [(e.lead, e.text) for e in section.entries] == [
        ("基层治理提质增效。", "网格事件按时办结。\n补充说明。"),
        ("营商环境持续优化：", "走访企业64家。"),
        ("", "文旅融合"),
    ]
    assert not any(s.extra for s in report.sections)
    assert printed(section) == text.split("\n")[2:7]


def test_the_basic_info_template_maps_a_report_that_starts_with_basic_information():
    template = get_template("basic-info-2024")
    text = ("2024年度某区城市管理局部门整体支出绩效自评报告\n"
            "一、部门基本情况\n（一）职能\n负责辖区市容环境卫生管理工作。\n"
            "（二）机构设置及人员情况\n内设科室6个，编制45名，实有42人。\n"
            "（三）年度主要工作任务\n一是做好环境卫生保洁。二是推进垃圾分类。\n"
            "二、绩效自评情况\n全年预算数为1200.00万元，全年执行数为1150.00万元，执行率为95.83%。\n"
            "三、存在的主要问题\n一是绩效目标不够细化：部分指标难以量化。\n"
            "四、下一步改进措施\n一是细化目标：按季度分解任务。\n\n"
            "某区城市管理局\n2025年2月28日")
    result = import_text(text, template)
    report = result.report
    assert (report.template_id, report.year, report.unit_short) == ("basic-info-2024", 2024, "某区城市管理局")
    assert not any(s.extra for s in report.sections)
    assert report.section("functions").entries[0].text == "负责辖区市容环境卫生管理工作。"
    assert report.section("organisation").entries[0].text == "内设科室6个，编制45名，实有42人。"
    assert [e.text for e in report.section("tasks").entries] == ["做好环境卫生保洁。", "推进垃圾分类。"]
    evaluation = report.section("self_eval")
    assert evaluation.figure("全年预算数").value == Decimal("1200.00")
    assert evaluation.figure("全年执行数").value == Decimal("1150.00")
    assert evaluation.figure("执行率").value == Decimal("95.83")
    assert report.section("problems").entries[0].lead == "绩效目标不够细化："
    assert report.signature == "某区城市管理局" and report.sign_date == dt.date(2025, 2, 28)
    assert report.unit_name == "某区城市管理局"
    assert report_text(report).split("\n") == [line for line in text.split("\n") if line]


def test_nothing_is_dropped_from_a_disordered_text():
    text = ("关于绩效自评的几点说明\n"
            "三、下一步改进措施\n一是加强管理：做好工作。\n"
            "一、绩效自评情况\n（一）部门整体支出绩效目标\n一是目标甲。\n"
            "（五）其他需要说明的事项\n无。\n"
            "一、绩效自评情况\n重复的标题下的文字。\n"
            "（1）第四级的编号段落。")
    whole = report_text(import_text(text).report)
    for line in text.split("\n")[1:]:
        if "、" in line[:2] or line.startswith("（"):
            line = line.split("、", 1)[-1].split("）", 1)[-1]
        assert line in whole, line


def test_an_outline_heading_run_into_its_text_is_split_with_a_notice():
    text = f"{TITLE}\n一、绩效自评情况\n（一）部门整体支出绩效目标：一是目标甲。二是目标乙。\n（二）其他说明。具体文字。"
    result = import_text(text)
    goals = result.report.section("goals")
    assert goals.heading == "部门整体支出绩效目标"
    assert len(goals.entries) == 2 and goals.entries[0].text == "目标甲。"
    # An unknown heading with text after it is not split: it stays text, in the section before it.
    assert goals.entries[-1].text == "目标乙。\n（二）其他说明。具体文字。"
    assert any("拆分为标题和正文" in n for n in result.notices)


def test_page_numbers_left_by_a_pdf_extraction_are_removed_and_the_paragraph_joined():
    text = (f"{TITLE}\n（二）自评结论\n一是按照工作\n\n— 2 —\n\n方案要求开展走访。\n第 3 页 共 5 页\n"
            "二是完成了。\n3/5")
    result = import_text(text)
    assert [e.text for e in result.report.section("conclusion").entries] == ["按照工作方案要求开展走访。", "完成了。"]
    assert any("页码" in n and "— 2 —" in n for n in result.notices)
