"""Rules on the figures as a 财政局 reviewer checks them: the 自评表 against itself and the 说明 against the
自评表.

- the 其中 rows do not add up to 年度资金总额 (错误);
- 全年执行数 above 全年预算数 (警告: a written explanation answers it);
- 年初预算数 → 全年预算数 changed by more than the template's ``budget_change_percent`` (警告);
- a budget figure of the 说明 kept in its own value that contradicts the table (错误), unless it is kept
  apart with a written reason; an amount typed in the text next to the name of a table value (预算执行率,
  已用金额, 年初预算 …) that contradicts it (警告);
- the same quantity (a figure's name) stated with different values in two places (警告);
- the table's own notes: 分值 sums per level, a 分值 missing, a hand-set score without its reason, a rate
  that cannot be computed, a low rate (警告 or 提示);
- a budget figure still carried over from last year's report, unconfirmed (警告), or waiting for the table
  (「待填」, 错误 when the text quotes it: it would print as 【名称】 — ``required`` says so).

Places: ``Place(field="table", figure=<cell>)`` for the table, the figure's place for a figure, the span of
the text for typed text. Checks run on the sections as they read with the table (``engine``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from selfeval.domain.checks.context import CheckContext
from selfeval.domain.checks.findings import Finding, Severity
from selfeval.domain.checks.texts import text_amounts
from selfeval.domain.figures import Amount, format_decimal
from selfeval.domain.table import figure_homes as homes
from selfeval.domain.table.budget import AMOUNT_HEADS, AMOUNT_ATTRS, filled_parts, money, money_text
from selfeval.domain.table.model import BUDGET_UNIT, BudgetRowKey
from selfeval.domain.table.scoring import rate_text, score_table
from selfeval.domain.text_fields import Place

TABLE_FIELD = "table"

# Names that say which table value an amount typed in the text is (the last one before the amount, in
# the same clause, wins): checked against the table.
_TEXT_NAMES: tuple[tuple[str, str], ...] = (
    ("执行率", homes.RATE),
    ("年初预算", homes.INITIAL),
    ("结转", homes.CARRYOVER),
    ("已用金额", homes.SPENT), ("已支出", homes.SPENT), ("执行数", homes.SPENT), ("支出合计", homes.SPENT),
    ("全年预算", homes.BUDGET), ("预算金额", homes.BUDGET), ("预算总额", homes.BUDGET),
    ("调整后预算", homes.BUDGET),
)
# A clause ends at these; a name further back is not the amount's.
_CLAUSE_END = re.compile(r"[，,。；;：:！!？?\n（）()、]")
# A name of a part (本年财政拨款预算, 项目支出 …) or of another year before the amount: not the total's.
_NOT_TOTAL = re.compile(r"财政拨款|其他资金|项目|专项|人员|公用|基本支出|三公|上年|去年|同比|比上|较上|增长|减少|下降|增加")
_LOOK_BACK = 16


def table_place(cell: str) -> Place:
    return Place("", None, TABLE_FIELD, cell)


def check(ctx: CheckContext) -> Iterator[Finding]:
    table = ctx.report.table
    yield from _parts(table)
    yield from _spent_over_budget(table)
    yield from _budget_change(ctx, table)
    yield from _table_notes(table)
    yield from _figures_against_table(ctx, table)
    yield from _text_against_table(ctx, table)
    yield from _stated_twice(ctx)


def _parts(table) -> Iterator[Finding]:
    budget = table.budget
    for j, attr in enumerate(AMOUNT_ATTRS):
        parts = filled_parts(budget, attr)
        if not parts:
            continue
        total = getattr(budget.total, attr)
        given = sum((getattr(r, attr) for r in parts), Decimal(0))
        cell = f"{BudgetRowKey.TOTAL.label} · {AMOUNT_HEADS[j]}"
        names = "、".join(f"{r.key.label.removeprefix('其中：')} {money_text(getattr(r, attr))}" for r in parts)
        if total is None:
            yield Finding("table.parts_without_total", Severity.WARNING,
                          f"自评表中{AMOUNT_HEADS[j]}填写了分项（{names}），但年度资金总额未填写。",
                          table_place(cell), "")
            continue
        whole = len(parts) == len(budget.rows) - 1
        if (whole and money(given) != money(total)) or money(given) > money(total):
            yield Finding("table.parts_total", Severity.ERROR,
                          f"自评表中{AMOUNT_HEADS[j]}的分项合计 {money_text(given)} 万元（{names}）"
                          f"{'不等于' if whole else '超过了'}年度资金总额 {money_text(total)} 万元，请核对。",
                          table_place(cell), money_text(total))


def _spent_over_budget(table) -> Iterator[Finding]:
    for row in table.budget.rows:
        if row.budget is None or row.spent is None or money(row.spent) <= money(row.budget):
            continue
        yield Finding("table.spent_over_budget", Severity.WARNING,
                      f"自评表中“{row.label}”的全年执行数 {money_text(row.spent)} 万元超过了全年预算数 "
                      f"{money_text(row.budget)} 万元（执行率 {rate_text(row.rate)}）。请核对；如确实超支，"
                      "请在说明中写明原因，或在审核中填写说明。",
                      table_place(f"{row.label} · 全年执行数（B）"), money_text(row.spent))


def _budget_change(ctx: CheckContext, table) -> Iterator[Finding]:
    total = table.budget.total
    limit = ctx.settings.budget_change_percent
    if total.initial is None or total.budget is None or total.initial <= 0 or limit <= 0:
        return
    change = (total.budget - total.initial) / total.initial * 100
    if abs(change) <= limit:
        return
    word = "增加" if change > 0 else "减少"
    yield Finding("table.budget_change", Severity.WARNING,
                  f"全年预算数 {money_text(total.budget)} 万元较年初预算数 {money_text(total.initial)} 万元"
                  f"{word} {format_decimal(money(abs(change)))}%，超过 {format_decimal(limit)}%。"
                  "请在说明中写明预算调整的原因，或在审核中填写说明。",
                  table_place(f"{total.label} · 全年预算数（A）"), money_text(total.budget))


# The table's own notes (``scoring.score_table``'s findings), by what they say: rule and severity.
_NOTE_RULES: tuple[tuple[str, str, Severity], ...] = (
    ("分值合计", "table.weights", Severity.WARNING),
    ("尚未填写分值", "table.weight_missing", Severity.WARNING),
    ("手工填写的，请写明理由", "table.override_reason", Severity.WARNING),
    ("执行率无法计算", "table.no_rate", Severity.HINT),
    ("请在说明中写明原因", "table.low_execution", Severity.WARNING),
    ("总分最高为", "table.rate_cap", Severity.HINT),
)


def _table_notes(table) -> Iterator[Finding]:
    if table.is_blank:
        return
    for note in score_table(table).findings:
        rule, severity = next(((r, s) for word, r, s in _NOTE_RULES if word in note), ("table.note", Severity.HINT))
        yield Finding(rule, severity, f"自评表：{note}", table_place("绩效指标" if "指标" in note else "预算执行情况"),
                      note)


def _figures_against_table(ctx: CheckContext, table) -> Iterator[Finding]:
    """Budget figures of the 说明: kept in their own value against the table, carried over unconfirmed."""
    for section in ctx.report.sections:
        for fig in section.figures:
            what = homes.meaning(fig)
            if not what:
                continue
            place = Place(section.key, None, "figure", fig.name, 0, 0)
            if fig.review and fig.value is not None and not fig.source:
                yield Finding("figure.carried_unconfirmed", Severity.WARNING,
                              f"数据“{fig.name}”仍是上年报告的数值 {fig.render()}，尚未核对：请引用自评表，"
                              "或核对后确认。", place.at(0, len(fig.render())), fig.render())
            stated = fig.amount
            held = homes.table_amount(table, what)
            if stated is None or held is None or fig.apart:
                continue
            if fig.source and fig.source == what:
                continue  # quotes the table: it reads what the table holds
            if homes.same_figure(stated, held):
                continue
            if _unit_slip(stated, held):
                continue  # the same digits in another unit: the unit rules say so (7704.69元)
            yield Finding("figure.contradicts_table", Severity.ERROR,
                          f"数据“{fig.name}”为 {fig.render()}，自评表的“{what}”为 {_held_text(held)}，两者不一致。"
                          "请在数据栏改为引用自评表，或写明不引用的理由。",
                          place.at(0, len(fig.render())), fig.render())


def _held_text(held: Amount) -> str:
    if held.unit == "%":
        return rate_text(held.value)
    return f"{money_text(held.value, grouping=False)}{held.unit}"


def _unit_slip(stated: Amount, held: Amount) -> bool:
    return (stated.unit != held.unit and stated.unit != "%" and held.unit != "%"
            and money(stated.value) == money(held.value))


def _text_against_table(ctx: CheckContext, table) -> Iterator[Finding]:
    """Amounts typed in the text (not quoted) beside the name of a table value."""
    if table.budget.total.budget is None and table.budget.total.spent is None and table.budget.total.initial is None:
        return
    for field in ctx.section_texts:
        text = field.text
        if not any(name in text for name, _ in _TEXT_NAMES):
            continue
        for amount in text_amounts(text):
            what = _named(text, amount.start)
            if not what:
                continue
            is_rate = what == homes.RATE
            if is_rate != amount.is_percent or not (amount.is_percent or amount.is_money):
                continue
            held = homes.table_amount(table, what)
            if held is None or homes.same_figure(amount.amount, held) or _unit_slip(amount.amount, held):
                continue
            shown = text[amount.start:amount.end]
            yield Finding("text.contradicts_table", Severity.WARNING,
                          f"正文写的“{shown}”与自评表的“{what}”{_held_text(held)}不一致。请改正，或改为引用自评表"
                          f"（在数据栏添加引用后写作“{{名称}}”）。", field.place.at(amount.start, amount.end), shown)


def _named(text: str, start: int) -> str:
    """The table value named right before ``start`` in the same clause, or ""."""
    before = text[max(0, start - _LOOK_BACK):start]
    cut = [m.end() for m in _CLAUSE_END.finditer(before)]
    clause = before[cut[-1]:] if cut else before
    if _NOT_TOTAL.search(clause):
        return ""
    best, where = "", -1
    for name, what in _TEXT_NAMES:
        at = clause.rfind(name)
        if at > where:
            best, where = what, at
    return best


def _stated_twice(ctx: CheckContext) -> Iterator[Finding]:
    """One quantity (a figure's name, or a table value's meaning) with different values in two places."""
    seen: dict[str, tuple[str, Amount, str]] = {}
    for section in ctx.report.sections:
        for fig in section.figures:
            if fig.amount is None or fig.formula and fig.value is None:
                continue
            key = homes.meaning(fig) or fig.name.strip()
            first = seen.get(key)
            if first is None:
                seen[key] = (section.heading or section.key, fig.amount, fig.render())
                continue
            heading, amount, shown = first
            if _same_quantity(amount, fig.amount):
                continue
            yield Finding("figure.stated_twice", Severity.WARNING,
                          f"“{fig.name}”在“{heading}”中为 {shown}，在本节为 {fig.render()}：同一数据前后不一致，请核对。",
                          Place(section.key, None, "figure", fig.name, 0, len(fig.render())), fig.render())


def _same_quantity(a: Amount, b: Amount) -> bool:
    if a.unit == b.unit:
        return a.value == b.value or money(a.value) == money(b.value)
    if a.kind is b.kind and a.unit != "%" and b.unit != "%":
        try:
            return money(a.to(BUDGET_UNIT).value) == money(b.to(BUDGET_UNIT).value)
        except (ValueError, KeyError):
            return False
    return False
