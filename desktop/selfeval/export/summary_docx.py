"""The 汇总报告 (.docx) in the official layout: the title, a short generated text stating the counts and ranges,
the overview table grouped by 主管部门, the charts as images, and, with last year's 汇总, the units whose score
fell most. Built like a report's .docx (base template, ``styles.apply_styles``, ``page.setup_section``,
``body.write_body``, footers), so that ``selfeval check-layout`` holds it to GB/T 9704 too."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt, Twips

from selfeval.domain.document import Block, Role
from selfeval.domain.figures import format_decimal
from selfeval.domain.layout import LayoutSettings
from selfeval.domain.model import Report
from selfeval.domain.summary.charts import Chart
from selfeval.domain.summary.compare import YearChange
from selfeval.domain.summary.overview import Totals, UnitRow, totals
from selfeval.export import styles as st
from selfeval.export.body import write_body
from selfeval.export.footers import write_footers
from selfeval.export.package import open_base, set_core_properties, stable_bytes
from selfeval.export.page import page_geometry, setup_section
from selfeval.export.summary_charts import chart_png
from selfeval.export import ooxml
from selfeval.export.table_docx import _Cells, money, table_style

from selfeval.domain import layout


def _bordered_table(doc, rows: int, cols: int, widths: tuple[int, ...], text_width: int):
    """A table of ``rows`` × ``cols`` with borders, its columns ``widths`` per cent of ``text_width`` (twips)."""
    table = doc.add_table(rows=rows, cols=cols)
    table.autofit = False
    ooxml.set_table_borders(table)
    twips = [Twips(text_width * part // 100) for part in widths]
    for column, width in zip(table.columns, twips):
        column.width = width
    for row in table.rows:  # row by row: a column's ``cells`` builds the whole grid of cells each time
        for cell, width in zip(row.cells, twips):
            cell.width = width
    return table


OVERVIEW_HEADERS = ("序号", "单位", "总分", "等级", "全年预算数（万元）", "全年执行数（万元）", "执行率", "错误/警告",
                    "说明与表")
OVERVIEW_WIDTHS = (6, 31, 9, 9, 11, 11, 9, 6, 8)  # percent of the text width (the .xlsx has every column)
# The overview's cells: 小五 on 13 pt lines (eleven columns do not fit the portrait text block in 小四).
CELL_SIZE_PT = Decimal(9)
CELL_LINE_PT = Decimal(13)
CHANGE_HEADERS = ("单位", "本年得分", "上年得分", "得分变化", "本年执行率", "上年执行率", "预算变化")
CHANGE_WIDTHS = (28, 11, 11, 11, 13, 13, 13)
CHANGES_LISTED = 20


@dataclass(frozen=True)
class SummaryDocument:
    year: int | None
    rows: list[UnitRow]
    totals: Totals
    charts: list[Chart]
    changes: list[YearChange] | None = None  # None: no last year's 汇总
    findings_by_rule: list[tuple[str, int]] = ()  # the commonest 审核 findings: (message, units)


def title(year: int | None) -> str:
    return f"{year}年度部门整体支出绩效自评情况汇总报告" if year else "部门整体支出绩效自评情况汇总报告"


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{format_decimal(value.quantize(Decimal('0.01'), ROUND_HALF_UP))}%"


def _signed(value: Decimal | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = format_decimal(value.quantize(Decimal("0.01"), ROUND_HALF_UP))
    return ("+" + text if value > 0 else text) + unit


def generated_text(doc: SummaryDocument) -> list[str]:
    """The 总体情况 paragraphs: counts and ranges, every number taken from the overview."""
    t = doc.totals
    paragraphs = [
        f"本次汇总共收到 {t.units} 个单位的部门整体支出绩效自评报告，涉及主管部门 {t.departments} 个；其中 {t.scored} 个单位"
        f"已完成自评表评分，{t.units - t.scored} 个单位自评表尚未完成（列为“未完成”）。",
        f"各单位全年预算数合计 {money(t.budget)} 万元，全年执行数合计 {money(t.spent)} 万元，总体预算执行率 {_pct(t.rate)}"
        f"（按预算加权），各单位执行率简单平均 {_pct(t.mean_rate)}"
        + (f"，最低 {_pct(t.rate_range[0])}，最高 {_pct(t.rate_range[1])}" if t.rate_range else "")
        + f"；执行率低于 90% 的单位 {t.low_rate} 个。"]
    grades = "、".join(f"{g} {n} 个" for g, n in t.grades.items() if n)
    if t.score_range:
        paragraphs.append(f"已评分单位自评得分 {money(t.score_range[0])}～{money(t.score_range[1])} 分，平均 "
                          f"{money(t.mean_score)} 分（按预算加权 {money(t.weighted_score)} 分）。等级分布：{grades}。")
    else:
        paragraphs.append(f"尚无单位完成自评表评分。等级分布：{grades}。")
    paragraphs.append(f"审核（含跨单位检查）发现错误 {t.errors} 条（涉及 {t.units_with_errors} 个单位）、警告 {t.warnings} 条；"
                      f"说明中的数字与自评表不一致的单位 {t.disagreeing} 个。")
    return paragraphs


def summary_docx_bytes(doc: SummaryDocument, *, when: dt.datetime | None = None) -> bytes:
    when = when or dt.datetime.now(dt.timezone.utc)
    settings = LayoutSettings()
    document = open_base()
    styles = apply = st.apply_styles(document, settings)
    setup_section(document.sections[0])
    dummy = Report(unit_name="", year=doc.year or 0)
    blocks = [Block(Role.TITLE, title(doc.year)), Block(Role.HEADING1, "一、总体情况")]
    blocks += [Block(Role.BODY, p) for p in generated_text(doc)]
    if doc.findings_by_rule:
        common = "；".join(f"{m}（{n} 个单位）" for m, n in doc.findings_by_rule[:5])
        blocks.append(Block(Role.BODY, f"审核中较多出现的问题：{common}。"))
    blocks.append(Block(Role.HEADING1, "二、各单位自评情况"))
    blocks.append(Block(Role.BODY, "各单位自评总分、等级、预算执行情况和审核结果见下表（按主管部门分组）。"))
    write_body(document, dummy, blocks, settings, apply)
    _overview_table(document, doc.rows, settings)
    section = 3
    if doc.changes is not None:
        write_body(document, dummy, [Block(Role.HEADING1, "三、与上年比较"), Block(Role.BODY, _changes_text(doc.changes))],
                   settings, apply)
        _changes_table(document, doc.changes[:CHANGES_LISTED], settings)
        section = 4
    numerals = "一二三四五六七八九十"
    write_body(document, dummy, [Block(Role.HEADING1, f"{numerals[section - 1]}、图表")], settings, apply)
    for chart in doc.charts:
        _picture(document, chart)
    write_footers(document, settings, styles)
    set_core_properties(document, title(doc.year), "selfeval", when)
    return stable_bytes(document, when)


def _changes_text(changes: list[YearChange]) -> str:
    falls = [c for c in changes if c.score_change is not None and c.score_change < 0]
    rises = [c for c in changes if c.score_change is not None and c.score_change > 0]
    text = f"与上年汇总可比的单位 {len(changes)} 个，自评得分下降的 {len(falls)} 个，上升的 {len(rises)} 个。"
    if falls:
        text += f"降幅最大的是{falls[0].unit}（{_signed(falls[0].score_change, ' 分')}）。"
    return text + f"下表列出得分下降最多的 {min(len(changes), CHANGES_LISTED)} 个单位。"


def _cells(document, settings, size=layout.TABLE_SIZE_PT):
    style = table_style(document, settings)
    formats = st.run_formats(settings)
    fmt = st.RunFormat(formats[st.NORMAL].east_asia, formats[st.NORMAL].latin, size)
    bold = st.RunFormat(fmt.east_asia, fmt.latin, fmt.size_pt, True)
    return _Cells(style, fmt, bold), style


def _overview_table(document, rows: list[UnitRow], settings) -> None:
    from selfeval.export import ooxml

    writer, style = _cells(document, settings, CELL_SIZE_PT)
    departments: dict[str, list[UnitRow]] = {}
    for r in rows:
        departments.setdefault(r.department or "（未填主管部门）", []).append(r)
    count = 1 + sum(1 + len(v) for v in departments.values())
    table = _bordered_table(document, count, len(OVERVIEW_HEADERS), OVERVIEW_WIDTHS, page_geometry().text_width)
    centre, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    for j, label in enumerate(OVERVIEW_HEADERS):
        writer.put(table.rows[0].cells[j], label, bold=True, align=centre)
    ooxml.set_row_flags(table.rows[0], header=True)
    i, n = 1, 0
    for dept, members in departments.items():
        cells = table.rows[i].cells
        merged = cells[0].merge(cells[-1])
        sub = totals(members)
        writer.put(merged, f"{dept}（{len(members)} 个单位，全年预算数 {money(sub.budget)} 万元，执行数 {money(sub.spent)} 万元，"
                           f"执行率 {_pct(sub.rate)}）", bold=True)
        ooxml.set_row_flags(table.rows[i])
        i += 1
        for r in members:
            n += 1
            cells = table.rows[i].cells
            values = (str(n), r.unit, r.score_text if r.score is not None else "—", r.grade, money(r.budget),
                      money(r.spent), r.rate_text, f"{r.errors}/{r.warnings}", r.agreement.status)
            for j, value in enumerate(values):
                writer.put(cells[j], value, align=centre if j in (0, 3, 7, 8) else (
                    right if j in (2, 4, 5, 6) else WD_ALIGN_PARAGRAPH.LEFT))
            ooxml.set_row_flags(table.rows[i])
            i += 1
    _tight(table)
    document.add_paragraph(style=style)


def _tight(table) -> None:
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.line_spacing = Pt(CELL_LINE_PT)


def _changes_table(document, changes: list[YearChange], settings) -> None:
    from selfeval.export import ooxml

    writer, style = _cells(document, settings, CELL_SIZE_PT)
    table = _bordered_table(document, 1 + len(changes), len(CHANGE_HEADERS), CHANGE_WIDTHS, page_geometry().text_width)
    for j, label in enumerate(CHANGE_HEADERS):
        writer.put(table.rows[0].cells[j], label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    ooxml.set_row_flags(table.rows[0], header=True)
    for i, c in enumerate(changes, start=1):
        values = (c.unit, money(c.score) or "未完成", money(c.last_score) or "未完成", _signed(c.score_change),
                  _pct(c.rate), _pct(c.last_rate), _signed(c.budget_change, "%"))
        for j, value in enumerate(values):
            writer.put(table.rows[i].cells[j], value,
                       align=WD_ALIGN_PARAGRAPH.LEFT if j == 0 else WD_ALIGN_PARAGRAPH.RIGHT)
        ooxml.set_row_flags(table.rows[i])
    _tight(table)
    document.add_paragraph(style=style)


def _picture(document, chart: Chart) -> None:
    """The chart as an image as wide as the text, in a paragraph of the table style (single spacing: an image in
    a paragraph of exact 28 pt lines would be cut off)."""
    _, style = _cells(document, LayoutSettings())
    paragraph = document.add_paragraph(style=style)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.space_after = Twips(240)
    paragraph.paragraph_format.keep_together = True
    width = Twips(page_geometry().text_width)
    paragraph.add_run().add_picture(io.BytesIO(chart_png(chart, width=1200, scale=2.4)), width=width)
