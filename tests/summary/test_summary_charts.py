"""The charts show what the table shows: the bars are the units' rates in order, the grade counts are the
overview's, and the PNG is drawn without Qt."""

import datetime as dt
import io
from decimal import Decimal

from selfeval.domain.summary.charts import grade_chart, rate_chart
from selfeval.domain.summary.overview import Agreement, UnitRow
from selfeval.export.summary_charts import chart_png


def row(i, rate, score, grade):
    return UnitRow(i, f"单位{i}", "部门", 2024, score, grade, Decimal(100), rate, rate, 0, 0, 0, 10,
                   Agreement("一致"), dt.date(2025, 3, 1))


def test_rate_chart_sorted_with_lines_and_grade_counts():
    rows = [row(1, Decimal(95), Decimal(91), "优"), row(2, Decimal(70), Decimal(70), "中"),
            row(3, None, None, "未完成"), row(4, Decimal(101), Decimal(85), "良")]
    chart = rate_chart(rows)
    assert [b.label for b in chart.bars] == ["单位2", "单位1", "单位4"]
    assert [b.colour for b in chart.bars] == ["low", "good", "over"]
    assert [v for v, _ in chart.lines] == [90.0, 100.0]
    grades = {b.label: b.value for b in grade_chart(rows).bars}
    assert grades == {"优": 1, "良": 1, "中": 1, "差": 0, "未完成": 1}


def test_png_is_an_image_of_the_chart():
    from PIL import Image

    rows = [row(i, Decimal(60 + i), Decimal(80), "良") for i in range(50)]  # more than are named: upright bars
    for chart in (rate_chart(rows), rate_chart(rows[:10]), grade_chart(rows)):
        image = Image.open(io.BytesIO(chart_png(chart, width=800)))
        assert image.size[0] == 800
        colours = {c for _, c in image.getcolors(1 << 20)}
        assert (0xd9, 0x53, 0x4f) in colours or (0x3b, 0x7d, 0xd8) in colours
