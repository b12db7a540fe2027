"""Opening a database file safely: refuse what is not ours, back up before migrating.

Nothing here writes to a file before it has been checked: a file that is not SQLite, belongs to
another program or comes from a newer version of this tool is refused and left byte-for-byte
untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import stat
import tempfile
from pathlib import Path
from typing import NamedTuple

from selfeval.domain.errors import os_error_reason
from selfeval.store import schema
from selfeval.store.errors import StoreDamaged, StoreError
from selfeval.store.location import file_identity

SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_HEADER_SIZE = 100
BUSY_TIMEOUT_MS = 5000
MIGRATIONS_TABLE = "_sqlite_migrations"


class FileState(NamedTuple):  # a named tuple: cheap to define at every start
    exists: bool  # a file with content (a zero-byte file counts as a new database)
    applied: tuple[str, ...]  # names of our migrations applied, in order

    @property
    def version(self) -> int:
        return len(self.applied)

    @property
    def pending(self) -> list[str]:
        return [name for name in schema.MIGRATION_NAMES if name not in self.applied]


# Database files this process has open for writing through a Store, by (device, inode), with a count.
# POSIX drops every lock a process holds on a file as soon as the process closes *any* descriptor of
# that file. Reading such a file's bytes ourselves (its header, a copy) would release the Store's
# locks: another program closing the database would then take itself for the last user, checkpoint
# and delete the -wal, and the commit we make next goes into the deleted file and is lost. SQLite
# shares its descriptors between the connections of one process for that reason; so a file held
# here is only ever read through SQLite (``inspect_file``, ``connect_reading``), never opened raw.
_held: dict[tuple[int, int], int] = {}


def hold(path: Path) -> tuple[int, int] | None:
    """Mark ``path`` as open for writing in this process (a Store opened it); the key for ``release``."""
    key = file_identity(path)
    if key is not None:
        _held[key] = _held.get(key, 0) + 1
    return key


def release(key: tuple[int, int] | None) -> None:
    if key is not None and key in _held:
        _held[key] -= 1
        if _held[key] <= 0:
            del _held[key]


def held(path: Path) -> bool:
    """Whether a Store of this process has ``path`` open for writing (so it must not be opened raw)."""
    return bool(_held) and file_identity(path) in _held


def _not_ours(path: Path) -> StoreError:
    return StoreError(f"文件“{path}”不是绩效自评编制工具的数据库，已拒绝打开，文件未做任何改动。")


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    return path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


def connect(path: Path, *, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit, through ``db.atomic()``).

    ``immutable``: read the file as it is, creating no -wal/-shm next to it (only for a quick look
    at a file whose WAL is empty)."""
    if read_only:
        conn = sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True, isolation_level=None,
                               timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _wal_mode(path: Path) -> bool:
    """Whether the file's header says WAL (its read and write versions, bytes 18 and 19, are 2)."""
    with path.open("rb") as f:
        head = f.read(20)
    return len(head) == 20 and head[18] == 2


def connect_reading(path: Path) -> sqlite3.Connection:
    """A read-only connection that writes nothing at all: not in the file, not beside it.

    - No -wal file: everything is in the main file. A WAL-mode file is read as immutable (a plain
      read-only connection would create a -wal and a -shm and leave them behind); a rollback-journal
      file through a plain read-only connection, which takes the usual shared lock and creates nothing.
    - A -wal and a -shm: a writer is at work (or was killed). A plain read-only connection reads
      both, through the usual locks.
    - A -wal without its -shm (a killed writer, or a copy of just the two files), or a -wal that a
      read-only folder or medium keeps from being read in place: the file and its -wal are copied
      aside and read into memory; the originals are only read.
    - A file this process has open for writing (``held``): a plain read-only connection, through
      SQLite (which keeps the writer's locks); the writer keeps its -wal and -shm in place.
    """
    if held(path):
        conn = connect(path, read_only=True)
        _probe(conn)
        return conn
    wal = Path(f"{path}-wal")
    if not wal.exists():
        conn = connect(path, read_only=True, immutable=_wal_mode(path))
        try:
            _probe(conn)
        except sqlite3.OperationalError:  # no locking on this medium: read it as it is
            conn.close()
            conn = connect(path, read_only=True, immutable=True)
            _probe(conn)
        return conn
    if Path(f"{path}-shm").exists():
        conn = connect(path, read_only=True)
        try:
            _probe(conn)
            return conn
        except sqlite3.OperationalError:
            conn.close()
    return _snapshot(path)


def _probe(conn: sqlite3.Connection) -> None:
    conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()


def _snapshot(path: Path) -> sqlite3.Connection:
    """The file with its -wal, copied aside (where SQLite may recover the -wal) and read into memory."""
    with tempfile.TemporaryDirectory(prefix="selfeval-read-") as folder:
        copy = Path(folder) / "copy.db"
        shutil.copyfile(path, copy)
        shutil.copyfile(f"{path}-wal", f"{copy}-wal")
        source = sqlite3.connect(str(copy))
        try:
            return memory_copy(source)
        finally:
            source.close()


def memory_copy(source: sqlite3.Connection) -> sqlite3.Connection:
    """The database of ``source`` copied into memory (a file from an older version is upgraded there
    for reading, the file itself untouched)."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    source.backup(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


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
            raise damaged_error(path, (str(exc),)) from exc
        raise StoreError(f"数据库文件“{path}”已损坏或不是 SQLite 文件，已拒绝打开，文件未做任何改动。") from exc
    if check is not None and check.damaged:
        raise damaged_error(path, check.problems)
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


def damaged_error(path: Path, problems: tuple[str, ...] = ()) -> StoreDamaged:
    """The one message for a damaged file: what happened and the two ways out, with the newest whole
    automatic backup (``selfeval restore <file>``) when there is one."""
    from selfeval.store.backups import newest_whole_backup

    path = Path(path).absolute()
    backup = newest_whole_backup(path)
    recover = f"selfeval --db \"{path}\" recover -o 新文件.db"
    if backup is not None:
        ways = (f"可以：① 恢复最近的完整备份：selfeval --db \"{path}\" restore \"{backup}\"；"
                f"② 把还能读出的内容抢救到新文件：{recover}")
    else:
        ways = f"没有找到完整的自动备份；可以把还能读出的内容抢救到新文件：{recover}，或用 selfeval restore 恢复您另存的备份"
    return StoreDamaged(f"数据库文件“{path}”已损坏（部分数据页无法读取），为免损坏扩散已停止写入。{ways}。",
                        path=path, backup=backup, problems=tuple(problems))


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
