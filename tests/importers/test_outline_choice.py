"""The outline is found from the headings, not assumed; --template overrides; the notice says why."""

from pathlib import Path

from selfeval.domain.document import report_text
from selfeval.importers import import_text
from selfeval.importers.lines import Heading, Token
from selfeval.importers.outline_choice import choose_outline
from selfeval.bundled.templates import DEFAULT_TEMPLATE_ID, bundled_templates, get_template

# A report in the 部门基本情况 outline (shared by the import tests).
BASIC_INFO_REPORT = (Path(__file__).resolve().parents[1] / "fixtures" / "basic-info-report.txt").read_text(encoding="utf-8").rstrip("\n")


def test_a_report_in_the_basic_information_outline_imports_onto_it_with_no_option(sample_text):
    result = import_text(BASIC_INFO_REPORT)
    report = result.report
    assert report.template_id == "basic-info-2024"
    assert not any(s.extra for s in report.sections)
    # exported with its own headings: nothing inserted, nothing renumbered
    # the amounts now quote the 自评表 and print as it does: two decimals in 万元
    assert report_text(report) == BASIC_INFO_REPORT.replace("1000.5万元", "1000.50万元").replace("990.1万元", "990.10万元")
    reason = next(n for n in result.notices if "大纲" in n and "导入" in n)
    assert "含部门基本情况（通用版）" in reason and "7 个标题中有 7 个" in reason


def test_the_street_report_still_lands_in_the_street_outline(sample_text):
    result = import_text(sample_text)
    assert result.report.template_id == "liwan-street-2024"
    assert not any(s.extra for s in result.report.sections)


def test_a_given_template_overrides_the_choice_and_the_notice_says_so():
    result = import_text(BASIC_INFO_REPORT, get_template("liwan-street-2024"))
    assert result.report.template_id == "liwan-street-2024"
    assert any(n.startswith("已按指定的大纲“荔湾区街道（2024 版）”") for n in result.notices)
    # its own outline kept; the street outline's roles 基本情况 and 职能职责 recognise the first headings
    assert not any(s.extra for s in result.report.sections)
    assert [s.key for s in result.report.sections][:2] == ["basic", "functions"]
    assert report_text(result.report) == BASIC_INFO_REPORT


def test_no_heading_at_all_takes_the_default_outline_and_says_so():
    result = import_text("某街道说明\n今年完成了各项工作。")
    assert result.report.template_id == DEFAULT_TEMPLATE_ID
    assert any("没有与任何大纲栏目对应的标题" in n for n in result.notices)


def test_headings_that_fit_neither_outline_better_go_to_the_default():
    tokens = [Token("一、绩效自评情况", Heading(1, 1, "绩效自评情况", "一、绩效自评情况"))]
    choice = choose_outline(tokens, bundled_templates(), DEFAULT_TEMPLATE_ID)
    # both outlines have 绩效自评情况 and seven sections: a tie
    assert choice.scores[0].score == choice.scores[1].score
    assert choice.template.id == DEFAULT_TEMPLATE_ID


def test_unmatched_top_level_headings_count_against_an_outline():
    lines = ["一、绩效自评情况", "（一）自评结论", "二、下一步改进措施"]
    tokens = [Token(line) for line in lines]
    from selfeval.importers.lines import heading_of

    tokens = [Token(t.text, heading_of(t.text)) for t in tokens]
    choice = choose_outline(tokens, bundled_templates(), DEFAULT_TEMPLATE_ID)
    by_id = {s.template.id: s for s in choice.scores}
    assert by_id["liwan-street-2024"].matched == ("self_eval", "conclusion", "measures")
    # 自评结论 is a role of the basic-info outline too, though not one of its sections
    assert by_id["basic-info-2024"].matched == ("self_eval", "measures")
    assert by_id["basic-info-2024"].unmatched == ()
    assert choice.template.id == "liwan-street-2024"


def test_a_heading_run_into_its_text_counts_for_the_choice():
    text = ("2024年度某区财政局部门整体支出绩效自评报告\n一、部门基本情况\n（一）职能：负责全区财政收支管理工作。\n"
            "（二）机构设置及人员情况：内设机构8个。\n二、存在的主要问题\n一是目标笼统。")
    result = import_text(text)
    assert result.report.template_id == "basic-info-2024"
    assert result.report.section("functions").entries[0].text == "负责全区财政收支管理工作。"
