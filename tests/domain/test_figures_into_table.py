"""A report made before the 自评表: its spent/budget figures move into the table and quote it, the text reading
exactly as before; nothing is guessed (domain/figures_into_table.py, applied by store migration 0003)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from selfeval.domain.figures import Figure, FigureKind
from selfeval.domain.table.figures_into_table import as_read, figures_into_table, meaning, rendered_texts
from selfeval.domain.model import Report, Section, SectionKind
from selfeval.domain.table.model import BudgetRow, BudgetRowKey, SelfEvalTable
from selfeval.bundled.report_table import table_of
from selfeval.bundled.samples import bundled_sample

TEXT = "本年度预算金额{预算金额}，已用金额{已用金额}，执行率{执行率}。"


def money(name: str, value: str | None, unit: str = "万元", source: str = "") -> Figure:
    return Figure(name, FigureKind.MONEY, unit, None if value is None else Decimal(value), source=source)


def rate(value: str | None, name: str = "执行率", formula: str = "") -> Figure:
    return Figure(name, FigureKind.PERCENT, "%", None if value is None else Decimal(value), formula=formula)


def section(key: str, figures: list[Figure], text: str = TEXT) -> Section:
    return Section(key, "管理效率分析", 2, SectionKind.FIGURES, intro=text, figures=figures)


def old_report(*sections: Section) -> Report:
    """A report as stored before the table existed: no table, figures quoting nothing."""
    return Report(unit_name="测试单位", unit_short="测试", year=2024, template_id="liwan-street-2024",
                  sections=list(sections))


def fresh_table(report: Report) -> SelfEvalTable:
    return table_of(report)


def sources(report: Report) -> dict[str, str]:
    return {f.name: f.source for s in report.sections for f in s.figures}


MOVED = [
    # (case, figures, table 全年预算数, 全年执行数, the figures' sources afterwards)
    ("万元", [money("预算金额", "7704.69"), money("已用金额", "7663.69"), rate("99.47")],
     "7704.69", "7663.69", {"预算金额": "全年预算数", "已用金额": "全年执行数", "执行率": "执行率"}),
    ("元", [money("预算金额", "77046900", "元"), money("已用金额", "76636900.00", "元"), rate("99.47")],
     "7704.69", "7663.69", {"预算金额": "全年预算数", "已用金额": "全年执行数", "执行率": "执行率"}),
    ("元, not whole 万元", [money("预算金额", "7704.69", "元"), money("已用金额", "7663.69", "元"), rate("99.47")],
     "0.770469", "0.766369", {"预算金额": "全年预算数", "已用金额": "全年执行数", "执行率": "执行率"}),
    ("亿元", [money("预算金额", "1.2", "亿元"), money("已用金额", "1.08", "亿元"), rate("90")],
     "12000", "10800", {"预算金额": "全年预算数", "已用金额": "全年执行数", "执行率": "执行率"}),
    ("a rate that does not read as the table's stays unlinked",
     [money("预算金额", "7704.69"), money("已用金额", "7663.69"), rate("99.5")],
     "7704.69", "7663.69", {"预算金额": "全年预算数", "已用金额": "全年执行数", "执行率": ""}),
    ("a rate that is another figure's stays unlinked",
     [money("预算金额", "100"), money("已用金额", "80"), rate("95")],
     "100", "80", {"预算金额": "全年预算数", "已用金额": "全年执行数", "执行率": ""}),
    ("a figure without a value quotes the empty cell",
     [money("预算金额", None), money("已用金额", "7663.69"), rate(None, formula="已用金额 / 预算金额")],
     None, "7663.69", {"预算金额": "全年预算数", "已用金额": "全年执行数", "执行率": "执行率"}),
    ("other names", [money("全年预算", "200"), money("已支出", "150"), rate("75", name="预算执行率")],
     "200", "150", {"全年预算": "全年预算数", "已支出": "全年执行数", "预算执行率": "执行率"}),
    ("different units, no rate to tell", [money("预算数", "7704.69", "元"), money("支出金额", "7663.69")],
     "0.770469", "7663.69", {"预算数": "全年预算数", "支出金额": "全年执行数"}),
    ("a figure quoting another cell is left alone",
     [money("年初预算", "7000", source="年初预算数"), money("执行数", "7663.69")],
     None, "7663.69", {"年初预算": "年初预算数", "执行数": "全年执行数"}),
    ("a figure already quoting the table (an outline that had sources)",
     [money("已用金额", "7663.69", source="全年执行数"), money("预算金额", "7704.69", source="全年预算数")],
     "7704.69", "7663.69", {"已用金额": "全年执行数", "预算金额": "全年预算数"}),
]


@pytest.mark.parametrize("case, figures, budget, spent, linked", MOVED, ids=[m[0] for m in MOVED])
def test_figures_move_into_the_table_and_the_text_reads_the_same(case, figures, budget, spent, linked) -> None:
    text = "".join(f"{{{f.name}}}，" for f in figures)
    report = old_report(section("efficiency", figures, text))
    given = report.copy()
    outcome = figures_into_table(report, fresh_table(report))
    assert outcome.report is not None, outcome.reason
    total = outcome.report.table.budget.total
    assert (total.budget, total.spent) == (None if budget is None else Decimal(budget), Decimal(spent))
    assert str(total.spent) == spent  # stored as written: no exponent, no trailing zeros
    assert sources(outcome.report) == linked
    assert as_read(rendered_texts(outcome.report)) == as_read(rendered_texts(report))  # 7000 and 7000.00 alike
    assert outcome.report.table.groups == fresh_table(report).groups  # the outline's indicator tree
    assert report == given  # the input is not changed


LEFT_ALONE = [
    ("two sections state different amounts for one name",
     [section("efficiency", [money("已用金额", "7663.69")]), section("summary", [money("已用金额", "7600")])]),
    ("two names for one cell with different amounts",
     [section("efficiency", [money("已用金额", "7663.69"), money("支出金额", "7600"), money("预算金额", "8000")])]),
    ("units the stated rate contradicts (7663.69万元 of 7704.69元 at 99.47%)",
     [section("efficiency", [money("预算金额", "7704.69", "元"), money("已用金额", "7663.69"), rate("99.47")])]),
    ("no amount stated", [section("efficiency", [money("预算金额", None), money("已用金额", None), rate(None)])]),
    ("an amount that does not convert exactly (more digits than a Decimal holds)",
     [section("efficiency", [money("已用金额", "123456789012345678901234567.89", "元")], "{已用金额}")]),
    ("no figure the table has", [section("efficiency", [money("固定资产投资", "9170"), rate("152.83", "完成率")],
                                         "{固定资产投资}{完成率}")]),
]


@pytest.mark.parametrize("case, sections", LEFT_ALONE, ids=[c[0] for c in LEFT_ALONE])
def test_what_cannot_be_moved_without_guessing_is_left_alone(case, sections) -> None:
    report = old_report(*sections)
    assert figures_into_table(report, fresh_table(report)).report is None


def test_the_same_amount_in_two_sections_and_two_units_agrees() -> None:
    report = old_report(section("efficiency", [money("已用金额", "7663.69")]),
                        section("summary", [money("已用金额", "76636900", "元")], "共支出{已用金额}。"))
    moved = figures_into_table(report, fresh_table(report)).report
    assert moved is not None and moved.table.budget.total.spent == Decimal("7663.69")
    assert sources(moved) == {"已用金额": "全年执行数"}
    assert [f.source for s in moved.sections for f in s.figures] == ["全年执行数", "全年执行数"]
    assert as_read(rendered_texts(moved)) == as_read(rendered_texts(report))


def test_a_valueless_figure_beside_a_stated_one_stays_unlinked() -> None:
    """Quoting the table would fill in a blank the text shows as 【已用金额】: it keeps showing it."""
    report = old_report(section("efficiency", [money("已用金额", "7663.69")]),
                        section("summary", [money("已用金额", None)], "共支出{已用金额}。"))
    moved = figures_into_table(report, fresh_table(report)).report
    assert [f.source for s in moved.sections for f in s.figures] == ["全年执行数", ""]
    assert "共支出【已用金额】。" in rendered_texts(moved)


def test_a_table_that_already_holds_budget_figures_is_left_alone() -> None:
    report = old_report(section("efficiency", [money("已用金额", "7663.69")]))
    table = fresh_table(report)
    table = table.with_budget(table.budget.with_row(BudgetRow(BudgetRowKey.TOTAL, budget=Decimal(8000))))
    assert figures_into_table(report, table).report is None


def test_the_bundled_sample_as_an_old_report() -> None:
    """The sample's own "7704.69元" slip is the unit contradiction: left alone; written in 万元 it moves, and
    its 执行率 quotes the table."""
    sample = bundled_sample()
    old = sample.copy()
    old.table = SelfEvalTable()
    for s in old.sections:
        s.figures = [f._replace(source="") for f in s.figures]
    assert figures_into_table(old, fresh_table(old)).report is None
    efficiency = old.section("efficiency")
    efficiency.figures = [f._replace(unit="万元") if f.name == "预算金额" else f for f in efficiency.figures]
    moved = figures_into_table(old, fresh_table(old)).report
    assert moved is not None and rendered_texts(moved) == rendered_texts(old)
    assert sources(moved) == {**sources(old), "已用金额": "全年执行数", "预算金额": "全年预算数", "执行率": "执行率"}
    assert moved.table.budget.total.rate.quantize(Decimal("0.01")) == Decimal("99.47")


@pytest.mark.parametrize("figure, expected", [
    (money("已用金额", "1"), "全年执行数"), (money("预算金额", "1"), "全年预算数"), (rate("1"), "执行率"),
    (Figure("已用金额", FigureKind.COUNT, "个", Decimal(1)), ""),  # not money
    (money("已用金额", "1", source="年初预算数"), ""), (money("其他", "1"), ""),
])
def test_meaning(figure, expected) -> None:
    assert meaning(figure) == expected
