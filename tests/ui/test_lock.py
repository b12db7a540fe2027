"""One writer per file: a second instance is told the file is in use and opens read-only; stale locks
left by a killed process do not block."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import textwrap

import pytest

from helpers import answers, commit_text, env, first_text_box, sample_db  # noqa: F401
from selfeval.ui.app.start import IN_USE_TITLE, start
from selfeval.ui.app.instance_lock import InstanceLock, lock_path
from selfeval.ui.app.settings import AppSettings

HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from selfeval.ui.app.instance_lock import InstanceLock
    lock = InstanceLock(Path(sys.argv[1]))
    print("locked" if lock.try_lock() else "busy", flush=True)
    if sys.argv[2] == "die":
        import os, signal
        os.kill(os.getpid(), signal.SIGKILL)
    sys.stdin.readline()  # hold until the test closes stdin
""")


@pytest.fixture
def other_instance(sample_db):
    """Another process holding the database's lock, as a running first window would."""
    path, _ = sample_db
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), "hold"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    yield proc
    proc.stdin.close()
    proc.wait(timeout=10)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_second_instance_opens_read_only_and_writes_nothing(qtbot, env, sample_db, answers, other_instance):
    path, report_id = sample_db
    before = _digest(path)
    opened = start(path, report_id, AppSettings(env / "config"))
    assert opened is not None
    window = opened.window
    qtbot.addWidget(window)
    [(title, text)] = answers.of("warn")
    assert title == IN_USE_TITLE and "只读" in text and str(path) in text
    assert opened.read_only and opened.store.read_only
    assert "只读" in window.windowTitle()
    assert window.saved_label.text() == "只读"
    assert window.read_only_action.isVisible()
    assert all(editor.is_read_only() for editor in window.editors.values())
    assert window.tabs.basic_info().unit_name.isReadOnly()
    assert not window.actions.undo.isEnabled() and not window.actions.redo.isEnabled()
    assert window.actions.export.isEnabled()  # reading and exporting still work

    box = first_text_box(window.editors["goals"])
    commit_text(box, "不应保存")
    window.tabs.basic_info().level2_bold.setChecked(True)
    window.undo()
    assert not window.session.pending
    opened.close()
    assert _digest(path) == before
    assert lock_path(path).exists() and other_instance.poll() is None  # the holder keeps its lock


def test_first_instance_holds_the_lock_until_closed(qtbot, env, sample_db, answers):
    path, report_id = sample_db
    opened = start(path, report_id, AppSettings(env / "config"))
    qtbot.addWidget(opened.window)
    assert not opened.read_only
    probe = InstanceLock(path)
    assert probe.try_lock() is False
    opened.close()
    assert probe.try_lock() is True
    probe.release()
    assert not answers.shown


def test_lock_left_by_a_killed_process_does_not_block(qtbot, env, sample_db, answers):
    path, report_id = sample_db
    proc = subprocess.run([sys.executable, "-c", HOLDER, str(path), "die"], capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert proc.stdout.strip() == "locked"
    assert lock_path(path).exists()  # the dead process could not clean up
    opened = start(path, report_id, AppSettings(env / "config"))
    qtbot.addWidget(opened.window)
    assert not opened.read_only
    assert not answers.of("warn")
    opened.close()


def test_holder_keeps_its_lock_fresh(qtbot, env):
    import os
    import time

    from selfeval.ui.app import instance_lock

    lock = InstanceLock(env / "fresh.db")
    assert lock.try_lock()
    try:
        assert lock._refresh.isActive()
        assert lock._refresh.interval() * 2 < instance_lock.STALE_LOCK_MS
        os.utime(lock.path, (0, 0))  # as if held for decades without a refresh
        lock.touch()
        assert time.time() - lock.path.stat().st_mtime < instance_lock.STALE_LOCK_MS / 1000
    finally:
        lock.release()
    assert not lock._refresh.isActive()
    assert not lock.path.exists()
