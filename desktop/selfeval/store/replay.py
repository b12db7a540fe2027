"""Applying one piece of a log row (its before or after) to a report in JSON form.

A report's state at any point of its log is reached from a known state by applying, in order, the
``after`` of the rows that follow it, or, walking back, the ``before`` of the rows that precede it.
"""

from __future__ import annotations

import copy
from typing import Any

from selfeval.store.records import PIECE_BIN, PIECE_FIELD, PIECE_REPORT, PIECE_SECTION


def apply_piece(report: dict | None, piece: str, name: str | None, value: Any) -> dict | None:
    """``report`` with the piece set to ``value`` (a new dict; ``report`` is not changed)."""
    if piece == PIECE_REPORT:
        return copy.deepcopy(value)
    if piece == PIECE_BIN:
        return report
    if report is None:
        raise ValueError("piece applied to a missing report")
    out = dict(report)
    if piece == PIECE_FIELD:
        out[name] = copy.deepcopy(value)
        return out
    if piece == PIECE_SECTION:
        sections = list(out.get("sections", []))
        index = next((i for i, s in enumerate(sections) if s.get("key") == name), None)
        if value is None:
            if index is not None:
                del sections[index]
        elif index is None:
            sections.append(copy.deepcopy(value))
        else:
            sections[index] = copy.deepcopy(value)
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
