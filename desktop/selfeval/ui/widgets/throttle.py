"""Run a callback at most once per short interval, however often it is asked for."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

# Short enough to feel live, long enough that a burst of keystrokes or a large paste costs one update.
DEFAULT_INTERVAL_MS = 150


class Throttle(QObject):
    """``trigger()`` schedules ``callback`` once after ``interval_ms``; ``flush()`` runs it now if due."""

    def __init__(self, callback: Callable[[], None], interval_ms: int = DEFAULT_INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._callback = callback
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._run)

    def trigger(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._run()

    def cancel(self) -> None:
        self._timer.stop()

    def _run(self) -> None:
        self._callback()
