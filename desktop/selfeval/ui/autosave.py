"""Automatic saving: every edit reaches the store within a second, debounced, through ``store.apply``.

An edit (re)starts a short single-shot timer; a burst of typing is saved DEBOUNCE_MS after it pauses, and
never later than MAX_DELAY_MS after the first unsaved change, so continuous typing is saved too and a
killed process loses at most the last second. Saving only *reads* the editors (``make_op`` builds the
operation from the editor's current value), so an input method's composition is never disturbed.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from selfeval.domain.errors import UserError

DEBOUNCE_MS = 700  # quiet time after the last keystroke
MAX_DELAY_MS = 950  # from the first unsaved keystroke: the "at most one second" guarantee
TIMINGS_KEPT = 200
UNEXPECTED = "保存时发生意外错误，详情已记入日志文件。您输入的内容仍在窗口中。"

MakeOp = Callable[[], object]


class AutoSaver(QObject):
    """Collects pending edits by key ("section:goals", "field:unit_name") and applies them together."""

    saved = Signal(object)  # datetime.datetime of the save
    failed = Signal(str)  # a Chinese sentence
    applied = Signal(object)  # each OpRecord (not None) the store returned

    def __init__(self, store, parent: QObject | None = None, *, delay_ms: int = DEBOUNCE_MS,
                 max_delay_ms: int = MAX_DELAY_MS) -> None:
        super().__init__(parent)
        self.store = store
        self.delay_ms = delay_ms
        self.max_delay_ms = max_delay_ms
        self._pending: dict[str, MakeOp] = {}
        self._first_change: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._flushing = False
        self.last_saved: dt.datetime | None = None
        self.last_error: str | None = None
        # Milliseconds each ``store.apply`` took (for the benchmark and the status bar's tooltip).
        self.timings_ms: list[float] = []

    @property
    def read_only(self) -> bool:
        return bool(getattr(self.store, "read_only", False))

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def pending_keys(self) -> list[str]:
        return list(self._pending)

    def schedule(self, key: str, make_op: MakeOp) -> None:
        """An edit happened: save ``make_op()`` soon (a later edit with the same key replaces it)."""
        if self.read_only:
            return
        now = time.monotonic()
        if self._first_change is None:
            self._first_change = now
        self._pending[key] = make_op
        elapsed_ms = (now - self._first_change) * 1000
        wait = max(0, min(self.delay_ms, round(self.max_delay_ms - elapsed_ms)))
        self._timer.start(wait)

    def discard(self) -> None:
        self._timer.stop()
        self._pending.clear()
        self._first_change = None

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
            for key in list(self._pending):
                make_op = self._pending[key]
                start = time.perf_counter()
                try:
                    record = self.store.apply(make_op())
                except UserError as exc:
                    self._fail(str(exc))
                    return False
                except OSError:
                    self._fail("无法写入数据库文件，请检查磁盘空间和文件权限。"
                               "您输入的内容仍在窗口中，下次修改或关闭窗口时会再次尝试保存。")
                    return False
                except Exception:  # noqa: BLE001 - a bug: logged once (crash log), never a dialog loop
                    self._unexpected()
                    return False
                self._record_timing((time.perf_counter() - start) * 1000)
                # Only drop the entry if no newer edit replaced it while applying.
                if self._pending.get(key) is make_op:
                    del self._pending[key]
                if record is not None:
                    self.applied.emit(record)
            self._first_change = None
            self.last_error = None
            self.last_saved = dt.datetime.now()
            self.saved.emit(self.last_saved)
            return True
        finally:
            self._flushing = False

    def _record_timing(self, ms: float) -> None:
        self.timings_ms.append(ms)
        if len(self.timings_ms) > TIMINGS_KEPT:
            del self.timings_ms[: len(self.timings_ms) - TIMINGS_KEPT]

    def _unexpected(self) -> None:
        exc_info = sys.exc_info()
        self._first_change = None
        if self.last_error != UNEXPECTED:
            self.last_error = UNEXPECTED
            sys.excepthook(*exc_info)  # the crash reporter logs it and names the log file

    def _fail(self, message: str) -> None:
        self._first_change = None
        first = self.last_error != message
        self.last_error = message
        if first:
            self.failed.emit(message)
