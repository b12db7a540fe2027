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
from selfeval.domain.table.completeness import UNFINISHED, completeness, grade_text
from selfeval.domain.table.form import SHEET_BUDGET_HEADERS, SHEET_LAYOUT, SHEET_TOTAL_LABEL
from selfeval.domain.table.scoring import HUNDRED, NO_RATE, score_table
from selfeval.domain.table.model import BudgetRowKey, Nature, RuleKind, SelfEvalTable
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
    try:
        return write_atomic(target, table_xlsx_bytes(report, table))
    except ExportError as exc:
        raise ExportError(str(exc).replace(".docx", ".xlsx")) from None


def table_xlsx_bytes(report: Report, table: SelfEvalTable) -> bytes:
    """The workbook as a file: its formulas carry the values the app computed (for readers that do not
    calculate: a preview, a phone, a program reading the file)."""
    buffer = io.BytesIO()
    book = table_workbook(report, table)
    book.save(buffer)
    return _with_cached_values(buffer.getvalue(), book.cached_values)


def table_workbook(report: Report, table: SelfEvalTable):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    score = score_table(table)
    book = Workbook()
    book.calculation.fullCalcOnLoad = True  # Excel and WPS compute the formulas when they open the file
    book.cached_values = {}  # cell → the value the app computed, written beside its formula
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
                                  (r3, ("自评总分", score.total, "等级", grade_text(table, score)))):
        put(row, 1, l1, merge_to=2, font=bold)
        put(row, 3, v1, merge_to=6, number_format=SCORE_FORMAT if isinstance(v1, Decimal) else None)
        put(row, 7, l2, merge_to=8, font=bold)
        put(row, 9, v2, merge_to=LAST_COLUMN)

    formula = _Formulas(ws, book.cached_values)
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
        put(row, 7, None, number_format="0.00%", align=_right())
        cached_rate = (NO_RATE if is_total else "") if rate is None else rate / 100
        formula.set(row, 7, f'IF(AND(ISNUMBER(D{row}),ISNUMBER(E{row})),IF(D{row}>0,E{row}/D{row},"{NO_RATE}"),'
                            f'"{NO_RATE if is_total else ""}")', cached_rate)
        put(row, 8, None, number_format=SCORE_FORMAT, align=_right())
        if is_total and table.budget.override is not None:
            ws.cell(row=row, column=8, value=table.budget.override.score)  # set by hand: a value, with its reason
        elif is_total:
            formula.set(row, 8, f'IF(ISNUMBER(G{row}),ROUND(MIN(G{row},1)*F{row},2),"")',
                        "" if score.budget.final is None else score.budget.final)
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
            numeric = isinstance(value, Decimal) or column.key == "score"
            put(row, j, value, number_format=(SCORE_FORMAT if column.key in ("weight", "score") else None)
                if numeric else None, align=_right() if numeric else wrap)
        if ind is not None and ind.override is None and ind.scoring_rule.kind is RuleKind.NATURE:
            # scored by its 指标性质: a formula; a rule of a framework (bands, deductions …) keeps its value
            cached = "" if row_score is None or row_score.final is None else row_score.final
            formula.set(row, COLUMN_KEYS.index("score") + 1, _score_formula(ind, table.rules, row), cached)
    _merge_tree(ws, refs, h + 1)
    total_row = h + 1 + len(refs)
    first, last = h + 1, max(h + 1, total_row - 1)
    put(total_row, 1, TOTAL_LABEL, merge_to=COLUMN_KEYS.index("weight"), align=center, font=bold)
    put(total_row, COLUMN_KEYS.index("weight") + 1, None, number_format=SCORE_FORMAT, align=_right())
    formula.set(total_row, COLUMN_KEYS.index("weight") + 1, f"F{b + 1}+SUM(H{first}:H{last})", score.weights)
    put(total_row, COLUMN_KEYS.index("score") + 1, None, number_format=SCORE_FORMAT, align=_right(), font=bold)
    summed = f"ROUND(N(H{b + 1})+SUM(I{first}:I{last}),2)"
    formula.set(total_row, COLUMN_KEYS.index("score") + 1, _capped(summed, f"G{b + 1}", table.rules), score.total)
    formula.set(r3, 3, f"I{total_row}", score.total)
    complete = (f'AND(H{total_row}=100,ISNUMBER(H{b + 1}),'
                f'COUNTIFS(C{first}:C{last},"<>",I{first}:I{last},"")=0,COUNTIFS(C{first}:C{last},"<>",'
                f'H{first}:H{last},"")=0)')
    grades = f'IF(I{total_row}>=90,"优",IF(I{total_row}>=80,"良",IF(I{total_row}>=60,"中","差")))'
    formula.set(r3, 9, f'IF({complete},{grades},"{UNFINISHED}")', grade_text(table, score))
    missing = completeness(table, score)
    if not missing.complete:
        ws.cell(row=r3, column=9).comment = _comment(f"未完成：{missing.summary()}")
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


