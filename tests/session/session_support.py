"""Test doubles for the edit session: a manual timer and an event recorder."""

from __future__ import annotations

from selfeval.session.edit_session import EditSession


class ManualTimer:
    """A single-shot timer that fires only when the test says so."""

    def __init__(self, callback) -> None:
        self.callback = callback
        self.due_ms: int | None = None
        self.starts: list[int] = []

    def start(self, ms: int) -> None:
        self.due_ms = ms
        self.starts.append(ms)

    def stop(self) -> None:
        self.due_ms = None

    @property
    def active(self) -> bool:
        return self.due_ms is not None

    def fire(self) -> None:
        assert self.due_ms is not None, "timer not started"
        self.due_ms = None
        self.callback()


class Timers:
    """The factory handed to the session; remembers the timer it made."""

    def __init__(self) -> None:
        self.made: list[ManualTimer] = []

    def __call__(self, callback) -> ManualTimer:
        timer = ManualTimer(callback)
        self.made.append(timer)
        return timer

    @property
    def timer(self) -> ManualTimer:
        [timer] = self.made
        return timer


class Recorder:
    """Connects to every event of a session and keeps what each emitted."""

    NAMES = ("opened", "closed", "reloaded", "applied", "failed")

    def __init__(self, session: EditSession) -> None:
        self.seen: dict[str, list] = {name: [] for name in self.NAMES}
        for name in self.NAMES:
            getattr(session, name).connect(lambda *args, n=name: self.seen[n].append(args))
        self.seen["save_failed"] = []
        session.autosaver.failed.connect(lambda message: self.seen["save_failed"].append(message))
