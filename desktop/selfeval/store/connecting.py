"""Connections to a database file, and which files this process holds open for writing.

The low floor of the store's file handling: ``opening`` (checking a file before it is opened), ``integrity``
(``quick_check``), ``backups`` and the ``Store`` all read a file through these connections, which write
nothing beside a file they only read, and never open raw a file a Store of this process holds.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from selfeval.store.location import file_identity

BUSY_TIMEOUT_MS = 5000


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
