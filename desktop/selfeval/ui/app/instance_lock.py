"""One writer per database file: a QLockFile next to it ("<db>.lock").

A lock left by a killed process is stale: QLockFile sees that its process is gone (same host) and
takes it over; from another host (a shared folder) it can only judge by age, so the holder touches the
lock file every REFRESH_MS, well inside STALE_LOCK_MS: a live holder's lock never looks old.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QTimer

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
