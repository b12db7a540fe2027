"""The 汇总's exports: .xlsx (units, findings, totals, changes) and the .docx 汇总报告; written atomically."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from selfeval.domain.summary.charts import Chart, grade_chart, rate_chart, score_change_chart
from selfeval.domain.errors import UserError
from selfeval.app.summary.workspace import Workspace

CHART_UNITS = 30
# What a rule finds, in a few words, for the 汇总报告's list of the commonest problems (other rules: the first
# finding's message, to its first full stop).
RULE_LABELS = {
    "text.doubled_word": "重复的词（如“公开公开”）", "rate.mismatch": "执行率与金额不符", "figure.review": "数据待核对",
    "rate.low_execution": "执行率偏低未说明原因", "rate.over_limit": "执行率超过 100% 未说明原因",
    "rate.no_base": "比率没有写明计算依据", "amount.units_mixed": "金额单位不一致", "year.previous": "可能沿用上年的年份",
    "year.stale": "可能沿用以前年度的文字", "year.title": "标题中的年度有误", "required.section_empty": "必填章节为空",
    "required.entry_text_empty": "要点后没有正文", "required.section_too_long": "章节超过字数上限",
    "punct.unbalanced": "括号或引号不成对", "punct.half_width": "中文中夹有半角标点", "punct.no_ending": "段末没有标点",
    "numbering.items": "条目编号不连续", "numbering.headings": "标题编号不连续", "figure.unknown_reference": "引用了不存在的数据",
    "figure.empty_reference": "引用的数据未填写"}  # units named in the 汇总报告's bar charts (more are drawn unnamed, in order)


def charts(ws: Workspace, last: Workspace | None = None, limit: int | None = None) -> list[Chart]:
    rows = ws.rows()
    found = [rate_chart(rows, limit), grade_chart(rows)]
    if last is not None:
        found.append(score_change_chart(ws.changes(last), limit))
    return found


def common_findings(ws: Workspace) -> list[tuple[str, int]]:
    """The rules most units have findings of: (the rule's first message, number of units)."""
    units: dict[str, set[int]] = {}
    message: dict[str, str] = {}
    for f in ws.findings(cross=False):
        if f.counts and f.severity in ("错误", "警告"):
            units.setdefault(f.rule, set()).add(f.unit_id)
            message.setdefault(f.rule, RULE_LABELS.get(f.rule) or f.message.split("。")[0])
    ranked = Counter({rule: len(ids) for rule, ids in units.items()}).most_common()
    return [(message[rule], n) for rule, n in ranked]


def export_summary(ws: Workspace, target: Path, last: Workspace | None = None) -> Path:
    from selfeval.export.atomic import write_atomic

    target = Path(target)
    suffix = target.suffix.lower()
    changes = ws.changes(last) if last is not None else None
    if suffix == ".xlsx":
        from selfeval.export.summary_xlsx import summary_xlsx_bytes

        from selfeval.domain.summary.overview import department_totals

        data = summary_xlsx_bytes(ws.rows(), ws.findings(), ws.totals(), changes, department_totals(ws.rows()))
    elif suffix == ".docx":
        from selfeval.export.summary_docx import SummaryDocument, summary_docx_bytes

        doc = SummaryDocument(ws.year(), ws.rows(), ws.totals(), charts(ws, last, CHART_UNITS), changes,
                              common_findings(ws))
        data = summary_docx_bytes(doc)
    else:
        raise UserError(f"“{target.name}”：汇总只能导出为 Excel 文件（.xlsx）或 Word 文档（.docx）。")
    return write_atomic(target, data)
