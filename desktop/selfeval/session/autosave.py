"""Automatic saving: every edit reaches the store within a second, and a save that fails is retried.

An edit (re)starts a short single-shot timer: a burst of typing is saved ``DEBOUNCE_MS`` after it
pauses, and never later than ``MAX_DELAY_MS`` after the first unsaved change, so continuous typing is
saved too and a killed process loses at most the last second. Saving only *reads* the editors
(``make_op`` builds the operation from the editor's value at that moment), so an input method's
composition is never disturbed.

A save that fails (another program holds the database, a full disk) keeps the edit pending and is
retried on its own with back-off (``RETRY_MS``) until it succeeds; typing meanwhile does not bring the
retry forward. The timer comes from the caller's factory (a single-shot ``QTimer`` in the app, a manual
one in tests).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from typing import Protocol

from selfeval.domain.errors import UserError
from selfeval.session.events import Event

DEBOUNCE_MS = 700  # quiet time after the last keystroke
MAX_DELAY_MS = 950  # from the first unsaved keystroke: the "at most one second" guarantee
RETRY_MS = (1000, 2000, 4000, 8000, 15000, 30000)  # after the 1st, 2nd, … failure; then the last again
TIMINGS_KEPT = 200
UNEXPECTED = "保存时发生意外错误，详情已记入日志文件。您输入的内容仍在窗口中。"
DISK_ERROR = "无法写入数据库文件，请检查磁盘空间和文件权限。"

MakeOp = Callable[[], object]


class Timer(Protocol):
    """A single-shot timer that calls back once, ``ms`` milliseconds after ``start`` (restart: re-arm)."""

    def start(self, ms: int) -> None: ...

    def stop(self) -> None: ...


MakeTimer = Callable[[Callable[[], object]], Timer]  # a timer that calls the given function when it fires


class AutoSaver:
    """Collects pending edits by key ("section:goals", "field:unit_name") and applies them together."""

    def __init__(self, apply: Callable[[object], object], make_timer: MakeTimer, *, read_only: bool = False,
                 clock: Callable[[], float] = time.monotonic, delay_ms: int = DEBOUNCE_MS,
                 max_delay_ms: int = MAX_DELAY_MS) -> None:
        self._apply = apply
        self._timer = make_timer(self.flush)
        self._clock = clock
        self.read_only = read_only
        self.delay_ms = delay_ms
        self.max_delay_ms = max_delay_ms
        self._pending: dict[str, MakeOp] = {}
        # Called before a flush saves anything (the session looks for another program's changes there).
        self.before_flush: Callable[[], object] | None = None
        self._first_change: float | None = None
        self._flushing = False
        self.failures = 0  # consecutive failed saves (0: the last save worked)
        self.retry_ms: int | None = None  # when failing: the wait before the next try
        self.last_saved: dt.datetime | None = None
        self.last_error: str | None = None
        self.timings_ms: list[float] = []  # how long each store.apply took (benchmarks)
        self.saved = Event()  # (datetime)
        self.failed = Event()  # (message) once per distinct failure, not on every retry
        self.applied = Event()  # (OpRecord) for every save that changed something
        self.state_changed = Event()  # () pending/saved/failing changed: refresh the status

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def schedule(self, key: str, make_op: MakeOp) -> None:
        """An edit happened: save ``make_op()`` soon (a later edit with the same key replaces it)."""
        if self.read_only:
            return
        was_pending = bool(self._pending)
        self._pending[key] = make_op
        if self.failures:
            # A retry is already due (with back-off): typing must not turn it into a tight loop.
            if not was_pending:
                self.state_changed.emit()
            return
        now = self._clock()
        if self._first_change is None:
            self._first_change = now
        elapsed_ms = (now - self._first_change) * 1000
        self._timer.start(max(0, min(self.delay_ms, round(self.max_delay_ms - elapsed_ms))))
        if not was_pending:
            self.state_changed.emit()

    def pending_keys(self) -> list[str]:
        return list(self._pending)

    def freeze(self, key: str) -> object | None:
        """Builds the pending operation of ``key`` now and keeps that one (the editor it reads may go away);
        the operation, or None when nothing is pending there."""
        make_op = self._pending.get(key)
        if make_op is None:
            return None
        op = make_op()
        self._pending[key] = lambda: op
        return op

    def replace(self, key: str, op: object) -> None:
        """The pending edit of ``key`` becomes ``op`` (built already), if one is pending."""
        if key in self._pending:
            self._pending[key] = lambda: op

    def discard(self) -> None:
        """Forget what is pending (the store's version is about to be shown instead)."""
        self._timer.stop()
        self._pending.clear()
        self._first_change = None
        self.failures = 0
        self.retry_ms = None
        self.last_error = None
        self.state_changed.emit()

    def flush(self) -> bool:
        """Saves everything pending now; True when nothing is left unsaved."""
        self._timer.stop()
        if self._flushing or not self._pending:
            return not self._pending
        if self.read_only:
            self.discard()
            return True
        self._flushing = True
        try:
            if self.before_flush is not None:
                self.before_flush()
            for key in list(self._pending):
                make_op = self._pending[key]
                start = time.perf_counter()
                try:
                    record = self._apply(make_op())
                except UserError as exc:
                    return self._fail(str(exc))
                except OSError:
                    return self._fail(DISK_ERROR)
                except Exception:  # noqa: BLE001 - a bug: logged once (crash log), never a dialog loop
                    return self._unexpected()
                self._timing((time.perf_counter() - start) * 1000)
                if self._pending.get(key) is make_op:  # no newer edit replaced it while applying
                    del self._pending[key]
                if record is not None:
                    self.applied.emit(record)
            self._first_change = None
            self.failures = 0
            self.retry_ms = None
            self.last_error = None
            self.last_saved = dt.datetime.now()
            self.saved.emit(self.last_saved)
            self.state_changed.emit()
            return True
        finally:
            self._flushing = False

    def mark_saved(self) -> None:
        """A change was written outside the typing queue (undo, redo, 全部替换, a 审核 fix …): the status
        says 已保存 with its time, as after typing."""
        self.last_saved = dt.datetime.now()
        self.saved.emit(self.last_saved)
        self.state_changed.emit()

    def _timing(self, ms: float) -> None:
        self.timings_ms.append(ms)
        if len(self.timings_ms) > TIMINGS_KEPT:
            del self.timings_ms[: len(self.timings_ms) - TIMINGS_KEPT]

    def _schedule_retry(self) -> None:
        self.failures += 1
        self.retry_ms = RETRY_MS[min(self.failures, len(RETRY_MS)) - 1]
        self._first_change = None
        self._timer.start(self.retry_ms)

    def _fail(self, message: str) -> bool:
        first = self.last_error != message
        self.last_error = message
        self._schedule_retry()
        if first:
            self.failed.emit(message)
        self.state_changed.emit()
        return False

    def _unexpected(self) -> bool:
        exc_info = sys.exc_info()
        if self.last_error != UNEXPECTED:
            self.last_error = UNEXPECTED
            sys.excepthook(*exc_info)  # the crash reporter logs it and names the log file
        self._schedule_retry()
        self.state_changed.emit()
        return False
