from pathlib import Path

import pytest

from selfeval.domain.errors import TemplateError
from selfeval.domain.model import SectionKind
from selfeval.domain.outline import load_template, parse_template
from selfeval.bundled.templates import bundled_templates, get_template


def test_liwan_outline_matches_the_sample_structure():
    tpl = get_template("liwan-street-2024")
    assert [(s.heading, s.level, s.kind) for s in tpl.sections] == [
        ("绩效自评情况", 1, SectionKind.GROUP),
        ("部门整体支出绩效目标", 2, SectionKind.ITEMS),
        ("自评结论", 2, SectionKind.ITEMS),
        ("履职效能分析", 2, SectionKind.THEMES),
        ("管理效率分析", 2, SectionKind.FIGURES),
        ("存在的主要问题", 1, SectionKind.ITEMS),
        ("下一步改进措施", 1, SectionKind.ITEMS),
    ]
    eff = tpl.spec("efficiency")
    assert [f.name for f in eff.figures] == ["已用金额", "预算金额", "执行率"]
    assert eff.figures[2].formula == "已用金额 / 预算金额"


def test_a_second_district_is_a_file_not_code():
    tpl = get_template("basic-info-2024")
    assert tpl.sections[0].heading == "部门基本情况"
    assert [s.heading for s in tpl.sections[1:4]] == ["职能", "机构设置及人员情况", "年度主要工作任务"]
    report = tpl.new_report(unit_short="某局", year=2025)
    assert report.title == "2025年度某局部门整体支出绩效自评报告"
    assert [s.key for s in report.content_sections()][:3] == ["functions", "organisation", "tasks"]


def test_every_bundled_template_loads_and_makes_a_report():
    templates = bundled_templates()
    assert len(templates) >= 2
    for tpl in templates.values():
        report = tpl.new_report(unit_short="测试单位", year=2024)
        assert report.template_id == tpl.id
        assert len(report.sections) == len(tpl.sections)


def test_aliases_map_headings():
    tpl = get_template()
    assert tpl.find("（一）绩效目标".replace("（一）", "")).key == "goals"
    assert tpl.find("存在问题").key == "problems"
    assert tpl.find("部门 整体支出绩效目标").key == "goals"
    assert tpl.find("天气情况") is None


def test_broken_template_gives_a_chinese_error(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nname = "x"\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="大纲模板"):
        load_template(bad)
    with pytest.raises(TemplateError):
        parse_template({"id": "x", "name": "x", "title": "t",
                        "sections": [{"key": "a", "heading": "a", "kind": "nonsense"}]})
    garbage = tmp_path / "garbage.toml"
    garbage.write_bytes(b"\xff\xfe[[[")
    with pytest.raises(TemplateError):
        load_template(garbage)
