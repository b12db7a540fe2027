"""The 汇总's charts drawn with QPainter from ``domain.summary.charts.Chart`` (the .docx gets the same charts
from ``export/summary_charts.py``)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from selfeval.domain.summary.charts import COLOURS, Chart, axis_range


def _fmt(value: float, unit: str) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".") if unit in ("%", "分") else f"{value:.0f}"
    return text + ("%" if unit == "%" else "")


class ChartWidget(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.empty_text = ""
        self.setMinimumSize(240, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_chart(self, chart: Chart | None, empty_text: str = "") -> None:
        self.chart, self.empty_text = chart, empty_text
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        chart = self.chart
        if chart is None:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        fm = p.fontMetrics()
        title_h = fm.height() + 8
        p.drawText(QRectF(6, 4, self.width() - 12, fm.height()), chart.title + (f"（{chart.note}）" if chart.note else ""))
        if not chart.bars:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "没有数据")
            return
        low, high = axis_range(chart)
        top, bottom = title_h + 4, self.height() - fm.height() - 8
        if chart.horizontal and chart.labelled and len(chart.bars) * 14 <= bottom - top:
            self._horizontal(p, chart, low, high, top, bottom, fm)
        else:
            self._upright(p, chart, low, high, top, bottom, fm)

    def _horizontal(self, p, chart, low, high, top, bottom, fm) -> None:
        label_w = min(max(fm.horizontalAdvance(b.label) for b in chart.bars) + 8, int(self.width() * 0.4))
        left, right = label_w + 6, self.width() - 50
        x = lambda v: left + (v - low) / (high - low) * (right - left)
        row = (bottom - top) / len(chart.bars)
        for i, bar in enumerate(chart.bars):
            y = top + i * row
            p.setPen(QColor("#333"))
            p.drawText(QRectF(0, y, label_w, row), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(bar.label, Qt.TextElideMode.ElideLeft, label_w))
            x0, x1 = sorted((x(0), x(bar.value)))
            p.fillRect(QRectF(x0, y + row * 0.15, max(x1 - x0, 1), row * 0.7), QColor(COLOURS.get(bar.colour, "#888")))
            p.drawText(QRectF(x1 + 3, y, 60, row), Qt.AlignmentFlag.AlignVCenter, _fmt(bar.value, chart.unit))
        self._lines_vertical(p, chart, x, top, bottom, fm)

    def _lines_vertical(self, p, chart, x, top, bottom, fm) -> None:
        p.setPen(QPen(QColor("#777"), 1, Qt.PenStyle.DashLine))
        for k, (value, label) in enumerate(chart.lines):
            p.drawLine(int(x(value)), int(top), int(x(value)), int(bottom))
            if label:
                w = fm.horizontalAdvance(label)
                p.drawText(int(x(value) - (w + 2 if k % 2 == 0 else -2)), int(bottom + fm.ascent() + 2), label)

    def _upright(self, p, chart, low, high, top, bottom, fm) -> None:
        left, right = 40, self.width() - 10
        y = lambda v: bottom - (v - low) / (high - low) * (bottom - top)
        n = len(chart.bars)
        step = (right - left) / n
        named = chart.labelled and not chart.horizontal
        for i, bar in enumerate(chart.bars):
            gap = step * 0.15 if named else 0
            x0, x1 = left + i * step + gap, left + (i + 1) * step - gap
            y0, y1 = sorted((y(0), y(bar.value)))
            p.fillRect(QRectF(x0, y0, max(x1 - x0, 1), max(y1 - y0, 1)), QColor(COLOURS.get(bar.colour, "#888")))
            if named:
                p.setPen(QColor("#333"))
                p.drawText(QRectF(x0 - gap, bottom + 2, step, fm.height()), Qt.AlignmentFlag.AlignHCenter, bar.label)
                p.drawText(QRectF(x0 - gap, y0 - fm.height() - 2, step, fm.height()), Qt.AlignmentFlag.AlignHCenter,
                           _fmt(bar.value, chart.unit))
        p.setPen(QPen(QColor("#777"), 1, Qt.PenStyle.DashLine))
        for value, label in chart.lines:
            p.drawLine(int(left), int(y(value)), int(right), int(y(value)))
            if label:
                p.drawText(QRectF(0, y(value) - fm.height() / 2, left - 4, fm.height()),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        if not named:
            p.setPen(QColor("#333"))
            p.drawText(QRectF(left, bottom + 2, right - left, fm.height()), Qt.AlignmentFlag.AlignHCenter,
                       f"各单位按数值从低到高排列（共 {n} 个），选中表中的行可查看单位")
