"""What the store hands back: report summaries and operation log rows."""

from __future__ import annotations

import copy
import datetime as dt
from functools import cached_property
from typing import Any, Callable, NamedTuple

# Operation kinds as stored in the log.
KIND_CREATE = "create"
KIND_SET_FIELD = "set_field"
KIND_SET_SECTION = "set_section"
KIND_DELETE = "delete"
KIND_RESTORE_REPORT = "restore_report"
KIND_PURGE = "purge"
KIND_RESTORE_STATE = "restore_state"
KIND_SET_SECTIONS = "set_sections"  # several sections as one step (an exchange file's changes)
KIND_RENAME = "rename"  # the unit's full and short name as one step
KIND_REPLACE_TEXT = "replace_text"  # a report-wide replace (sections and fields) as one step
KIND_UPGRADE = "upgrade"  # a migration's change of a report's content (0003: figures into the 自评表)
KIND_UNDO = "undo"
KIND_REDO = "redo"

# The kinds that form a report's undo stack.
EDIT_KINDS = (KIND_SET_FIELD, KIND_SET_SECTION, KIND_RESTORE_STATE, KIND_SET_SECTIONS, KIND_RENAME,
              KIND_REPLACE_TEXT, KIND_UPGRADE)

# What part of a report a log row's before/after hold.
PIECE_REPORT = "report"  # the whole report (Report.to_dict()); None: the report did not exist
PIECE_FIELD = "field"  # one top-level field of Report.to_dict(), named by ``field``
PIECE_SECTION = "section"  # one section (Section.to_dict()), named by ``section_key``; None: absent
PIECE_BIN = "bin"  # the recycle-bin mark (deleted_at); not part of the report's content


def parse_time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def now_text() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


class ReportInfo(NamedTuple):  # a named tuple: cheap to define at every start (issue 11)
    id: int
    unit_name: str
    unit_short: str
    year: int
    template_id: str
    title: str
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


class OpRecord:
    """One row of the operation log. Times are timezone-aware (UTC).

    ``before``/``after`` are the JSON form of the piece the row changed (see ``piece``): the whole
    report (``Report.to_dict()``), one field, one section (``Section.to_dict()``) or the recycle-bin
    mark; ``None`` means absent. The log stores only what changed (see ``store.replay``), so a
    record from ``history()`` rebuilds them from the log when first used (``has_data`` False: not
    read with them), which keeps listing a long history quick. Each access gives a copy of its own.

    Read-only, equal only to itself. Written out rather than made by ``@dataclass(frozen=True)``, whose
    generated methods cost about 1 ms of every start (issue 11).
    """

    SHOWN = ("id", "time", "report_id", "section_key", "kind", "summary", "piece", "field", "target_op", "undone")

    def __init__(self, id: int, time: dt.datetime, report_id: int | None, section_key: str | None, kind: str,
                 summary: str, piece: str = PIECE_REPORT, field: str | None = None, target_op: int | None = None,
                 undone: bool = False, values: tuple[Any, Any] | None = None,
                 loader: Callable[[int], tuple[Any, Any]] | None = None) -> None:
        own = self.__dict__
        own["id"], own["time"], own["report_id"], own["section_key"] = id, time, report_id, section_key
        own["kind"], own["summary"], own["piece"], own["field"] = kind, summary, piece, field
        own["target_op"] = target_op  # undo/redo rows: the edit they undo or redo
        own["undone"] = undone  # edit rows: currently undone
        own["values"] = values  # (before, after), if known
        own["loader"] = loader  # for records listed without their data: rebuilds (before, after) by op id

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"OpRecord is read-only: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"OpRecord is read-only: cannot delete {name!r}")

    def __repr__(self) -> str:
        return f"OpRecord({', '.join(f'{name}={self.__dict__[name]!r}' for name in self.SHOWN)})"

    @property
    def has_data(self) -> bool:
        """Whether the record came with its before/after (else they are rebuilt on first use)."""
        return self.values is not None

    @cached_property
    def _data(self) -> tuple[Any, Any]:
        if self.values is not None:
            return self.values
        if self.loader is None:
            raise ValueError("operation record read without its data")
        return self.loader(self.id)

    @property
    def before(self) -> Any:
        return copy.deepcopy(self._data[0])

    @property
    def after(self) -> Any:
        return copy.deepcopy(self._data[1])
