"""A 说明's text fills its 自评表 (on import): the figures the text states, nothing more.

The budget block takes the amounts of the figures that quote it (已用金额 → 全年执行数, 预算金额 → 全年预算数);
a sentence "完成固定资产9170万元，完成率152.83%" becomes a 三级 indicator with that completed value (its
target is not stated, so it stays empty). Then each quoting figure whose own value agrees with the table keeps
quoting it (the text follows the table from now on); one that disagrees keeps what the text wrote and quotes
nothing (the checks flag the difference).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from selfeval.domain.figures import Amount, Figure, FigureKind, format_decimal, round_percent
from selfeval.domain.lazy_pattern import LazyPattern
from selfeval.domain.model import Report
from selfeval.domain.table.model import BUDGET_UNIT, Indicator, Nature
from selfeval.domain.table.figures import budget_unit_amount, quoted_value

# "完成固定资产9170万元，完成率152.83%": an indicator the text states with its completed value and rate.
COMPLETION_RE = LazyPattern(
    r"完成(?P<name>[\u4e00-\u9fff]{2,12}?)(?P<num>\d+(?:\.\d+)?)"
    r"(?P<unit>亿元|万元|元|平方米|个|家|件|次|栋|条|人|套|户|项|篇|对)[，,]?完成率(?P<rate>\d+(?:\.\d+)?)[%％]")


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 2


def agrees(figure: Figure, table_value: Decimal) -> bool:
    """The figure's own value says the same as the table's (a rate to the places the text wrote)."""
    if figure.kind is FigureKind.PERCENT:
        return round_percent(table_value, _places(figure.value)) == figure.value
    return table_value == figure.value


def fill_table_from_text(report: Report) -> list[str]:
    """Fill ``report.table`` from the report's figures and text (in place); the notices, in Chinese."""
    if report.table.is_blank:
        return []
    notices: list[str] = []
    linked = {f.source: f for s in report.sections for f in s.figures if f.source and f.value is not None}
    amounts = {source: budget_unit_amount(f) for source, f in linked.items()}
    spent, budget, rate = linked.get("全年执行数"), linked.get("全年预算数"), linked.get("执行率")
    if spent and budget and rate and amounts.get("全年执行数") and amounts.get("全年预算数") \
            and spent.unit != budget.unit and budget.value > 0:
        places = _places(rate.value)
        as_one_unit = round_percent(spent.value / budget.value * 100, places)
        as_written = round_percent(amounts["全年执行数"].value / amounts["全年预算数"].value * 100, places) \
            if amounts["全年预算数"].value > 0 else None
        if as_one_unit == rate.value and as_written != rate.value:
            amounts["全年预算数"] = Amount(budget.value, spent.unit).to(BUDGET_UNIT)
            notices.append(
                f"自评表的全年预算数按 {format_decimal(budget.value)}{spent.unit} 填写：原文写作"
                f"“{format_decimal(budget.value)}{budget.unit}”，但原文的执行率 {format_decimal(rate.value)}% "
                f"只在两者单位相同时成立，请核对。")
    total = report.table.budget.total
    cells = {"initial": "年初预算数", "budget": "全年预算数", "spent": "全年执行数"}
    filled = {attr: amounts[src].value for attr, src in cells.items()
              if getattr(total, attr) is None and amounts.get(src) is not None}
    table = report.table
    if filled:
        table = table.with_budget(table.budget.with_row(replace(total, **filled)))
    table = _add_completions(report, table, notices)
    report.table = table
    for section in report.sections:
        for i, fig in enumerate(section.figures):
            value = quoted_value(fig, table)
            if value is not None and fig.value is not None and not agrees(fig, value):
                section.figures[i] = fig._replace(source="")
                notices.append(f"“{fig.name}”原文为 {fig.render()}，与自评表的{fig.source}不一致，正文保留原文。")
    return notices


def _add_completions(report: Report, table, notices: list[str]):
    group, category = 0, 0  # 产出指标 / its first 二级 indicator: where a completed quantity belongs by default
    if not table.groups or not table.groups[group].categories:
        return table
    rows = list(table.groups[group].categories[category].indicators)
    known = {i.name for _, _, i in table.indicators()}
    for section in report.sections:
        for m in COMPLETION_RE.finditer(section.plain_text()):
            name = "完成" + m.group("name")
            if name in known:
                continue
            known.add(name)
            rows.append(Indicator(name, Nature.GE, None, m.group("unit"), actual=Decimal(m.group("num")),
                                  analysis=f"完成率{m.group('rate')}%"))
            notices.append(f"已从“{section.heading}”中识别出绩效指标“{name}”：完成值 {m.group('num')}"
                           f"{m.group('unit')}，完成率 {m.group('rate')}%（原文未写年度指标值），请补充。")
    return table.with_indicators(group, category, tuple(rows))
