"""The 自评表 as an .xlsx workbook (openpyxl), in the national form's layout: title, header rows, the budget
block, the goals, the indicator block with 一级/二级 merged over their rows, the 总分 row.

``importers/table_xlsx.py`` reads the same layout back (``domain.table.form.SheetLayout`` is the one description
of where everything is). Amounts are numbers with two decimals shown; a score set by hand keeps its reason in 改分理由.
"""

from __future__ import annotations

import io
import os
from decimal import Decimal
from pathlib import Path

from selfeval.domain.model import Report
from selfeval.domain.table.form import SHEET_BUDGET_HEADERS, SHEET_LAYOUT, SHEET_TOTAL_LABEL
from selfeval.domain.table.scoring import score_table
from selfeval.domain.table.model import BudgetRowKey, SelfEvalTable
from selfeval.domain.table.rows import COLUMN_KEYS, INDICATOR_COLUMNS, cell_text, indicator_at, tree_rows
from selfeval.export.atomic import write_atomic
from selfeval.export.errors import ExportError

SHEET_TITLE = "自评表"
TITLE = "部门整体支出绩效自评表"
BUDGET_TITLE = "预算执行情况（万元）"
BUDGET_HEADERS = SHEET_BUDGET_HEADERS
GOALS_TITLE = "年度总体目标"
GOAL_HEADERS = ("预期目标", "实际完成情况")
INDICATORS_TITLE = "绩效指标"
TOTAL_LABEL = SHEET_TOTAL_LABEL
MONEY_FORMAT = "#,##0.00"
SCORE_FORMAT = "0.00"
WIDTHS = (12, 16, 24, 9, 13, 9, 13, 8, 8, 16, 30, 36)  # characters, columns A..L


LAYOUT = SHEET_LAYOUT
LAST_COLUMN = SHEET_LAYOUT.last_column  # L


def xlsx_target(path: str | os.PathLike[str]) -> Path:
    """The file to write: ``path``, with ``.xlsx`` appended when it has another suffix or none."""
    target = Path(path).expanduser()
    return target if target.suffix.lower() == ".xlsx" else target.with_name(target.name + ".xlsx")


def export_table_xlsx(report: Report, table: SelfEvalTable, path: str | os.PathLike[str]) -> Path:
    """Write ``table`` (the report's 自评表) to ``path`` atomically; the path written."""
    target = xlsx_target(path)
    buffer = io.BytesIO()
    table_workbook(report, table).save(buffer)
    try:
        return write_atomic(target, buffer.getvalue())
    except ExportError as exc:
        raise ExportError(str(exc).replace(".docx", ".xlsx")) from None


