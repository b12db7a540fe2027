"""One writer per database file: a QLockFile next to it ("<db>.lock"), and the channel a second start hands
its request over (``InstanceChannel``; the Qt-free side, which the command line reads too, is ``session.owner``).

A lock left by a killed process is stale: QLockFile sees that its process is gone (same host) and
takes it over; from another host (a shared folder) it can only judge by age, so the holder touches the
lock file every REFRESH_MS, well inside STALE_LOCK_MS: a live holder's lock never looks old.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, QTimer, Signal

STALE_LOCK_MS = 30_000
REFRESH_MS = 10_000
BUSY = "busy"
NO_ACCESS = "no_access"


def lock_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".lock")


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(db_path)
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(STALE_LOCK_MS)
        self.held = False
        # Why the last try_lock failed: BUSY (another instance) or NO_ACCESS (folder not writable).
        self.failure: str | None = None
        self._refresh = QTimer()
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.touch)

    def touch(self) -> None:
        """Marks the lock as fresh (its modification time) while this process holds it."""
        if self.held:
            try:
                os.utime(self.path)
            except OSError:
                pass

    def try_lock(self) -> bool:
        """True when this process is now the only writer; never waits."""
        if self.held:
            return True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            self.failure = NO_ACCESS
            return False
        self.held = self._lock.tryLock(0)
        if self.held:
            self.failure = None
            if QCoreApplication.instance() is not None:
                self._refresh.start()
        elif self._lock.error() == QLockFile.LockError.LockFailedError:
            self.failure = BUSY
        else:
            self.failure = NO_ACCESS
        return self.held

    def holder(self) -> tuple[int, str, str] | None:
        """(pid, host, application) of the current holder, when known."""
        try:
            pid, host, app = self._lock.getLockInfo()
        except (TypeError, ValueError):
            return None
        return (pid, host, app) if pid else None

    def release(self) -> None:
        self._refresh.stop()
        if self.held:
            self._lock.unlock()
            self.held = False


class InstanceChannel(QObject):
    """The running window's end of the local channel keyed by its database (``session.owner``): a second
    start of the program hands its request here (``request``: {"open": exchange file, "report": id}) and
    exits; the window comes to the front and does it."""

    request = Signal(dict)

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        self._sock = None
        self._notifier = None

    def listen(self) -> bool:
        """Starts listening (replacing a crashed window's stale socket); False when the channel cannot be made
        (the window then works as before, and a second start opens read-only)."""
        from PySide6.QtCore import QSocketNotifier

        from selfeval.session import owner

        try:
            self._sock = owner.listening_socket(self.db_path)
        except OSError:
            self._sock = None
            return False
        self._notifier = QSocketNotifier(self._sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)
        return True

    def _accept(self, *_args) -> None:
        from selfeval.session import owner

        while self._sock is not None:
            try:
                conn, _ = self._sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            request = owner.answer(conn)
            if request is not None:
                self.request.emit(request)

    def close(self) -> None:
        from selfeval.session import owner

        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None
            owner.remove_address(self.db_path)
