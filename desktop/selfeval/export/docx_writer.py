"""``export_docx``: the report as an official-layout .docx (GB/T 9704-2012), written atomically."""

from __future__ import annotations

import os
from pathlib import Path

from selfeval.domain.model import Report
from selfeval.export.atomic import check_target, write_atomic
from selfeval.export.package import docx_bytes

DOCX_SUFFIX = ".docx"


def export_docx(report: Report, path: str | os.PathLike[str]) -> Path:
    """Write ``report`` to ``path`` (".docx" added when the name has no extension); return the path.

    Raises :class:`~selfeval.export.errors.ExportError` for a folder, a missing folder, a read-only or
    locked target, a full disk. The target is either left as it was or replaced by the whole file.
    """
    target = Path(os.fspath(path)).expanduser()
    if target.suffix == "" and not target.is_dir():
        target = target.with_name(target.name + DOCX_SUFFIX)
    target = target.absolute()
    check_target(target)  # before the work, so that a bad target is reported at once
    return write_atomic(target, docx_bytes(report))
