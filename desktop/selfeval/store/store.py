"""The local SQLite store: reports, their sections, and the operation log every change goes through.

``Store.apply(op)`` is the only way data changes: one ``db.atomic()`` transaction changes the data
and appends the log row, or nothing happens at all. Undo and redo walk the log (each is logged as a
step of its own), so they survive a restart; ``state_after`` rebuilds any earlier state from it.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from selfeval.domain.fields import EXPLANATIONS_FIELD, TABLE_FIELD, report_field
from selfeval.domain.model import Report, Section
from selfeval.store import schema, summaries
from selfeval.store.delta import Mismatch, diff
from selfeval.store.errors import StoreError, StoreReadOnly
from selfeval.store.location import default_path as _default_path
from selfeval.store.location import resolve_path
from selfeval.store.opening import backup_file, connect, connect_reading, inspect_file, memory_copy
from selfeval.store.records import (
    EDIT_KINDS,
    KIND_CREATE,
    KIND_DELETE,
    KIND_PURGE,
    KIND_REDO,
    KIND_RENAME,
    KIND_RESTORE_REPORT,
    KIND_RESTORE_STATE,
    KIND_SET_FIELD,
    KIND_SET_SECTION,
    KIND_REPLACE_TEXT,
    KIND_SET_SECTIONS,
    KIND_UNDO,
    PIECE_BIN,
    PIECE_FIELD,
    PIECE_REPORT,
    PIECE_SECTION,
    OpRecord,
    ReportInfo,
    now_text,
    parse_time,
)
from selfeval.store.replay import CHANGE_COLUMNS, CHANGE_JOIN, KEYFRAME_ROWS, change_of, get_piece, set_piece

if TYPE_CHECKING:  # the operations are imported when the first one is applied (the app's start reads only)
    from selfeval.store.operations import (
        CreateReport, DeleteReport, Operation, PurgeReport, RenameReport, ReplaceText, RestoreReport, RestoreState,
        SetExplanation, SetField, SetSection, SetSections,
    )

_EDIT_KINDS_SQL = "(" + ", ".join(f"'{k}'" for k in EDIT_KINDS) + ")"
_OP_COLUMNS = "id, time, report_id, section_key, kind, summary, piece, field, target_op, undone"
# What undo/redo read of the edit they take (not its data: a keyframe's snapshot is a whole report).
_CANDIDATE = "id, summary, section_key, field"
# Log rows that keep the whole report after them: keyframes, and "create" rows (and migrated rows
# of a whole report that kept their values).
_WHOLE_REPORT = "(snapshot IS NOT NULL OR (piece = 'report' AND after IS NOT NULL))"


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _log_damaged() -> StoreError:
    return StoreError("历史记录与报告内容对不上（数据库文件可能已损坏），无法完成这一操作。")


def _cannot_open(path: Path, exc: sqlite3.Error) -> StoreError:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return StoreReadOnly(f"数据库文件“{path}”是只读的，无法以可写方式打开。")
    if "locked" in text or "busy" in text:
        return StoreError(f"数据库文件“{path}”正被其他程序占用，请稍后再试。")
    if path.parent.is_dir() and not os.access(path.parent, os.W_OK):
        # SQLite keeps its journal beside the file: a read-only folder or medium cannot hold it.
        return StoreError(f"数据库所在的文件夹“{path.parent}”是只读的（只读磁盘或没有写入权限），"
                          "无法在此保存修改；请把数据库复制到可写的位置。")
    return StoreError(f"无法打开数据库文件“{path}”，请检查文件和所在文件夹是否可以读写。")


def _migrate(conn: sqlite3.Connection, db) -> None:
    """Apply the pending migrations holding the write lock from the start (BEGIN IMMEDIATE waits for
    the busy timeout), so that several processes opening a new file at once migrate it once, one
    after the other, instead of failing with "database is locked" or "table already exists".
    sqlite-utils runs each migration in a savepoint inside this transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        schema.migrations().apply(db)  # re-reads what is applied, now under the lock
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _is_network_path(path: Path) -> bool:
    # WAL needs shared memory, which network shares do not give, and a removable drive may be pulled
    # out with a -wal file beside the database: use a rollback journal there.
    from selfeval.store.drives import needs_rollback_journal

    return needs_rollback_journal(path)


