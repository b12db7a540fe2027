"""Is the database file whole? ``PRAGMA quick_check`` at every open, bounded in time.

A file with damaged pages (a bad sector, a USB stick pulled out while writing) must never be written
to or copied over the last whole backup: writing would spread the damage (SQLite builds new pages on
top of the broken ones) and the daily rotation would push the good backups out. So every open checks
the file with ``quick_check`` (which reads every page and the b-trees' structure, but not the indexes'
contents: about a second for a 400 MB file on a laptop's SSD).

The check is bounded: past ``BUDGET_SECONDS`` it stops (SQLite's progress handler interrupts it),
the file is opened as usual, and the check is run again, whole, on a thread of its own with a
read-only connection (``Background``). Whoever writes asks ``damage_found(path)`` (the window, on a
timer) or ``wait(path)`` (a command, before its first write).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import NamedTuple

from selfeval.store.connecting import connect_reading

BUDGET_SECONDS = 2.0
# The progress handler runs every this many SQLite virtual machine instructions (≈ 0.1–1 ms).
_PROGRESS_STEPS = 20_000
# quick_check stops after this many problems: a few are enough to know, and to tell.
MAX_PROBLEMS = 20


class Check(NamedTuple):
    finished: bool  # False: the budget ran out before the check did
    problems: tuple[str, ...]  # SQLite's own words, for the log; empty: whole (when finished)

    @property
    def damaged(self) -> bool:
        return bool(self.problems)


def quick_check(conn: sqlite3.Connection, budget: float | None = BUDGET_SECONDS) -> Check:
    """``PRAGMA quick_check`` on ``conn``, stopped after ``budget`` seconds (None: no limit)."""
    if budget is not None:
        deadline = time.monotonic() + budget
        conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, _PROGRESS_STEPS)
    try:
        rows = conn.execute(f"PRAGMA quick_check({MAX_PROBLEMS})").fetchall()
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc).lower():
            return Check(False, ())
        return Check(True, (str(exc),))
    except sqlite3.DatabaseError as exc:  # "database disk image is malformed": damaged beyond checking
        return Check(True, (str(exc),))
    finally:
        if budget is not None:
            conn.set_progress_handler(None, 0)
    problems = tuple(str(r[0]) for r in rows if r and r[0] != "ok")
    return Check(True, problems)


def check_file(path: Path, budget: float | None = None) -> Check:
    """``quick_check`` of the file at ``path`` through a read-only connection that writes nothing."""
    try:
        conn = connect_reading(Path(path))
    except sqlite3.DatabaseError as exc:
        return Check(True, (str(exc),))
    try:
        return quick_check(conn, budget)
    finally:
        conn.close()


class Background:
    """The whole check of a file the open-time check could not finish in its budget."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.result: Check | None = None
        self._thread = threading.Thread(target=self._run, name="selfeval-quick-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.result = check_file(self.path, None)
        except Exception as exc:  # noqa: BLE001 - an unreadable file is a damaged one here
            self.result = Check(True, (str(exc),))

    @property
    def done(self) -> bool:
        return self.result is not None

    def wait(self, timeout: float | None = None) -> Check | None:
        self._thread.join(timeout)
        return self.result


# Checks still running, by the file's resolved path.
_running: dict[str, Background] = {}
_lock = threading.Lock()


def _key(path: Path) -> str:
    return str(Path(path).resolve())


def finish_in_background(path: Path) -> Background:
    with _lock:
        key = _key(path)
        job = _running.get(key)
        if job is None or (job.done and not job.result.damaged):
            job = _running[key] = Background(path)
        return job


def pending(path: Path) -> Background | None:
    """The background check of ``path``, if its open-time check ran out of time."""
    with _lock:
        return _running.get(_key(path))


def damage_found(path: Path) -> Check | None:
    """The background check's result once it has found damage; None while running or when whole."""
    job = pending(path)
    if job is not None and job.done and job.result.damaged:
        return job.result
    return None


def wait(path: Path) -> Check | None:
    """Waits for the background check of ``path`` (if any) and returns its result."""
    job = pending(path)
    return job.wait() if job is not None else None


def forget(path: Path) -> None:
    """The file at ``path`` was replaced (a backup restored into it): what was found of it no longer holds."""
    with _lock:
        _running.pop(_key(path), None)
