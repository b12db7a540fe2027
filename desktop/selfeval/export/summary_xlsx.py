"""The 汇总 as .xlsx (openpyxl): a sheet of units (the overview), one of findings with unit and place, one of
totals, and with last year's 汇总 one of changes. Numbers are numbers (Excel sums and sorts them)."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from selfeval.domain.summary.compare import YearChange
from selfeval.domain.summary.overview import DepartmentTotal, Totals, UnitRow

UNIT_HEADERS = ("序号", "单位", "主管部门", "年度", "自评总分", "等级", "全年预算数（万元）", "全年执行数（万元）", "执行率（%）",
                "错误", "警告", "提示", "说明字数", "说明与自评表数字", "不一致之处", "报送日期", "来源文件",
                "跨单位错误", "跨单位警告")
FINDING_HEADERS = ("单位", "主管部门", "级别", "位置", "问题", "原文", "来源")


def _num(value: Decimal | None, places: str = "0.01"):
    return None if value is None else float(value.quantize(Decimal(places), ROUND_HALF_UP))


def _header(ws, headers, widths) -> None:
    ws.append(list(headers))
    for j, width in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=j)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A2"


def summary_xlsx_bytes(rows: list[UnitRow], findings, totals: Totals, changes: list[YearChange] | None = None,
                       departments: list[DepartmentTotal] = ()) -> bytes:
    """``findings``: objects with unit, department, severity, place, message, excerpt, cross."""
    wb = Workbook()
    ws = wb.active
    ws.title = "单位"
    _header(ws, UNIT_HEADERS, (6, 34, 20, 7, 9, 7, 14, 14, 10, 6, 6, 6, 9, 12, 40, 12, 30, 8, 8))
    for n, r in enumerate(rows, start=1):
        ws.append([n, r.unit, r.department, r.year, _num(r.score) if r.score is not None else "未完成", r.grade,
                   _num(r.budget), _num(r.spent), _num(r.rate), r.errors, r.warnings, r.hints, r.words,
                   r.agreement.status, "；".join(r.agreement.details), r.submitted, r.source_name, r.cross_errors,
                   r.cross_warnings])
        ws.cell(row=n + 1, column=16).number_format = "yyyy-mm-dd"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(UNIT_HEADERS))}{len(rows) + 1}"

    wf = wb.create_sheet("审核结果")
    _header(wf, FINDING_HEADERS, (34, 20, 7, 36, 70, 30, 10))
    for f in findings:
        wf.append([f.unit, f.department, f.severity, f.place, f.message, f.excerpt, "跨单位审核" if f.cross else "本单位审核"])
    wf.auto_filter.ref = f"A1:G{wf.max_row}"

    wt = wb.create_sheet("合计")
    _header(wt, ("项目", "数值"), (36, 20))
    values = [("单位数", totals.units), ("主管部门数", totals.departments), ("已完成自评表的单位", totals.scored)]
    values += [(f"等级为“{g}”的单位", n) for g, n in totals.grades.items()]
    values += [("全年预算数合计（万元）", _num(totals.budget)), ("全年执行数合计（万元）", _num(totals.spent)),
               ("总体执行率（%，按预算加权）", _num(totals.rate)), ("各单位执行率简单平均（%）", _num(totals.mean_rate)),
               ("平均自评得分", _num(totals.mean_score)), ("平均自评得分（按预算加权）", _num(totals.weighted_score)),
               ("最低执行率（%）", _num(totals.rate_range[0]) if totals.rate_range else None),
               ("最高执行率（%）", _num(totals.rate_range[1]) if totals.rate_range else None),
               ("执行率低于 90% 的单位", totals.low_rate), ("审核错误（条）", totals.errors),
               ("有错误的单位", totals.units_with_errors), ("审核警告（条）", totals.warnings),
               ("说明与自评表数字不一致的单位", totals.disagreeing), ("说明字数合计", totals.words)]
    for label, value in values:
        wt.append([label, value])
    if departments:
        wt.append([])
        start = wt.max_row + 1
        wt.append(["主管部门", "单位数", "全年预算数（万元）", "全年执行数（万元）", "执行率（%，按预算加权）", "平均自评得分",
                   "错误（条）"])
        for c in range(1, 8):
            wt.cell(row=start, column=c).font = Font(bold=True)
        for d in departments:
            wt.append([d.department, d.units, _num(d.budget), _num(d.spent), _num(d.rate), _num(d.mean_score), d.errors])
        for letter, width in zip("CDEFG", (18, 18, 20, 12, 10)):
            wt.column_dimensions[letter].width = width

    if changes is not None:
        wc = wb.create_sheet("与上年比较")
        _header(wc, ("单位", "主管部门", "本年得分", "上年得分", "得分变化", "本年执行率（%）", "上年执行率（%）",
                     "执行率变化（百分点）", "本年预算数（万元）", "上年预算数（万元）", "预算变化（%）"),
                (34, 20, 9, 9, 9, 12, 12, 12, 14, 14, 12))
        for c in changes:
            wc.append([c.unit, c.department, _num(c.score), _num(c.last_score), _num(c.score_change), _num(c.rate),
                       _num(c.last_rate), _num(c.rate_change), _num(c.budget), _num(c.last_budget),
                       _num(c.budget_change)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
