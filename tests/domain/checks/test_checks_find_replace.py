"""Report-wide find and replace: every field, exact places, pure replace-one and replace-all."""

from __future__ import annotations

from decimal import Decimal

import pytest

from selfeval.domain.find_replace import FindReplaceError, find_all, replace_all, replace_one
from selfeval.domain.text_fields import Place, field_text
from selfeval.bundled.samples import bundled_sample


def test_find_covers_report_fields_sections_and_figures():
    report = bundled_sample()
    report.signature = "昌华街道办事处"
    report.title_override = "2024年度昌华街道说明"
    fields = {m.place.field for m in find_all(report, "昌华")}
    assert {"unit_name", "unit_short", "signature", "title_override", "text"} <= fields
    figure = find_all(report, "7704.69")
    assert [(m.place.section, m.place.field, m.place.figure) for m in figure] == [("efficiency", "figure", "预算金额")]
    leads = find_all(report, "党建引领")
    assert any(m.place.field == "lead" for m in leads)


def test_places_are_exact_spans():
    report = bundled_sample()
    for m in find_all(report, "公开"):
        assert field_text(report, m.place)[m.place.start:m.place.end] == "公开"
    assert find_all(report, "") == [] and find_all(report, "不存在的文字") == []


def test_replace_one_changes_that_occurrence_only():
    report = bundled_sample()
    matches = find_all(report, "公开公开")
    assert len(matches) == 1
    fixed = replace_one(report, matches[0], "公开")
    assert find_all(fixed, "公开公开") == []
    assert find_all(report, "公开公开")  # pure
    before = len(find_all(report, "公开"))
    assert len(find_all(fixed, "公开")) == before - 1


def test_replace_all_in_one_field_several_times():
    report = bundled_sample()
    text = report.section("performance").entries[3].text
    count = text.count("2024年度")
    assert count == 4
    new, n = replace_all(report, "2024年度", "2025年度")
    assert n == 5
    assert new.section("performance").entries[3].text == text.replace("2024年度", "2025年度")


def test_replace_all_only_at_the_given_places():
    report = bundled_sample()
    matches = find_all(report, "2024年度")
    new, n = replace_all(report, "2024年度", "2025年度", places=[matches[0].place])
    assert n == 1 and len(find_all(new, "2024年度")) == len(matches) - 1


def test_replace_in_a_figure_keeps_it_a_number():
    report = bundled_sample()
    new, n = replace_all(report, "7704.69元", "7704.69万元")
    assert n == 1
    fig = new.section("efficiency").figure("预算金额")
    assert (fig.value, fig.unit) == (Decimal("7704.69"), "万元")
    with pytest.raises(FindReplaceError, match="不是有效的数值"):
        replace_all(report, "7704.69", "七千")
    with pytest.raises(FindReplaceError, match="单位"):
        replace_all(report, "7704.69元", "7704.69%")


def test_a_stale_match_is_refused():
    report = bundled_sample()
    match = find_all(report, "公开公开")[0]
    edited = replace_one(report, match, "公开")
    with pytest.raises(FindReplaceError, match="重新查找"):
        replace_one(edited, match, "发布")
    gone = type(match)(Place("nope", 0, "text", "", 0, 2), "公开")
    with pytest.raises(FindReplaceError):
        replace_one(report, gone, "发布")


def test_place_labels_say_where_in_words():
    report = bundled_sample()
    assert Place("efficiency", 3, "text", "", 109, 113).label(report) == "管理效率分析 · 第4条 · 正文 · 第110–113字"
    assert Place("efficiency", 3, "text", "", 4, 5).label(report) == "管理效率分析 · 第4条 · 正文 · 第5字"
    assert Place("efficiency", None, "figure", "预算金额", 0, 9).label(report) == "管理效率分析 · 数据“预算金额”"
    assert Place("", None, "signature").label(report) == "基本信息 · 落款"
    assert Place("", None, "layout").label(report) == "版式设置"
