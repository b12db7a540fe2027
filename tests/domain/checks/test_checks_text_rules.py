"""Each text rule finds what it should, at the exact span, with a Chinese message."""

from __future__ import annotations

import pytest
from checks_support import flagged_text, one_section_report, of_rule

from selfeval.domain.checks import Severity
from selfeval.bundled.word_lists import reduplication as word_lists
from selfeval.domain.checks.doubled import doubled_spans
from selfeval.domain.find_replace import replace_all
from selfeval.domain.model import SectionKind


def only(rule: str, *texts: str, **kwargs):
    report = one_section_report(*texts, **{k: kwargs.pop(k) for k in ("kind", "year", "intro") if k in kwargs})
    found = of_rule(report, rule, **kwargs)
    for f in found:
        assert flagged_text(report, f) == f.excerpt
    return found


# -------------------------------------------------------------- doubled words

@pytest.mark.parametrize("text, excerpt", [
    ("统一在区政府门户网站公开公开的内容。", "公开公开"),
    ("进一步加强绩效目标绩效目标管理。", "绩效目标绩效目标"),
    ("这是我们的的工作。", "的的"),
    ("工作人员在在社区值守。", "在在"),
    ("这项工作是是重点。", "是是"),
])
def test_doubled_words_are_flagged(text: str, excerpt: str):
    found = only("text.doubled_word", text)
    assert [f.excerpt for f in found] == [excerpt]
    assert found[0].severity is Severity.WARNING
    assert f"请改为“{excerpt[:len(excerpt) // 2]}”" in found[0].message


@pytest.mark.parametrize("word", ["常常", "人人", "看看", "天天", "年年", "家家户户", "研究研究", "的的确确",
                                  "不了了之", "是是非非", "等等"])
def test_listed_reduplication_is_left_alone(word: str):
    assert word in word_lists().legit or len(word) == 4
    assert doubled_spans(f"我们{word}开展工作。", word_lists()) == []


def test_word_list_is_data_and_holds_the_issue_examples():
    lists = word_lists()
    assert {"常常", "人人", "看看", "天天", "年年"} <= lists.legit
    assert "的" in lists.typo_chars and "公" not in lists.typo_chars


@pytest.mark.parametrize("text", ["为了了解群众需求", "关键就是是否落实", "针对对象分类施策", "可以以此为契机",
                                  "因此此次检查", "达到目的的手段", "作为为民服务的窗口"])
def test_a_word_meeting_its_own_character_is_left_alone(text: str):
    assert doubled_spans(f"{text}。", word_lists()) == []


@pytest.mark.parametrize("text", ["实实在在", "和和美美", "从从容容", "家家户户", "清清楚楚"])
def test_aabb_forms_are_reduplication(text: str):
    assert doubled_spans(f"做到{text}。", word_lists()) == []


# -------------------------------------------------------------- punctuation

@pytest.mark.parametrize("text, excerpt", [
    ("打造“幸福西关品牌。", "“"),
    ("打造幸福西关”品牌。", "”"),
    ("按照《采购办法执行。", "《"),
    ("西关大屋社区（二期已完成。", "（"),
    ("泮塘‘五约品牌。", "‘"),
])
def test_unbalanced_marks(text: str, excerpt: str):
    found = only("punct.unbalanced", text)
    assert [f.excerpt for f in found] == [excerpt]


@pytest.mark.parametrize("text, mark", [
    ("规范使用收支分类科目,准确反映经济性质。", ","),
    ("主要做法:一是建立台账。", ":"),
    ("加强学习;完善制度。", ";"),
    ("是否按时完成?", "?"),
])
def test_half_width_punctuation_in_chinese(text: str, mark: str):
    found = only("punct.half_width", text)
    assert [f.excerpt for f in found] == [mark]
    assert "全角" in found[0].message


def test_half_width_brackets_in_chinese():
    found = only("punct.half_width", "依据《工作指引(2025年版)》执行。")
    assert [f.excerpt for f in found] == ["(", ")"]


def test_mixed_digits():
    found = only("punct.full_width_digits", "共完成１２栋，另有5栋在建。")
    assert [f.excerpt for f in found] == ["１２"]
    assert only("punct.full_width_digits", "共完成１２栋。") == []  # not mixed


def test_paragraph_without_closing_punctuation():
    found = only("punct.no_ending", "第一段完整。\n第二段没有结尾")
    assert len(found) == 1 and found[0].excerpt.endswith("没有结尾")
    assert only("punct.no_ending", "主要做法：", kind=SectionKind.PARAGRAPHS) == []
    assert only("punct.no_ending", "引用“原话。”") == []


# -------------------------------------------------------------- numbering

def test_item_numbering_gap():
    found = only("numbering.items", "一是加强学习；二是完善制度；四是强化监督。")
    assert [f.excerpt for f in found] == ["四是"]
    assert "三是" in found[0].message


