"""Settings go to the folder ``selfeval.system.paths.user_dir(CONFIG)`` picks, Qt's own user settings with them
(portable mode: data/ beside the program, nothing in ~/.config)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QSettings

from selfeval.system import paths
from selfeval.ui.app.settings import AppSettings


def test_portable_settings_and_qt_settings_stay_in_data(tmp_path, monkeypatch):
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / paths.PORTABLE_MARKER).write_text("")
    monkeypatch.setenv(paths.PORTABLE_DIR_ENV, str(folder))
    monkeypatch.delenv("SELFEVAL_CONFIG_DIR", raising=False)
    settings = AppSettings()
    settings.set_preview_shown(False)
    settings.sync()
    assert settings.path == folder / "data" / "selfeval.ini"
    assert "view" in settings.path.read_text(encoding="utf-8")
    qt_own = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "QtProject")
    assert qt_own.fileName().startswith(str(folder / "data"))
    if not sys.platform.startswith("win"):  # on Windows the native format is the registry
        native = QSettings(QSettings.Scope.UserScope, "QtProject")
        assert native.fileName().startswith(str(folder / "data"))


@pytest.fixture(autouse=True)
def _restore_qt_paths(tmp_path):
    yield
    AppSettings(tmp_path / "restored")  # leave Qt's user paths pointing at a test folder, not data/


def test_opening_the_report_opened_last_time_writes_nothing(tmp_path):
    """The usual start opens the report of last time: the settings file is not rewritten (with its disk
    sync) on the way to the window's first paint."""
    import os

    settings = AppSettings(tmp_path / "config")
    db = tmp_path / "reports.db"
    settings.set_last_report(db, 3)
    settings.sync()
    os.utime(settings.path, ns=(0, 0))
    again = AppSettings(tmp_path / "config")
    again.set_last_report(db, 3)
    again.sync()
    assert settings.path.stat().st_mtime_ns == 0 and again.last_report(db) == 3
    again.set_last_report(db, 4)  # another report: remembered
    again.sync()
    assert settings.path.stat().st_mtime_ns != 0 and AppSettings(tmp_path / "config").last_report(db) == 4
    again.set_last_report(db, None)
    again.sync()
    assert AppSettings(tmp_path / "config").last_report(db) is None
