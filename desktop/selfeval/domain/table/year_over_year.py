"""Last year beside this year (issue 23, item 7): for a report whose unit has last year's report, the 全年预算数,
执行率 and 自评得分 of both years and the change, in one Chinese line for 基本信息, and the change of the
执行率 in the words a 自评结论 uses (「较上年提高 1.20 个百分点」)."""

from __future__ import annotations

from decimal import Decimal

from selfeval.domain.figures import format_decimal
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
