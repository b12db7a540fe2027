"""A report made before the 自评表 existed: its section figures move into the table (store migration 0003).

Such a report states its budget figures in a section (管理效率分析: ``{已用金额}``, ``{预算金额}``, ``{执行率}``)
and has an empty table. ``figures_into_table`` copies the spent and budget amounts into the table's 年度资金总额
row (in 万元) and makes the figures quote it (``Figure.source``), so that the text reads exactly as before and
the table becomes the one source from then on.

Figures are recognised by the table value they already quote, else by name (``SPENT_NAMES``,
``BUDGET_NAMES``, ``RATE_NAMES``). Nothing is guessed: when the text states two different amounts for one
cell, or states the spent and budget amounts in different units while its own rate only holds if the units
were the same (the sample's "7704.69元" slip), the report is left as it is. A rate figure quotes the table's
执行率 only when that reads exactly as its own value; otherwise it stays unlinked (the checks flag it).
Whatever the result, the function refuses a report whose text would read differently afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from selfeval.domain.document import report_blocks
from selfeval.domain.figures import MONEY_UNITS, Amount, Figure, FigureKind, round_percent
from selfeval.domain.model import Report
from selfeval.domain.table.model import BUDGET_UNIT, SelfEvalTable
from selfeval.domain.table.figures import quoted_value

SPENT = "全年执行数"
BUDGET = "全年预算数"
RATE = "执行率"

# Figure names (as reports and outlines have used them) and the table value each means.
SPENT_NAMES = frozenset({"已用金额", "已支出", "已支出金额", "支出金额", "执行数", "全年执行数"})
BUDGET_NAMES = frozenset({"预算金额", "预算数", "全年预算", "全年预算数"})
RATE_NAMES = frozenset({"执行率", "预算执行率"})

# The table cell (BudgetRow attribute) of each money source.
_CELLS = {SPENT: "spent", BUDGET: "budget"}


@dataclass(frozen=True)
class Outcome:
    """What ``figures_into_table`` did: ``report`` is the migrated report, or None when the report is left
    as it is; ``reason`` says why (for tests and logs, in English)."""

    report: Report | None
    reason: str


def meaning(figure: Figure) -> str:
    """The table value ``figure`` stands for (``SPENT``, ``BUDGET``, ``RATE``), or "" for none."""
    if figure.source in (SPENT, BUDGET, RATE):
        return figure.source
    if figure.source:
        return ""  # quotes another value (年初预算数): not ours to move
    name = figure.name.strip()
    if figure.kind is FigureKind.MONEY and figure.unit in MONEY_UNITS:
        if name in SPENT_NAMES:
            return SPENT
        if name in BUDGET_NAMES:
            return BUDGET
    if figure.kind is FigureKind.PERCENT and name in RATE_NAMES:
        return RATE
    return ""


def in_budget_unit(figure: Figure) -> Decimal:
    """A money figure's value in 万元, exact, without trailing zeros or an exponent (7704.69元 → 0.770469)."""
    if figure.unit == BUDGET_UNIT:
        return figure.value
    value = Amount(figure.value, figure.unit).to(BUDGET_UNIT).value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


def rendered_texts(report: Report) -> list[str]:
    """Every paragraph of the report as it prints (figures filled in, the table quoted)."""
    return [block.full_text for block in report_blocks(report)]


def figures_into_table(report: Report, table: SelfEvalTable) -> Outcome:
    """``report`` with its spent/budget figures moved into ``table`` (the report's own, or a fresh one from
    its outline when it has none yet) and its figures quoting it; ``report`` itself is not changed."""
    total = table.budget.total
    if total.budget is not None or total.spent is not None:
        return Outcome(None, "the table already holds budget figures")
    found = [(s, i, f, meaning(f)) for s, section in enumerate(report.sections)
             for i, f in enumerate(section.figures)]
    found = [item for item in found if item[3]]
    stated: dict[str, set[Decimal]] = {SPENT: set(), BUDGET: set()}
    units: dict[str, set[str]] = {SPENT: set(), BUDGET: set()}
    for _, _, fig, what in found:
        if what in stated and fig.value is not None:
            stated[what].add(in_budget_unit(fig))
            units[what].add(fig.unit)
    if not stated[SPENT] and not stated[BUDGET]:
        return Outcome(None, "no spent or budget amount stated")
    if any(len(values) > 1 for values in stated.values()):
        return Outcome(None, "the text states different amounts for one table cell")
    if _units_contradict(found, units):
        return Outcome(None, "the spent and budget amounts are in units the stated rate contradicts")

    cells = {_CELLS[what]: next(iter(values)) for what, values in stated.items() if values}
    new_table = table.with_budget(table.budget.with_row(replace(total, **cells)))
    migrated = report.copy()
    migrated.table = new_table
    for s, i, fig, what in found:
        source = _source_for(fig, what, new_table)
        if what in _CELLS and fig.value is not None and not source:
            return Outcome(None, "an amount does not convert exactly into the table's unit and back")
        migrated.sections[s].figures[i] = fig._replace(source=source)
    if as_read(rendered_texts(migrated)) != as_read(rendered_texts(report)):
        return Outcome(None, "the text would read differently")
    return Outcome(migrated, "moved")


def _source_for(figure: Figure, what: str, table: SelfEvalTable) -> str:
    """The source ``figure`` gets: the table value it stands for when quoting it reads as the figure does
    now (a figure without a value: only while the table's cell is empty too), else none."""
    linked = figure._replace(source=what)
    quoted = quoted_value(linked, table)
    if figure.value is None:
        return what if quoted is None else ""
    return what if quoted is not None and quoted == figure.value else ""


def _units_contradict(found, units: dict[str, set[str]]) -> bool:
    """Spent and budget are stated in different units, and a stated rate holds only if they were not
    (7663.69万元 of 7704.69元 at 99.47%): which of the two is meant cannot be known."""
    if len(units[SPENT]) != 1 or len(units[BUDGET]) != 1 or units[SPENT] == units[BUDGET]:
        return False
    spent = next(f for _, _, f, w in found if w == SPENT and f.value is not None)
    budget = next(f for _, _, f, w in found if w == BUDGET and f.value is not None)
    if budget.value <= 0:
        return False
    for _, _, fig, what in found:
        if what == RATE and fig.value is not None:
            places = max(0, -fig.value.as_tuple().exponent)
            as_written = round_percent(spent.value / budget.value * 100, places)
            converted = in_budget_unit(budget)
            as_amounts = round_percent(in_budget_unit(spent) / converted * 100, places) if converted > 0 else None
            if as_written == fig.value and as_amounts != fig.value:
                return True
    return False


_MONEY_IN_TEXT = re.compile(r"(\d+(?:\.\d+)?)(?=亿元|万元|元|%)")


def as_read(texts: list[str]) -> list[str]:
    """The texts with each amount of money as the number it is (7000 and 7000.00 read alike: the table
    prints amounts with two decimals, the same amount)."""
    return [_MONEY_IN_TEXT.sub(lambda m: format(Decimal(m.group(1)).normalize(), "f"), t) for t in texts]
