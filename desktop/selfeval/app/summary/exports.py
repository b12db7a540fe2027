"""The 汇总's exports: .xlsx (units, findings, totals, changes) and the .docx 汇总报告; written atomically."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from selfeval.domain.summary.charts import Chart, grade_chart, rate_chart, score_change_chart
from selfeval.domain.errors import UserError
from selfeval.app.summary.workspace import Workspace

CHART_UNITS = 30  # units named in the 汇总报告's bar charts (more are drawn unnamed, in order)


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
            message.setdefault(f.rule, f.message.split("，")[0].split("：")[0].rstrip("。"))
    ranked = Counter({rule: len(ids) for rule, ids in units.items()}).most_common()
    return [(message[rule], n) for rule, n in ranked]


def export_summary(ws: Workspace, target: Path, last: Workspace | None = None) -> Path:
    from selfeval.export.atomic import write_atomic

    target = Path(target)
    suffix = target.suffix.lower()
    changes = ws.changes(last) if last is not None else None
    if suffix == ".xlsx":
        from selfeval.export.summary_xlsx import summary_xlsx_bytes

        data = summary_xlsx_bytes(ws.rows(), ws.findings(), ws.totals(), changes)
    elif suffix == ".docx":
        from selfeval.export.summary_docx import SummaryDocument, summary_docx_bytes

        doc = SummaryDocument(ws.year(), ws.rows(), ws.totals(), charts(ws, last, CHART_UNITS), changes,
                              common_findings(ws))
        data = summary_docx_bytes(doc)
    else:
        raise UserError(f"“{target.name}”：汇总只能导出为 Excel 文件（.xlsx）或 Word 文档（.docx）。")
    return write_atomic(target, data)
