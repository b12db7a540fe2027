"""The 自评表 in the .docx, through python-docx's table API: the title, 「（2024年度）」, the header and budget
table, then the indicator table in the national column layout (一级 | 二级 | 三级 | 年度指标值 | 实际完成值 |
分值 | 得分 | 偏差原因分析及改进措施) with 一级/二级 merged, its header row repeated on every page, no row split
across pages, full borders, 仿宋 小四 in the cells, amounts right-aligned with two decimals.

In the same document it stands before the 说明, which starts on a new page; alone, it is a document of its
own (``package.table_docx_bytes``: the package makes every .docx; this module writes the table into one).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from selfeval import APP_DISPLAY_NAME
from selfeval.domain import layout
from selfeval.domain.figures import format_decimal
from selfeval.domain.model import Report
from selfeval.domain.table.budget import money_text
from selfeval.domain.table.completeness import grade_line, grade_text
from selfeval.domain.table.scoring import TableScore, rate_text, score_table
from selfeval.domain.table.model import BudgetRowKey, SelfEvalTable
from selfeval.domain.table.form import (
    BUDGET_HEADERS,
    BUDGET_TITLE,
    GOALS_LABELS,
    HEADER_LABELS,
    INDICATOR_HEADERS,
    TITLE,
    analysis_cell,
    form_widths,
    group_label,
    indicator_headers,
    rule_cell,
    sign_line,
)
from selfeval.domain.table.rows import indicator_at, tree_rows
from selfeval.export import ooxml
from selfeval.export import styles as st
from selfeval.export.page import page_geometry

TABLE_TEXT = "表格文字"  # paragraph style of the cells
TABLE_TEXT_ID = "TableText"
CENT = Decimal("0.01")


def money(value: Decimal | None) -> str:
    """An amount as the table prints it and the grid shows it: two decimals, 千分位 ("7,704.69", "6,000.00");
    empty when not filled in."""
    return money_text(value)


def points_text(value: Decimal | None) -> str:
    """A 分值 as the form prints it: "50", "2.5"."""
    return "" if value is None else format_decimal(value.normalize() if value == value.to_integral() else value)


def table_style(doc: Document, settings) -> object:
    """The cells' paragraph style: 仿宋 小四, no indent, centred lines of exact height, off the grid."""
    formats = st.run_formats(settings)
    body = formats[st.NORMAL]
    try:
        style = doc.styles[TABLE_TEXT]
    except KeyError:
        style = doc.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = TABLE_TEXT_ID
    style.base_style = doc.styles[st.NORMAL]
    style.priority = 99
    style.quick_style = False
    pf = style.paragraph_format
    ooxml.set_switch(style.element.get_or_add_pPr(), "w:snapToGrid", False)
    pf.space_before, pf.space_after = Twips(0), Twips(0)
    pf.line_spacing = Pt(layout.TABLE_CELL_LINE_PT)
    pf.first_line_indent = Twips(0)
    ooxml.set_indent_chars(style.element.pPr, first_line=0)
    pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
    font = style.font
    font.size = Pt(layout.TABLE_SIZE_PT)
    ooxml.set_char_spacing(style.element.rPr, 0)
    font.bold = False
    ooxml.set_fonts(style.element.rPr, body.latin, body.east_asia)
    return style


