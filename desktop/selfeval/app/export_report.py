"""Export a report: Word or PDF, one file or two, with or without the 自评表 — one function,
:func:`export_report`, for the window's 导出 Word 文档 and 导出 PDF, and ``selfeval export``.

The caller says where (``target``), what (``choice``: ``domain.export_plan.TableChoice``) and whether PDF
(``pdf``; None: by the name's suffix, the CLI's rule). The function fixes the name's suffix
(``docx_target``/``pdf_target``), plans the files (``plan_files``: two files are "<name>.docx" and
"<name>（自评表）.docx"), makes each file's .docx in memory (and its PDF through the office suite), and writes
them all or none (``export.plan_writer.export_planned``). Every failure is one ``UserError`` with a Chinese
sentence (an ``OSError`` of the target too); the report itself is never touched.

打印预览 and the page count use :func:`page_plan` (which parts, which table, which orientation) and
:func:`part_pdfs` (the same .docx parts converted): what the preview shows is what an export writes.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from selfeval.domain.export_plan import PagesPlan, PlannedFile, TableChoice, pages_plan, plan_files, table_has_content
from selfeval.domain.model import Report

_BAD_NAME_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
MAX_NAME_CHARS = 120
DEFAULT_NAME = "绩效自评表说明"


@dataclass(frozen=True)
class Exported:
    """What an export wrote: ``files`` (the 说明's first; the 自评表's second when there are two) and the path
    asked for (``renamed``: the written name differs from it, e.g. a suffix was added)."""

    files: tuple[Path, ...]
    asked: Path

    @property
    def renamed(self) -> bool:
        return self.files[0].name != self.asked.name


def default_file_name(title: str, suffix: str = ".docx") -> str:
    """A file name from the report title, without characters Windows refuses."""
    name = _BAD_NAME_CHARS.sub("", title).strip().strip(".") or DEFAULT_NAME
    return name[:MAX_NAME_CHARS] + suffix


def os_error_text(exc: OSError, path: Path) -> str:
    """One Chinese sentence for a target that could not be written."""
    if exc.errno == errno.ENOSPC:
        return f"磁盘空间不足，无法导出到“{path}”。请清理磁盘或换一个位置后重试。"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有权限写入“{path}”。如果该文件正在 Word 或 WPS 中打开，请先关闭它，或换一个位置。"
    return f"无法导出到“{path}”：文件或文件夹无法写入。请换一个位置后重试。"


def choice_for(report: Report, asked: TableChoice) -> TableChoice:
    """The choice an export of ``report`` follows: 仅说明 when its 自评表 has nothing filled in (the window
    then asks nothing), else ``asked``."""
    from selfeval.bundled.report_table import table_of

    return asked if table_has_content(table_of(report)) else TableChoice.TEXT_ONLY


def page_plan(report: Report, choice: TableChoice) -> PagesPlan:
    """The pages an export of ``report`` with ``choice`` writes (打印预览, the page count)."""
    from selfeval.bundled.report_table import table_landscape, table_of

    table = table_of(report)
    return pages_plan(choice, table, table_has_content(table) and table_landscape(report))


def planned_files(target: str | Path, choice: TableChoice, *, pdf: bool | None = None,
                  has_table: bool = True) -> tuple[PlannedFile, ...]:
    """The files an export to ``target`` writes (suffix fixed: .pdf for a PDF, else .docx)."""
    from selfeval.export.docx_writer import docx_target
    from selfeval.export.pdf_writer import is_pdf_target, pdf_target

    if pdf is None:
        pdf = is_pdf_target(target)
    path = pdf_target(target) if pdf else docx_target(target)
    return plan_files(path, choice, has_table)


def export_report(report: Report, target: str | Path, *, choice: TableChoice = TableChoice.TEXT_ONLY,
                  pdf: bool | None = None, landscape: bool | None = None, when: dt.datetime | None = None,
                  cancel: threading.Event | None = None, timeout: float | None = None,
                  write: Callable | None = None, stamp=None) -> Exported:
    """Write ``report`` to ``target`` as ``choice`` says (the 自评表 in the same file, in a file of its own,
    or not at all) and return what was written. ``pdf``: PDF through the office suite (None: when ``target``
    ends in .pdf). ``landscape``: the table's pages turned (None: as the outline template says). ``when``
    dates the document (None: now; the report's last change makes the same bytes, so the PDF cache hits).
    ``cancel`` stops the conversion. ``stamp`` (``domain.export_stamp.ExportStamp``): the report's id and version,
    kept in each .docx so that an edited copy can be merged back. Raises ``UserError`` (ExportError, ConvertError …) with nothing written."""
    from selfeval.bundled.report_table import table_landscape, table_of
    from selfeval.export import convert as converting
    from selfeval.export.errors import ExportError
    from selfeval.export.pdf_writer import is_pdf_target

    if write is None:
        from selfeval.export.plan_writer import export_planned as write
    if pdf is None:
        pdf = is_pdf_target(target)
    table = None if choice is TableChoice.TEXT_ONLY else table_of(report)
    if landscape is None:
        landscape = table is not None and table_landscape(report)
    files = planned_files(target, choice, pdf=pdf, has_table=table is not None)
    convert = None
    if pdf:
        kwargs = {} if timeout is None else {"timeout": timeout}

        def convert(data: bytes) -> bytes:
            return converting.docx_to_pdf(data, cancel=cancel, **kwargs)
    try:
        extra = {} if stamp is None else {"stamp": stamp}
        written = write(report, files, table=table, when=when, landscape=landscape, convert=convert, **extra)
    except OSError as exc:
        raise ExportError(os_error_text(exc, files[0].path)) from exc
    return Exported(tuple(Path(p) for p in written), Path(target).expanduser())


def export_table_docx(report: Report, target: str | Path, *, landscape: bool | None = None, stamp=None,
                      when: dt.datetime | None = None) -> Path:
    """The 自评表 alone as a Word document (``selfeval export-table X.docx``): ".docx" added when ``target``
    lacks it, written whole or not at all; ``landscape`` None: as the outline template says; ``stamp`` as in
    :func:`export_report` (an edited copy merges back). Returns the path written; ``UserError`` on failure."""
    from selfeval.bundled.report_table import table_landscape, table_of
    from selfeval.export.atomic import write_atomic
    from selfeval.export.docx_writer import docx_target
    from selfeval.export.errors import ExportError
    from selfeval.export.package import table_docx_bytes

    path = docx_target(target)
    data = table_docx_bytes(report, table_of(report), when=when,
                            landscape=table_landscape(report) if landscape is None else landscape, stamp=stamp)
    try:
        return write_atomic(path, data)
    except OSError as exc:
        raise ExportError(os_error_text(exc, path)) from exc


def part_pdfs(report: Report, plan: PagesPlan, *, when: dt.datetime, cancel: threading.Event | None = None,
              timeout: float | None = None) -> list[bytes]:
    """Each file of ``plan`` as PDF, in reading order (打印预览): the parts an export writes, converted.
    Raises OfficeMissing without an office suite, ConvertCancelled when ``cancel`` is set."""
    from selfeval.export import convert
    from selfeval.export.plan_writer import part_docx

    kwargs = {} if timeout is None else {"timeout": timeout}
    pdfs = []
    for part in plan.parts:
        data = part_docx(report, part, plan.table, when=when, landscape=plan.landscape)
        pdfs.append(convert.docx_to_pdf(data, cancel=cancel, **kwargs))
    return pdfs
