"""Indicator frameworks as data (issue 20): the bundled files load and add up; a broken file is refused
with a Chinese message naming it; a template's [table] names its framework; old tables keep today's."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from selfeval.bundled.frameworks import bundled_frameworks, load_framework
from selfeval.bundled.templates import get_template
from selfeval.domain.table.model import SelfEvalTable
from selfeval.domain.table.rules import RuleKind
from selfeval.domain.table.template import FrameworkError, detect_framework

GOOD = '''id = "mine"
name = "某区指标"
budget_weight = "0"
[[groups]]
name = "投入"
weight = "100"
[[groups.categories]]
name = "预算配置"
weight = "100"
indicators = [{ name = "在职人员控制率", nature = "≤", target = "100", unit = "%", weight = "100", rule = { kind = "deduct", per = "0.5" } }]
'''


def test_the_bundled_frameworks():
    frameworks = bundled_frameworks()
    assert {"yitihua", "mof-2013", "district-example"} <= set(frameworks)
    mof = frameworks["mof-2013"]
    assert [g.name for g in mof.groups] == ["投入", "过程", "产出", "效果"]
    assert [c.name for g in mof.groups for c in g.categories] == [
        "目标设定", "预算配置", "预算执行", "预算管理", "资产管理", "职责履行", "履职效益"]
    for name in ("在职人员控制率", "“三公经费”变动率", "重点支出安排率", "预算完成率", "预算调整率", "结转结余率",
                 "政府采购执行率", "固定资产利用率"):
        assert mof.indicator(name) is not None, name
    staff = mof.indicator("在职人员控制率")
    assert staff.rule.kind is RuleKind.DEDUCT and staff.target == 100
    assert mof.indicator("三公经费变动率").target == 0  # quotes aside
    table = mof.new_table()
    assert table.framework == "mof-2013" and table.budget.weight == 0 and len(table.indicators()) == 27


def test_the_templates_take_the_yitihua_framework_and_keep_todays_tree():
    table = get_template().new_report().table
    assert table.framework_id == "yitihua" and table.framework == ""  # stored as every older table is
    assert [(g.name, g.weight) for g in table.groups] == [("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)]
    assert table.budget.weight == 10 and table.rules.over_percent == 30 and len(table.rules.rate_caps) == 4
    assert table.rules.low_execution_percent == 90


def test_a_table_stored_before_frameworks_is_the_yitihua_one():
    data = get_template().new_report().table.to_dict()
    assert "framework" not in data  # a new 一体化 table is written exactly as the older ones
    old = SelfEvalTable.from_dict(data)
    assert old.framework == "" and old.framework_id == "yitihua"
    assert "framework" not in old.to_dict()  # written as it was read


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace('weight = "100"\n[[groups.categories]]', 'weight = "90"\n[[groups.categories]]'),
     "合计为 90 分，应为 100 分"),
    (lambda t: t.replace('per = "0.5"', 'per = 0.5'), "浮点数"),
    (lambda t: t.replace('kind = "deduct"', 'kind = "sometimes"'), "无法识别"),
    (lambda t: t.replace('nature = "≤"', 'nature = "大于"'), "指标性质"),
    (lambda t: t.replace('id = "mine"\n', ''), "缺少“id”"),
    (lambda t: t + 'colour = "red"\n', "无法识别的项：colour"),
    (lambda t: t.replace('weight = "100", rule', 'weight = "90", rule'), "三级指标的分值合计为 90 分"),
    (lambda t: t.replace('name = "某区指标"', 'name = "某区指标'), "不是有效的 TOML"),
    (lambda t: t.replace('id = "mine"', 'id = "other"'), "应与文件名"),
])
def test_a_broken_framework_file_is_refused_in_chinese(tmp_path: Path, change, message):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_framework(path).indicator("在职人员控制率").weight == Decimal(100)
    path.write_text(change(GOOD), encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    assert "mine.toml" in str(caught.value) and message in str(caught.value)


def test_detection_by_names():
    fws = list(bundled_frameworks().values())
    assert detect_framework(fws, ["产出指标", "效益指标", "满意度指标"], ["数量指标", "社会效益指标"]).framework == "yitihua"
    assert detect_framework(fws, ["投入", "过程"], ["目标设定", "预算配置", "预算执行"]).framework == "mof-2013"
    assert detect_framework(fws, ["投入", "过程", "产出", "效果"], ["预算配置", "预算执行"],
                            weights={"投入": 13, "过程": 37, "产出": 30, "效果": 20}).framework == "district-example"
    assert detect_framework(fws, ["部门决策", "综合管理"], ["目标任务"]) is None


def test_switching_a_report_to_another_framework_keeps_what_has_a_place():
    from dataclasses import replace

    from selfeval.domain.table.template import switch_framework

    frameworks = bundled_frameworks()
    mof = frameworks["mof-2013"].new_table()
    g, c, staff = mof.indicators()[2]
    assert staff.name == "在职人员控制率"
    filled = mof.with_indicators(0, 1, (replace(staff, actual=Decimal("103")),) + c.indicators[1:])
    filled = replace(filled, supervisor="某县人民政府", goal_expected="保障履职")
    district, dropped = switch_framework(filled, frameworks["district-example"])
    assert district.framework == "district-example" and district.supervisor == "某县人民政府"
    moved = next(i for _, _, i in district.indicators() if i.name == "在职人员控制率")
    assert moved.actual == Decimal("103") and moved.rule.per == Decimal("0.5")  # the district's rule now
    assert dropped == []  # the 共性框架 rows the district has no place for were left blank
    back, lost = switch_framework(district, frameworks["yitihua"])
    assert back.framework_id == "yitihua" and back.budget.weight == 10 and back.rules.over_percent == 30
    assert "在职人员控制率" in lost  # 投入 has no place under 产出/效益/满意度
