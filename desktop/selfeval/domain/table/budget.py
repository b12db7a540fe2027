"""The 预算执行情况（万元） block as cells: its column heads (written once here), how a typed amount is read,
how a typed 得分 becomes a hand-set score or stops being one, and how a 得分 read from a workbook is taken.

One place for the rules the 自评表 tab, the .xlsx import and the checks share:

- amounts are 万元 (``BUDGET_UNIT``), read by ``cell_numbers.parse_cell_number`` (「150,00」 refused,
  「1.2万」 → 1.2, 「12000元」 → 1.2, 「95%」 refused);
- typing a 得分 other than the computed one sets it by hand (its reason is asked for by the checks);
  typing the computed one back, or clearing it, returns to the computed score (``typed_override``);
- a 得分 read from a workbook is a hand-set score only when its 改分理由 says so: a computed column copied
  back (an old export's values, a formula's cached result) never becomes an override (``sheet_override``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from selfeval.domain.figures import format_decimal, round_places
from selfeval.domain.table.cell_numbers import CellError, parse_cell_number
from selfeval.domain.table.model import BUDGET_UNIT, Budget, BudgetRow, BudgetRowKey, Override, SelfEvalTable

AMOUNT_HEADS = ("年初预算数", "全年预算数（A）", "全年执行数（B）")
BUDGET_HEADS = AMOUNT_HEADS + ("分值", "执行率（B/A）", "得分", "改分理由")
AMOUNT_ATTRS = ("initial", "budget", "spent")
AMOUNT_NAMES = {"initial": "年初预算数", "budget": "全年预算数", "spent": "全年执行数"}
WEIGHT_COLUMN, RATE_COLUMN, SCORE_COLUMN, REASON_COLUMN = 3, 4, 5, 6
MONEY_PLACES = 2  # amounts in 万元 are shown and printed with two decimals (a template may say otherwise)


def money(value: Decimal, places: int = MONEY_PLACES) -> Decimal:
    """An amount as the table shows and prints it: ``places`` decimals, half up (the one rounding rule)."""
    return round_places(value, places)


def money_text(value: Decimal | None, *, grouping: bool = True, places: int = MONEY_PLACES) -> str:
    """「7,850.32」 (``grouping``) or 「7850.32」; "" for an empty cell."""
    if value is None:
        return ""
    return format(money(value, places), ",f" if grouping else "f")


def parse_amount(text: str, what: str, places: int = MONEY_PLACES) -> Decimal | None:
    """An amount of the block (万元) as typed, or ``CellError`` with the reason. More decimals than the
    table prints (「7704.69元」 = 0.770469万元) is refused: the table and the 说明 would show other digits."""
    value = parse_cell_number(text, BUDGET_UNIT, what=what)
    if value is not None and value != money(value, places):
        raise CellError(f"{what}以“{BUDGET_UNIT}”为单位，最多 {places} 位小数：“{(text or '').strip()}”即 "
                        f"{format_decimal(value)}{BUDGET_UNIT}，请核对单位或数值。")
    return value


def amount_label(key: BudgetRowKey, column: int) -> str:
    return f"“{key.label}”的{AMOUNT_HEADS[column]}"


def with_amount(table: SelfEvalTable, key: BudgetRowKey, column: int, text: str) -> SelfEvalTable:
    """``table`` with amount ``column`` (0 年初预算数, 1 全年预算数, 2 全年执行数) of row ``key`` read from
    ``text``; ``CellError`` (the table unchanged) when the text cannot be read."""
    budget = table.budget
    value = parse_amount(text, amount_label(key, column))
    return table.with_budget(budget.with_row(replace(budget.row(key), **{AMOUNT_ATTRS[column]: value})))


def computed_score(budget: Budget) -> Decimal | None:
    """执行率得分 as the rules give it (``scoring.budget_score``)."""
    from selfeval.domain.table.scoring import budget_score

    return budget_score(replace(budget, override=None)).computed


def typed_override(current: Override | None, text: str, computed: Decimal | None,
                   weight: Decimal | None, what: str = "得分") -> Override | None:
    """The hand-set score after ``text`` was typed in a 得分 cell: None when it is empty or the computed
    score (to the cent); else the score, keeping the reason already written. ``CellError`` above the 分值."""
    score = parse_cell_number((text or "").strip().rstrip("*"), "分", what=what)
    if score is None or (computed is not None and _cent(score) == _cent(computed)):
        return None
    if weight is not None and score > weight:
        raise CellError(f"得分 {format_decimal(score)} 超过了分值 {format_decimal(weight)}。")
    return Override(score, current.reason if current else "")


def typed_reason(current: Override | None, text: str) -> Override | None:
    """The hand-set score after its 改分理由 was typed; a reason without a hand-set score is refused."""
    reason = (text or "").strip().replace("\n", " ")
    if current is None:
        if reason:
            raise CellError("改分理由只在手工填写得分后填写：请先在“得分”栏填写得分。")
        return None
    return replace(current, reason=reason)


@dataclass(frozen=True)
class SheetScore:
    """What a 得分 read from a workbook comes to: the override (or None) and a note for the user."""

    override: Override | None
    note: str = ""


def sheet_override(score: Decimal | None, reason: str, computed: Decimal | None, weight: Decimal | None,
                   what: str) -> SheetScore:
    """A 得分 column read back: a hand-set score only when its 改分理由 says so. A score without a reason
    that differs from the computed one is a stale computed value (an earlier export, figures since
    changed): the computed score stands and the note says so. ``CellError`` for a reason without a score
    or a score above the 分值."""
    reason = (reason or "").strip()
    if not reason:
        if score is not None and computed is not None and _cent(score) != _cent(computed):
            return SheetScore(None, f"{what}的得分 {format_decimal(score)} 没有改分理由，按计算值 "
                                    f"{format_decimal(_cent(computed))} 记录（如需手工改分，请在改分理由栏写明理由）。")
        return SheetScore(None)
    if score is None:
        raise CellError(f"{what}填写了改分理由，但没有得分。")
    if weight is not None and score > weight:
        raise CellError(f"{what}的得分 {format_decimal(score)} 超过了分值 {format_decimal(weight)}。")
    return SheetScore(Override(score, reason))


def with_score_cell(table: SelfEvalTable, column: int, text: str) -> SelfEvalTable:
    """``table`` after the 得分 (``SCORE_COLUMN``) or 改分理由 (``REASON_COLUMN``) cell of the 年度资金总额 row
    was typed."""
    budget = table.budget
    if column == REASON_COLUMN:
        override = typed_reason(budget.override, text)
    elif column == SCORE_COLUMN:
        override = typed_override(budget.override, text, computed_score(budget), budget.weight)
    else:
        raise CellError(f"“{BUDGET_HEADS[column]}”由计算得出，不能填写。")
    return table.with_budget(replace(budget, override=override))


def with_cell(table: SelfEvalTable, key: BudgetRowKey, column: int, text: str) -> SelfEvalTable:
    """``table`` after cell (``key``, ``column``) of the block was typed (``BUDGET_HEADS`` order)."""
    if column < len(AMOUNT_HEADS):
        return with_amount(table, key, column, text)
    if key is not BudgetRowKey.TOTAL:
        raise CellError(f"“{key.label}”的{BUDGET_HEADS[column]}不需要填写。")
    return with_score_cell(table, column, text)


def editable(key: BudgetRowKey, column: int) -> bool:
    return column < len(AMOUNT_HEADS) or (key is BudgetRowKey.TOTAL and column in (SCORE_COLUMN, REASON_COLUMN))


def parts_sum(budget: Budget, attr: str) -> Decimal | None:
    """The sum of the three 其中 rows' ``attr``, or None when none of them is filled."""
    values = [getattr(r, attr) for r in budget.rows if r.key is not BudgetRowKey.TOTAL]
    given = [v for v in values if v is not None]
    return sum(given, Decimal(0)) if given else None


def filled_parts(budget: Budget, attr: str) -> list[BudgetRow]:
    return [r for r in budget.rows if r.key is not BudgetRowKey.TOTAL and getattr(r, attr) is not None]


def _cent(value: Decimal) -> Decimal:
    return round_places(value, 2)
