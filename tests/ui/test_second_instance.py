"""A second instance on the same file is told the file is in use, opens read-only and writes nothing.

Two real processes (``app_driver.py``): the first holds the file; the second starts through the same
public ``selfeval.ui.app.start.start``, reports the dialog it was shown and its state.
"""

from __future__ import annotations

import hashlib
import signal
from pathlib import Path

import pytest

from selfeval.bundled.samples import bundled_sample
from selfeval.store import Store
from selfeval.ui.app.instance_lock import InstanceLock

from app_driver import MARKER
from helpers import make_sample_db
from reports_helpers import Answers, Child, snapshot

pytestmark = pytest.mark.slow


def _digest(db: Path) -> str:
    """The bytes of the database and its WAL (checkpointing would also show as a change)."""
    h = hashlib.sha256()
    for path in (db, Path(str(db) + "-wal")):
        h.update(path.read_bytes() if path.exists() else b"-")
    return h.hexdigest()


@pytest.fixture
def sample_db(tmp_path):
    db = tmp_path / "shared.db"
    return db, make_sample_db(db), bundled_sample().content_sections()[0].key


def _snapshot(db: Path) -> list:
    store = Store.open(db, read_only=True)
    try:
        return snapshot(store)
    finally:
        store.close()


def test_second_process_is_told_and_opens_read_only(sample_db, tmp_path):
    db, report_id, key = sample_db
    first = Child("hold", db, report_id, key, tmp_path)
    second = None
    try:
        assert first.wait_for("ready") == {"ready": True, "read_only": False}
        before, digest = _snapshot(db), _digest(db)

        second = Child("second", db, report_id, key, tmp_path)
        state = second.wait_for("state")["state"]
        second.proc.wait(timeout=60)
        assert second.proc.returncode == 0, second.stderr()

        [told] = second.dialogs()
        assert told["dialog"] == "warn" and "使用" in told["title"] and "只读" in told["text"]
        assert state["read_only"] and state["field_read_only"]
        assert "只读" in state["title"] and state["saved_label"] == "只读"
        assert not state["field_text_has_marker"] and not state["pending"]
        # nothing was written by the second process, not even a checkpoint
        assert _snapshot(db) == before and _digest(db) == digest
        # the first one is still the writer
        assert first.proc.poll() is None and first.dialogs() == []
    finally:
        first.kill()
        if second is not None:
            second.kill()
    assert first.proc.returncode == -signal.SIGKILL
    assert MARKER not in str(_snapshot(db))


def test_in_process_window_read_only_while_lock_held_elsewhere(sample_db, tmp_path, qtbot, monkeypatch):
    """The same, with this process as the second instance: the question goes through ``dialogs``."""
    db, report_id, key = sample_db
    first = Child("hold", db, report_id, key, tmp_path)
    try:
        first.wait_for("ready")
        monkeypatch.setenv("SELFEVAL_CONFIG_DIR", str(tmp_path / "config2"))
        answers = Answers(monkeypatch)
        before = _snapshot(db)
        from selfeval.ui.app import start as app_module

        running = app_module.start(db, report_id)
        try:
            assert [(k, t) for k, t, _ in answers.shown] == [("warn", app_module.IN_USE_TITLE)]
            assert running.read_only and running.window.report_id == report_id
            assert not InstanceLock(db).try_lock()  # still held by the first process
            # every way of changing the report is refused without writing
            window = running.window
            assert not window.actions.undo.isEnabled() and not window.actions.redo.isEnabled()
            window.undo()
            assert window.flush()
        finally:
            running.close()
        assert _snapshot(db) == before
    finally:
        first.kill()
