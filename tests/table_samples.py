"""The bundled sample with a 自评表 grown by ``rows`` indicators (long ones wrap over several lines):
shared by the table page estimate's tests (tests/domain) and its check against LibreOffice (tests/export)."""

from __future__ import annotations

from selfeval.domain.table.rows import RowRef, insert_row, set_cell
from selfeval.bundled.report_table import table_of
from selfeval.bundled.samples import bundled_sample


def grown(rows: int, long: bool = False):
    report = bundled_sample()
    table, ref = table_of(report), RowRef(0, 0, 0)
    for k in range(rows):
        table, ref = insert_row(table, ref)
        table, _ = set_cell(table, ref, "name", f"指标{k}" + ("很长的指标名称需要换行显示" * 2 if long else ""))
        if long:
            table, _ = set_cell(table, ref, "analysis", "偏差原因分析" * 8)
    return report, table
