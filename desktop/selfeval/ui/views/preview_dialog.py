"""打印预览 (Ctrl+P): the report's A4 pages as they print, with zoom, page navigation and 打印….

It shows what an export writes (``domain.export_plan.PagesPlan``): with the remembered choice including the
自评表, the table's pages first (in the same file, or the table's own file then the 说明's). Each exported
.docx is converted by the installed office suite in a background job (``pdf_job``: the
window keeps answering; 取消 stops the converter) and its PDF pages rendered with pypdfium2. Without an
office suite the pages are drawn from the layout numbers (``approx_pages``), labelled 近似预览, with the
converter's sentence naming what to install.
"""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from selfeval.domain import layout
from selfeval.domain.model import Report
from selfeval.domain.export_plan import PagesPlan
from selfeval.ui.views.pdf_job import FAILED_TEXT, page_images
from selfeval.ui.widgets.job_thread import JobThread

RENDER_DPI = 144  # pages are rendered once at this resolution, then scaled for the zoom
SCREEN_DPI = 96  # 100 % shows a page at its real size on a 96 dpi screen
ZOOM_STEPS = (25, 33, 50, 67, 80, 100, 125, 150, 200)
PRINT_MAX_DPI = 300
APPROX_LABEL = "近似预览"
APPROX_NOTE = "本电脑没有可用的办公软件，以下按版式参数（每页 22 行 × 每行 28 字）排出，分页可能与打印略有不同。"
APPROX_TABLE_NOTE = "近似预览只排出说明，不含自评表的页面。"
APPROX_STYLE = "background: #fff4ce; color: #5c4400; border: 1px solid #e0c97a; padding: 2px 8px; font-weight: bold;"
PAGE_GAP = 12


class PageView(QWidget):
    """One page: its image drawn scaled to the widget (only the pages on screen are ever scaled)."""

    def __init__(self, image: QImage, number: int) -> None:
        super().__init__()
        self.image = image
        self.setAccessibleName(f"第 {number} 页")

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(self.rect(), self.image)
        painter.end()


def ask_printer(parent: QWidget, printer) -> bool:
    """The system print dialog (tests replace this)."""
    from PySide6.QtPrintSupport import QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印")
    return dialog.exec() == QDialog.DialogCode.Accepted


