"""Replaying the op log: a report (in JSON form) moved one log row forward or back.

What a log row did to its piece of the report (see ``records``: the whole report, one field, one
section, or the recycle-bin mark) is a ``Change``. The log stores it in one of three forms:

- a delta (column ``delta``, see ``delta.py``): field and section edits, restores of an earlier
  state, and their typing bursts;
- a reference (undo and redo rows with no ``delta``, ``before`` or ``after``): the change of the edit
  they act on (``target_op``), turned around for an undo;
- full values (columns ``before``/``after``): the report a "create" row made, the recycle-bin mark,
  and rows of a migrated log that did not fit the rows after them (kept as they were).

A report's state at any row is reached from a known whole report (the current one, a "create"
row's, or a keyframe's: column ``snapshot``, every ``schema.KEYFRAME_ROWS`` rows) by moving forward or back
over the rows in between.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, NamedTuple

from selfeval.store import delta as deltas
from selfeval.store.records import KIND_REDO, KIND_UNDO, PIECE_BIN, PIECE_FIELD, PIECE_REPORT, PIECE_SECTION

# The columns ``change_of`` needs, for a query over ``ops o LEFT JOIN ops t ON t.id = o.target_op``.
CHANGE_COLUMNS = ("o.id, o.kind, o.piece, o.section_key, o.field, o.delta, o.before, o.after, "
                  "t.delta AS t_delta, t.before AS t_before, t.after AS t_after")
CHANGE_JOIN = "ops o LEFT JOIN ops t ON t.id = o.target_op"


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class Change(NamedTuple):
    """What one log row did to one piece: ``delta`` (a delta, see ``delta.py``), or, when it is
    None, the piece's whole value ``before`` and ``after``. (A named tuple: as immutable as a frozen
    dataclass, and far cheaper to define, which every start of the app does.)"""

    piece: str
    name: str | None  # the section key or field name
    delta: list | None = None
    before: Any = None
    after: Any = None

    def inverted(self) -> "Change":
        if self.delta is not None:
            return Change(self.piece, self.name, deltas.invert(self.delta))
        return Change(self.piece, self.name, None, self.after, self.before)

    def piece_after(self, value: Any) -> Any:
        """The piece after this change, given its value before (``delta.Mismatch`` if it does not fit)."""
        return self.after if self.delta is None else deltas.apply(value, self.delta)

    def piece_before(self, value: Any) -> Any:
        """The piece before this change, given its value after."""
        return self.inverted().piece_after(value)

    def forward(self, report: dict | None) -> dict | None:
        if self.piece == PIECE_BIN:
            return report
        return set_piece(report, self.piece, self.name, self.piece_after(get_piece(report, self.piece, self.name)))

    def backward(self, report: dict | None) -> dict | None:
        return self.inverted().forward(report)


def change_of(row: Mapping[str, Any]) -> Change:
    """The change of a log row read with ``CHANGE_COLUMNS``."""
    piece, name = row["piece"], row["section_key"] or row["field"]
    if row["kind"] in (KIND_UNDO, KIND_REDO) and row["delta"] is None and row["before"] is None \
            and row["after"] is None:
        target = _own_change(piece, name, row["t_delta"], row["t_before"], row["t_after"])
        return target.inverted() if row["kind"] == KIND_UNDO else target
    return _own_change(piece, name, row["delta"], row["before"], row["after"])


def _own_change(piece: str, name: str | None, delta: str | None, before: str | None, after: str | None) -> Change:
    if delta is not None:
        return Change(piece, name, json.loads(delta))
    return Change(piece, name, None, _loads(before), _loads(after))


def set_piece(report: dict | None, piece: str, name: str | None, value: Any) -> dict | None:
    """``report`` with the piece set to ``value`` (a new dict; ``report`` is not changed)."""
    if piece == PIECE_REPORT:
        return value
    if piece == PIECE_BIN:
        return report
    if report is None:
        raise deltas.Mismatch("piece applied to a missing report")
    out = dict(report)
    if piece == PIECE_FIELD:
        out[name] = value
        return out
    if piece == PIECE_SECTION:
        sections = list(out.get("sections", []))
        index = next((i for i, s in enumerate(sections) if s.get("key") == name), None)
        if value is None:
            if index is not None:
                del sections[index]
        elif index is None:
            sections.append(value)
        else:
            sections[index] = value
        out["sections"] = sections
        return out
    raise ValueError(f"unknown piece {piece!r}")


def get_piece(report: dict | None, piece: str, name: str | None) -> Any:
    """The current value of a piece of ``report`` (JSON form)."""
    if piece == PIECE_REPORT:
        return report
    if report is None:
        return None
    if piece == PIECE_FIELD:
        return report.get(name)
    if piece == PIECE_SECTION:
        return next((s for s in report.get("sections", []) if s.get("key") == name), None)
    raise ValueError(f"unknown piece {piece!r}")