def write_table(doc: Document, report: Report, table: SelfEvalTable, styles: dict, *,
                landscape: bool = False) -> None:
    """The title and the 自评表 as one continuous form, appended to ``doc``'s body; as wide as the text block
    of the portrait page, or of the landscape one. Two tables with nothing between them: the header and
    budget block, then the indicator rows (its column heads repeated on every page it runs on), the
    signature lines (填报人 … 单位（盖章）) under them; each block's columns fitted to its labels."""
    settings = report.layout
    formats = st.run_formats(settings)
    cell_style = table_style(doc, settings)
    cell_fmt = st.RunFormat(formats[st.NORMAL].east_asia, formats[st.NORMAL].latin, layout.TABLE_SIZE_PT)
    bold_fmt = st.RunFormat(cell_fmt.east_asia, cell_fmt.latin, cell_fmt.size_pt, True)
    score = score_table(table)
    geometry = page_geometry(landscape)
    widths = form_widths(table, _mm(geometry.text_width), landscape)

    writer = _Cells(cell_style, cell_fmt, bold_fmt)
    # The title and 「（2024年度）」 are the first two rows of the first table, without borders: the
    # document's paragraphs are then the 说明's alone (its layout is checked as before).
    # 2 title rows; 3 header rows; the budget block's title, column heads and 4 rows; the goals' heads and text
    full = (sum(widths.head),)
    head = _Grid(doc, 2 + 3 + 2 + len(BudgetRowKey) + 2, (full, widths.head, widths.budget, widths.goals),
                 geometry.text_width, cell_style)
    title = head.cell(0, full, 0)
    title.paragraphs[0].style = styles[st.TITLE]
    title.paragraphs[0].paragraph_format.space_after = Twips(0)
    st.format_run(title.paragraphs[0].add_run(TITLE), formats[st.TITLE])
    year = head.cell(1, full, 0)
    writer.put(year, f"（{report.year}年度）" if report.year else "", align=WD_ALIGN_PARAGRAPH.CENTER)
    ooxml.clear_cell_borders(title, ("top", "left", "bottom", "right"))
    ooxml.clear_cell_borders(year, ("top", "left", "right"))
    _header_block(writer, head, widths.head, report, table, score, first_row=2)
    _budget_block(writer, head, widths.budget, table, score, first_row=5)
    _goals_block(writer, head, widths.goals, table, first_row=5 + 2 + len(BudgetRowKey))
    for row in head.table.rows:
        ooxml.set_row_flags(row)
    bottom = head.table._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:bottom"))
    bottom.set(qn("w:val"), "nil")  # the indicator rows' top line closes the form

    _joint(doc, cell_style)
    refs = tree_rows(table)
    headers = indicator_headers(table)
    with_rules = len(headers) > len(INDICATOR_HEADERS)  # a 评分标准 column before the last
    last_col = len(headers) - 1
    # column heads, the rows, 总分, the two signature lines
    grid = _Grid(doc, 1 + len(refs) + 1 + 2, (widths.indicators,), geometry.text_width, cell_style)
    body = grid.table
    for j, label in enumerate(headers):
        writer.put(_cell(body, 0, j), label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    ooxml.set_row_flags(body.rows[0], header=True)
    flat = iter(score.indicators)
    for i, ref in enumerate(refs, start=1):
        ind = indicator_at(table, ref)
        row_score = next(flat) if ind is not None else None
        group = table.groups[ref.group]
        before = refs[i - 2] if i > 1 else None
        if before is None or before.group != ref.group:  # the first row of a merged 一级 / 二级 cell
            writer.put(_cell(body, i, 0), group_label(group.name, widths.group_units), align=WD_ALIGN_PARAGRAPH.CENTER)
        if before is None or (before.group, before.category) != (ref.group, ref.category):
            writer.put(_cell(body, i, 1), group.categories[ref.category].name, align=WD_ALIGN_PARAGRAPH.CENTER)
        if ind is not None:
            writer.put(_cell(body, i, 2), ind.name)
            writer.put(_cell(body, i, 3), ind.target_label(), align=WD_ALIGN_PARAGRAPH.CENTER)
            writer.put(_cell(body, i, 4), ind.actual_label(), align=WD_ALIGN_PARAGRAPH.CENTER)
            writer.put(_cell(body, i, 5), points_text(ind.weight), align=WD_ALIGN_PARAGRAPH.RIGHT)
            writer.put(_cell(body, i, 6), _score_text(row_score), align=WD_ALIGN_PARAGRAPH.RIGHT)
            if with_rules:
                writer.put(_cell(body, i, 7), rule_cell(ind, table.rules))
            writer.put(_cell(body, i, last_col), analysis_cell(ind))
        ooxml.set_row_flags(body.rows[i])
    _merge_tree(body, refs)
    last = len(refs) + 1
    total = _cell(body, last, 0).merge(_cell(body, last, 4))
    writer.put(total, "总分", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    writer.put(_cell(body, last, 5), points_text(score.weights), bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    writer.put(_cell(body, last, 6), money(score.total), bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    grade_cell = _cell(body, last, 7).merge(_cell(body, last, last_col)) if with_rules else _cell(body, last, 7)
    writer.put(grade_cell, grade_line(table, score), bold=True)
    ooxml.set_row_flags(body.rows[last])
    _sign_block(writer, grid, report, first_row=last + 1)


def _joint(doc: Document, style) -> None:
    """The paragraph two tables need between them (adjacent, they are joined into one, and the indicator
    rows' column heads, no longer the first row, are not repeated on the next page), 1 pt high: the form
    reads as one; the first table has no bottom line, the second's top line closes it."""
    p = doc.add_paragraph(style=style)
    p.paragraph_format.line_spacing = Pt(1)  # exact
    ppr = p._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")  # the paragraph mark 1 pt (last child of pPr here: schema order)
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), "2")
        rpr.append(size)
    ppr.append(rpr)


def _mm(twips: int) -> Decimal:
    return Decimal(twips) * Decimal("25.4") / 1440


class _Grid:
    """A table whose rows have columns of their own (blocks of widths in mm, each summing to the text
    width): its grid is every block's column edges together, and a block's cell spans the grid columns
    between its edges."""

    def __init__(self, doc: Document, rows: int, blocks: tuple[tuple[Decimal, ...], ...], text_width: int,
                 style) -> None:
        self.edges = sorted({edge for widths in blocks for edge in _edges(widths)})
        table = doc.add_table(rows=rows, cols=len(self.edges))
        table.autofit = False
        ooxml.set_table_borders(table)
        total = self.edges[-1]
        twips, placed = [], 0
        for edge in self.edges:  # each grid column's width, the sum exactly the text width
            right = int((Decimal(text_width) * edge / total).to_integral_value())
            twips.append(Twips(right - placed))
            placed = right
        for column, width in zip(table.columns, twips):
            column.width = width
        for row in table.rows:  # row by row: a column's ``cells`` builds the whole grid of cells each time
            for cell, width in zip(row.cells, twips):
                cell.width = width
                cell.paragraphs[0].style = style  # an empty cell as high as a line of the table's text
        self.table = table

    def cell(self, row: int, widths: tuple[Decimal, ...], first: int, last: int | None = None):
        """The cell of block ``widths`` over its columns ``first``..``last`` in ``row`` (merged once)."""
        edges = _edges(widths)
        left = self.edges.index(edges[first - 1]) + 1 if first > 0 else 0
        right = self.edges.index(edges[first if last is None else last])
        cell = _cell(self.table, row, left)
        return cell.merge(_cell(self.table, row, right)) if right > left else cell


def _edges(widths: tuple[Decimal, ...]) -> list[Decimal]:
    """The right edges of ``widths``' columns, to 0.1 mm (so that two blocks' equal edges are one)."""
    out, x = [], Decimal(0)
    for width in widths:
        x += width
        out.append(x.quantize(Decimal("0.1")))
    return out


def _cell(table, row: int, column: int):
    """The cell at grid ``column`` of ``row``. python-docx's ``table.cell(row, column)`` builds the whole
    table's grid of cells for each call (the export of a 40-row table spent most of its time there);
    a row's ``cells`` reads that row alone."""
    return table.rows[row].cells[column]


def _score_text(score) -> str:
    """得分 with two decimals; a score set by hand is marked 「*」 (its reason stands in the last column)."""
    if score is None or score.final is None:
        return ""
    return money(score.final) + ("*" if score.overridden else "")


class _Cells:
    def __init__(self, style, fmt: st.RunFormat, bold: st.RunFormat) -> None:
        self.style, self.fmt, self.bold = style, fmt, bold

    def put(self, cell, text: str, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        lines = ooxml.xml_safe(text or "").split("\n")
        first = cell.paragraphs[0]
        for n, line in enumerate(lines):
            p = first if n == 0 else cell.add_paragraph()
            p.style = self.style
            p.alignment = align
            if line:
                st.format_run(p.add_run(line), self.bold if bold else self.fmt)


def _header_block(writer: _Cells, t: _Grid, widths, report: Report, table: SelfEvalTable, score: TableScore,
                  first_row: int) -> None:
    values = ((report.unit_name, table.supervisor), (report.contact_person, report.contact_phone),
              (money(score.total), grade_text(table, score)))
    rows = [(l1, v1, l2, v2) for (l1, l2), (v1, v2) in zip(HEADER_LABELS, values)]
    for i, (l1, v1, l2, v2) in enumerate(rows, start=first_row):
        writer.put(t.cell(i, widths, 0), l1, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        writer.put(t.cell(i, widths, 1), v1)
        writer.put(t.cell(i, widths, 2), l2, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        writer.put(t.cell(i, widths, 3), v2)


def _budget_block(writer: _Cells, t: _Grid, widths, table: SelfEvalTable, score: TableScore, first_row: int) -> None:
    title = t.cell(first_row, widths, 0, len(BUDGET_HEADERS) - 1)
    writer.put(title, BUDGET_TITLE, bold=True)
    header = first_row + 1
    for j, label in enumerate(BUDGET_HEADERS):
        writer.put(t.cell(header, widths, j), label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    for i, row in enumerate(table.budget.rows, start=header + 1):
        is_total = row.key is BudgetRowKey.TOTAL
        writer.put(t.cell(i, widths, 0), row.label)
        for j, attr in enumerate(("initial", "budget", "spent"), start=1):
            writer.put(t.cell(i, widths, j), money(getattr(row, attr)), align=right)
        writer.put(t.cell(i, widths, 4), points_text(table.budget.weight) if is_total else "", align=right)
        shown_rate = is_total or row.budget is not None
        writer.put(t.cell(i, widths, 5), rate_text(row.rate) if shown_rate else "", align=right)
        writer.put(t.cell(i, widths, 6), _score_text(score.budget) if is_total else "", align=right)


def _goals_block(writer: _Cells, t: _Grid, widths, table: SelfEvalTable, first_row: int) -> None:
    label, expected, achieved = GOALS_LABELS
    left = t.cell(first_row, widths, 0).merge(t.cell(first_row + 1, widths, 0))
    writer.put(left, label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    writer.put(t.cell(first_row, widths, 1), expected, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    writer.put(t.cell(first_row, widths, 2), achieved, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    writer.put(t.cell(first_row + 1, widths, 1), table.goal_expected)
    writer.put(t.cell(first_row + 1, widths, 2), table.goal_achieved)
    for cell in t.table.rows[first_row + 1].cells:  # the indicator rows' top line is the one between
        ooxml.clear_cell_borders(cell, ("bottom",))


def _sign_block(writer: _Cells, grid: _Grid, report: Report, first_row: int) -> None:
    """Under the form, without borders, as the 财政 forms print them: 「单位（盖章）：」 and
    「填报人：　审核人：　单位负责人：　填报日期：　年　月　日」 with room to sign."""
    body = grid.table
    last = len(body.columns) - 1
    seal = _cell(body, first_row, 0).merge(_cell(body, first_row, last))
    writer.put(seal, sign_line(report)[0])
    names = _cell(body, first_row + 1, 0).merge(_cell(body, first_row + 1, last))
    writer.put(names, sign_line(report)[1])
    ooxml.clear_cell_borders(seal, ("left", "bottom", "right"))
    ooxml.clear_cell_borders(names, ("top", "left", "bottom", "right"))
    for i in (first_row, first_row + 1):
        ooxml.set_row_flags(body.rows[i])


def _merge_tree(t, refs) -> None:
    """一级 and 二级 cells merged over their rows, as in the official form."""
    for col, same in ((0, lambda a, b: a.group == b.group),
                      (1, lambda a, b: (a.group, a.category) == (b.group, b.category))):
        start = 0
        for i in range(1, len(refs) + 1):
            if i == len(refs) or not same(refs[i], refs[start]):
                if i - start > 1:
                    _cell(t, start + 1, col).merge(_cell(t, i, col))  # the text is in the top cell only
                start = i


def table_core_title(report: Report) -> str:
    return f"{report.year}年度{report.unit_short}{TITLE}" if report.year else TITLE
