"""Helpers for the 报告管理 tests: a scripted answerer for ``selfeval.ui.widgets.dialogs`` and database snapshots."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from helpers import Dialogs, commit_text  # noqa: F401 - re-exported for the report tests

DRIVER = Path(__file__).with_name("app_driver.py")
WAIT_S = 60  # generous: only a hung child takes this long; no assertion depends on it


# One scripted answerer for every UI test: ``answers.yes_no.append(True)`` answers the next 是/否
# question, ``texts``/``open_paths``/``save_paths``/``choices`` likewise; notices land in ``shown``.
Answers = Dialogs


@pytest.fixture
def answers(monkeypatch):
    """The scripted answers (import the fixture into a test module); every one must be used by the test."""
    answers = Answers(monkeypatch)
    yield answers
    answers.assert_all_used()


@pytest.fixture
def store(tmp_path):
    """An empty database of the test's own (import the fixture into a test module)."""
    from selfeval.store import Store

    store = Store.open(tmp_path / "reports.db")
    yield store
    store.close()


def edit_session(store, report_id: int | None = None):
    """An edit session on ``store`` as the window makes one: failures shown through ``dialogs.error``
    (scripted in tests), ``report_id`` open if given."""
    from selfeval.session.edit_session import EditSession
    from selfeval.ui.widgets import dialogs
    from selfeval.ui.window.main_window import qt_timer

    session = EditSession(store, qt_timer(None))
    session.failed.connect(lambda title, message: dialogs.error(None, title, message))
    if report_id is not None:
        assert session.open(report_id)
    return session


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
