"""The 自评表's values a figure of the 说明 can stand for, and where each is read from the table
(``figure_homes`` says which figure means which; ``figures`` quotes them)."""

from __future__ import annotations

from selfeval.domain.figures import Amount
from selfeval.domain.table.model import BudgetRowKey, SelfEvalTable

SPENT = "全年执行数"
BUDGET = "全年预算数"
RATE = "执行率"
INITIAL = "年初预算数"
CARRYOVER = "上年结转资金"


def table_amount(table: SelfEvalTable, what: str) -> Amount | None:
    """The table's value for ``what`` (the 年度资金总额 row; 结转: the 上年结转资金 row's 全年预算数)."""
    total = table.budget.total
    if what == RATE:
        return None if total.rate is None else Amount(total.rate, "%")
    if what == CARRYOVER:
        return table.budget.row(BudgetRowKey.CARRYOVER).amount("budget")
    attr = {SPENT: "spent", BUDGET: "budget", INITIAL: "initial"}.get(what)
    return None if attr is None else total.amount(attr)
