"""Helpers for the 报告管理 tests: a scripted answerer for ``selfeval.ui.dialogs`` and database snapshots."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections import deque
from pathlib import Path

DRIVER = Path(__file__).with_name("app_driver.py")
WAIT_S = 60  # generous: only a hung child takes this long; no assertion depends on it


class Answers:
    """Replaces every function of ``selfeval.ui.dialogs``; a question nobody scripted fails the test.

    ``answers.yes_no.append(True)`` answers the next 是/否 question; ``texts``, ``open_paths``,
    ``save_paths`` and ``choices`` likewise. Notices (inform/warn/error) are recorded in ``shown``
    as (kind, title, text).
    """

    def __init__(self, monkeypatch) -> None:
        from selfeval.ui import dialogs

        self.yes_no: deque[bool] = deque()
        self.texts: deque[str | None] = deque()
        self.open_paths: deque[Path | None] = deque()
        self.save_paths: deque[Path | None] = deque()
        self.choices: deque[int | None] = deque()
        self.shown: list[tuple[str, str, str]] = []
        self.asked: list[tuple[str, str, str]] = []

        def take(queue: deque, kind: str, title: str, text: str):
            self.asked.append((kind, title, text))
            if not queue:
                raise AssertionError(f"unexpected {kind} question: {title} / {text}")
            return queue.popleft()

        monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, title, text: take(self.yes_no, "yes_no", title, text))
        monkeypatch.setattr(dialogs, "ask_text",
                            lambda parent, title, label, text="": take(self.texts, "text", title, label))
        monkeypatch.setattr(dialogs, "ask_open_path",
                            lambda parent, title, start, filter: take(self.open_paths, "open", title, filter))
        monkeypatch.setattr(dialogs, "ask_save_path",
                            lambda parent, title, start, filter: take(self.save_paths, "save", title, filter))
        monkeypatch.setattr(dialogs, "ask_choice",
                            lambda parent, title, label, choices, current=0: take(self.choices, "choice", title, label))
        for kind in ("inform", "warn", "error"):
            monkeypatch.setattr(dialogs, kind,
                                lambda parent, title, text, _kind=kind: self.shown.append((_kind, title, text)))

    def kinds(self) -> list[str]:
        return [kind for kind, _, _ in self.shown]

    def texts_of(self, kind: str) -> list[str]:
        return [text for k, _, text in self.shown if k == kind]

    def assert_all_used(self) -> None:
        left = {name: list(q) for name, q in (("yes_no", self.yes_no), ("texts", self.texts),
                                               ("open_paths", self.open_paths), ("choices", self.choices))
                if q}
        assert not left, f"scripted answers never asked for: {left}"


def snapshot(store) -> list:
    """Everything a user could see of the database: reports (live and deleted), content and history."""
    rows = []
    for deleted in (False, True):
        for info in sorted(store.list_reports(deleted=deleted), key=lambda i: i.id):
            rows.append((deleted, info.id, info.unit_name, info.unit_short, info.year, str(info.updated_at),
                         store.load(info.id).to_dict(), [r.id for r in store.history(info.id)]))
    return rows


def all_report_ids(store) -> set[int]:
    return {i.id for i in store.list_reports()} | {i.id for i in store.list_reports(deleted=True)}


def commit_text(widget, text: str) -> None:
    """Types ``text`` as a Chinese input method does: one committed string per character.

    (QTest.keyClicks only knows ASCII keys and aborts on Chinese characters.)
    """
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    target = widget.focusProxy() or widget
    for ch in text:
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(target, event)


class Child:
    """The driver process; its JSON lines arrive on a queue read by a thread."""

    def __init__(self, mode: str, db: Path, report_id: int, key: str, tmp: Path) -> None:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SELFEVAL_CONFIG_DIR=str(tmp / "config"),
                   SELFEVAL_LOG_DIR=str(tmp / "log"), PYTHONUNBUFFERED="1")
        env.pop("SELFEVAL_DB", None)
        # stderr to a file: an unread pipe could fill up with Qt's warnings and stall the app
        self.stderr_path = tmp / f"driver-{mode}-{id(self)}.err"
        with self.stderr_path.open("w") as err:
            self.proc = subprocess.Popen([sys.executable, str(DRIVER), mode, str(db), str(report_id), key],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                         env=env, text=True)
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            line = line.strip()
            if line.startswith("{"):
                self.lines.put(json.loads(line))
        self.proc.stdout.close()
        self.lines.put(None)

    def next(self) -> dict:
        try:
            item = self.lines.get(timeout=WAIT_S)
        except queue.Empty:
            self.kill()
            raise AssertionError(f"the app printed nothing for {WAIT_S} s") from None
        if item is None:
            self.proc.wait(timeout=WAIT_S)
            raise AssertionError(f"the app ended (exit {self.proc.returncode}):\n{self.stderr()}")
        self.seen.append(item)
        return item

    def wait_for(self, key: str) -> dict:
        while True:
            item = self.next()
            if key in item:
                return item

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=WAIT_S)
        self.proc.stdin.close()

    def dialogs(self) -> list[dict]:
        return [item for item in self.seen if "dialog" in item]
