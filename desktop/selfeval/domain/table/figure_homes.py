"""Every figure has one home: a budget figure the 说明 states (预算金额, 已用金额, 执行率, 年初预算, 结转) is
either a live quote of the 自评表 (``Figure.source``) or a figure kept apart with a written reason
(``Figure.apart``). What the figure means is read from its source or its name (``meaning``); the table's
value for a meaning is ``table_amount``.

The three changes a clerk makes to a figure's home, each a new section (one ``SetSection``: one undoable
step): ``linked`` (quote the table; its own value is dropped), ``kept_apart`` (its own value, with the
reason), ``confirmed`` (a value carried over from last year, checked).
"""

from __future__ import annotations

from decimal import Decimal

from selfeval.domain.errors import UserError
from selfeval.domain.figures import MONEY_UNITS, Amount, Figure, FigureKind, round_percent
from selfeval.domain.model import Section
from selfeval.domain.table.budget import money
from selfeval.domain.table.model import BUDGET_UNIT, SelfEvalTable

from selfeval.domain.table.table_values import (  # noqa: F401 - the table values, named here too
    BUDGET,
    CARRYOVER,
    INITIAL,
    RATE,
    SPENT,
    table_amount,
)

# Names figures have had (reports, outlines) for each table value.
NAMES: dict[str, frozenset[str]] = {
    SPENT: frozenset({"已用金额", "已支出", "已支出金额", "支出金额", "执行数", "全年执行数", "执行金额"}),
    BUDGET: frozenset({"预算金额", "预算数", "全年预算", "全年预算数", "全年预算金额", "调整后预算"}),
    RATE: frozenset({"执行率", "预算执行率"}),
    INITIAL: frozenset({"年初预算", "年初预算数", "年初预算金额"}),
    CARRYOVER: frozenset({"结转资金", "上年结转", "上年结转资金", "结转金额"}),
}
MAX_REASON_CHARS = 200


class FigureHomeError(UserError):
    """A figure's home cannot be changed as asked (Chinese)."""


def meaning(figure: Figure) -> str:
    """The table value ``figure`` stands for (a key of ``NAMES``), or "" for none."""
    if figure.source in NAMES:
        return figure.source
    if figure.source:
        return ""
    name = figure.name.strip()
    for what, names in NAMES.items():
        if name in names:
            if what == RATE:
                return what if figure.kind is FigureKind.PERCENT else ""
            return what if figure.kind is FigureKind.MONEY and figure.unit in MONEY_UNITS else ""
    return ""


def same_figure(stated: Amount, table: Amount, places: int | None = None) -> bool:
    """Whether ``stated`` says what the table says, after the table's rounding: money to the cent in 万元,
    a rate to the places it is written with (two at least when ``places`` is None)."""
    if table.unit == "%":
        if stated.unit != "%":
            return False
        written = places if places is not None else _places(stated.value)
        return round_percent(table.value, written) == round_percent(stated.value, written)
    if stated.unit not in MONEY_UNITS or table.unit not in MONEY_UNITS:
        return False
    return money(stated.to(BUDGET_UNIT).value) == money(table.to(BUDGET_UNIT).value)


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(2, -exponent) if isinstance(exponent, int) else 2


def _figure(section: Section, name: str) -> tuple[int, Figure]:
    for i, fig in enumerate(section.figures):
        if fig.name == name:
            return i, fig
    raise FigureHomeError(f"本节没有数据“{name}”。")


def _with(section: Section, i: int, fig: Figure) -> Section:
    figures = list(section.figures)
    figures[i] = fig
    return section.copy_with(figures=figures)


def linked(section: Section, name: str, source: str | None = None) -> Section:
    """``section`` with figure ``name`` quoting the table (``source`` or its meaning): its own value and
    any reason for keeping it apart are dropped, it no longer waits for review (the table is the home)."""
    i, fig = _figure(section, name)
    source = source or meaning(fig)
    if source not in NAMES:
        raise FigureHomeError(f"数据“{name}”不是自评表中的数值，无法引用自评表。")
    return _with(section, i, linked_figure(fig, source))


def linked_figure(fig: Figure, source: str) -> Figure:
    """``fig`` quoting table value ``source``, in the table's unit (万元, or % for the rate), without a
    value of its own."""
    kind = FigureKind.PERCENT if source == RATE else FigureKind.MONEY
    unit = "%" if source == RATE else BUDGET_UNIT
    return Figure(fig.name, kind, unit, None, fig.formula, False, source, "")


def kept_apart(section: Section, name: str, reason: str, table: SelfEvalTable) -> Section:
    """``section`` with figure ``name`` keeping its own value (the one it shows now) with ``reason``."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise FigureHomeError("请写明不引用自评表的理由（例如：口径不同，为项目资金）。")
    if len(reason) > MAX_REASON_CHARS:
        raise FigureHomeError(f"理由不能超过 {MAX_REASON_CHARS} 个字。")
    i, fig = _figure(section, name)
    value = fig.value
    if fig.source:
        from selfeval.domain.table.figures import quoted_value

        quoted = quoted_value(fig, table)
        value = quoted if quoted is not None else fig.value
    return _with(section, i, fig._replace(value=value, source="", apart=reason, review=False))


def confirmed(section: Section, name: str) -> Section:
    """``section`` with the carried-over value of figure ``name`` confirmed for this year."""
    i, fig = _figure(section, name)
    if not fig.review:
        return section
    return _with(section, i, fig._replace(review=False))


def pending(figure: Figure, table: SelfEvalTable) -> bool:
    """A figure that quotes the table while the table does not have the value yet: 「待填」."""
    return bool(figure.source) and figure.source in NAMES and table_amount(table, figure.source) is None