class _Formulas:
    """Formulas written into the sheet, each with the value the app computed (``cached``)."""

    def __init__(self, ws, cached: dict) -> None:
        self.ws = ws
        self.cached = cached

    def set(self, row: int, col: int, formula: str, value) -> None:
        cell = self.ws.cell(row=row, column=col)
        cell.value = "=" + formula
        cell.data_type = "f"
        self.cached[cell.coordinate] = value


def _score_formula(ind, rules, row: int) -> str:
    """得分 computed in the sheet as ``scoring.indicator_score`` computes it (E 年度指标值, G 实际完成值, H 分值;
    for a qualitative indicator G holds its level)."""
    if not ind.nature.quantitative:
        levels = [(level.value, fraction) for level, fraction in rules.level_fractions.items()]
        inner = '""'
        for word, fraction in reversed(levels):
            inner = f'IF(G{row}="{word}",ROUND({fraction}*H{row},2),{inner})'
        return f'IF(ISNUMBER(H{row}),{inner},"")'
    known = f"AND(ISNUMBER(E{row}),ISNUMBER(G{row}),ISNUMBER(H{row}))"
    if ind.nature is Nature.LE:
        return (f'IF({known},IF(G{row}<=0,IF(E{row}>=0,H{row},""),'
                f'ROUND(MAX(MIN(E{row}/G{row},1),0)*H{row},2)),"")')
    plain = f"ROUND(MAX(MIN(G{row}/E{row},1),0)*H{row},2)"
    if rules.over_percent is not None:
        plain = (f"IF(G{row}/E{row}*100>={HUNDRED + rules.over_percent},"
                 f"ROUND(MAX(H{row}-{rules.over_penalty},0),2),{plain})")
    return f'IF(AND({known},N(E{row})>0),{plain},"")'


def _capped(summed: str, rate_cell: str, rules) -> str:
    """总分: the sum, capped when the 执行率 is below a template's threshold (``ScoringRules.rate_caps``)."""
    if not rules.rate_caps:
        return summed
    cap = "1E+99"
    for c in sorted(rules.rate_caps, key=lambda c: c.max_total, reverse=True):
        cap = f"IF(N({rate_cell})*100<{c.below},{c.max_total},{cap})"
    return f"IF(ISNUMBER({rate_cell}),MIN({summed},{cap}),{summed})"


def _comment(text: str):
    from openpyxl.comments import Comment

    return Comment(text, "selfeval")


def _with_cached_values(data: bytes, cached: dict) -> bytes:
    """The saved workbook with each formula's computed value beside it (openpyxl writes formulas without
    one): ``<c r="G7"><f>…</f><v>0.9947</v></c>``; text results get ``t="str"``."""
    import zipfile

    from lxml import etree

    if not cached:
        return data
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                root = etree.fromstring(body)
                for cell in root.iter(f"{ns}c"):
                    if cell.find(f"{ns}f") is None or cell.get("r") not in cached:
                        continue
                    value = cached[cell.get("r")]
                    v = cell.find(f"{ns}v")
                    if v is None:
                        v = etree.SubElement(cell, f"{ns}v")
                    if isinstance(value, Decimal):
                        v.text = format(value.normalize(), "f") if value == value.to_integral() else str(value)
                        cell.attrib.pop("t", None)
                    else:
                        v.text = str(value)
                        cell.set("t", "str")
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, body)
    return out.getvalue()


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
