"""Find and replace over the 自评表's typed text (issue 23, item 5): places, labels, replacing inside a
三级 row and the table's own text, nothing else of the table changed."""

from dataclasses import replace

from selfeval.bundled.samples import bundled_sample
from selfeval.domain.find_replace import find_all, replace_all
from selfeval.domain.text_fields import TABLE_SECTION, Place, field_text


def _report():
    report = bundled_sample()
    table = report.table
    g = table.groups[0]
    c = g.categories[0]
    extra = replace(c.indicators[0], name="固定资产验收率", analysis="固定资产按期验收。")
    categories = (replace(c, indicators=(*c.indicators, extra)), *g.categories[1:])
    report.table = replace(table, supervisor="固定资产管理科", groups=(replace(g, categories=categories),
                                                                       *table.groups[1:]))
    return report


def test_the_tables_text_is_found_with_its_place():
    report = _report()
    places = [m.place for m in find_all(report, "固定资产") if m.place.section == TABLE_SECTION]
    assert [(p.entry, p.field) for p in places] == [(None, "supervisor"), (0, "name"), (1, "name"), (1, "analysis")]
    assert field_text(report, places[3]) == "固定资产按期验收。"
    assert places[3].label(report) == "自评表 · “固定资产验收率” · 偏差原因分析及改进措施 · 第1–4字"
    assert Place(TABLE_SECTION, None, "goal_expected").label() == "自评表 · 年度总体目标"


def test_replace_all_changes_only_the_text_in_the_table():
    report = _report()
    new, count = replace_all(report, "固定资产", "公共资产")
    assert count == len(find_all(report, "固定资产"))
    assert new.table.supervisor == "公共资产管理科"
    names = [i.name for _, _, i in new.table.indicators()]
    assert names[:2] == ["完成公共资产", "公共资产验收率"]
    assert new.table.indicators()[1][2].analysis == "公共资产按期验收。"
    old_rows = report.table.indicators()
    assert [(i.target, i.actual, i.weight) for _, _, i in new.table.indicators()] == [
        (i.target, i.actual, i.weight) for _, _, i in old_rows]
    assert report.table.supervisor == "固定资产管理科"  # the report passed in is not changed
