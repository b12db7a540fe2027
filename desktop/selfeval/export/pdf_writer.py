"""``export_pdf``: the report as PDF, the exported .docx converted by the installed office suite."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

from selfeval.domain.model import Report
from selfeval.export.atomic import check_target, write_atomic
from selfeval.export.convert import DEFAULT_TIMEOUT_S, docx_to_pdf
from selfeval.export.package import docx_bytes

PDF_SUFFIX = ".pdf"


def is_pdf_target(path: str | os.PathLike[str]) -> bool:
    """An export to a name ending in ".pdf" (any case) makes a PDF; every other name a .docx."""
    return Path(os.fspath(path)).suffix.lower() == PDF_SUFFIX


def pdf_target(path: str | os.PathLike[str]) -> Path:
    """The file the app's 导出 PDF writes: a name not ending in ".pdf" gets it, as .docx names do."""
    from selfeval.export.docx_writer import suffixed_target

    return suffixed_target(path, PDF_SUFFIX)


def export_pdf(report: Report, path: str | os.PathLike[str], *, when: dt.datetime,
               timeout: float = DEFAULT_TIMEOUT_S, cancel: threading.Event | None = None,
               table=None, landscape: bool = False) -> Path:
    """Write ``report`` as PDF to ``path`` and return it.

    ``when`` dates the document (the report's last change, so that an unchanged report gives the same
    .docx bytes and its PDF comes from the cache). Raises ExportError for a bad target and
    ConvertError (OfficeMissing, ConvertCancelled …) when there is no PDF; the target is then untouched.
    With ``table`` (a SelfEvalTable), the 自评表 comes first, as in ``export_docx`` (``landscape`` too).
    """
    target = Path(os.fspath(path)).expanduser().absolute()
    check_target(target)
    pdf = docx_to_pdf(docx_bytes(report, when=when, table=table, landscape=landscape), timeout=timeout, cancel=cancel)
    return write_atomic(target, pdf)
