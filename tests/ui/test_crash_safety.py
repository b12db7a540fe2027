"""kill -9 while typing: the real app in a subprocess, killed with SIGKILL, loses at most the last second.

The child (``app_driver.py``) starts the app through ``selfeval.ui.app.start.start`` and types into an editor
with input-method commits; it reports on stdout. The database is read back through the store, and
the window is started again in this process on the same file (the killed process's lock is stale).
"""

from __future__ import annotations

import json
import re
import signal
import time
from pathlib import Path

import pytest

from selfeval.bundled.samples import bundled_sample
from selfeval.store import Store

from app_driver import CYCLE, MARKER
from helpers import make_sample_db
from reports_helpers import WAIT_S, Answers, Child

pytestmark = pytest.mark.slow


@pytest.fixture
def sample_db(tmp_path):
    db = tmp_path / "crash.db"
    return db, make_sample_db(db), bundled_sample().content_sections()[0].key


def saved_section_json(db: Path, report_id: int, key: str) -> str:
    store = Store.open(db, read_only=True)
    try:
        return json.dumps(store.load(report_id).section(key).to_dict(), ensure_ascii=False)
    finally:
        store.close()


def test_kill_after_pause_keeps_text_and_window_shows_it(sample_db, tmp_path, qtbot, monkeypatch):
    db, report_id, key = sample_db
    child = Child("type-pause", db, report_id, key, tmp_path)
    try:
        child.wait_for("typed")
        # the autosave reaches the file on its own: watch it through a read-only store, then kill
        deadline = time.monotonic() + WAIT_S
        while MARKER not in saved_section_json(db, report_id, key):
            assert time.monotonic() < deadline, "the typed text never reached the database"
            qtbot.wait(50)
    finally:
        child.kill()
    assert child.proc.returncode == -signal.SIGKILL
    assert child.dialogs() == []

    # start the window again, in this process, on the same file: it opens for writing (the dead
    # process's lock is stale) and shows the text
    monkeypatch.setenv("SELFEVAL_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SELFEVAL_LOG_DIR", str(tmp_path / "log"))
    answers = Answers(monkeypatch)  # any question (e.g. "file in use") fails the test
    from selfeval.ui.app import start as app_module

    running = app_module.start(db, report_id)
    assert running is not None
    try:
        assert not running.read_only and running.window.report_id == report_id
        editor = running.window.editors[key]
        assert MARKER in json.dumps(editor.section().to_dict(), ensure_ascii=False)
        assert answers.asked == [] and answers.shown == []
    finally:
        running.close()


def _count_saved(saved: str) -> int:
    match = re.search(re.escape(MARKER) + f"([{CYCLE}]*)", saved)
    if match is None:
        return -1
    found = match.group(1)
    assert found == "".join(CYCLE[i % len(CYCLE)] for i in range(len(found)))  # a clean prefix, nothing garbled
    return len(found)


def _must_have(typed: list[tuple[float, int]], early: float) -> int:
    """Characters the database must hold by now: those typed more than 1 s before the second-to-last
    keystroke report; -1 while even the marker (typed at ``early``) may still be unsaved. (When report
    h+1 has been printed, the child's event loop has finished the pass that printed report h, so every
    save that was due before report h's moment is committed.)"""
    if len(typed) < 2 or typed[-2][0] - 1.0 < early:
        return -1
    moment = typed[-2][0]
    return max((n for t, n in typed if t <= moment - 1.0), default=0)


def test_kill_while_typing_loses_at_most_the_last_second(sample_db, tmp_path):
    db, report_id, key = sample_db
    child = Child("type-continuous", db, report_id, key, tmp_path)
    typed: list[tuple[float, int]] = []
    checks = 0
    try:
        early = child.wait_for("early")["early"]
        # keep typing (the debounce never sees a pause); while the stream goes on, the database must
        # never be more than one second behind; after 4 s of the child's own time, kill it mid-stream
        while True:
            item = child.wait_for("t")
            typed.append((item["t"], item["n"]))
            if len(typed) % 5 == 0:
                must_have = _must_have(typed, early)
                saved = _count_saved(saved_section_json(db, report_id, key))
                assert saved >= must_have, (
                    f"{saved} characters saved; {must_have} were typed more than 1 s earlier")
                checks += 1
            if item["t"] >= early + 4.0 and item["n"] >= 60:
                break
    finally:
        child.kill()
    assert child.proc.returncode == -signal.SIGKILL
    assert child.dialogs() == [] and checks >= 5

    saved_json = saved_section_json(db, report_id, key)
    saved = _count_saved(saved_json)
    assert saved >= 0, "the text typed 4 s before the kill was lost"
    assert _must_have(typed, early) <= saved <= typed[-1][1]
    # and the file is sound: it opens for writing after the crash
    store = Store.open(db)
    try:
        assert store.load(report_id).section(key).to_dict() == json.loads(saved_json)
    finally:
        store.close()
