"""导出 PDF from the window: what to export (a report with a 自评表: the Word export's choice, one PDF with
the table's pages first or two PDFs), the save dialog of the Word export (last folder, file name from the
title, one suffix rule: ``export.pdf_writer.pdf_target``), then the planned files converted and written
together (``plan_writer.export_planned``) in a background job with a progress dialog and 取消. Without an
office suite: a Chinese message naming what to install, and no file."""

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
    from selfeval.domain.export_plan import plan_files
    from selfeval.export.pdf_writer import pdf_target
    from selfeval.export.plan_writer import export_planned
    from selfeval.bundled.report_table import table_landscape
    from selfeval.ui.views import export_choice_dialog

    if convert.find_converter() is None:
        dialogs.error(parent, FAILED_TITLE, str(convert.OfficeMissing()))
        return None
    chosen = export_choice_dialog.choose(parent, TITLE, report, settings)
    if chosen is None:
        return None
    table, choice = chosen
    start = export_action.default_folder(settings) / default_pdf_name(report.title)
    asked = dialogs.ask_save_path(parent, TITLE, start, PDF_FILTER)
    if asked is None:
        return None
    target = pdf_target(asked)
    files = plan_files(target, choice, table is not None)
    landscape = table is not None and table_landscape(report)

    def work(cancel: threading.Event) -> list[Path]:
        kwargs = {} if timeout is None else {"timeout": timeout}
        return export_planned(report, files, table=table, when=when, landscape=landscape,
                              convert=lambda data: convert.docx_to_pdf(data, cancel=cancel, **kwargs))

    outcome = run_with_progress(parent, work, f"正在生成 PDF：{'、'.join(f.path.name for f in files)}")
    if isinstance(outcome, tuple):
        message, cancelled = outcome
        if not cancelled:
            dialogs.error(parent, FAILED_TITLE, message)
        return None
    written = outcome
    if settings is not None:
        settings.set_last_export_dir(written[0].parent)
    names = "\n".join(str(p) for p in written)
    if dialogs.ask_yes_no(parent, "导出完成", f"已导出 PDF：\n{names}\n\n是否打开所在文件夹？"):
        export_action.open_folder(written[0].parent)
    return written[0]


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
