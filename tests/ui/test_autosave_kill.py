"""Crash safety: a window killed with SIGKILL while the user keeps typing; the restart finds what was saved.

The child types without pause (faster than the debounce), so a save happening at all proves the
one-second cap; each save it reports must be found, whole, after the kill.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from helpers import answers, env, sample_db  # noqa: F401

CHILD = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QTextCursor, QInputMethodEvent
    from PySide6.QtWidgets import QApplication
    from selfeval.ui.app.start import ensure_app, start

    app = ensure_app()
    running = start(Path(sys.argv[1]), int(sys.argv[2]))
    window = running.window
    window.show()
    box = window.editors["goals"].rows()[0].text
    box.setFocus()
    box.moveCursor(QTextCursor.MoveOperation.End)
    count = [0]

    def type_one():
        count[0] += 1
        event = QInputMethodEvent("", [])
        event.setCommitString(f"字{count[0]}")
        QApplication.sendEvent(box, event)

    def saved(_when):
        text = running.store.load(running.window.report_id).section("goals").entries[0].text
        print("SAVED " + json.dumps(text, ensure_ascii=False), flush=True)

    window.session.autosaver.saved.connect(saved)
    typing = QTimer()
    typing.setInterval(100)  # well under the 700 ms debounce: it never goes quiet
    typing.timeout.connect(type_one)
    typing.start()
    print("READY", flush=True)
    app.exec()
""")


@pytest.mark.slow
def test_sigkill_while_typing_loses_only_the_unsaved_second(qtbot, env, sample_db, answers):
    path, report_id = sample_db
    child_env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(report_id)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env,
                            encoding="utf-8")
    try:
        assert proc.stdout.readline().strip() == "READY", proc.stderr.read()
        reported: list[str] = []
        while len(reported) < 3:
            line = proc.stdout.readline()
            assert line, f"child ended without saving: {proc.stderr.read()}"
            if line.startswith("SAVED "):
                reported.append(json.loads(line[len("SAVED "):]))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    last = reported[-1]
    assert "字3" in last  # several keystrokes reached the file although typing never paused

    from selfeval.ui.app.start import start
    from selfeval.ui.app.settings import AppSettings

    restarted = start(path, None, AppSettings(env / "config"))
    assert restarted is not None
    qtbot.addWidget(restarted.window)
    assert not restarted.read_only  # the dead window's lock did not block
    assert not answers.shown
    found = restarted.window.editors["goals"].rows()[0].text.toPlainText()
    assert found.startswith(last)  # everything reported saved is there (maybe a little more)
    restarted.close()