class PreviewDialog(QDialog):
    """``exact(report, plan, pdfs)`` is emitted when the office suite's PDFs of ``report`` are shown."""

    exact = Signal(object, object, object)

    def __init__(self, report: Report, when: dt.datetime, parent: QWidget | None = None, *,
                 timeout: float | None = None, plan: PagesPlan | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"打印预览 - {report.title}")
        self.report = report
        self.plan = plan or PagesPlan()
        self._when = when
        self._timeout = timeout
        self.job: JobThread | None = None
        self.pdfs: list[bytes] | None = None  # one per exported file, in reading order
        self._page_at: list[tuple[int, int]] = []  # a shown page: (which PDF, its page there)
        self.images: list[QImage] = []
        self.approximate = False
        self.zoom = 100
        self._fit = True
        self._page_labels: list[PageView] = []

        self.prev_button = QPushButton("上一页")
        self.next_button = QPushButton("下一页")
        self.page_spin = QSpinBox()
        self.page_spin.setPrefix("第 ")
        self.page_spin.setSuffix(" 页")
        self.page_spin.setMinimum(1)
        self.count_label = QLabel()
        self.zoom_out_button = QPushButton("缩小")
        self.zoom_in_button = QPushButton("放大")
        self.fit_button = QPushButton("适合宽度")
        self.zoom_label = QLabel()
        self.print_button = QPushButton("打印…")
        self.close_button = QPushButton("关闭")
        bar = QHBoxLayout()
        for widget in (self.prev_button, self.next_button, self.page_spin, self.count_label, None,
                       self.zoom_out_button, self.zoom_in_button, self.fit_button, self.zoom_label, None,
                       self.print_button, self.close_button):
            bar.addStretch(1) if widget is None else bar.addWidget(widget)

        self.approx_label = QLabel(APPROX_LABEL)
        self.approx_label.setStyleSheet(APPROX_STYLE)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        note_row = QHBoxLayout()
        note_row.addWidget(self.approx_label, 0, Qt.AlignmentFlag.AlignTop)
        note_row.addWidget(self.note_label, 1)
        self.note = QWidget()
        self.note.setLayout(note_row)
        self.note.hide()

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: LibreOffice says nothing of its progress
        self.progress.setMaximumWidth(200)
        self.status_label = QLabel()
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.cancel)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.progress)
        status_row.addWidget(self.cancel_button)

        self.pages_widget = QWidget()
        self.pages_widget.setStyleSheet("background: #808080;")
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setSpacing(PAGE_GAP)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(False)  # sized by _relayout: the pages' size, at least the view's width
        self.scroll.setWidget(self.pages_widget)
        self.scroll.verticalScrollBar().valueChanged.connect(self._scrolled)

        outer = QVBoxLayout(self)
        outer.addLayout(bar)
        outer.addWidget(self.note)
        outer.addWidget(self.scroll, 1)
        outer.addLayout(status_row)

        self.prev_button.clicked.connect(lambda: self.go_to(self.page_spin.value() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.page_spin.value() + 1))
        self.page_spin.editingFinished.connect(lambda: self.go_to(self.page_spin.value()))
        self.zoom_in_button.clicked.connect(lambda: self.step_zoom(1))
        self.zoom_out_button.clicked.connect(lambda: self.step_zoom(-1))
        self.fit_button.clicked.connect(self.fit_width)
        self.print_button.clicked.connect(self.print_pages)
        self.close_button.clicked.connect(self.reject)
        self._set_ready(False)

        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(min(900, screen.width() - 40) if screen else 900, screen.height() - 40 if screen else 700)

    # The conversion -----------------------------------------------------------------------------------
    def start(self) -> None:
        """Converts in the background (from the cache when the document is unchanged)."""
        report, when, timeout, plan = self.report, self._when, self._timeout, self.plan
        approx_note = APPROX_NOTE + (APPROX_TABLE_NOTE if plan.has_table else "")

        def work(cancel: threading.Event):
            from selfeval.app.export_report import part_pdfs
            from selfeval.export import convert

            try:
                pdfs = part_pdfs(report, plan, when=when, cancel=cancel, timeout=timeout)
            except convert.OfficeMissing as exc:  # drawn here too: the window keeps answering
                from selfeval.ui.views.approx_pages import approx_page_images

                return None, approx_page_images(report, RENDER_DPI), f"{approx_note}\n{exc}"
            images = [page_images(pdf, RENDER_DPI, cancel) for pdf in pdfs]
            return pdfs, images, ""

        from selfeval.app.jobs import Job

        self.job = JobThread(Job(work, failed_text=FAILED_TEXT), self)
        self.job.succeeded.connect(self._converted)
        self.job.failed.connect(self._failed)
        self.status_label.setText("正在用 LibreOffice 排版，请稍候…")
        self.progress.show()
        self.cancel_button.show()
        self.job.start()

    def busy(self) -> bool:
        return self.job is not None and self.job.isRunning()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status_label.setText("正在取消…")

    def _converted(self, result) -> None:
        self._finish_job()
        self.pdfs, images, note = result
        if self.pdfs is None:
            self._show_approximate(images, note)
            return
        self.approximate = False
        self.note.hide()
        self.status_label.setText("与打印效果一致（由 LibreOffice 排版）。")
        self._page_at = [(i, n) for i, pages in enumerate(images) for n in range(len(pages))]
        self._show_images([image for pages in images for image in pages])
        self.exact.emit(self.report, self.plan, self.pdfs)

    def _failed(self, message: str, cancelled: bool) -> None:
        from selfeval.ui.views.approx_pages import approx_page_images

        self._finish_job()
        if cancelled:
            self.status_label.setText("已取消生成；下面是近似预览。")
            note = "已取消用办公软件排版，以下按版式参数（每页 22 行 × 每行 28 字）排出，分页可能与打印略有不同。"
        else:
            self.status_label.setText("")
            note = f"{message}\n以下为按版式参数排出的近似预览。"
        if self.plan.has_table:
            note += APPROX_TABLE_NOTE
        report = self.report
        self.job = JobThread(lambda _cancel: (None, approx_page_images(report, RENDER_DPI), note), self)
        self.job.succeeded.connect(self._converted)
        self.job.start()  # drawn in the background too

    def _finish_job(self) -> None:
        if self.job is not None:
            self.job.wait()
        self.progress.hide()
        self.cancel_button.hide()

    def _show_approximate(self, images: list[QImage], note: str) -> None:
        self.approximate = True
        self.pdfs = None
        self.note_label.setText(note)
        self.note.show()
        self._show_images(images)

    # Pages, zoom, navigation --------------------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return len(self.images)

    def _show_images(self, images: list[QImage]) -> None:
        self.images = images
        for label in self._page_labels:
            label.deleteLater()
        self._page_labels = []
        for index, image in enumerate(images):
            label = PageView(image, index + 1)
            self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            label.show()  # now, not when the event loop next runs: the layout counts shown pages only
            self._page_labels.append(label)
        self.page_spin.setMaximum(max(1, len(images)))
        self.count_label.setText(f"/ 共 {len(images)} 页")
        self._set_ready(bool(images))
        if self._fit:
            QTimer.singleShot(0, self.fit_width)  # once the scroll area has its width
        self._apply_zoom()

    def _set_ready(self, ready: bool) -> None:
        for widget in (self.prev_button, self.next_button, self.page_spin, self.zoom_in_button,
                       self.zoom_out_button, self.fit_button, self.print_button):
            widget.setEnabled(ready)

    def _page_width_px(self, zoom: int) -> int:
        """The widest page at ``zoom`` (a landscape table page is wider than the portrait ones)."""
        widest = max((image.width() / RENDER_DPI * 25.4 for image in self.images), default=0.0)
        return round(max(float(layout.PAGE_WIDTH_MM), widest) / 25.4 * SCREEN_DPI * zoom / 100)

    def _apply_zoom(self) -> None:
        scale = SCREEN_DPI / RENDER_DPI * self.zoom / 100  # every page at its real size × the zoom
        for label, image in zip(self._page_labels, self.images):
            label.setFixedSize(round(image.width() * scale), round(image.height() * scale))
        self._relayout()
        self.zoom_label.setText(f"{self.zoom}%")
        self.zoom_in_button.setEnabled(bool(self.images) and self.zoom < ZOOM_STEPS[-1])
        self.zoom_out_button.setEnabled(bool(self.images) and self.zoom > ZOOM_STEPS[0])

    def _relayout(self) -> None:
        self.pages_layout.activate()
        hint = self.pages_widget.sizeHint()
        self.pages_widget.resize(max(hint.width(), self.scroll.viewport().width()), hint.height())
        self.pages_layout.activate()

    def set_zoom(self, zoom: int) -> None:
        self._fit = False
        self.zoom = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], zoom))
        self._apply_zoom()

    def step_zoom(self, direction: int) -> None:
        if direction > 0:
            self.set_zoom(next((z for z in ZOOM_STEPS if z > self.zoom), ZOOM_STEPS[-1]))
        else:
            self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self.zoom), ZOOM_STEPS[0]))

    def fit_width(self) -> None:
        available = self.scroll.viewport().width() - 2 * PAGE_GAP - self.scroll.verticalScrollBar().sizeHint().width()
        self.zoom = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], int(100 * available / self._page_width_px(100))))
        self._fit = True
        self._apply_zoom()

    def go_to(self, page: int) -> None:
        """Scrolls page ``page`` (1-based) to the top."""
        if not self._page_labels:
            return
        page = max(1, min(len(self._page_labels), page))
        self.scroll.verticalScrollBar().setValue(self._page_labels[page - 1].y() - PAGE_GAP // 2)
        self._show_page_number(page)

    def _scrolled(self, value: int) -> None:
        if not self._page_labels:
            return
        middle = value + self.scroll.viewport().height() // 3
        page = 1 + sum(1 for label in self._page_labels[1:] if label.y() <= middle)
        self._show_page_number(page)

    def _show_page_number(self, page: int) -> None:
        blocked = self.page_spin.blockSignals(True)
        self.page_spin.setValue(page)
        self.page_spin.blockSignals(blocked)
        self.prev_button.setEnabled(page > 1)
        self.next_button.setEnabled(page < len(self._page_labels))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self._fit and self.images:
            self.fit_width()
        elif self.images:
            self._relayout()

    # Printing --------------------------------------------------------------------------------------------
    def print_pages(self) -> bool:
        """The system print dialog, then the same pages: the PDF's rendered at the printer's resolution, or
        the approximate pages drawn at it."""
        from PySide6.QtGui import QPageSize
        from PySide6.QtPrintSupport import QPrinter

        if not self.images:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setFullPage(True)  # page coordinates from the paper's corner, as the PDF's
        printer.setDocName(self.report.title)
        printer.setFromTo(1, self.page_count)
        if not ask_printer(self, printer):
            return False
        first, last = printer.fromPage() or 1, printer.toPage() or self.page_count
        painter = QPainter(printer)
        try:
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            target = QRectF(0, 0, paper.width(), paper.height())
            dpi = min(printer.resolution(), PRINT_MAX_DPI)
            for index in range(first - 1, last):
                if index > first - 1:
                    printer.newPage()
                self._print_page(painter, index, target, dpi)
        finally:
            painter.end()
        return True

    def _print_page(self, painter: QPainter, index: int, target: QRectF, dpi: int) -> None:
        if self.pdfs is not None:
            from selfeval.export.pdf_pages import render_page

            which, number = self._page_at[index]
            page = render_page(self.pdfs[which], number, dpi)
            image = QImage(page.rgb, page.width, page.height, page.stride, QImage.Format.Format_RGB888)
            if image.width() > image.height():  # a landscape table page: its head on the binding side (§8)
                from PySide6.QtGui import QTransform

                image = image.transformed(QTransform().rotate(-90))
            painter.drawImage(target, image)
            return
        from selfeval.ui.views.approx_pages import PageDrawer, sheets

        drawer = PageDrawer(self.report.layout, target.width() / (float(layout.PAGE_WIDTH_MM) / 25.4 * 72))
        drawer.draw(painter, sheets(self.report)[index], index + 1)

    def done(self, result: int) -> None:  # closing stops a conversion still running
        if self.busy():
            self.job.blockSignals(True)  # nothing more to show
            self.job.cancel()
            self.job.wait()
        super().done(result)
