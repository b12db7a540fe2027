"""导出 PDF from the window: the save dialog of the Word export (last folder, file name from the title, one
suffix rule: ``export.pdf_writer.pdf_target``), then ``export_pdf`` in a background job with a progress
dialog and 取消. Without an office suite: a Chinese message naming what to install, and no file."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from selfeval.domain.model import Report
from selfeval.ui.views import export_action
from selfeval.ui.views.pdf_job import PdfJob
from selfeval.ui.widgets import dialogs

PDF_FILTER = "PDF 文件 (*.pdf)"
TITLE = "导出 PDF"
FAILED_TITLE = "导出 PDF 失败"


def default_pdf_name(title: str) -> str:
    return export_action.default_file_name(title).removesuffix(".docx") + ".pdf"


def export_pdf_report(parent: QWidget | None, report: Report, when: dt.datetime, settings, *,
                      timeout: float | None = None) -> Path | None:
    """Asks where to save ``report`` as PDF and makes it; returns the written path, or None."""
    from selfeval.export import convert
    from selfeval.export.pdf_writer import export_pdf, pdf_target

    if convert.find_converter() is None:
        dialogs.error(parent, FAILED_TITLE, str(convert.OfficeMissing()))
        return None
    start = export_action.default_folder(settings) / default_pdf_name(report.title)
    asked = dialogs.ask_save_path(parent, TITLE, start, PDF_FILTER)
    if asked is None:
        return None
    target = pdf_target(asked)

    def work(cancel: threading.Event) -> Path:
        kwargs = {} if timeout is None else {"timeout": timeout}
        return export_pdf(report, target, when=when, cancel=cancel, **kwargs)

    outcome = run_with_progress(parent, work, f"正在生成 PDF：{target.name}")
    if isinstance(outcome, tuple):
        message, cancelled = outcome
        if not cancelled:
            dialogs.error(parent, FAILED_TITLE, message)
        return None
    if settings is not None:
        settings.set_last_export_dir(outcome.parent)
    if dialogs.ask_yes_no(parent, "导出完成", f"已导出 PDF：\n{outcome}\n\n是否打开所在文件夹？"):
        export_action.open_folder(outcome.parent)
    return outcome


def run_with_progress(parent: QWidget | None, work, label: str):
    """Runs ``work(cancel)`` in a job while a progress dialog with 取消 shows; the event loop keeps
    running. Returns the result, or (message, cancelled) when it failed."""
    progress = QProgressDialog(label, "取消", 0, 0, parent)
    progress.setWindowTitle(TITLE)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    job = PdfJob(work)
    loop = QEventLoop()
    outcome: list = []
    job.succeeded.connect(lambda result: outcome.append(result))
    job.failed.connect(lambda message, cancelled: outcome.append((message, cancelled)))
    job.finished.connect(loop.quit)
    progress.canceled.connect(job.cancel)
    progress.canceled.connect(lambda: progress.setLabelText("正在取消…"))
    job.start()
    progress.show()
    if not job.isFinished():
        loop.exec()
    job.wait()
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.processEvents()  # the job's queued result
    progress.hide()
    progress.deleteLater()
    job.deleteLater()
    return outcome[0]
