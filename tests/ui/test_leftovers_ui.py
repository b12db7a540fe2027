"""The window's start removes what killed operations left behind (issue 18, scenario 8), once it shows."""

from __future__ import annotations

import os
import time
from pathlib import Path

from damaged_db import make_database

DAY = 24 * 3600


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_the_window_start_removes_the_leftovers(qtbot, tmp_path: Path, monkeypatch) -> None:
    """The window, once shown, removes them (off the first paint's path)."""
    import tempfile

    from selfeval.ui.app.settings import AppSettings
    from selfeval.ui.app.start import start

    monkeypatch.setenv("SELFEVAL_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SELFEVAL_LOG_DIR", str(tmp_path / "logs"))
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    stale = temp / "selfeval-pdf-old"
    stale.mkdir()
    _age(stale, 2 * DAY)
    db = tmp_path / "selfeval.db"
    make_database(db, edits=1)
    empty = tmp_path / "selfeval.db.bak-1-20260301T090000Z"
    empty.write_bytes(b"")
    running = start(db, None, AppSettings(tmp_path / "config"))
    qtbot.addWidget(running.window)
    running.window.install_app_hooks()
    qtbot.waitUntil(lambda: not stale.exists() and not empty.exists(), timeout=5000)
    running.close()
