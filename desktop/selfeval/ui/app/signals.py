"""SIGTERM (logout, shutdown, ``kill``) and SIGINT (Ctrl+C in the terminal that started the app) close
the window as the user would: the pending edit is saved first, and nothing is printed.

Python runs its signal handlers only between Python bytecodes, which never come while Qt's event loop
waits in C++; so the C-level handler writes the signal's number to a pipe (``signal.set_wakeup_fd``)
that a ``QSocketNotifier`` watches, and the window is closed from the event loop. (Windows takes only a
socket there; POSIX gets a plain pipe, sparing start-up the import of ``socket``.)
"""

from __future__ import annotations

import os
import signal
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
        self._reader, self._writer = _wakeup_channel()
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {sig: signal.signal(sig, _ignore) for sig in SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def _woken(self, *_args) -> None:
        try:
            received = self._reader.read(64)
        except (BlockingIOError, InterruptedError):
            return
        if received and any(number in SIGNALS for number in received):
            self._close()

    def uninstall(self) -> None:
        self._notifier.setEnabled(False)
        for sig, previous in self._previous.items():
            signal.signal(sig, previous if previous is not None else signal.SIG_DFL)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


class _End:
    """One end of the wakeup channel: ``fileno``, ``read``, ``close`` (a pipe end or a socket)."""

    def __init__(self, fd: int | None = None, sock=None) -> None:
        self._fd, self._sock = fd, sock

    def fileno(self) -> int:
        return self._sock.fileno() if self._sock is not None else self._fd

    def read(self, size: int) -> bytes:
        return self._sock.recv(size) if self._sock is not None else os.read(self._fd, size)

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
        else:
            os.close(self._fd)


def _wakeup_channel() -> tuple[_End, _End]:
    if os.name == "nt":  # set_wakeup_fd takes a socket there
        import socket

        reader, writer = socket.socketpair()
        reader.setblocking(False)
        writer.setblocking(False)
        return _End(sock=reader), _End(sock=writer)
    read_fd, write_fd = os.pipe()
    for fd in (read_fd, write_fd):
        os.set_blocking(fd, False)
    return _End(read_fd), _End(write_fd)
