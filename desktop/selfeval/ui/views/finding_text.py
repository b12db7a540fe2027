"""The words a finding is shown with (the 审核 panel's rows, the export's check, the explain dialog): severity
and place, the message, the flagged text, the answer given. Plain text; the widgets colour it."""

from __future__ import annotations

from selfeval.domain.model import Report

SEVERITY_MARKS = {"错误": "✖", "警告": "▲", "提示": "●"}
EXCERPT_CHARS = 40
ANSWER_CHARS = 60  # of an explanation shown on its row (the tooltip has all of it)


def counts_text(result) -> str:
    """「错误 N · 警告 N · 提示 N」: the open findings (explained and dismissed ones do not count)."""
    from selfeval.domain.checks import Severity

    return " · ".join(f"{s.value} {result.count(s)}" for s in Severity)


def finding_text(finding, report: Report | None) -> str:
    """The list's text of a finding: severity and place, the message, the flagged text."""
    mark = SEVERITY_MARKS[finding.severity.value]
    head = f"{mark} {finding.severity.value} · {finding.place.label(report)}"
    if finding.status.label:
        head += f"（{finding.status.label}）"
    lines = [head, finding.message]
    if finding.excerpt.strip():
        lines.append(f"“{short(finding.excerpt, EXCERPT_CHARS)}”")
    if finding.explanation is not None:
        lines.append(answer_line(finding.explanation))
    return "\n".join(lines)


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def answer_line(explanation) -> str:
    """「说明：……」 / 「忽略理由：……」, the first line of it, shortened."""
    first = explanation.text.splitlines()[0] if explanation.text else ""
    shown = short(first, ANSWER_CHARS)
    if first != explanation.text and shown == first:  # more lines follow
        shown += "…"
    return f"{'忽略理由' if explanation.dismissed else '说明'}：{shown}"
