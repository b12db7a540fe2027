"""The page count and last-page fill of the open report (基本信息 tab and status bar): the domain's estimate
from the layout numbers (≈2 ms on the sample, so computed in the GUI thread, debounced after each save),
or the office suite's exact count when its PDF was made for the report's current content."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from selfeval.domain.model import Report

DEBOUNCE_MS = 300


def page_text(pages: int, fill_percent: int, exact: bool) -> str:
    if exact:
        return f"共 {pages} 页，末页约 {fill_percent}%"
    return f"约 {pages} 页，末页约 {fill_percent}%"


class PageCount(QObject):
    changed = Signal(str)

    def __init__(self, current_report, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._current = current_report  # () -> Report | None
        self._exact: tuple[Report, int, int] | None = None  # the report a PDF was made of, its count, fill
        self.text = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.update_now)

    def schedule(self) -> None:
        self._timer.start()

    def exact(self, report: Report, pdf: bytes) -> None:
        """The office suite's PDF of ``report``: its count holds while the report is unchanged."""
        from selfeval.export.pdf_pages import pdf_pages

        pages = pdf_pages(pdf)
        self._exact = (report, pages.count, int(pages.last_page_fill * 100))
        self.update_now()

    def update_now(self) -> None:
        self._timer.stop()
        report = self._current()
        if report is None:
            text = ""
        elif self._exact is not None and self._exact[0] == report:
            text = page_text(self._exact[1], self._exact[2], exact=True)
        else:
            from selfeval.domain.pagination import estimate_report_pages

            estimate = estimate_report_pages(report)
            text = page_text(estimate.pages, int(estimate.last_page_fill * 100), exact=False)
        if text != self.text:
            self.text = text
            self.changed.emit(text)
