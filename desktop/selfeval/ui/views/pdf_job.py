"""Drawing pages in a background job (the preview's conversion, run by ``ui/widgets/job_thread.JobThread``):
the window keeps painting and answering while LibreOffice works and the pages are drawn, and 取消 stops the
converter (``export.convert`` kills its process group and removes its temporary folder)."""

from __future__ import annotations

import threading
import time
from PySide6.QtGui import QImage

FAILED_TEXT = "生成 PDF 时出错：{}"
# A job's drawing loops hand the GIL over at least this often (let_the_window_run).
HAND_OVER_EVERY_S = 0.004
_hand_over = threading.local()


def let_the_window_run() -> None:
    """Called often by a job's drawing loops: every few milliseconds, lets the GIL go for a moment.

    PySide lets the GIL go and takes it back around each QPainter call. A thread that does so thousands
    of times a second takes it back each time before the GUI thread, waiting for it to run any Python slot,
    is scheduled; CPython then never asks the job to hand it over, and the window froze for the whole
    drawing of the 近似预览 (about 100 ms). ``time.sleep(0)`` lets the waiting thread in."""
    now = time.perf_counter()
    if now - getattr(_hand_over, "last", 0.0) >= HAND_OVER_EVERY_S:
        time.sleep(0)
        _hand_over.last = time.perf_counter()


def page_images(pdf: bytes, dpi: int, cancel: threading.Event | None = None) -> list[QImage]:
    """Every page of ``pdf`` rendered at ``dpi`` (pypdfium2), as QImages (safe to make in any thread)."""
    from selfeval.export.convert import ConvertCancelled
    from selfeval.export.pdf_pages import pdf_pages, render_page

    images = []
    for index in range(pdf_pages(pdf).count):
        if cancel is not None and cancel.is_set():
            raise ConvertCancelled()
        let_the_window_run()
        page = render_page(pdf, index, dpi)
        images.append(QImage(page.rgb, page.width, page.height, page.stride, QImage.Format.Format_RGB888).copy())
    return images
