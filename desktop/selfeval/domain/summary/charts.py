"""What each chart shows, as plain numbers: the window draws them with QPainter, the 汇总报告's images are drawn
by ``export/summary_charts.py`` without Qt. Both draw the same ``Chart``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from selfeval.domain.summary.compare import YearChange
from selfeval.domain.summary.overview import GRADE_ORDER, UnitRow


MAX_LABELLED = 40


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str  # "good" / "low" / "over" / "fall" / "rise" / grade names: the renderer picks the colour


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str  # of the values: "%", "个", "分"
    bars: tuple[Bar, ...]
    lines: tuple[tuple[float, str], ...] = ()  # reference lines: (value, label)
    horizontal: bool = True  # bars run left to right, one row per label
    note: str = ""

    @property
    def labelled(self) -> bool:
        """Few enough bars to name each; more are drawn as thin upright bars in their order, unnamed."""
        return not self.horizontal or len(self.bars) <= MAX_LABELLED


COLOURS = {"good": "#3b7dd8", "low": "#d9534f", "over": "#f0ad4e", "fall": "#d9534f", "rise": "#5cb85c",
           "优": "#2e8b57", "良": "#3b7dd8", "中": "#f0ad4e", "差": "#d9534f", "未完成": "#9e9e9e"}


def rate_chart(rows: list[UnitRow], limit: int | None = None) -> Chart:
    """执行率 by unit, lowest first, with the 90 % and 100 % lines; ``limit``: only that many lowest units."""
    rated = sorted((r for r in rows if r.rate is not None), key=lambda r: (r.rate, r.unit))
    shown = rated[:limit] if limit else rated
    bars = tuple(Bar(r.unit, float(r.rate), "low" if r.rate < 90 else ("over" if r.rate > 100 else "good"))
                 for r in shown)
    note = f"执行率最低的 {len(shown)} 个单位（共 {len(rated)} 个）" if limit and len(rated) > limit else ""
    return Chart("各单位预算执行率", "%", bars, ((90.0, "90%"), (100.0, "100%")), True, note)


def grade_chart(rows: list[UnitRow]) -> Chart:
    counts = {g: 0 for g in GRADE_ORDER}
    for r in rows:
        counts[r.grade] = counts.get(r.grade, 0) + 1
    return Chart("自评等级分布", "个", tuple(Bar(g, float(n), g) for g, n in counts.items()), (), False)


def score_change_chart(changes: list[YearChange], limit: int | None = None) -> Chart:
    """Score change over last year per unit, the biggest falls first."""
    comparable = [c for c in changes if c.score_change is not None]
    shown = comparable[:limit] if limit else comparable
    bars = tuple(Bar(c.unit, float(c.score_change), "fall" if c.score_change < 0 else "rise") for c in shown)
    note = f"降幅最大的 {len(shown)} 个单位（共 {len(comparable)} 个可比）" if limit and len(comparable) > limit else ""
    return Chart("自评得分较上年变化", "分", bars, ((0.0, ""),), True, note)


def axis_range(chart: Chart) -> tuple[float, float]:
    """The value axis: from 0 (or the lowest negative) to a little over the largest value or line."""
    values = [b.value for b in chart.bars] + [v for v, _ in chart.lines]
    low = min([0.0, *values])
    high = max([0.0, *values])
    if chart.unit == "%":
        high = max(high, 110.0)
    span = (high - low) or 1.0
    return (low - span * 0.05 if low < 0 else 0.0), high + span * 0.05


def as_decimal(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))
