"""A minimal observer: the session tells its listeners what happened, without knowing who they are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Event:
    """Callbacks called in the order they were connected, synchronously, with the emitted arguments."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []

    def connect(self, callback: Callable[..., Any]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., Any]) -> None:
        """Forget ``callback`` (a dialog that closes); unknown callbacks are ignored."""
        try:
            self._callbacks.remove(callback)
        except ValueError:
            pass

    def emit(self, *args: Any) -> None:
        for callback in list(self._callbacks):  # a callback may disconnect itself
            callback(*args)
