"""Last year beside this year: each unit's score, 执行率 and budget change, the biggest falls on top."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from selfeval.domain.summary.overview import UnitRow

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class YearChange:
    unit: str
    department: str
    score: Decimal | None
    last_score: Decimal | None
    rate: Decimal | None
    last_rate: Decimal | None
    budget: Decimal | None
    last_budget: Decimal | None

    @property
    def score_change(self) -> Decimal | None:
        return None if self.score is None or self.last_score is None else self.score - self.last_score

    @property
    def rate_change(self) -> Decimal | None:  # percentage points
        return None if self.rate is None or self.last_rate is None else self.rate - self.last_rate

    @property
    def budget_change(self) -> Decimal | None:  # percent of last year's budget
        if self.budget is None or self.last_budget is None or self.last_budget <= 0:
            return None
        return (self.budget - self.last_budget) / self.last_budget * HUNDRED


def year_changes(rows: list[UnitRow], last_rows: list[UnitRow]) -> list[YearChange]:
    """Units of this year matched by name with last year's; the biggest score falls first, then units without
    a comparable score (by name). Units only last year are left out (they did not hand in)."""
    last = {r.unit: r for r in last_rows}
    changes = [YearChange(r.unit, r.department, r.score, last[r.unit].score, r.rate, last[r.unit].rate, r.budget,
                          last[r.unit].budget) for r in rows if r.unit in last]
    return sorted(changes, key=lambda c: (c.score_change is None, c.score_change or 0, c.unit))