class Store:
    # Saves of the same section closer together than this join one undo step (a burst of typing).
    # The UI autosaves about once a second while the user types; a pause longer than this starts a
    # new step. 0 makes every save a step of its own.
    coalesce_seconds: float = 4.0
    # Every this many log rows of a report, a row also keeps the whole report after it (a keyframe,
    # column ``snapshot``), so that state_after replays at most about half as many rows.
    keyframe_rows: int = KEYFRAME_ROWS

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool,
                 backup: Path | None = None) -> None:
        self._conn = conn
        self.path = path
        self.read_only = read_only
        self.backup = backup  # the copy made before migrating, if this open migrated the file
        self.schema_version = len(schema.MIGRATION_NAMES)

    @functools.cached_property
    def db(self):
        """The sqlite-utils view of the connection (``db.atomic()``, migrations), made on first write."""
        from sqlite_utils import Database

        return Database(self._conn, execute_plugins=False)

    # ---------------------------------------------------------------- opening

    @staticmethod
    def default_path() -> Path:
        return _default_path()

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, read_only: bool = False,
             upgrade_copy: bool = False) -> "Store":
        """Open (or create) the database. See ARCHITECTURE.md ("Store") for the rules.

        ``read_only``: nothing is written, not to the file and not beside it (no -wal/-shm is left
        behind, the journal mode stays as it is). A file from an older version is then refused, or,
        with ``upgrade_copy``, upgraded in a copy in memory and read from there."""
        db_path, chosen = resolve_path(path)
        state = inspect_file(db_path)
        if read_only:
            if not state.exists:
                raise StoreError(f"数据库文件“{db_path}”不存在。")
            if state.pending and not upgrade_copy:
                raise StoreError(f"数据库“{db_path}”的版本较旧，需要先以可写方式打开一次完成升级，只读方式下不能升级。")
            conn = None
            try:
                conn = connect_reading(db_path)
                if state.pending:
                    source, conn = conn, None
                    try:
                        conn = memory_copy(source)
                    finally:
                        source.close()
                    store = cls(conn, db_path, read_only=True)
                    _migrate(conn, store.db)
                    conn.execute("PRAGMA query_only = ON")
                    return store
            except sqlite3.Error as exc:
                if conn is not None:
                    conn.close()
                raise _cannot_open(db_path, exc) from exc
            return cls(conn, db_path, read_only=True)
        if not db_path.parent.exists():
            if chosen:
                raise StoreError(f"数据库所在的文件夹“{db_path.parent}”不存在。")
            db_path.parent.mkdir(parents=True, exist_ok=True)
        elif not db_path.parent.is_dir():
            raise StoreError(f"“{db_path.parent}”是一个文件，不是文件夹，无法在其中建立数据库。")
        backup = backup_file(db_path, state.version) if state.exists and state.pending else None
        conn = None
        try:
            conn = connect(db_path, read_only=False)
            journal = "DELETE" if _is_network_path(db_path) else "WAL"
            conn.execute(f"PRAGMA journal_mode = {journal}")
            conn.execute("PRAGMA synchronous = NORMAL" if journal == "WAL" else "PRAGMA synchronous = FULL")
            store = cls(conn, db_path, read_only=False, backup=backup)
            if state.pending:
                _migrate(conn, store.db)
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise _cannot_open(db_path, exc) from exc
        return store

    def set_busy_timeout(self, ms: int) -> None:
        """How long a write waits for another program's lock before failing with "正被其他程序占用"
        (``opening.BUSY_TIMEOUT_MS`` by default; the app's autosave uses a short wait and retries)."""
        self._conn.execute(f"PRAGMA busy_timeout = {int(ms)}")

    def close(self) -> None:
        self._conn.close()

    def reopen(self) -> None:
        """Opens the file again after ``close()``, as the same object (the app, once a backup was
        restored into the file): holders of the store keep using it."""
        fresh = Store.open(self.path, read_only=self.read_only)
        self._conn = fresh._conn
        self.backup = fresh.backup
        self.__dict__.pop("db", None)  # the sqlite-utils view of the old connection

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- reading

    def _rows(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        cur = self._conn.cursor()
        cur.row_factory = sqlite3.Row
        return cur.execute(sql, params).fetchall()

    def _row(self, sql: str, params: tuple | list = ()) -> sqlite3.Row | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    @staticmethod
    def _info(row: sqlite3.Row) -> ReportInfo:
        title = Report.from_dict(json.loads(row["data"])).title
        return ReportInfo(
            id=row["id"], unit_name=row["unit_name"], unit_short=row["unit_short"], year=row["year"],
            template_id=row["template_id"], title=title, created_at=parse_time(row["created_at"]),
            updated_at=parse_time(row["updated_at"]), deleted_at=parse_time(row["deleted_at"]),
        )

    def list_reports(self, deleted: bool = False) -> list[ReportInfo]:
        """The reports in the file (``deleted=True``: those in the recycle bin), by id."""
        where = "deleted_at IS NOT NULL" if deleted else "deleted_at IS NULL"
        return [self._info(r) for r in self._rows(f"SELECT * FROM reports WHERE {where} ORDER BY id")]

    def info(self, report_id: int) -> ReportInfo:
        row = self._row("SELECT * FROM reports WHERE id = ?", (report_id,))
        if row is None:
            raise self._missing(report_id)
        return self._info(row)

    def last_edited(self) -> int | None:
        """The id of the report changed last (not in the recycle bin), or None."""
        row = self._row("SELECT id FROM reports WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC LIMIT 1")
        return None if row is None else row["id"]

    def load(self, report_id: int) -> Report:
        return Report.from_dict(self._report_dict(report_id))

    @staticmethod
    def _missing(report_id: int) -> StoreError:
        return StoreError(f"找不到编号为 {report_id} 的报告。")

    def _report_dict(self, report_id: int) -> dict:
        row = self._row("SELECT data FROM reports WHERE id = ?", (report_id,))
        if row is None:
            raise self._missing(report_id)
        data = json.loads(row["data"])
        data["sections"] = [json.loads(r[0]) for r in self._conn.execute(
            "SELECT data FROM sections WHERE report_id = ? ORDER BY position", (report_id,))]
        return data

    # ---------------------------------------------------------------- the log

    def _record(self, row: sqlite3.Row, values: tuple[Any, Any] | None = None) -> OpRecord:
        return OpRecord(
            id=row["id"], time=parse_time(row["time"]), report_id=row["report_id"],
            section_key=row["section_key"], kind=row["kind"], summary=row["summary"], piece=row["piece"],
            field=row["field"], target_op=row["target_op"], undone=bool(row["undone"]), values=values,
            loader=None if values is not None else self._op_values,
        )

    def _changes(self, where: str, params: tuple, order: str = "o.id") -> list[sqlite3.Row]:
        return self._rows(f"SELECT {CHANGE_COLUMNS} FROM {CHANGE_JOIN} WHERE {where} ORDER BY {order}", params)

    def _op_values(self, op_id: int) -> tuple[Any, Any]:
        """(before, after) of log row ``op_id``'s piece, rebuilt from the log."""
        rows = self._changes("o.id = ?", (op_id,))
        if not rows:
            raise StoreError("找不到这条历史记录。")
        row = rows[0]
        if row["piece"] == PIECE_BIN or row["kind"] in (KIND_CREATE, KIND_PURGE):
            return _loads(row["before"]), _loads(row["after"])
        report_id = self._row("SELECT report_id FROM ops WHERE id = ?", (op_id,))["report_id"]
        change = change_of(row)
        if change.delta is None:  # a row that keeps its values (or refers to one that does)
            return change.before, change.after
        try:
            after = get_piece(self._state_after(report_id, op_id), change.piece, change.name)
            return change.piece_before(after), after
        except Mismatch as exc:
            raise _log_damaged() from exc

    def history(self, report_id: int, limit: int = 500, *, with_data: bool = False) -> list[OpRecord]:
        """The report's log, newest first (undo and redo steps included). Before/after are rebuilt
        when first used (``with_data=True``: now, in one walk back from the current state, e.g. to
        use them after closing the store)."""
        rows = self._rows(f"SELECT {_OP_COLUMNS} FROM ops WHERE report_id = ? ORDER BY id DESC LIMIT ?",
                          (report_id, limit))
        if not with_data or not rows:
            return [self._record(r) for r in rows]
        changes = self._changes("o.report_id = ? AND o.id >= ?", (report_id, rows[-1]["id"]), "o.id DESC")
        state = self._current_or_none(report_id)
        records = []
        try:
            for row, change_row in zip(rows, changes):
                if row["piece"] == PIECE_BIN or row["kind"] in (KIND_CREATE, KIND_PURGE):
                    values = (_loads(change_row["before"]), _loads(change_row["after"]))
                else:
                    change = change_of(change_row)
                    if change.delta is None:
                        values = (change.before, change.after)
                    else:
                        after = get_piece(state, change.piece, change.name)
                        values = (change.piece_before(after), after)
                    state = set_piece(state, change.piece, change.name, values[0])
                records.append(self._record(row, values))
        except Mismatch as exc:
            raise _log_damaged() from exc
        return records

    def _current_or_none(self, report_id: int) -> dict | None:
        exists = self._row("SELECT 1 FROM reports WHERE id = ?", (report_id,))
        return None if exists is None else self._report_dict(report_id)

    def op(self, op_id: int) -> OpRecord:
        row = self._row(f"SELECT {_OP_COLUMNS} FROM ops WHERE id = ?", (op_id,))
        if row is None:
            raise StoreError("找不到这条历史记录。")
        return self._record(row, self._op_values(op_id))

    def state_after(self, report_id: int, op_id: int) -> Report:
        """The report as it was right after log row ``op_id``."""
        return Report.from_dict(self._state_after(report_id, op_id))

    def _state_after(self, report_id: int, op_id: int) -> dict:
        row = self._row("SELECT report_id FROM ops WHERE id = ?", (op_id,))
        if row is None or row["report_id"] != report_id:
            raise StoreError("找不到这条历史记录。")
        # Replay from the nearest whole report: the current state (backwards), the last keyframe or
        # "create" row at or before op_id (forwards), or the first keyframe after it (backwards).
        count = "SELECT COUNT(*) FROM ops WHERE report_id = ? AND id > ? AND id <= ?"
        end = 2 ** 62
        ways = [(self._conn.execute(count, (report_id, op_id, end)).fetchone()[0], "current", None)]
        before = self._row(f"SELECT id FROM ops WHERE report_id = ? AND id <= ? AND {_WHOLE_REPORT} "
                           "ORDER BY id DESC LIMIT 1", (report_id, op_id))
        if before is not None:
            ways.append((self._conn.execute(count, (report_id, before["id"], op_id)).fetchone()[0],
                         "forward", before["id"]))
        after = self._row("SELECT id FROM ops WHERE report_id = ? AND id > ? AND snapshot IS NOT NULL "
                          "ORDER BY id LIMIT 1", (report_id, op_id))
        if after is not None:
            ways.append((self._conn.execute(count, (report_id, op_id, after["id"])).fetchone()[0],
                         "back", after["id"]))
        _rows, way, anchor = min(ways, key=lambda w: w[0])
        try:
            if way == "forward":
                state = self._whole_report(anchor)
                for r in self._changes("o.report_id = ? AND o.id > ? AND o.id <= ?", (report_id, anchor, op_id)):
                    state = change_of(r).forward(state)
                return state
            state = self._report_dict(report_id) if way == "current" else self._whole_report(anchor)
            for r in self._changes("o.report_id = ? AND o.id > ? AND o.id <= ?",
                                   (report_id, op_id, end if anchor is None else anchor), "o.id DESC"):
                state = change_of(r).backward(state)
            return state
        except Mismatch as exc:
            raise _log_damaged() from exc

    def _whole_report(self, op_id: int) -> dict:
        """The report right after log row ``op_id``, which keeps it whole (a keyframe or "create")."""
        return json.loads(self._row("SELECT COALESCE(snapshot, after) AS data FROM ops WHERE id = ?",
                                    (op_id,))["data"])

    # ---------------------------------------------------------------- writing

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("数据库以只读方式打开，不能修改。")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One ``db.atomic()`` transaction, write-locked from its first statement, SQLite errors
        the user can meet turned into Chinese messages."""
        self._writable()
        try:
            with self.db.atomic():
                # Take the write lock now (waiting up to the busy timeout), so that a read in this
                # transaction can never be overtaken by another process's commit.
                self._conn.execute("UPDATE reports SET id = id WHERE 0")
                yield
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if "locked" in text or "busy" in text:
                raise StoreError("数据库正被其他程序占用，请稍后再试。") from exc
            if "full" in text:
                raise StoreError("磁盘空间不足，修改未能保存。") from exc
            if "readonly" in text or "read-only" in text:
                raise StoreError("数据库文件是只读的，修改未能保存。") from exc
            raise StoreError("读写数据库文件时出错，修改未能保存。") from exc
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError):
            raise  # a bug in the store, not something the user can mend: logged by the caller
        except sqlite3.DatabaseError as exc:  # "database disk image is malformed" and the like
            raise StoreError("数据库文件已损坏，修改未能保存。") from exc

    def _log(self, now: str, report_id: int | None, kind: str, piece: str, summary: str,
             values: tuple[Any, Any], *, section_key: str | None = None, field: str | None = None,
             delta: list | None = None, before: str | None = None, after: str | None = None,
             target_op: int | None = None) -> OpRecord:
        """Append a log row: its change as ``delta``, or as full ``before``/``after`` (JSON text), or
        neither (an undo/redo row: its target's change). ``values``: the piece before and after,
        for the record handed back."""
        cur = self._conn.execute(
            "INSERT INTO ops (time, report_id, kind, piece, section_key, field, summary, delta, before, after, "
            "target_op) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (now, report_id, kind, piece, section_key, field, summary, _dumps(delta), before, after, target_op))
        if piece != PIECE_BIN and after is None and self._keyframe_due(report_id, cur.lastrowid):
            self._conn.execute("UPDATE ops SET snapshot = ? WHERE id = ?",
                               (_dumps(self._report_dict(report_id)), cur.lastrowid))
        return OpRecord(id=cur.lastrowid, time=parse_time(now), report_id=report_id, section_key=section_key,
                        kind=kind, summary=summary, piece=piece, field=field, target_op=target_op, values=values)

    def _keyframe_due(self, report_id: int, op_id: int) -> bool:
        """Whether row ``op_id`` is ``keyframe_rows`` rows after the report's last whole copy."""
        # Walks back from op_id (index ops_report) and stops at the first whole copy.
        last = self._row(f"SELECT id FROM ops WHERE report_id = ? AND id < ? AND {_WHOLE_REPORT} "
                         "ORDER BY id DESC LIMIT 1", (report_id, op_id))
        since = self._conn.execute("SELECT COUNT(*) FROM ops WHERE report_id = ? AND id > ? AND id <= ?",
                                   (report_id, 0 if last is None else last["id"], op_id)).fetchone()[0]
        return since >= self.keyframe_rows

    def _drop_redo(self, report_id: int) -> None:
        self._conn.execute("UPDATE ops SET dropped = 1 WHERE report_id = ? AND undone = 1 AND dropped = 0",
                           (report_id,))

    def _live_row(self, report_id: int) -> sqlite3.Row:
        row = self._row("SELECT id, data, deleted_at FROM reports WHERE id = ?", (report_id,))
        if row is None:
            raise self._missing(report_id)
        if row["deleted_at"] is not None:
            raise StoreError(f"编号为 {report_id} 的报告在回收站中，请先还原再修改。")
        return row

    @staticmethod
    def _title(data: dict) -> str:
        return Report.from_dict({k: v for k, v in data.items() if k != "sections"}).title

    def _touch(self, report_id: int, now: str) -> None:
        self._conn.execute("UPDATE reports SET updated_at = ? WHERE id = ?", (now, report_id))

    def _write_head(self, report_id: int, head: dict, now: str) -> None:
        """Store the report's fields (everything but its sections) and the mirrored columns."""
        head = {k: v for k, v in head.items() if k != "sections"}
        self._conn.execute(
            "UPDATE reports SET unit_name = ?, unit_short = ?, year = ?, template_id = ?, data = ?, "
            "updated_at = ? WHERE id = ?",
            (head.get("unit_name", ""), head.get("unit_short", ""), int(head.get("year") or 0),
             head.get("template_id", ""), _dumps(head), now, report_id))

    def _write_sections(self, report_id: int, sections: list[dict]) -> None:
        keys = [s["key"] for s in sections]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate section keys in report")
        self._conn.execute("DELETE FROM sections WHERE report_id = ?", (report_id,))
        self._conn.executemany(
            "INSERT INTO sections (report_id, key, position, data) VALUES (?, ?, ?, ?)",
            [(report_id, s["key"], i, _dumps(s)) for i, s in enumerate(sections)])

    def _write_section(self, report_id: int, key: str, value: dict | None, now: str) -> None:
        if value is None:
            self._conn.execute("DELETE FROM sections WHERE report_id = ? AND key = ?", (report_id, key))
        else:
            cur = self._conn.execute("UPDATE sections SET data = ? WHERE report_id = ? AND key = ?",
                                     (_dumps(value), report_id, key))
            if cur.rowcount == 0:
                self._conn.execute(
                    "INSERT INTO sections (report_id, key, position, data) VALUES (?, ?, "
                    "(SELECT COALESCE(MAX(position), -1) + 1 FROM sections WHERE report_id = ?), ?)",
                    (report_id, key, report_id, _dumps(value)))
        self._touch(report_id, now)

    def _read_piece(self, report_id: int, piece: str, name: str | None) -> Any:
        if piece == PIECE_SECTION:
            row = self._row("SELECT data FROM sections WHERE report_id = ? AND key = ?", (report_id, name))
            return None if row is None else json.loads(row["data"])
        if piece == PIECE_FIELD:
            row = self._row("SELECT data FROM reports WHERE id = ?", (report_id,))
            return json.loads(row["data"]).get(name)
        return get_piece(self._report_dict(report_id), piece, name)

    def _write_piece(self, report_id: int, piece: str, name: str | None, value: Any, now: str) -> None:
        if piece == PIECE_SECTION:
            self._write_section(report_id, name, value, now)
        elif piece == PIECE_FIELD:
            head = json.loads(self._row("SELECT data FROM reports WHERE id = ?", (report_id,))["data"])
            head[name] = value
            self._write_head(report_id, head, now)
        elif piece == PIECE_REPORT:
            if value is None:
                raise ValueError("cannot write a missing report over an existing one")
            self._write_head(report_id, value, now)
            self._write_sections(report_id, value.get("sections", []))
        else:
            raise ValueError(f"piece {piece!r} is not undoable")

    # ---------------------------------------------------------------- the operations funnel

    def apply(self, op: Operation) -> OpRecord | None:
        """Apply one operation in one transaction with its log row; None if it changes nothing."""
        from selfeval.store import operations as ops

        handler = {
            ops.CreateReport: self._create, ops.SetField: self._set_field, ops.SetSection: self._set_section,
            ops.DeleteReport: self._delete, ops.RestoreReport: self._restore_report, ops.PurgeReport: self._purge,
            ops.RestoreState: self._restore_state, ops.SetSections: self._set_sections,
            ops.RenameReport: self._rename,
            ops.ReplaceText: self._replace_text, ops.SetExplanation: self._set_explanation,
        }.get(type(op))
        if handler is None:
            raise TypeError(f"not a store operation: {op!r}")
        with self._transaction():
            return handler(op)

    def create(self, report: Report, note: str = "") -> int:
        """Add ``report``; its new id."""
        from selfeval.store.operations import CreateReport

        return self.apply(CreateReport(report, note)).report_id

    def duplicate(self, report_id: int) -> int:
        """A copy of the report (text, structure, settings) as a new report; its id."""
        return self.create(self.load(report_id), note=f"复制自编号 {report_id}")

    def find_or_create(self, report: Report, note: str = "") -> tuple[int, bool]:
        """The id of a report (not in the recycle bin) of the same unit name and year as ``report``,
        else ``report`` added: ``(id, created)``. Look-up and creation are one transaction, so that
        two processes doing this at once add the report once."""
        with self._transaction():
            row = self._row("SELECT id FROM reports WHERE deleted_at IS NULL AND unit_name = ? AND year = ? "
                            "ORDER BY id LIMIT 1", (report.unit_name, int(report.year or 0)))
            if row is not None:
                return row["id"], False
            from selfeval.store.operations import CreateReport

            return self._create(CreateReport(report, note)).report_id, True

    def _create(self, op: CreateReport) -> OpRecord:
        if not isinstance(op.report, Report):
            raise TypeError("CreateReport needs a Report")
        data = op.report.to_dict()
        now = now_text()
        head = {k: v for k, v in data.items() if k != "sections"}
        cur = self._conn.execute(
            "INSERT INTO reports (unit_name, unit_short, year, template_id, created_at, updated_at, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (data["unit_name"], data["unit_short"], int(data["year"] or 0), data["template_id"], now, now,
             _dumps(head)))
        report_id = cur.lastrowid
        self._write_sections(report_id, data["sections"])
        # The first state of the report is kept whole: state_after can replay forward from it.
        return self._log(now, report_id, KIND_CREATE, PIECE_REPORT, summaries.create(op.report.title, op.note),
                         (None, data), after=_dumps(data))

    def _set_field(self, op: SetField) -> OpRecord | None:
        value = report_field(op.field).validate(op.value)
        row = self._live_row(op.report_id)
        head = json.loads(row["data"])
        before = head.get(op.field)
        if before == value:
            return None
        now = now_text()
        self._drop_redo(op.report_id)
        head[op.field] = value
        self._write_head(op.report_id, head, now)
        return self._log(now, op.report_id, KIND_SET_FIELD, PIECE_FIELD, summaries.set_field(op.field),
                         (before, value), field=op.field, delta=diff(before, value))

    def _set_explanation(self, op: SetExplanation) -> OpRecord | None:
        """One key of the 审核说明 set or removed, logged as a change of that field (undo puts it back)."""
        row = self._live_row(op.report_id)
        head = json.loads(row["data"])
        before = head.get(EXPLANATIONS_FIELD)
        field = report_field(EXPLANATIONS_FIELD)
        current = field.load(before)
        if op.explanation is None:
            removed = current.pop(op.key, None)
            if removed is None:
                return None
            summary = summaries.withdraw(removed.severity, removed.subject, removed.dismissed)
        else:
            if current.get(op.key) == op.explanation:
                return None
            current[op.key] = op.explanation
            summary = summaries.explain(op.explanation.severity, op.explanation.subject,
                                        op.explanation.dismissed)
        value = field.validate(current)
        now = now_text()
        self._drop_redo(op.report_id)
        head[EXPLANATIONS_FIELD] = value
        self._write_head(op.report_id, head, now)
        return self._log(now, op.report_id, KIND_SET_FIELD, PIECE_FIELD, summary, (before, value),
                         field=EXPLANATIONS_FIELD, delta=diff(before, value))

    def _set_section(self, op: SetSection) -> OpRecord | None:
        if not isinstance(op.section, Section):
            raise TypeError("SetSection needs a Section")
        self._live_row(op.report_id)
        key = op.section.key
        value = op.section.to_dict()
        row = self._row("SELECT data FROM sections WHERE report_id = ? AND key = ?", (op.report_id, key))
        before = None if row is None else json.loads(row["data"])
        if before is not None and before == value:
            return None
        now = now_text()
        burst = self._typing_burst(op.report_id, key, now)
        if burst is not None:
            # The same section was saved moments ago by the same run of typing: extend that step, so
            # that Ctrl+Z undoes a burst of typing rather than one autosave. Its delta is made again
            # from the state the burst started from, so the step stays as small as the change.
            try:
                base = change_of(burst).piece_before(before)
            except Mismatch as exc:
                raise _log_damaged() from exc
            self._write_section(op.report_id, key, value, now)
            self._conn.execute("UPDATE ops SET time = ?, delta = ?, before = NULL, after = NULL WHERE id = ?",
                               (now, _dumps(diff(base, value)), burst["id"]))
            if burst["keyframe"]:
                self._conn.execute("UPDATE ops SET snapshot = ? WHERE id = ?",
                                   (_dumps(self._report_dict(op.report_id)), burst["id"]))
            return OpRecord(id=burst["id"], time=parse_time(now), report_id=op.report_id, section_key=key,
                            kind=KIND_SET_SECTION, summary=burst["summary"], piece=PIECE_SECTION,
                            values=(base, value))
        self._drop_redo(op.report_id)
        self._write_section(op.report_id, key, value, now)
        summary = summaries.set_section(op.section.heading, key, added=before is None)
        return self._log(now, op.report_id, KIND_SET_SECTION, PIECE_SECTION, summary, (before, value),
                         section_key=key, delta=diff(before, value))

    def _typing_burst(self, report_id: int, key: str, now: str) -> sqlite3.Row | None:
        """The report's newest log row, if it is a live edit of section ``key`` made less than
        ``coalesce_seconds`` ago; None otherwise (then the change is a step of its own)."""
        if self.coalesce_seconds <= 0:
            return None
        row = self._row(f"SELECT {CHANGE_COLUMNS}, o.time, o.undone, o.summary, "
                        f"o.snapshot IS NOT NULL AS keyframe FROM {CHANGE_JOIN} "
                        "WHERE o.report_id = ? ORDER BY o.id DESC LIMIT 1", (report_id,))
        if row is None or row["kind"] != KIND_SET_SECTION or row["section_key"] != key or row["undone"]:
            return None
        age = (parse_time(now) - parse_time(row["time"])).total_seconds()
        return row if 0 <= age < self.coalesce_seconds else None

    def _delete(self, op: DeleteReport) -> OpRecord | None:
        row = self._row("SELECT data, deleted_at FROM reports WHERE id = ?", (op.report_id,))
        if row is None:
            raise self._missing(op.report_id)
        if row["deleted_at"] is not None:
            return None
        now = now_text()
        self._conn.execute("UPDATE reports SET deleted_at = ? WHERE id = ?", (now, op.report_id))
        title = self._title(json.loads(row["data"]))
        return self._log(now, op.report_id, KIND_DELETE, PIECE_BIN, summaries.delete(title), (None, now),
                         after=_dumps(now))

    def _restore_report(self, op: RestoreReport) -> OpRecord | None:
        row = self._row("SELECT data, deleted_at FROM reports WHERE id = ?", (op.report_id,))
        if row is None:
            raise self._missing(op.report_id)
        if row["deleted_at"] is None:
            return None
        now = now_text()
        self._conn.execute("UPDATE reports SET deleted_at = NULL WHERE id = ?", (op.report_id,))
        title = self._title(json.loads(row["data"]))
        return self._log(now, op.report_id, KIND_RESTORE_REPORT, PIECE_BIN, summaries.restore_report(title),
                         (row["deleted_at"], None), before=_dumps(row["deleted_at"]))

    def _purge(self, op: PurgeReport) -> OpRecord:
        row = self._row("SELECT data, deleted_at FROM reports WHERE id = ?", (op.report_id,))
        if row is None:
            raise self._missing(op.report_id)
        if row["deleted_at"] is None:
            raise StoreError("只能彻底删除回收站中的报告，请先删除该报告。")
        title = self._title(json.loads(row["data"]))
        self._conn.execute("DELETE FROM ops WHERE report_id = ?", (op.report_id,))
        self._conn.execute("DELETE FROM sections WHERE report_id = ?", (op.report_id,))
        self._conn.execute("DELETE FROM reports WHERE id = ?", (op.report_id,))
        return self._log(now_text(), op.report_id, KIND_PURGE, PIECE_BIN, summaries.purge(title), (None, None))

    def _restore_state(self, op: RestoreState) -> OpRecord | None:
        self._live_row(op.report_id)
        target = self._state_after(op.report_id, op.op_id)
        current = self._report_dict(op.report_id)
        if target == current:
            return None
        target_row = self._row("SELECT time, summary FROM ops WHERE id = ?", (op.op_id,))
        now = now_text()
        self._drop_redo(op.report_id)
        self._write_piece(op.report_id, PIECE_REPORT, None, target, now)
        summary = summaries.restore_state(parse_time(target_row["time"]), target_row["summary"])
        # A delta against the current state: the sections and fields that differ, not two reports.
        return self._log(now, op.report_id, KIND_RESTORE_STATE, PIECE_REPORT, summary, (current, target),
                         delta=diff(current, target))

    def _set_sections(self, op: SetSections) -> OpRecord | None:
        """Several sections in one step, logged as a whole-report row (as a restore is)."""
        if not all(isinstance(s, Section) for s in op.sections):
            raise TypeError("SetSections needs Sections")
        self._live_row(op.report_id)
        current = self._report_dict(op.report_id)
        sections = list(current["sections"])
        positions = {s["key"]: i for i, s in enumerate(sections)}
        changed = []
        for section in op.sections:
            value = section.to_dict()
            if section.key in positions:
                if sections[positions[section.key]] == value:
                    continue
                sections[positions[section.key]] = value
            else:
                positions[section.key] = len(sections)
                sections.append(value)
            changed.append(section.heading or section.key)
        target = {**current, "sections": sections}
        if op.table is not None:
            table = report_field(TABLE_FIELD).validate(op.table)
            if current.get(TABLE_FIELD) != table:
                target[TABLE_FIELD] = table
                changed.append(summaries.TABLE_LABEL)
        if not changed:
            return None
        if op.explanations:
            field = report_field(EXPLANATIONS_FIELD)
            explanations = field.load(current.get(EXPLANATIONS_FIELD))
            for key, explanation in op.explanations:
                explanations.setdefault(key, explanation)
            target[EXPLANATIONS_FIELD] = field.validate(explanations)
        now = now_text()
        self._drop_redo(op.report_id)
        self._write_piece(op.report_id, PIECE_REPORT, None, target, now)
        summary = summaries.set_sections(op.source, changed)
        # A delta against the current state (the sections that differ), as a restore's.
        return self._log(now, op.report_id, KIND_SET_SECTIONS, PIECE_REPORT, summary, (current, target),
                         delta=diff(current, target))

    def _rename(self, op: RenameReport) -> OpRecord | None:
        """Both names in one step, logged as a whole-report row with a delta (as SetSections is)."""
        names = {"unit_name": report_field("unit_name").validate(op.unit_name),
                 "unit_short": report_field("unit_short").validate(op.unit_short)}
        self._live_row(op.report_id)
        current = self._report_dict(op.report_id)
        if all(current.get(k) == v for k, v in names.items()):
            return None
        target = {**current, **names}
        now = now_text()
        self._drop_redo(op.report_id)
        self._write_piece(op.report_id, PIECE_REPORT, None, target, now)
        return self._log(now, op.report_id, KIND_RENAME, PIECE_REPORT, summaries.rename(op.unit_name, op.unit_short),
                         (current, target), delta=diff(current, target))

    def _replace_text(self, op: ReplaceText) -> OpRecord | None:
        """A report-wide replace: the text fields and the sections of ``op.report``, as one whole-report row."""
        if not isinstance(op.report, Report):
            raise TypeError("ReplaceText needs a Report")
        self._live_row(op.report_id)
        current = self._report_dict(op.report_id)
        new = op.report.to_dict()
        from selfeval.domain.text_fields import REPORT_FIELDS  # not on the way to the window

        target = {**current, "sections": new["sections"], **{name: new[name] for name in REPORT_FIELDS}}
        if target == current:
            return None
        now = now_text()
        self._drop_redo(op.report_id)
        self._write_piece(op.report_id, PIECE_REPORT, None, target, now)
        summary = summaries.replace_text(op.find, op.replacement, op.count, op.everywhere)
        return self._log(now, op.report_id, KIND_REPLACE_TEXT, PIECE_REPORT, summary, (current, target),
                         delta=diff(current, target))

    # ---------------------------------------------------------------- undo and redo

    def _undo_candidate(self, report_id: int) -> sqlite3.Row | None:
        return self._row(f"SELECT {_CANDIDATE} FROM ops WHERE report_id = ? AND kind IN {_EDIT_KINDS_SQL} "
                         "AND undone = 0 ORDER BY id DESC LIMIT 1", (report_id,))

    def _redo_candidate(self, report_id: int) -> sqlite3.Row | None:
        # Undo always takes the newest live edit, so the undone, not dropped edits are the newest
        # ones; redo takes them back oldest first.
        return self._row(f"SELECT {_CANDIDATE} FROM ops WHERE report_id = ? AND kind IN {_EDIT_KINDS_SQL} "
                         "AND undone = 1 AND dropped = 0 ORDER BY id LIMIT 1", (report_id,))

    def can_undo(self, report_id: int) -> bool:
        return self._undo_candidate(report_id) is not None

    def can_redo(self, report_id: int) -> bool:
        return self._redo_candidate(report_id) is not None

    def undo(self, report_id: int) -> OpRecord | None:
        """Undo the report's newest edit not undone yet (logged as an "undo" step); None if none."""
        with self._transaction():
            row = self._undo_candidate(report_id)
            if row is None:
                return None
            self._live_row(report_id)
            self._conn.execute("UPDATE ops SET undone = 1 WHERE id = ?", (row["id"],))
            return self._step(report_id, row, KIND_UNDO, summaries.undo(row["summary"]))

    def redo(self, report_id: int) -> OpRecord | None:
        """Redo the edit undone last (logged as a "redo" step); None if there is nothing to redo."""
        with self._transaction():
            row = self._redo_candidate(report_id)
            if row is None:
                return None
            self._live_row(report_id)
            self._conn.execute("UPDATE ops SET undone = 0 WHERE id = ?", (row["id"],))
            return self._step(report_id, row, KIND_REDO, summaries.redo(row["summary"]))

    def _step(self, report_id: int, row: sqlite3.Row, kind: str, summary: str) -> OpRecord:
        """Log an undo or redo of edit ``row``: the row refers to the edit, whose change it reverses
        (undo) or repeats (redo) on the current state."""
        change = change_of(self._changes("o.id = ?", (row["id"],))[0])
        current = self._read_piece(report_id, change.piece, change.name)
        try:
            target = change.piece_before(current) if kind == KIND_UNDO else change.piece_after(current)
        except Mismatch as exc:
            raise _log_damaged() from exc
        now = now_text()
        self._write_piece(report_id, change.piece, change.name, target, now)
        return self._log(now, report_id, kind, change.piece, summary, (current, target),
                         section_key=row["section_key"], field=row["field"], target_op=row["id"])