def test_item_numbering_repeat():
    found = only("numbering.items", "一是加强学习；二是完善制度；二是强化监督。")
    assert [f.excerpt for f in found] == ["二是"]
    assert "重复" in found[0].message


def test_item_numbering_across_paragraph_entries():
    assert only("numbering.items", "一是加强学习。", "二是完善制度。", "三是强化监督。") == []
    assert [f.excerpt for f in only("numbering.items", "一是加强学习。", "三是强化监督。")] == ["三是"]


def test_typed_marker_in_a_numbered_section():
    found = only("numbering.typed_marker", "一是加强学习。", "完善制度。", kind=SectionKind.ITEMS)
    assert [(f.place.entry, f.excerpt) for f in found] == [(0, "一是")]
    found = only("numbering.typed_marker", "1.基层治理提质增效。", kind=SectionKind.SUBHEADS)
    assert [f.excerpt for f in found] == ["1."]


def test_heading_numbering():
    found = only("numbering.headings", "1.预算编制。\n2.预算执行。\n4.信息公开。")
    assert [f.excerpt for f in found] == ["4."]
    found = only("numbering.headings", "（一）预算编制。\n（一）预算执行。")
    assert [f.excerpt for f in found] == ["（一）"]
    assert only("numbering.headings", "（一）编制。\n1.要求。\n2.做法。\n（二）执行。\n1.进度。") == []


# -------------------------------------------------------------- years

def test_stale_year_of_a_comparison_is_left_alone():
    found = only("year.stale", "2024年度共完成改造12栋，较2024年度增长5%。", year=2025)
    assert len(found) == 1 and found[0].place.start == 0
    assert found[0].fix.places == (found[0].place,)  # the comparison is not in the fix


def test_a_stale_cut_off_date_is_a_warning_with_its_place_and_fix():
    text = "截至2023年12月31日，街道登记在册出租屋1953栋。较截至2023年12月31日的1890栋增加63栋。"
    found = only("year.stale", text, "截止到2023年底共完成改造12栋；截至2023年12月31日，网格员126名。", year=2024)
    assert [(f.severity, f.excerpt, f.place.entry, f.place.start) for f in found] == [
        (Severity.WARNING, "截至2023年", 0, 0), (Severity.WARNING, "截止到2023年", 1, 0),
        (Severity.WARNING, "截至2023年", 1, 18)]
    assert "截至2023年" in found[0].message and "2024" in found[0].message
    fix = found[0].fix
    assert (fix.find, fix.replacement) == ("截至2023年", "截至2024年")
    assert fix.places == (found[0].place, found[2].place)  # the comparison 「较截至2023年…」 is not in it
    report = one_section_report(text, year=2024)
    fixed, count = replace_all(report, fix.find, fix.replacement, fix.places)
    assert count == 1
    assert fixed.sections[0].entries[0].text == text.replace("截至2023年12月31日，", "截至2024年12月31日，", 1)
    assert found[1].fix.replacement == "截止到2024年"


def test_a_cut_off_in_the_report_year_or_later_or_used_as_a_reference_passes():
    assert only("year.stale", "截至2024年12月31日，累计支付资金3102.45万元。", "截至2025年3月底，项目已验收。",
                "与截至2023年底相比，登记出租屋增加63栋。", "比截至2023年末多完成5栋。",
                "截至2023年12月31日的结转结余资金120.5万元已全部统筹使用。",
                "截至2023年末，上年结转资金30万元，已于2024年6月支付完毕。", year=2024) == []


def test_previous_year_without_du_is_a_hint_and_older_years_pass():
    found = only("year.previous", "2024年共上报网格事件2058件。项目于2024年立项，2020年建成。", year=2025)
    assert [f.excerpt for f in found] == ["2024年"]
    assert found[0].severity is Severity.HINT


def test_title_override_with_another_year_is_an_error():
    report = one_section_report("内容。", year=2025)
    report.title_override = "2024年度测试部门整体支出绩效自评表说明"
    found = of_rule(report, "year.title")
    assert [(f.severity, f.place.field) for f in found] == [(Severity.ERROR, "title_override")]
    report.title_override = "2025年度测试部门整体支出绩效自评表说明"
    assert of_rule(report, "year.title") == []


def test_settings_without_the_word_lists_are_refused_not_checked_without_them():
    """The doubled-word rule's lists are bundled data handed in through CheckSettings; settings that lack them
    stop the check (a programming error) instead of skipping the rule."""
    from selfeval.domain.checks import CheckSettings, run_checks
    from selfeval.domain.checks.settings import MissingWordLists

    with pytest.raises(MissingWordLists):
        run_checks(one_section_report("公开公开。"), CheckSettings())
