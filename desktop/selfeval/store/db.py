"""One open database file: its connection and the reads both sides of the store share.

``Store`` (the read side, ``store.py``) and ``Writer`` (the write side, ``writing.py``, loaded with the first
change) are each handed the same ``Db``: the rows of a report, the log's changes, the state after a log row,
the undo/redo candidates. Neither side reaches into the other.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from typing import Any

from selfeval.store.errors import StoreError
from selfeval.store.records import EDIT_KINDS

EDIT_KINDS_SQL = "(" + ", ".join(f"'{k}'" for k in EDIT_KINDS) + ")"
# What undo/redo read of the edit they take (not its data: a keyframe's snapshot is a whole report).
_CANDIDATE = "id, summary, section_key, field"
# Log rows that keep the whole report after them: keyframes, and "create" rows (and migrated rows
# of a whole report that kept their values).
WHOLE_REPORT = "(snapshot IS NOT NULL OR (piece = 'report' AND after IS NOT NULL))"


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def log_damaged() -> StoreError:
    return StoreError("历史记录与报告内容对不上（数据库文件可能已损坏），无法完成这一操作。")


def missing(report_id: int) -> StoreError:
    return StoreError(f"找不到编号为 {report_id} 的报告。")


class Db:
    """The connection of one open file (replaced when the store reopens it) and the reads over it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @functools.cached_property
    def utils(self):
        """The sqlite-utils view of the connection (``atomic()``, migrations), made on first write."""
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False)

    def replace(self, conn: sqlite3.Connection) -> None:
        """Use ``conn`` from now on (the file reopened)."""
        self.conn = conn
        self.__dict__.pop("utils", None)  # the sqlite-utils view of the old connection

    def rows(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        cur = self.conn.cursor()
        cur.row_factory = sqlite3.Row
        return cur.execute(sql, params).fetchall()

    def row(self, sql: str, params: tuple | list = ()) -> sqlite3.Row | None:
        rows = self.rows(sql, params)
        return rows[0] if rows else None

    def report_dict(self, report_id: int) -> dict:
        """The report's data as stored (its head and its sections, in order)."""
        row = self.row("SELECT data FROM reports WHERE id = ?", (report_id,))
        if row is None:
            raise missing(report_id)
        data = json.loads(row["data"])
        data["sections"] = [json.loads(r[0]) for r in self.conn.execute(
            "SELECT data FROM sections WHERE report_id = ? ORDER BY position", (report_id,))]
        return data

    def current_or_none(self, report_id: int) -> dict | None:
        exists = self.row("SELECT 1 FROM reports WHERE id = ?", (report_id,))
        return None if exists is None else self.report_dict(report_id)

    # ---------------------------------------------------------------- the log

    def changes(self, where: str, params: tuple, order: str = "o.id") -> list[sqlite3.Row]:
        from selfeval.store.replay import CHANGE_COLUMNS, CHANGE_JOIN  # the log's replay: not for a start

        return self.rows(f"SELECT {CHANGE_COLUMNS} FROM {CHANGE_JOIN} WHERE {where} ORDER BY {order}", params)

    def whole_report(self, op_id: int) -> dict:
        """The report right after log row ``op_id``, which keeps it whole (a keyframe or "create")."""
        return json.loads(self.row("SELECT COALESCE(snapshot, after) AS data FROM ops WHERE id = ?",
                                   (op_id,))["data"])

    def state_after(self, report_id: int, op_id: int) -> dict:
        """The report's data right after log row ``op_id``, rebuilt from the log."""
        from selfeval.store.delta import Mismatch
        from selfeval.store.replay import change_of

        row = self.row("SELECT report_id FROM ops WHERE id = ?", (op_id,))
        if row is None or row["report_id"] != report_id:
            raise StoreError("找不到这条历史记录。")
        # Replay from the nearest whole report: the current state (backwards), the last keyframe or
        # "create" row at or before op_id (forwards), or the first keyframe after it (backwards).
        count = "SELECT COUNT(*) FROM ops WHERE report_id = ? AND id > ? AND id <= ?"
        end = 2 ** 62
        ways = [(self.conn.execute(count, (report_id, op_id, end)).fetchone()[0], "current", None)]
        before = self.row(f"SELECT id FROM ops WHERE report_id = ? AND id <= ? AND {WHOLE_REPORT} "
                          "ORDER BY id DESC LIMIT 1", (report_id, op_id))
        if before is not None:
            ways.append((self.conn.execute(count, (report_id, before["id"], op_id)).fetchone()[0],
                         "forward", before["id"]))
        after = self.row("SELECT id FROM ops WHERE report_id = ? AND id > ? AND snapshot IS NOT NULL "
                         "ORDER BY id LIMIT 1", (report_id, op_id))
        if after is not None:
            ways.append((self.conn.execute(count, (report_id, op_id, after["id"])).fetchone()[0],
                         "back", after["id"]))
        _rows, way, anchor = min(ways, key=lambda w: w[0])
        try:
            if way == "forward":
                state = self.whole_report(anchor)
                for r in self.changes("o.report_id = ? AND o.id > ? AND o.id <= ?", (report_id, anchor, op_id)):
                    state = change_of(r).forward(state)
                return state
            state = self.report_dict(report_id) if way == "current" else self.whole_report(anchor)
            for r in self.changes("o.report_id = ? AND o.id > ? AND o.id <= ?",
                                  (report_id, op_id, end if anchor is None else anchor), "o.id DESC"):
                state = change_of(r).backward(state)
            return state
        except Mismatch as exc:
            raise log_damaged() from exc

    # ---------------------------------------------------------------- undo and redo

    def undo_candidate(self, report_id: int) -> sqlite3.Row | None:
        return self.row(f"SELECT {_CANDIDATE} FROM ops WHERE report_id = ? AND kind IN {EDIT_KINDS_SQL} "
                        "AND undone = 0 ORDER BY id DESC LIMIT 1", (report_id,))

    def redo_candidate(self, report_id: int) -> sqlite3.Row | None:
        # Undo always takes the newest live edit, so the undone, not dropped edits are the newest
        # ones; redo takes them back oldest first.
        return self.row(f"SELECT {_CANDIDATE} FROM ops WHERE report_id = ? AND kind IN {EDIT_KINDS_SQL} "
                        "AND undone = 1 AND dropped = 0 ORDER BY id LIMIT 1", (report_id,))
