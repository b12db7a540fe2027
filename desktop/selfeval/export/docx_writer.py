"""``export_docx``: the report as an official-layout .docx (GB/T 9704-2012), written atomically."""

from __future__ import annotations

import os
from pathlib import Path

from selfeval.domain.model import Report
from selfeval.domain.table.model import SelfEvalTable
from selfeval.export.atomic import check_target, write_atomic
from selfeval.export.package import docx_bytes

DOCX_SUFFIX = ".docx"


def docx_target(path: str | os.PathLike[str]) -> Path:
    """The file an export to ``path`` writes: always a .docx, so that Word and WPS open it.

    A name that does not end in ".docx" (any case) gets ".docx" appended, as the app's save dialog
    does: "说明" → "说明.docx", "说明.txt" → "说明.txt.docx", "2024.11.25" → "2024.11.25.docx"; dots and
    spaces at the end of the name are dropped first (Windows drops them anyway). A folder is left as
    it is, for ``check_target`` to refuse.
    """
    return suffixed_target(path, DOCX_SUFFIX)


def suffixed_target(path: str | os.PathLike[str], suffix: str) -> Path:
    """``path`` ending in ``suffix`` (any case), by the rule of :func:`docx_target` (the PDF export's too)."""
    target = Path(os.fspath(path)).expanduser()
    if target.suffix.lower() == suffix or _is_dir(target):
        return target.absolute()
    name = target.name.rstrip(". ") or target.name
    return target.with_name(name + suffix).absolute()


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # reported by check_target
        return False


def export_docx(report: Report, path: str | os.PathLike[str], *, table: SelfEvalTable | None = None,
                landscape: bool = False, stamp=None) -> Path:
    """Write ``report`` to ``docx_target(path)`` and return that path; with ``table``, the 自评表 first
    (on its own pages; ``landscape``: landscape pages in a section of their own), then the 说明.

    Raises :class:`~selfeval.export.errors.ExportError` for a folder, a missing folder, a read-only or
    locked target, a full disk. The target is either left as it was or replaced by the whole file.
    """
    target = docx_target(path)
    check_target(target)  # before the work, so that a bad target is reported at once
    data = docx_bytes(report, stamp=stamp) if table is None else docx_bytes(report, table=table, landscape=landscape,
                                                                           stamp=stamp)
    return write_atomic(target, data)
