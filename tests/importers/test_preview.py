"""The import preview: what was found and where it goes, changeable before anything is stored."""

import pytest

from selfeval.domain.document import report_text
from selfeval.importers import ImportError_
from selfeval.importers.mapping import KEEP_AS_EXTRA
from selfeval.importers.text_import import preview_text
from selfeval.bundled.templates import get_template

TEXT = """2024年度昌华街道部门整体支出绩效自评表说明
前言一段。
一、绩效自评情况
（一）绩效目标
一是加强党建。二是优化服务。
（二）完成情况综述
一是完成了目标。
（三）资产管理情况
资产账实相符。
二、存在的主要问题
一是目标笼统：难以考核。"""


def test_the_preview_shows_the_reports_own_heading_tree_with_roles():
    preview = preview_text(TEXT)
    assert preview.title == "2024年度昌华街道部门整体支出绩效自评表说明"
    assert preview.template.id == "liwan-street-2024"
    placed = {p.text: (p.key, p.outline, p.role) for p in preview.placements}
    assert placed["绩效目标"] == ("goals", True, "绩效目标")
    assert placed["完成情况综述"][1] is False and placed["资产管理情况"][1] is False
    # the source's headings, in its order and at its levels; nothing added (no empty 自评结论 …)
    assert [(s.heading, s.level) for s in preview.sections] == [
        ("", 3), ("绩效自评情况", 1), ("绩效目标", 2), ("完成情况综述", 2), ("资产管理情况", 2), ("存在的主要问题", 1)]
    goals = next(s for s in preview.sections if s.key == "goals")
    assert (goals.source_heading, goals.entries, goals.outline) == ("绩效目标", 2, True)
    assert [s.heading for s in preview.unmapped] == ["", "完成情况综述", "资产管理情况"]
    lines = preview.summary_lines()
    assert any("资产管理情况〔普通段落〕1 条" in line for line in lines)
    assert any("绩效目标〔绩效目标〕〔分条列举（一是…二是…）〕2 条" in line for line in lines)
    assert not any("自评结论" in line for line in lines)


def test_giving_a_heading_a_role_keeps_its_words_place_and_text():
    preview = preview_text(TEXT)
    token = next(p.token for p in preview.placements if p.text == "完成情况综述")
    fixed = preview.with_mapping(token, "conclusion")
    report = fixed.report
    assert [e.text for e in report.section("conclusion").entries] == ["完成了目标。"]
    assert report.section("conclusion").heading == "完成情况综述"
    assert [s.heading for s in fixed.unmapped] == ["", "资产管理情况"]
    assert report_text(report) == report_text(preview.report)  # prints as before
    # the preview it came from is unchanged
    assert "完成情况综述" in [s.heading for s in preview.unmapped]


def test_taking_a_role_from_another_heading_leaves_that_heading_an_ordinary_section():
    preview = preview_text(TEXT)
    token = next(p.token for p in preview.placements if p.text == "资产管理情况")
    fixed = preview.with_mapping(token, "goals")
    placed = {p.text: (p.key, p.outline) for p in fixed.placements}
    assert placed["资产管理情况"] == ("goals", True)
    assert placed["绩效目标"][1] is False
    whole = report_text(fixed.report)
    assert "加强党建" in whole and "资产账实相符" in whole


def test_a_heading_can_be_given_no_role():
    preview = preview_text(TEXT)
    token = next(p.token for p in preview.placements if p.text == "绩效目标")
    fixed = preview.with_mapping(token, KEEP_AS_EXTRA)
    assert "绩效目标" in [s.heading for s in fixed.unmapped]
    assert "goals" not in [s.key for s in fixed.report.sections]
    assert report_text(fixed.report) == report_text(preview.report)


def test_the_clerk_can_change_a_headings_level():
    preview = preview_text(TEXT)
    token = next(p.token for p in preview.placements if p.text == "资产管理情况")
    fixed = preview.with_level(token, 1)
    lines = report_text(fixed.report).split("\n")
    assert "二、资产管理情况" in lines and "三、存在的主要问题" in lines
    with pytest.raises(ImportError_, match="1 至 3 级"):
        preview.with_level(token, 4)


def test_another_outline_maps_the_same_source_again():
    preview = preview_text(TEXT).with_template(get_template("basic-info-2024"))
    assert preview.report.template_id == "basic-info-2024"
    assert preview.report.section("problems").entries[0].lead == "目标笼统："
    assert any("已按指定的大纲" in n for n in preview.notices)


def test_an_unknown_section_is_refused_in_chinese():
    preview = preview_text(TEXT)
    with pytest.raises(ImportError_, match="没有“nonsense”栏目"):
        preview.with_mapping(preview.placements[0].token, "nonsense")
