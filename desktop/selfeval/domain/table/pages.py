"""How many pages the printed 自评表 takes (an estimate, like ``pagination`` for the 说明): each row is as
high as its tallest cell's wrapped lines (仿宋 小四 on lines of ``layout.TABLE_CELL_LINE_PT``), rows are
never split, the indicator table's header row is repeated on every page it continues on. The status bar
counts these pages when the export holds the table; the office suite's PDF gives the exact count."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from selfeval.domain import layout
from selfeval.domain.model import Report
from selfeval.domain.table.model import SelfEvalTable
from selfeval.domain.table.form import (
    BUDGET_HEADERS,
    BUDGET_TITLE,
    GOALS_LABELS,
    HEADER_LABELS,
    INDICATOR_HEADERS,
    analysis_cell,
    form_widths,
    group_label,
    indicator_headers,
    rule_cell,
    text_units,
)
from selfeval.domain.table.completeness import grade_line, grade_text
from selfeval.domain.table.rows import indicator_at, tree_rows

_PT_MM = Decimal("25.4") / 72
LINE_MM = layout.TABLE_CELL_LINE_PT * _PT_MM
RULE_MM = Decimal("0.2")  # a row's border (practice: ½ pt lines)
CHAR_MM = layout.TABLE_SIZE_PT * _PT_MM
TITLE_ROW_MM = layout.DEFAULT_LINE_SPACING_PT * _PT_MM  # the title's line (「（2024年度）」 is a row of its own)
# The office suite rounds each row to its own units: a page filled to the last millimetre by the estimate
# may push its last row over (measured: a landscape page of 评分标准 rows 1.8 mm short of full did).
SPARE_MM = Decimal(2)
JOINT_MM = Decimal(1) * _PT_MM  # the 1 pt paragraph that keeps the two tables apart (export/table_docx.py)


def _units(text: str) -> Decimal:
    """A text's width in characters of the cell size: Chinese and full-width 1, the rest ½."""
    return text_units(text)


def cell_lines(text: str, width_mm: Decimal) -> int:
    """The lines ``text`` wraps to in a cell ``width_mm`` wide (at least one)."""
    per_line = ((width_mm - 2 * layout.TABLE_CELL_MARGIN_MM) / CHAR_MM).to_integral_value(rounding=ROUND_FLOOR)
    per_line = max(per_line, Decimal(1))
    lines = 0
    for paragraph in (text or "").split("\n"):
        units = _units(paragraph)
        lines += max(1, int((units / per_line).to_integral_value(rounding=ROUND_CEILING)))
    return lines


def _row_mm(cells: list[tuple[str, Decimal]]) -> Decimal:
    return max(cell_lines(text, width) for text, width in cells) * LINE_MM + RULE_MM


def _text_block(landscape: bool) -> tuple[Decimal, Decimal]:
    page = layout.landscape_page() if landscape else layout.portrait_page()
    return page.width - page.left - page.right, page.height - page.top - page.bottom


def estimate_table_pages(report: Report, table: SelfEvalTable, *, landscape: bool = False) -> int:
    width, height = _text_block(landscape)
    height -= SPARE_MM
    widths = form_widths(table, width, landscape)
    budget, cols = widths.budget, widths.indicators
    headers = indicator_headers(table)
    values = ((report.unit_name, table.supervisor), (report.contact_person, report.contact_phone),
              ("", grade_text(table)))
    head = [TITLE_ROW_MM, LINE_MM]
    for (l1, l2), (v1, v2) in zip(HEADER_LABELS, values):
        head.append(_row_mm(list(zip((l1, v1, l2, v2), widths.head))))
    head.append(_row_mm([(BUDGET_TITLE, width)]))
    head.append(_row_mm(list(zip(BUDGET_HEADERS, budget))))
    for row in table.budget.rows:
        head.append(_row_mm([(row.label, budget[0]), ("0000.00", budget[1])]))
    head.append(_row_mm(list(zip(GOALS_LABELS[1:], widths.goals[1:]))))
    head.append(_row_mm([(table.goal_expected, widths.goals[1]), (table.goal_achieved, widths.goals[2])]))
    pages, used = 1, Decimal(0)
    for row in head + [JOINT_MM]:  # the head table, then the 1 pt paragraph between the two tables
        if used + row > height and used > 0:
            pages, used = pages + 1, Decimal(0)
        used += row
    header = _row_mm(list(zip(headers, cols)))
    rows = []
    refs = tree_rows(table)
    for i, ref in enumerate(refs):
        group = table.groups[ref.group]
        category = group.categories[ref.category]
        first = i == 0 or (refs[i - 1].group, refs[i - 1].category) != (ref.group, ref.category)
        cells = [(category.name if first and len(category.indicators) <= 1 else "", cols[1])]
        if sum(1 for r in refs if r.group == ref.group) == 1:  # a 一级 cell over one row sets its height too
            cells.append((group_label(group.name, widths.group_units), cols[0]))
        ind = indicator_at(table, ref)
        if ind is not None:
            cells += [(ind.name, cols[2]), (ind.target_label(), cols[3]), (ind.actual_label(), cols[4]),
                      (analysis_cell(ind), cols[-1])]
            if len(headers) > len(INDICATOR_HEADERS):
                cells.append((rule_cell(ind, table.rules), cols[7]))
        rows.append(_row_mm(cells))
    rows.append(_row_mm([("总分", cols[0]), (grade_line(table), sum(cols[7:]))]))  # its grade, or what is missing
    rows += [LINE_MM + RULE_MM] * 2  # 填报人 … and 单位（盖章） … (rows without borders)
    used += header
    for row in rows:
        if used + row > height:
            pages, used = pages + 1, header
        used += row
    return pages
