"""SIGTERM (logout, shutdown, ``kill``) and SIGINT (Ctrl+C in the terminal that started the app) close
the window as the user would: the pending edit is saved first, and nothing is printed.

Python runs its signal handlers only between Python bytecodes, which never come while Qt's event loop
waits in C++; so the C-level handler writes the signal's number to a socket (``signal.set_wakeup_fd``)
that a ``QSocketNotifier`` watches, and the window is closed from the event loop.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

SIGNALS = tuple(s for s in (getattr(signal, "SIGTERM", None), signal.SIGINT, getattr(signal, "SIGHUP", None))
                if s is not None)


def _ignore(_signum, _frame) -> None:
    """The Python-level handler: nothing to do (the wakeup socket tells the event loop), and no
    KeyboardInterrupt raised in whatever Python code Qt happens to call next."""


class SignalCloser(QObject):
    """While installed, each of SIGNALS calls ``close()`` from the event loop, once per signal."""

    def __init__(self, close: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._close = close
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {sig: signal.signal(sig, _ignore) for sig in SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def _woken(self, *_args) -> None:
        try:
            received = self._reader.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        if any(number in SIGNALS for number in received):
            self._close()

    def uninstall(self) -> None:
        self._notifier.setEnabled(False)
        for sig, previous in self._previous.items():
            signal.signal(sig, previous if previous is not None else signal.SIG_DFL)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()
