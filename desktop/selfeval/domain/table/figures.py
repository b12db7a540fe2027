"""One source of figures: the 说明 quotes the 自评表.

A section figure with a ``source`` (已用金额 → 全年执行数, 预算金额 → 全年预算数, 执行率 → 执行率) shows the
table's value, in the figure's unit, whenever the table has one; without one it shows its own value as
before. Every quantitative 三级 indicator with a completed value can be quoted by name in any section
(``{完成固定资产}`` → "9170万元"). Reports made before the table existed have no sources: they read as they
always did.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from selfeval.domain.figures import MONEY_UNITS, Amount, Figure, FigureKind, round_percent, unit_kind
from selfeval.domain.model import Section
from selfeval.domain.table.budget import money
from selfeval.domain.table.model import BUDGET_UNIT, BudgetRowKey, SelfEvalTable

RATE_PLACES = 2  # a quoted rate reads as the table shows it: 99.47%

# The table values a figure may quote, and how each is read from the table.
TABLE_SOURCES: dict[str, str] = {
    "年初预算数": "initial",
    "全年预算数": "budget",
    "全年执行数": "spent",
    "执行率": "rate",
    "上年结转资金": "carryover",
}


INDICATOR_SOURCE = "指标："  # a source naming a 三级 indicator: 「指标：完成固定资产」 quotes its 实际完成值


def indicator_source(name: str) -> str:
    return INDICATOR_SOURCE + name.strip()


def source_amount(table: SelfEvalTable, source: str) -> Amount | None:
    """The table's value for ``source`` (the 年度资金总额 row; 上年结转资金: that row's 全年预算数; 「指标：名称」:
    that indicator's 实际完成值), or None when the cell is empty."""
    from selfeval.domain.table.table_values import table_amount

    if source.startswith(INDICATOR_SOURCE):
        ind = table.find_indicator(source[len(INDICATOR_SOURCE):])
        if ind is None or not ind.nature.quantitative or ind.actual is None:
            return None
        return Amount(ind.actual, ind.unit)
    if source not in TABLE_SOURCES:
        return None
    return table_amount(table, source)


def source_label(source: str) -> str:
    """The table cell a source names: 「年度资金总额 · 全年执行数」."""
    if source.startswith(INDICATOR_SOURCE):
        return f"三级指标“{source[len(INDICATOR_SOURCE):]}” · 实际完成值"
    if source == "上年结转资金":
        return f"{BudgetRowKey.CARRYOVER.label} · 全年预算数"
    return f"{BudgetRowKey.TOTAL.label} · {source}"


def in_unit(amount: Amount, unit: str) -> Decimal | None:
    """``amount`` expressed in ``unit`` (money converts between 元/万元/亿元; a converted value carries no
    trailing zeros, so 0.01元 stays 0.01元 through 万元); None when it cannot be."""
    if amount.unit == unit:
        return amount.value
    if amount.kind is FigureKind.MONEY and unit in MONEY_UNITS:
        return amount.to(unit).value.normalize()
    return None


def quoted_value(figure: Figure, table: SelfEvalTable) -> Decimal | None:
    """What a figure with a ``source`` shows from the table; None when it shows its own value."""
    if not figure.source:
        return None
    amount = source_amount(table, figure.source)
    if amount is None:
        return None
    value = in_unit(amount, figure.unit)
    if value is None:
        return None
    if amount.unit == "%":
        return round_percent(value, RATE_PLACES)
    return money(value) if figure.unit in MONEY_UNITS else value  # as the table prints it: two decimals


def indicator_figures(table: SelfEvalTable) -> list[Figure]:
    """Every quantitative 三级 indicator with a name, as a figure of that name quoting it (no value yet
    while its 实际完成值 is empty: the text shows 【名称】, 「待填」)."""
    found = []
    for _, _, ind in table.indicators():
        if ind.name.strip() and ind.nature.quantitative:
            value = ind.actual
            if value is not None and ind.unit in MONEY_UNITS:
                value = money(value)  # as the table prints it: 7290.00万元
            found.append(Figure(ind.name.strip(), unit_kind(ind.unit), ind.unit, value,
                                source=indicator_source(ind.name)))
    return found


def quoting_table(section: Section, table: SelfEvalTable, last=None) -> Section:
    """``section`` as it reads with the table: its linked figures carry the table's values, and the
    table's indicators are there to quote (a figure of the section's own keeps its name), and so are the
    changes against ``last`` (``year_over_year.LastYear``: 「{执行率较上年}」; 【名称】 without one)."""
    from selfeval.domain.table.year_over_year import year_figures

    figures = []
    for fig in section.figures:
        value = quoted_value(fig, table)
        if value is not None:  # the table's digits, as the table prints them (7000 → 7000.00)
            fig = fig._replace(value=value)
        figures.append(fig)
    own = {f.name for f in figures}
    figures += [f for f in indicator_figures(table) if f.name not in own]
    own = {f.name for f in figures}
    figures += [f for f in year_figures(table, last) if f.name not in own]
    return section.copy_with(figures=figures)


@dataclass(frozen=True)
class FigureOrigin:
    """Where a section figure's value comes from, as the figures panel shows it."""

    name: str
    value: Decimal | None  # the value shown (the table's, in the figure's unit, when ``from_table``)
    from_table: bool  # the value is the table's: changed in the 自评表, not here
    text: str  # "来自自评表：年度资金总额 · 全年执行数", "自评表中未填，暂用本节数值" or "本节填写"


ORIGIN_OWN = "本节填写"
ORIGIN_TABLE_EMPTY = "自评表中未填，暂用本节数值"
ORIGIN_PENDING = "待填：来自自评表，自评表中尚未填写"


def figure_origins(section: Section, table: SelfEvalTable) -> list[FigureOrigin]:
    """For each figure of ``section``: the value it shows and where that value comes from."""
    origins = []
    for fig in section.figures:
        value = quoted_value(fig, table)
        if value is not None:
            text = f"来自自评表：{source_label(fig.source)}"
            origins.append(FigureOrigin(fig.name, value, True, text))
        else:
            own = ORIGIN_OWN if not fig.apart else f"{ORIGIN_OWN}（不引用自评表：{fig.apart}）"
            origins.append(FigureOrigin(fig.name, fig.value, False,
                                        (ORIGIN_PENDING if fig.value is None else ORIGIN_TABLE_EMPTY)
                                        if fig.source else own))
    return origins


def budget_unit_amount(figure: Figure) -> Amount | None:
    """A money figure's value in the table's unit (万元), or None."""
    if figure.value is None or figure.kind is not FigureKind.MONEY or figure.unit not in MONEY_UNITS:
        return None
    return Amount(figure.value, figure.unit).to(BUDGET_UNIT)
