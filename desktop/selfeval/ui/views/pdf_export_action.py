"""导出 PDF from the window: the Word export's questions (what, where: ``export_action.ask_target``), then the
export workflow (``selfeval.app.export_report``, ``pdf=True``) as a background job with a progress dialog and
取消 (``ui/widgets/job_thread.run_with_progress``). Without an office suite: a Chinese message naming what to
install, and no file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QWidget

from selfeval.domain.model import Report
from selfeval.ui.views import export_action
from selfeval.ui.widgets import dialogs

PDF_FILTER = "PDF 文件 (*.pdf)"
TITLE = "导出 PDF"
FAILED_TITLE = "导出 PDF 失败"


def default_pdf_name(title: str) -> str:
    return export_action.default_file_name(title, ".pdf")


def pdf_report_fonts(report: Report, families=None) -> tuple[Report, str]:
    """``report`` with the fonts this PC has in place of the official ones it lacks (the report's 替代字体名,
    then free fonts of the same kind: ``official_fonts.pdf_fonts``), and the sentence that says so ("" when
    nothing is substituted). ``families``: the installed font families (Qt's by default)."""
    from PySide6.QtGui import QFontDatabase

    from selfeval.domain.official_fonts import pdf_fonts, substitution_text

    layout, substitutions = pdf_fonts(report.layout, QFontDatabase.families() if families is None else families)
    return report.copy_with(layout=layout), substitution_text(substitutions)


def export_pdf_report(parent: QWidget | None, report: Report, when: dt.datetime, settings, *,
                      timeout: float | None = None) -> Path | None:
    """Asks where to save ``report`` as PDF and makes it; returns the written path, or None."""
    from selfeval.app.export_report import export_report, planned_files
    from selfeval.app.jobs import Job
    from selfeval.export import convert
    from selfeval.ui.views.pdf_job import FAILED_TEXT
    from selfeval.ui.widgets.job_thread import run_with_progress

    if convert.find_converter() is None:
        dialogs.error(parent, FAILED_TITLE, str(convert.OfficeMissing()))
        return None
    asked = export_action.ask_target(parent, TITLE, report, settings, ".pdf", PDF_FILTER)
    if asked is None:
        return None
    choice, target = asked
    names = "、".join(f.path.name for f in planned_files(target, choice, pdf=True))
    report, fonts_line = pdf_report_fonts(report)  # said before writing: in the progress and when done
    job = Job(lambda cancel: export_report(report, target, choice=choice, pdf=True, when=when, cancel=cancel,
                                           timeout=timeout), failed_text=FAILED_TEXT)
    label = f"正在生成 PDF：{names}" + (f"\n\n{fonts_line}" if fonts_line else "")
    outcome = run_with_progress(parent, job, TITLE, label)
    if not outcome.ok:
        if not outcome.cancelled:
            dialogs.error(parent, FAILED_TITLE, outcome.message)
        return None
    written = outcome.result.files
    export_action.finished(parent, settings, written, "已导出 PDF", note=fonts_line)
    return written[0]
