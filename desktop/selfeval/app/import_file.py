"""Import a previous 说明 (.docx, .pdf or .txt, told apart by content): file → preview → stored report. One
workflow for 报告管理's 导入以往的说明… (which shows the preview, where the outline and mapping can be changed) and
``selfeval import``. A file is read and checked before the database is touched: a refused import changes nothing.
Creating a report of a unit and year the database already has is allowed, but only knowingly
(:func:`same_reports`; the CLI refuses unless ``--duplicate``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from selfeval.domain.model import Report


@dataclass(frozen=True)
class Imported:
    """A stored import: the new report's id (or the existing one's, ``created`` False) and the notices to show."""

    report_id: int
    created: bool
    report: Report
    notices: tuple[str, ...]


def read_preview(path: Path, template=None, progress=None):
    """The import preview of the file at ``path`` (``importers.ImportPreview``); raises ``UserError``.
    ``progress(done, total)`` hears how far a long file has been read (False: cancel)."""
    from selfeval.importers import preview_file

    return preview_file(Path(path), template=template, progress=progress)


def reading_job(path: Path, template=None):
    """Reading the file at ``path`` as an ``app.jobs.Job`` (the window runs it on a thread with 取消): its
    progress says the page reached (「正在读取“x.pdf”：第 12/500 页」); cancelling stops the reader between
    pages (an ``ImportCancelled`` outcome); the result is the ``ImportPreview``."""
    from selfeval.app.jobs import Job

    path = Path(path)

    def work(control):
        def progress(done: int, total: int) -> bool:
            if total:
                control.progress(f"正在读取“{path.name}”：第 {done}/{total} 页")
            return not control.is_set()

        return read_preview(path, template=template, progress=progress)

    return Job(work)


def source_note(preview, path: Path) -> str:
    """The history's note for the new report: 「由 Word 文档“说明.docx”导入」."""
    return f"由{preview.source_format}“{Path(path).name}”导入"


def same_reports(infos, report: Report) -> list:
    """The stored reports (``store.list_reports()``) of ``report``'s unit and year."""
    return [i for i in infos if i.year == report.year and i.unit_name == report.unit_name]


def create_op(preview, path: Path):
    """The operation that stores the previewed report (run through the session's funnel in the window)."""
    from selfeval.store.operations import CreateReport

    return CreateReport(preview.result.report, note=source_note(preview, path))


def store_import(store, preview, path: Path, *, duplicate: bool = False) -> Imported:
    """Stores the previewed report in ``store`` (one transaction with the look-up: two imports at once still make
    one report); unless ``duplicate``, an existing report of the same unit and year is returned instead
    (``created`` False) and nothing changes."""
    result = preview.result
    report = result.report
    note = source_note(preview, path)
    if duplicate or not (report.unit_name and report.year):
        report_id, created = store.create(report, note=note), True
    else:
        report_id, created = store.find_or_create(report, note=note)
    return Imported(report_id, created, report, tuple(result.notices))
