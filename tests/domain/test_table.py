"""The 自评表 model: budget block, goals, indicator tree from the template, JSON form, the report field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from selfeval.domain.errors import TemplateError
from selfeval.domain.fields import FieldValueError, report_field
from selfeval.domain.figures import Amount
from selfeval.domain.model import Report
from selfeval.domain.outline import parse_template
from selfeval.domain.table.model import (
    Budget,
    BudgetRow,
    BudgetRowKey,
    Indicator,
    Level,
    Nature,
    Override,
    SelfEvalTable,
)
from selfeval.domain.table.checks import table_errors
from selfeval.store import summaries
from selfeval.bundled.templates import bundled_templates, get_template

D = Decimal


def national_table() -> SelfEvalTable:
    return get_template().new_report().table


def filled_table() -> SelfEvalTable:
    table = national_table()
    budget = table.budget.with_row(BudgetRow(BudgetRowKey.TOTAL, D("7000"), D("7704.69"), D("7663.69")))
    table = table.with_budget(budget)
    rows = (Indicator("完成固定资产投资", Nature.GE, D("6000"), "万元", actual=D("9170"), weight=D("20"),
                      analysis="招商引资超预期"),
            Indicator("党建品牌活动", Nature.QUALITATIVE, target_text="有效开展", level=Level.PARTLY,
                      weight=D("10"), override=Override(D("9"), "经领导小组复核")))
    return table.with_indicators(0, 0, rows)


def test_the_national_tree_and_weights_come_from_the_template():
    table = national_table()
    assert [(g.name, g.weight) for g in table.groups] == [
        ("产出指标", D(50)), ("效益指标", D(30)), ("满意度指标", D(10))]
    assert [c.name for c in table.groups[0].categories] == ["数量指标", "质量指标", "时效指标", "成本指标"]
    assert [c.name for c in table.groups[1].categories] == [
        "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]
    assert [c.name for c in table.groups[2].categories] == ["服务对象满意度指标"]
    assert table.budget.weight == D(10)
    assert [r.label for r in table.budget.rows] == ["年度资金总额", "其中：本年财政拨款", "上年结转资金", "其他资金"]
    assert table.rules.over_percent == D(30) and table.rules.over_penalty == D(2)
    assert [(c.below, c.max_total) for c in table.rules.rate_caps] == [
        (D(50), D(59)), (D(60), D(69)), (D(70), D(79)), (D(80), D(89))]


def test_every_bundled_template_has_a_table():
    for tpl in bundled_templates().values():
        assert tpl.table is not None and not tpl.new_report().table.is_blank


def test_another_district_changes_weights_in_its_file():
    data = {"id": "x", "name": "x", "title": "t", "sections": [{"key": "a", "heading": "甲"}],
            "table": {"budget_weight": "20", "level_fractions": {"部分达成": "0.6"},
                      "groups": [{"name": "产出指标", "weight": "60",
                                  "categories": [{"name": "数量指标", "weight": "30"}, "质量指标"]},
                                 {"name": "满意度指标", "weight": "20", "categories": ["服务对象满意度指标"]}]}}
    table = parse_template(data).new_report().table
    assert table.budget.weight == D(20)
    assert table.groups[0].categories[0].weight == D(30) and table.groups[0].categories[1].weight is None
    assert table.rules.level_fractions[Level.PARTLY] == D("0.6")
    assert table.rules.over_percent is None and table.rules.rate_caps == ()


@pytest.mark.parametrize(("orientation", "landscape"), [(None, False), ("portrait", False), ("landscape", True)])
def test_the_table_pages_orientation_is_a_template_option(orientation, landscape):
    table = {"groups": []} if orientation is None else {"groups": [], "orientation": orientation}
    data = {"id": "x", "name": "x", "title": "t", "sections": [{"key": "a", "heading": "甲"}], "table": table}
    assert parse_template(data).table.landscape is landscape


def test_the_bundled_templates_print_the_table_portrait():
    assert [tpl.table.landscape for tpl in bundled_templates().values()] == [False] * len(bundled_templates())


@pytest.mark.parametrize("table", [
    {"groups": [], "orientation": "横向"},
    {"groups": [{"name": "产出指标", "weight": 50.5}]},
    {"groups": [{"name": "产出指标", "weight": "-1"}]},
    {"groups": [{"weight": "50"}]},
    {"groups": [], "level_fractions": {"达成": "1.5"}},
    {"groups": [], "level_fractions": {"优秀": "1"}},
])
def test_a_malformed_table_in_a_template_is_named(table):
    data = {"id": "x", "name": "x", "title": "t", "sections": [{"key": "a", "heading": "甲"}], "table": table}
    with pytest.raises(TemplateError, match="大纲模板 x 格式有误"):
        parse_template(data)


def test_execution_rate_is_b_over_a_and_not_computable_without_a_positive_budget():
    assert BudgetRow(BudgetRowKey.TOTAL, None, D("7704.69"), D("7663.69")).rate.quantize(D("0.001")) == D("99.468")
    assert BudgetRow(BudgetRowKey.TOTAL, None, D("0"), D("10")).rate is None
    assert BudgetRow(BudgetRowKey.TOTAL, None, None, D("10")).rate is None
    assert BudgetRow(BudgetRowKey.TOTAL, None, D("100"), None).rate is None
    assert BudgetRow(BudgetRowKey.TOTAL, None, D("100"), D("7")).amount("spent") == Amount(D("7"), "万元")


def test_labels_read_as_the_table_prints_them():
    ind = Indicator("投资", Nature.GE, D("6000"), "万元", actual=D("9170"))
    assert ind.target_label() == "≥6000.00万元" and ind.actual_label() == "9170.00万元"  # money: two decimals
    count = Indicator("网格事件", Nature.GE, D("2000"), "件", actual=D("2058"))
    assert count.target_label() == "≥2000件" and count.actual_label() == "2058件"
    qual = Indicator("活动", Nature.QUALITATIVE, target_text="有效开展", level=Level.MET)
    assert qual.target_label() == "有效开展" and qual.actual_label() == "达成"


def test_json_form_round_trips_with_decimals_as_strings():
    table = filled_table()
    data = table.to_dict()
    assert SelfEvalTable.from_dict(data) == table
    assert data["budget"]["rows"][0] == {"key": "total", "initial": "7000", "budget": "7704.69",
                                          "spent": "7663.69"}
    assert data["groups"][0]["categories"][0]["indicators"][1]["override"] == {
        "score": "9", "reason": "经领导小组复核"}
    with pytest.raises(TypeError):
        SelfEvalTable.from_dict({"budget": {"rows": [{"key": "total", "budget": 1.5}]}})


def test_a_report_without_a_table_loads_with_an_empty_one():
    report = Report.from_dict({"format": 1, "unit_name": "甲"})
    assert report.table == SelfEvalTable() and report.table.is_blank
    assert Budget.from_dict(None) == Budget()


def test_the_report_field_stores_the_table_and_names_it_in_the_history():
    field = report_field("table")
    assert field.label == "自评表" and summaries.set_field("table") == "修改自评表"
    table = filled_table()
    assert field.load(field.validate(table)) == table
    with pytest.raises(TypeError):
        field.validate(table.to_dict())


@pytest.mark.parametrize("change, message", [
    (lambda t: t.with_budget(t.budget.with_row(BudgetRow(BudgetRowKey.OTHER, D("-1")))), "其他资金的年初预算数不能为负数"),
    (lambda t: t.with_budget(Budget(t.budget.rows, D(10), Override(D(11), "复核"))), "得分 11 超过了分值 10"),
    (lambda t: t.with_indicators(0, 1, (Indicator("合格率", weight=D(5), override=Override(D(6), "复核")),)),
     "质量指标“合格率”的得分 6 超过了分值 5"),
    (lambda t: t.with_indicators(0, 1, (Indicator("合格率", weight=D(-5)),)), "分值不能为负数"),
    (lambda t: t.with_indicators(0, 1, (Indicator("合格率", target=D("1e16")),)), "超出了可以处理的范围"),
])
def test_a_table_that_cannot_be_stored_is_refused_in_chinese(change, message):
    table = change(national_table())
    assert any(message in e for e in table_errors(table))
    with pytest.raises(FieldValueError, match=message):
        report_field("table").validate(table)


def test_next_years_report_keeps_the_tree_and_targets_and_empties_the_results():
    from selfeval.domain.carry import next_year_report

    report = get_template().new_report(unit_short="某街道", year=2024)
    report.table = filled_table()
    table = next_year_report(report).table
    assert table.budget.total == BudgetRow(BudgetRowKey.TOTAL) and table.budget.weight == D(10)
    first, qualitative = table.groups[0].categories[0].indicators
    assert (first.name, first.target, first.weight, first.actual, first.analysis) == (
        "完成固定资产投资", D("6000"), D("20"), None, "")
    assert qualitative.level is None and qualitative.override is None and qualitative.target_text == "有效开展"
    assert table.groups[1:] == report.table.groups[1:]
