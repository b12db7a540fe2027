"""Last year beside this year (issue 23, item 7): for a report whose unit has last year's report, the 全年预算数,
执行率 and 自评得分 of both years and the change, in one Chinese line for 基本信息, and the change of the
执行率 in the words a 自评结论 uses (「较上年提高 1.20 个百分点」)."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from selfeval.domain.figures import Figure, FigureKind, format_decimal
from selfeval.domain.table.model import SelfEvalTable
from selfeval.domain.table.scoring import points, rate_text, score_table


def change_words(now: Decimal | None, before: Decimal | None, unit: str) -> str:
    """「较上年提高 X{unit}」, 「较上年降低 X{unit}」 or 「与上年持平」 ("" when either is unknown)."""
    if now is None or before is None:
        return ""
    delta = points(now - before)
    if delta == 0:
        return "与上年持平"
    return f"较上年{'提高' if delta > 0 else '降低'} {format_decimal(abs(delta))} {unit}"


def rate_change(this: SelfEvalTable, last: SelfEvalTable) -> str:
    """The 执行率's change in percentage points: 「较上年提高 1.20 个百分点」."""
    return change_words(score_table(this).rate, score_table(last).rate, "个百分点")


def comparison_line(this: SelfEvalTable, last: SelfEvalTable, last_year: int) -> str:
    """「上年（2024年度）全年预算数 7704.69 万元，本年 8000.00 万元；执行率 99.47% → 98.00%（较上年降低 1.47 个
    百分点）；自评得分 92.00 → 95.50（较上年提高 3.50 分）」; "" when last year's table was never filled."""
    if last.is_blank:
        return ""
    now, before = score_table(this), score_table(last)

    def money(value: Decimal | None) -> str:
        return "—" if value is None else f"{format_decimal(points(value))} 万元"

    parts = [f"全年预算数 {money(last.budget.total.budget)} → {money(this.budget.total.budget)}",
             f"执行率 {rate_text(before.rate)} → {rate_text(now.rate)}"]
    rate = change_words(now.rate, before.rate, "个百分点")
    if rate:
        parts[-1] += f"（{rate}）"
    score = change_words(now.total, before.total, "分")
    parts.append(f"自评得分 {format_decimal(points(before.total))} → {format_decimal(points(now.total))}"
                 + (f"（{score}）" if score else ""))
    return f"上年（{last_year}年度）与本年：" + "；".join(parts) + "。"


# The year-over-year quotes a section can use (issue 23, item 7): 「{执行率较上年}」 prints 「提高 0.53 个百分点」,
# 「降低 …」 or 「持平」; 「{执行率较上年数}」 prints the bare 0.53 (no unit) for a sentence that says the rest itself.
YEAR_QUOTES: dict[str, tuple[str, str]] = {
    "执行率较上年": ("rate", "个百分点"),
    "自评得分较上年": ("total", "分"),
}
NUMBER_SUFFIX = "数"


class LastYear(NamedTuple):
    """Last year's values a quote compares with, handed in by the caller (the domain never looks them up)."""

    year: int
    rate: Decimal | None  # 执行率 in percent
    total: Decimal | None  # 自评得分


def last_year_values(table: SelfEvalTable, year: int) -> LastYear | None:
    """What last year's 自评表 gives to compare with; None when it was never filled."""
    if table.is_blank:
        return None
    score = score_table(table)
    return LastYear(year, score.rate, score.total)


class ChangeFigure(Figure):
    """A year-over-year quote: ``value`` is the signed change; it prints 「提高 X 个百分点」/「降低 X 分」/「持平」."""

    __slots__ = ()

    def render(self) -> str:
        if self.value is None:
            return f"【{self.name}】"
        if self.value == 0:
            return "持平"
        return f"{'提高' if self.value > 0 else '降低'} {format_decimal(abs(self.value))} {self.unit}"


def year_figures(table: SelfEvalTable, last: LastYear | None) -> list[Figure]:
    """The quotable changes against ``last`` (value None, printed 【名称】, when either year lacks the value or
    there is no last year: 审核 says why)."""
    found: list[Figure] = []
    now = score_table(table)
    for name, (attr, unit) in YEAR_QUOTES.items():
        this, before = getattr(now, attr), None if last is None else getattr(last, attr)
        delta = None if this is None or before is None else points(points(this) - points(before))
        found.append(ChangeFigure(name, FigureKind.COUNT, unit, delta))
        found.append(Figure(name + NUMBER_SUFFIX, FigureKind.COUNT, "", None if delta is None else abs(delta)))
    return found


def year_quote_names() -> list[str]:
    return [n + s for n in YEAR_QUOTES for s in ("", NUMBER_SUFFIX)]