def table_workbook(report: Report, table: SelfEvalTable):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    score = score_table(table)
    book = Workbook()
    ws = book.active
    ws.title = SHEET_TITLE
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    bold = Font(bold=True)
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[_col(i)].width = width

    def put(row: int, col: int, value, *, merge_to: int | None = None, down_to: int | None = None,
            align=wrap, font=None, number_format=None):
        cell = ws.cell(row=row, column=col, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text such as the 指标性质 "=", never a formula
        cell.alignment = align
        if font is not None:
            cell.font = font
        if number_format:
            cell.number_format = number_format
        if merge_to or down_to:
            ws.merge_cells(start_row=row, start_column=col, end_row=down_to or row, end_column=merge_to or col)
        return cell

    put(1, 1, TITLE, merge_to=LAST_COLUMN, align=center, font=Font(bold=True, size=16))
    put(2, 1, f"（{report.year}年度）" if report.year else "", merge_to=LAST_COLUMN, align=center)
    r1, r2, r3 = LAYOUT.header_rows
    for row, (l1, v1, l2, v2) in ((r1, ("部门（单位）名称", report.unit_name, "主管部门", table.supervisor)),
                                  (r2, ("联系人", report.contact_person, "联系电话", report.contact_phone)),
                                  (r3, ("自评总分", score.total, "等级", score.grade))):
        put(row, 1, l1, merge_to=2, font=bold)
        put(row, 3, v1, merge_to=6, number_format=SCORE_FORMAT if isinstance(v1, Decimal) else None)
        put(row, 7, l2, merge_to=8, font=bold)
        put(row, 9, v2, merge_to=LAST_COLUMN)

    b = LAYOUT.budget_header
    put(b, 1, BUDGET_TITLE, down_to=b + len(BudgetRowKey), align=center, font=bold)
    put(b, 2, "项目", align=center, font=bold)
    for j, label in enumerate(BUDGET_HEADERS):
        put(b, 3 + j, label, align=center, font=bold, merge_to=LAST_COLUMN if j == len(BUDGET_HEADERS) - 1 else None)
    for row, budget_row in zip(LAYOUT.budget_rows, table.budget.rows):
        put(row, 2, budget_row.label)
        for j, attr in enumerate(("initial", "budget", "spent")):
            put(row, 3 + j, getattr(budget_row, attr), number_format=MONEY_FORMAT, align=_right())
        is_total = budget_row.key is BudgetRowKey.TOTAL
        rate = budget_row.rate
        put(row, 6, table.budget.weight if is_total else None, number_format=SCORE_FORMAT, align=_right())
        put(row, 7, None if rate is None else rate / 100, number_format="0.00%", align=_right())
        if is_total and rate is None:
            ws.cell(row=row, column=7, value="—")
        put(row, 8, score.budget.final if is_total else None, number_format=SCORE_FORMAT, align=_right())
        reason = table.budget.override.reason if is_total and table.budget.override else None
        put(row, 9, reason, merge_to=LAST_COLUMN)

    g = LAYOUT.goals_header
    put(g, 1, GOALS_TITLE, down_to=g + 1, align=center, font=bold)
    put(g, 2, GOAL_HEADERS[0], merge_to=6, align=center, font=bold)
    put(g, 7, GOAL_HEADERS[1], merge_to=LAST_COLUMN, align=center, font=bold)
    put(g + 1, 2, table.goal_expected, merge_to=6)
    put(g + 1, 7, table.goal_achieved, merge_to=LAST_COLUMN)
    ws.row_dimensions[g + 1].height = 60

    h = LAYOUT.indicator_header
    for j, column in enumerate(INDICATOR_COLUMNS, start=1):
        put(h, j, column.label, align=center, font=bold)
    refs = tree_rows(table)
    flat = iter(score.indicators)
    for i, ref in enumerate(refs):
        row = h + 1 + i
        ind = indicator_at(table, ref)
        row_score = next(flat) if ind is not None else None
        for j, column in enumerate(INDICATOR_COLUMNS, start=1):
            value = _indicator_value(table, ref, column.key, row_score)
            numeric = isinstance(value, Decimal)
            put(row, j, value, number_format=(SCORE_FORMAT if column.key in ("weight", "score") else None)
                if numeric else None, align=_right() if numeric else wrap)
    _merge_tree(ws, refs, h + 1)
    total_row = h + 1 + len(refs)
    put(total_row, 1, TOTAL_LABEL, merge_to=COLUMN_KEYS.index("weight"), align=center, font=bold)
    put(total_row, COLUMN_KEYS.index("weight") + 1, score.weights, number_format=SCORE_FORMAT, align=_right())
    put(total_row, COLUMN_KEYS.index("score") + 1, score.total, number_format=SCORE_FORMAT, align=_right(),
        font=bold)
    for row in ws.iter_rows(min_row=LAYOUT.header_rows[0], max_row=total_row, max_col=LAST_COLUMN):
        for cell in row:
            cell.border = border
    ws.print_title_rows = f"{h}:{h}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return book


def _indicator_value(table: SelfEvalTable, ref, key: str, row_score):
    """A cell's value: numbers as Decimal (Excel keeps them as numbers), the rest as text."""
    ind = indicator_at(table, ref)
    if ind is not None:
        if key in ("target", "actual") and ind.nature.quantitative:
            return getattr(ind, key)
        if key == "weight":
            return ind.weight
        if key == "score":
            return None if row_score is None else row_score.final
    text = cell_text(table, ref, key)
    return text or None


def _merge_tree(ws, refs, first_row: int) -> None:
    """一级 (A) and 二级 (B) cells merged over their rows, as in the official form."""
    for col, same in ((1, lambda a, b: a.group == b.group),
                      (2, lambda a, b: (a.group, a.category) == (b.group, b.category))):
        start = 0
        for i in range(1, len(refs) + 1):
            if i == len(refs) or not same(refs[i], refs[start]):
                if i - start > 1:
                    ws.merge_cells(start_row=first_row + start, start_column=col, end_row=first_row + i - 1,
                                   end_column=col)
                start = i


def _right():
    from openpyxl.styles import Alignment

    return Alignment(horizontal="right", vertical="center")


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
