"""The page count and last-page fill of the open report (基本信息 tab and status bar): the domain's estimate
from the layout numbers (≈2 ms on the sample, so computed in the GUI thread, debounced after each save),
or the office suite's exact count when its PDFs were made for the report's current content. It counts what
an export writes: with the remembered choice including the 自评表, the table's pages too
(``domain.export_plan.PagesPlan``, from ``pages_of(report)``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:  # the plan imports the 自评表's model: not on the way to the window
    from selfeval.domain.export_plan import PagesPlan
    from selfeval.domain.model import Report

DEBOUNCE_MS = 300


def page_text(pages: int, fill_percent: int, exact: bool) -> str:
    if exact:
        return f"共 {pages} 页，末页约 {fill_percent}%"
    return f"约 {pages} 页，末页约 {fill_percent}%"


def _the_report_alone(_report: Report) -> PagesPlan:
    from selfeval.domain.export_plan import PagesPlan

    return PagesPlan()


class PageCount(QObject):
    changed = Signal(str)

    def __init__(self, current_report, parent: QObject | None = None, pages_of=None) -> None:
        super().__init__(parent)
        self._current = current_report  # () -> Report | None
        self._pages_of = pages_of or _the_report_alone  # (Report) -> PagesPlan
        # the report and plan the PDFs were made of, their count, the last page's fill
        self._exact: tuple[Report, PagesPlan, int, int] | None = None
        self.text = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.update_now)

    def schedule(self) -> None:
        self._timer.start()

    def exact(self, report: Report, plan: PagesPlan, pdfs: list) -> None:
        """The office suite's PDFs of ``report`` as ``plan`` exports it: their count holds while the report
        and the plan are unchanged."""
        from selfeval.export.pdf_pages import pdf_pages

        counted = [pdf_pages(pdf) for pdf in pdfs]
        self._exact = (report, plan, sum(p.count for p in counted), int(counted[-1].last_page_fill * 100))
        self.update_now()

    def update_now(self) -> None:
        self._timer.stop()
        report = self._current()
        if report is None:
            text = ""
        else:
            plan = self._pages_of(report)
            if self._exact is not None and self._exact[:2] == (report, plan):
                text = page_text(self._exact[2], self._exact[3], exact=True)
            else:
                from selfeval.domain.export_plan import estimate_pages

                pages, fill = estimate_pages(report, plan)
                text = page_text(pages, int(fill * 100), exact=False)
        if text != self.text:
            self.text = text
            self.changed.emit(text)
