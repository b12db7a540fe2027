"""The local SQLite store: reports, their sections, and the operation log every change goes through.

``Store.apply(op)`` is the only way data changes: one ``db.atomic()`` transaction changes the data
and appends the log row, or nothing happens at all. Undo and redo walk the log (each is logged as a
step of its own), so they survive a restart; ``state_after`` rebuilds any earlier state from it.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from selfeval.domain.model import Report
from selfeval.store import schema
from selfeval.store.db import Db, loads, log_damaged, missing
from selfeval.store.errors import StoreDamaged, StoreError, StoreReadOnly
from selfeval.store.location import default_path as _default_path
from selfeval.store.location import file_identity, resolve_path
from selfeval.store.lock_guard import LockGuard
from selfeval.store.connecting import connect, connect_reading, hold, memory_copy, release
from selfeval.store.opening import backup_file, inspect_file
from selfeval.store.records import (
    KIND_CREATE,
    KIND_PURGE,
    PIECE_BIN,
    OpRecord,
    ReportInfo,
    parse_time,
)
from selfeval.store.schema import KEYFRAME_ROWS

if TYPE_CHECKING:  # the operations are imported when the first one is applied (the app's start reads only)
    from selfeval.store.operations import Operation

_OP_COLUMNS = "id, time, report_id, section_key, kind, summary, piece, field, target_op, undone"


FILE_GONE = ("数据库文件“{path}”已被删除、移走或改名（可能是文件管理器、同步盘或杀毒软件所为）。"
             "本窗口中的内容都还在，但已无法保存到原来的文件：请用“另存到…”保存为新文件。")
FILE_REPLACED = ("数据库文件“{path}”已被另一个文件替换。本窗口中的内容都还在，但不会保存到替换后的文件："
                 "请用“另存到…”保存为新文件。")


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
        self._db = Db(conn)  # the connection and the reads the write side shares (``store/db.py``)
        self.path = path
        self.read_only = read_only
        self.backup = backup  # the copy made before migrating, if this open migrated the file
        self.schema_version = len(schema.MIGRATION_NAMES)
        # Writable: the file is marked held while open, so that nothing in this process opens it
        # raw and drops the connection's locks (see ``connecting.hold``).
        self._held = hold(path) if not read_only else None
        # Writable: the locks that say "in use" are kept even when something else in the process opens the
        # file raw and closes it (a file dialog showing its folder; see ``lock_guard``).
        self._guard = LockGuard(path) if not read_only else None
        # The file opened (device, inode): before every change the path must still name it (``file_problem``).
        self._file_id = file_identity(path) if not read_only else None

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._db.conn

    @_conn.setter
    def _conn(self, conn: sqlite3.Connection) -> None:
        self._db.conn = conn

    @property
    def db(self):
        """The sqlite-utils view of the connection (``db.atomic()``, migrations), made on first write."""
        return self._db.utils

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
        try:
            state = inspect_file(db_path)
        except StoreDamaged as exc:  # the message with the ways out: the newest whole backup, a recovery
            from selfeval.store.backups import damaged_error

            raise damaged_error(db_path, exc.problems) from exc
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
        # A file with none of our migrations applied holds no data (inspect_file refuses one with
        # tables of its own): nothing to back up, e.g. a new file another process is just creating.
        backup = backup_file(db_path, state.version) if state.applied and state.pending else None
        conn = store = None
        try:
            conn = connect(db_path, read_only=False)
            journal = "DELETE" if _is_network_path(db_path) else "WAL"
            conn.execute(f"PRAGMA journal_mode = {journal}")
            conn.execute("PRAGMA synchronous = NORMAL" if journal == "WAL" else "PRAGMA synchronous = FULL")
            store = cls(conn, db_path, read_only=False, backup=backup)
            if state.pending:
                _migrate(conn, store.db)
            store.keep_locks()
        except BaseException as exc:
            if store is not None:
                store.close()
            elif conn is not None:
                conn.close()
            if isinstance(exc, sqlite3.Error):
                raise _cannot_open(db_path, exc) from exc
            raise
        return store

    def file_problem(self) -> str | None:
        """None while the path still names the file this store has open; else why not, in Chinese (the file
        was deleted, moved or renamed, or another file now has its name). Saving then would go into a file no
        other program can find: ``Writer`` refuses it (``StoreFileGone``) and the window offers 「另存到…」."""
        if self.read_only or self._file_id is None:
            return None
        links = self._guard.links() if self._guard is not None else None
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return FILE_GONE.format(path=self.path)
        except OSError:
            return None  # cannot tell (a share gone for a moment): the save itself will say what is wrong
        if (st.st_dev, st.st_ino) != self._file_id:
            return FILE_REPLACED.format(path=self.path)
        if links == 0:
            return FILE_GONE.format(path=self.path)
        return None

    def save_as(self, target: str | os.PathLike) -> Path:
        """Writes everything this store holds to ``target`` (SQLite's backup API, from the open connection: it
        works when the file itself is gone) and goes on with that file: later changes are saved there."""
        target = Path(target).expanduser()
        if target.is_dir():
            raise StoreError(f"“{target}”是一个文件夹，请指定文件名。")
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                self._conn.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                dst.close()
            os.replace(tmp, target)
        except (sqlite3.Error, OSError) as exc:
            tmp.unlink(missing_ok=True)
            from selfeval.domain.errors import os_error_reason

            reason = os_error_reason(exc) if isinstance(exc, OSError) else "写入时出错"
            raise StoreError(f"无法另存到“{target}”（{reason}），请检查磁盘空间和文件夹权限，或换一个位置。") from exc
        self.close()
        self.path = target
        self.reopen()
        return target

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: changes when another connection (another program) has committed
        to the file since this connection last looked; this connection's own commits leave it alone."""
        try:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as exc:
            raise StoreError("读取数据库文件时出错。") from exc

    def set_busy_timeout(self, ms: int) -> None:
        """How long a write waits for another program's lock before failing with "正被其他程序占用"
        (``connecting.BUSY_TIMEOUT_MS`` by default; the app's autosave uses a short wait and retries)."""
        self._conn.execute(f"PRAGMA busy_timeout = {int(ms)}")

    def keep_locks(self) -> None:
        """(Re)takes the guard of the file's locks (``lock_guard``): after the connection has read the file,
        so that the -shm exists, and before every change."""
        if self._guard is not None and not self._guard.complete:
            mode = self._conn.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                # A rollback journal (a network share, a USB stick) takes the exclusive lock on every commit,
                # this connection's and other programs': a held shared range would block them all. Such a
                # file holds no lock between transactions anyway, so there is nothing to keep.
                self._guard.close()
                self._guard = None
                return
            self._conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            self._guard.refresh()

    def close(self) -> None:
        release(self._held)
        self._held = None
        guard, self._guard = getattr(self, "_guard", None), None
        if guard is not None:
            guard.before_close()
        try:
            self._conn.close()
        finally:
            if guard is not None:
                guard.close()

    def reopen(self) -> None:
        """Opens the file again after ``close()``, as the same object (the app, once a backup was
        restored into the file): holders of the store keep using it."""
        fresh = Store.open(self.path, read_only=self.read_only)
        release(self._held)
        self._db.replace(fresh._conn)
        self._held, self._guard = fresh._held, fresh._guard
        self._file_id = fresh._file_id
        self.backup = fresh.backup

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- reading

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
        return [self._info(r) for r in self._db.rows(f"SELECT * FROM reports WHERE {where} ORDER BY id")]

    def info(self, report_id: int) -> ReportInfo:
        row = self._db.row("SELECT * FROM reports WHERE id = ?", (report_id,))
        if row is None:
            raise missing(report_id)
        return self._info(row)

    def last_edited(self) -> int | None:
        """The id of the report changed last (not in the recycle bin), or None."""
        row = self._db.row("SELECT id FROM reports WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC LIMIT 1")
        return None if row is None else row["id"]

    def load(self, report_id: int) -> Report:
        return Report.from_dict(self._db.report_dict(report_id))

    # ---------------------------------------------------------------- the log

    def _record(self, row: sqlite3.Row, values: tuple[Any, Any] | None = None) -> OpRecord:
        return OpRecord(
            id=row["id"], time=parse_time(row["time"]), report_id=row["report_id"],
            section_key=row["section_key"], kind=row["kind"], summary=row["summary"], piece=row["piece"],
            field=row["field"], target_op=row["target_op"], undone=bool(row["undone"]), values=values,
            loader=None if values is not None else self._op_values,
        )

    def _op_values(self, op_id: int) -> tuple[Any, Any]:
        """(before, after) of log row ``op_id``'s piece, rebuilt from the log."""
        from selfeval.store.delta import Mismatch
        from selfeval.store.replay import change_of, get_piece

        rows = self._db.changes("o.id = ?", (op_id,))
        if not rows:
            raise StoreError("找不到这条历史记录。")
        row = rows[0]
        if row["piece"] == PIECE_BIN or row["kind"] in (KIND_CREATE, KIND_PURGE):
            return loads(row["before"]), loads(row["after"])
        report_id = self._db.row("SELECT report_id FROM ops WHERE id = ?", (op_id,))["report_id"]
        change = change_of(row)
        if change.delta is None:  # a row that keeps its values (or refers to one that does)
            return change.before, change.after
        try:
            after = get_piece(self._db.state_after(report_id, op_id), change.piece, change.name)
            return change.piece_before(after), after
        except Mismatch as exc:
            raise log_damaged() from exc

    def history(self, report_id: int, limit: int = 500, *, with_data: bool = False) -> list[OpRecord]:
        """The report's log, newest first (undo and redo steps included). Before/after are rebuilt
        when first used (``with_data=True``: now, in one walk back from the current state, e.g. to
        use them after closing the store)."""
        from selfeval.store.delta import Mismatch
        from selfeval.store.replay import change_of, get_piece, set_piece

        rows = self._db.rows(f"SELECT {_OP_COLUMNS} FROM ops WHERE report_id = ? ORDER BY id DESC LIMIT ?",
                          (report_id, limit))
        if not with_data or not rows:
            return [self._record(r) for r in rows]
        changes = self._db.changes("o.report_id = ? AND o.id >= ?", (report_id, rows[-1]["id"]), "o.id DESC")
        state = self._db.current_or_none(report_id)
        records = []
        try:
            for row, change_row in zip(rows, changes):
                if row["piece"] == PIECE_BIN or row["kind"] in (KIND_CREATE, KIND_PURGE):
                    values = (loads(change_row["before"]), loads(change_row["after"]))
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
            raise log_damaged() from exc
        return records

    def op(self, op_id: int) -> OpRecord:
        row = self._db.row(f"SELECT {_OP_COLUMNS} FROM ops WHERE id = ?", (op_id,))
        if row is None:
            raise StoreError("找不到这条历史记录。")
        return self._record(row, self._op_values(op_id))

    def state_after(self, report_id: int, op_id: int) -> Report:
        """The report as it was right after log row ``op_id``."""
        return Report.from_dict(self._db.state_after(report_id, op_id))

    # ---------------------------------------------------------------- undo and redo

    def can_undo(self, report_id: int) -> bool:
        return self._db.undo_candidate(report_id) is not None

    def can_redo(self, report_id: int) -> bool:
        return self._db.redo_candidate(report_id) is not None

    # ---------------------------------------------------------------- changes (store/writing.py, over the same Db)

    @functools.cached_property
    def _writer(self):
        """The write side, loaded with the first change (a start of the window only reads)."""
        from selfeval.store.writing import Writer

        return Writer(self._db, self)

    def apply(self, op: Operation) -> OpRecord | None:
        """Apply one operation in one transaction with its log row; None if it changes nothing."""
        return self._writer.apply(op)

    def create(self, report: Report, note: str = "") -> int:
        """Add ``report``; its new id."""
        return self._writer.create(report, note)

    def duplicate(self, report_id: int) -> int:
        """A copy of the report (text, structure, settings) as a new report; its id."""
        return self._writer.duplicate(report_id)

    def find_or_create(self, report: Report, note: str = "") -> tuple[int, bool]:
        """The id of a report (not in the recycle bin) of the same unit name and year as ``report``,
        else ``report`` added: ``(id, created)``, in one transaction."""
        return self._writer.find_or_create(report, note)

    def undo(self, report_id: int) -> OpRecord | None:
        """Undo the report's newest edit not undone yet (logged as an "undo" step); None if none."""
        return self._writer.undo(report_id)

    def redo(self, report_id: int) -> OpRecord | None:
        """Redo the edit undone last (logged as a "redo" step); None if there is nothing to redo."""
        return self._writer.redo(report_id)
