"""Writing the files of an export plan (``domain.export_plan.plan_files``): each file's .docx made in memory, as
PDF too for 导出 PDF, then all of them written together (``atomic.write_all_atomic``): either every file
of the export is new, or none is changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from selfeval.domain.model import Report
from selfeval.domain.table.model import SelfEvalTable
from selfeval.export.atomic import check_target, write_all_atomic
from selfeval.domain.export_plan import Part, PlannedFile
from selfeval.domain.export_stamp import ExportStamp


def part_docx(report: Report, part: Part, table: SelfEvalTable | None, *, when: dt.datetime,
              landscape: bool = False, stamp: ExportStamp | None = None) -> bytes:
    """The .docx of one planned file."""
    from selfeval.export.package import docx_bytes

    if part is Part.TEXT:
        return docx_bytes(report, when=when, stamp=stamp)
    if table is None:
        raise ValueError("a part with the table needs the table")
    if part is Part.TABLE:
        from selfeval.export.package import table_docx_bytes

        return table_docx_bytes(report, table, when=when, landscape=landscape, stamp=stamp)
    return docx_bytes(report, when=when, table=table, landscape=landscape, stamp=stamp)


def export_planned(report: Report, files: Sequence[PlannedFile], *, table: SelfEvalTable | None,
                   when: dt.datetime | None = None, landscape: bool = False,
                   convert: Callable[[bytes], bytes] | None = None, stamp: ExportStamp | None = None) -> list[Path]:
    """Write every planned file (``convert``: the .docx turned into what is written, e.g. PDF) and return
    their paths. Raises ExportError (or the converter's error) with nothing written."""
    for planned in files:  # before the work: a bad target is reported at once
        check_target(planned.path)
    when = when or dt.datetime.now(dt.timezone.utc)
    items = []
    for planned in files:
        data = part_docx(report, planned.part, table, when=when, landscape=landscape, stamp=stamp)
        items.append((planned.path, convert(data) if convert is not None else data))
    return write_all_atomic(items)
