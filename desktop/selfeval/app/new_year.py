"""A new year's report from last year's: the text and structure copied, the year moved on, last year's
figures marked 待核对, 审核说明 dropped (``domain.report_factory.carried_over``). One workflow for 报告管理's
从上年报告新建 and ``selfeval new-year``."""

from __future__ import annotations

from dataclasses import dataclass

from selfeval.domain.model import Report


@dataclass(frozen=True)
class NextYear:
    """Next year's report (not stored yet), what to tell the user, and the history's note."""

    report: Report
    message: str
    note: str


def next_year(store, report_id: int) -> NextYear:
    """Next year's report from the stored report ``report_id``; raises ``UserError`` (no year, unknown id …)."""
    from selfeval.domain.report_factory import carried_over

    last = store.load(report_id)
    report, message = carried_over(last)
    return NextYear(report, message, f"由{last.year}年度报告生成")


def create_op(made: NextYear):
    """The operation that stores it (through the session's funnel in the window, ``store.apply`` in the CLI)."""
    from selfeval.store.operations import CreateReport

    return CreateReport(made.report, note=made.note)
