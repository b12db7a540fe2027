import pytest

from selfeval.domain.numbering import (
    chinese_numeral, heading_marker, item_marker, parse_chinese_numeral, parse_heading, split_items,
)


@pytest.mark.parametrize("n, text", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (99, "九十九")])
def test_numerals_both_ways(n, text):
    assert chinese_numeral(n) == text
    assert parse_chinese_numeral(text) == n


def test_markers():
    assert heading_marker(1, 2) == "二、"
    assert heading_marker(2, 4) == "（四）"
    assert heading_marker(3, 1) == "1."
    assert heading_marker(4, 3) == "（3）"
    assert item_marker(3) == "三是"


@pytest.mark.parametrize("line, expected", [
    ("一、绩效自评情况", (1, 1, "绩效自评情况")),
    ("（二）自评结论", (2, 2, "自评结论")),
    ("(三) 履职效能分析", (2, 3, "履职效能分析")),
    ("1.基层治理提质增效。", (3, 1, "基层治理提质增效。")),
    ("（2）采购管理", (4, 2, "采购管理")),
    ("一是积极深入学习", None),
    ("2024年度", None),
    ("3.5万元用于", None),
])
def test_parse_heading(line, expected):
    assert parse_heading(line) == expected


def test_split_items_in_order_only():
    intro, items = split_items("主要目标：一是加强党建。二是优化营商环境。三是推进微改造。")
    assert intro == "主要目标："
    assert items == ["加强党建。", "优化营商环境。", "推进微改造。"]


def test_split_items_ignores_words_that_only_look_like_markers():
    text = "这一是非问题需要解决。"
    assert split_items(text) == (text, [])
    intro, items = split_items("一是甲。工作三是重点。二是乙。")
    assert items == ["甲。工作三是重点。", "乙。"]
