"""Keeps the SQLite locks of an open store when something else in the process opens the database raw.

POSIX drops every lock a process holds on a file as soon as the process closes *any* descriptor of that
file. The store never reads its own file raw (``connecting.hold``), but it cannot stop the rest of the process:
a file dialog showing the database's folder (Qt's own and GTK's read the first bytes of every file there to
pick its icon, the -wal and -shm included), a shell extension, an antivirus hook. After such a read the
store's shared lock is gone: another program that then closes the database takes itself for the last user,
checkpoints and deletes the -wal, and every later save of the window goes into the deleted file (issue 18,
scenario 1: 「已保存」 for work no other program can read).

The guard takes the same locks again as *open-file-description* locks (Linux ``F_OFD_SETLK``), which belong
to the guard's own descriptor and survive the closing of any other one: a read lock on SQLite's shared byte
range of the database (another program's close cannot take the exclusive lock it checks with, so it leaves
the -wal alone) and on the "a connection is using this" byte of the -shm (another program's open does not
take itself for the first user and reset the shared index). Both are what SQLite itself holds while the
connection is open; the guard lets go of them before the store's connection closes (so the last user
still checkpoints), and closes its descriptors only when no store of this process has the file open.

Windows locks belong to a handle and never drop this way; other systems without OFD locks go unguarded.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path
from selfeval.store.location import file_identity

# SQLite's lock bytes (os_unix.c, sqliteInt.h): the shared range of the database file, and the -shm's
# "dead man switch" byte that every connection holds a read lock on.
PENDING_BYTE = 0x40000000
SHARED_FIRST = PENDING_BYTE + 2
SHARED_SIZE = 510
SHM_DMS_BYTE = (22 + 8) * 4 + 8  # UNIX_SHM_BASE + SQLITE_SHM_NLOCK = 128


def _fcntl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import fcntl
    except ImportError:  # pragma: no cover - every Linux Python has it
        return None
    return fcntl if hasattr(fcntl, "F_OFD_SETLK") else None


def _flock(kind: int, start: int, length: int) -> bytes:
    # struct flock: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid (0 for OFD locks),
    # padded to the alignment of off_t.
    packed = struct.pack("hhqqi", kind, os.SEEK_SET, start, length, 0)
    return packed + b"\0" * (struct.calcsize("hhqqi0q") - len(packed))


class _Guard:
    """The guard descriptors of one file (by device and inode), shared by the stores that hold it."""

    def __init__(self) -> None:
        self.fds: dict[str, int] = {}  # "db" / "shm" -> descriptor
        self.locked: set[str] = set()
        self.refused: set[str] = set()  # the file system does not take the lock: not tried again
        self.users = 0


_guards: dict[tuple[int, int], _Guard] = {}


def _lock(fcntl, fd: int, kind: int, start: int, length: int) -> bool | None:
    """True: done; None: held by another program just now (try again later); False: not possible here."""
    try:
        fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _flock(kind, start, length))
        return True
    except (BlockingIOError, PermissionError):  # EAGAIN / EACCES: another program's exclusive lock, for a moment
        return None
    except OSError:
        return False


class LockGuard:
    """One store's share of its file's guard. ``refresh()`` (re)takes the locks (after the store's connection
    has read the file once: the -shm then exists); ``before_close()`` lets them go before the connection
    closes; ``close()`` after it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._key = file_identity(self.path)
        self._fcntl = _fcntl()
        self._active = self._fcntl is not None and self._key is not None
        if self._active:
            guard = _guards.setdefault(self._key, _Guard())
            guard.users += 1

    @property
    def _guard(self) -> _Guard | None:
        return _guards.get(self._key) if self._active else None

    @property
    def complete(self) -> bool:
        """Whether both locks are held (or there is nothing to guard here)."""
        guard = self._guard
        return guard is None or len(guard.locked | guard.refused) == 2

    def refresh(self) -> None:
        """Holds the database's shared range and the -shm's DMS byte (whichever exist now)."""
        guard = self._guard
        if guard is None:
            return
        fcntl = self._fcntl
        for name, file, start, length in (("db", self.path, SHARED_FIRST, SHARED_SIZE),
                                          ("shm", Path(f"{self.path}-shm"), SHM_DMS_BYTE, 1)):
            if name in guard.locked or name in guard.refused:
                continue
            fd = guard.fds.get(name)
            if fd is None:
                if name == "shm" and file_identity(Path(f"{self.path}-shm")) is None:
                    continue  # not in WAL mode (yet)
                try:
                    fd = os.open(file, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
                except OSError:
                    continue
                guard.fds[name] = fd
            done = _lock(fcntl, fd, fcntl.F_RDLCK, start, length)
            if done:
                guard.locked.add(name)
            elif done is False:
                guard.refused.add(name)

    def links(self) -> int | None:
        """How many names the open file has now (0: deleted, though still open here); None when unknown."""
        guard = self._guard
        fd = guard.fds.get("db") if guard is not None else None
        if fd is None:
            return None
        try:
            return os.fstat(fd).st_nlink
        except OSError:
            return None

    def before_close(self) -> None:
        """The store's connection is about to close: if it is the file's last in this process, let go of
        the locks, so that it can find out whether it is the last user anywhere (and tidy the -wal up)."""
        guard = self._guard
        if guard is None or guard.users > 1:
            return
        for name in list(guard.locked):
            _lock(self._fcntl, guard.fds[name], self._fcntl.F_UNLCK, 0, 0)
        guard.locked.clear()
        guard.refused.clear()

    def close(self) -> None:
        """The store's connection has closed: the last store of the file closes the guard's descriptors."""
        guard = self._guard
        if guard is None:
            return
        self._active = False
        guard.users -= 1
        if guard.users > 0:
            return
        del _guards[self._key]
        for fd in guard.fds.values():
            try:
                os.close(fd)
            except OSError:
                pass
