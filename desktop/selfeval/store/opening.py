"""Opening a database file safely: refuse what is not ours, back up before migrating.

Nothing here writes to a file before it has been checked: a file that is not SQLite, belongs to
another program or comes from a newer version of this tool is refused and left byte-for-byte
untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path
from typing import NamedTuple

from selfeval.domain.errors import os_error_reason
from selfeval.store import schema
from selfeval.store.errors import StoreDamaged, StoreError
from selfeval.store.connecting import connect, connect_reading, held

SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_HEADER_SIZE = 100
MIGRATIONS_TABLE = "_sqlite_migrations"
# What a damaged file is, in the user's words; ``backups.damaged_error`` adds the ways out (the newest whole
# backup), which ``Store.open`` and ``backups.backup_to`` put in place of this plain message.
DAMAGED = "数据库文件“{path}”已损坏（部分数据页无法读取），为免损坏扩散已停止写入。"


class FileState(NamedTuple):  # a named tuple: cheap to define at every start
    exists: bool  # a file with content (a zero-byte file counts as a new database)
    applied: tuple[str, ...]  # names of our migrations applied, in order

    @property
    def version(self) -> int:
        return len(self.applied)

    @property
    def pending(self) -> list[str]:
        return [name for name in schema.MIGRATION_NAMES if name not in self.applied]


def _not_ours(path: Path) -> StoreError:
    return StoreError(f"文件“{path}”不是绩效自评编制工具的数据库，已拒绝打开，文件未做任何改动。")


def inspect_file(path: Path, *, integrity: bool = True) -> FileState:
    """Check ``path`` without writing to it; raise ``StoreError`` for a file this version must not open,
    ``StoreDamaged`` for one whose pages are damaged (``integrity``: ``PRAGMA quick_check``, bounded by
    ``integrity.BUDGET_SECONDS``; past it the check goes on in the background, see store/integrity.py)."""
    try:
        if path.is_dir():
            raise StoreError(f"“{path}”是一个文件夹，不是数据库文件。")
        if not path.exists():
            return FileState(exists=False, applied=())
        if not stat.S_ISREG(path.stat().st_mode):  # a pipe would block the read below forever
            raise StoreError(f"“{path}”不是普通文件（可能是管道或设备），不是数据库文件。")
    except OSError as exc:  # a name too long for the file system, a loop of links …
        raise StoreError(f"无法访问数据库文件“{path}”（{os_error_reason(exc)}）。") from None
    if not held(path):  # a file held open was checked when it was opened, and must not be read raw
        try:
            with path.open("rb") as f:
                head = f.read(SQLITE_HEADER_SIZE)
        except OSError as exc:
            raise StoreError(f"无法读取数据库文件“{path}”（{os_error_reason(exc)}），请检查文件权限。") from exc
        if not head:
            return FileState(exists=False, applied=())
        if len(head) < SQLITE_HEADER_SIZE or not head.startswith(SQLITE_HEADER):
            raise _not_ours(path)
    tables: set[str] = set()
    applied: list[str] = []
    try:
        # Creating nothing beside it either, so that a refused file's folder is left as it was too.
        conn = connect_reading(path)
        try:
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
            if MIGRATIONS_TABLE in tables:
                applied = [r[0] for r in conn.execute(
                    f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
                    [schema.MIGRATION_SET])]
            check = _quick_check(conn, path) if integrity and applied else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if integrity and applied:  # ours, and SQLite gave up on its pages: damaged
            raise StoreDamaged(DAMAGED.format(path=path), path=path, problems=(str(exc),)) from exc
        raise StoreError(f"数据库文件“{path}”已损坏或不是 SQLite 文件，已拒绝打开，文件未做任何改动。") from exc
    if check is not None and check.damaged:
        raise StoreDamaged(DAMAGED.format(path=path), path=path, problems=check.problems)
    unknown = [name for name in applied if name not in schema.MIGRATION_NAMES]
    if unknown:
        raise StoreError(f"数据库“{path}”由更新版本的绩效自评编制工具创建，请升级本工具后再打开；文件未做任何改动。")
    if not applied and tables - {MIGRATIONS_TABLE}:
        raise _not_ours(path)
    return FileState(exists=True, applied=tuple(applied))


def _quick_check(conn: sqlite3.Connection, path: Path):
    from selfeval.store import integrity

    known = integrity.damage_found(path)  # the background check of an earlier open found damage
    if known is not None:
        return known
    check = integrity.quick_check(conn, integrity.BUDGET_SECONDS)
    if not check.finished:  # a huge file: open it, and finish the check on a thread of its own
        integrity.finish_in_background(path)
    return check


def backup_path(path: Path, version: int, when: dt.datetime | None = None) -> Path:
    """``selfeval.db.bak-<version>-<UTC timestamp>`` next to the database, never an existing file."""
    stamp = (when or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.bak-{version}-{stamp}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.bak-{version}-{stamp}-{n}")
    return candidate


def backup_file(path: Path, version: int) -> Path:
    """Copy the database aside with the SQLite backup API (pages still in the WAL included), under a
    temporary name renamed when complete: a process killed half-way leaves ``.<name>.<pid>.tmp``, which
    the next start removes (``backups.remove_leftovers``), never a partial file named as a backup."""
    target = backup_path(path, version)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        src = connect(path, read_only=True)
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(tmp, target)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"升级数据库前无法备份到“{target}”（请检查磁盘空间和文件夹权限），"
                         "数据库未做任何改动。") from exc
    return target
