"""A database file that is read-only (attribute or permissions) in a writable folder opens read-only,
with a notice, as a read-only folder does; nothing is written to it or beside it."""

from __future__ import annotations

import hashlib
import os

import pytest

from helpers import answers, env, sample_db  # noqa: F401
from selfeval.ui.app.settings import AppSettings
from selfeval.ui.app.start import NO_ACCESS_TITLE, start


def _state(path):
    return (hashlib.sha256(path.read_bytes()).hexdigest(),
            sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name)))


@pytest.mark.skipif(os.name != "posix", reason="permission bits")
def test_a_read_only_file_opens_read_only_with_the_notice(qtbot, env, sample_db, answers):
    path, report_id = sample_db
    path.chmod(0o444)
    before = _state(path)
    opened = start(path, report_id, AppSettings(env / "config"))
    assert opened is not None
    qtbot.addWidget(opened.window)
    try:
        [(title, text)] = answers.of("warn")
        assert title == NO_ACCESS_TITLE and "只读文件" in text and str(path) in text
        assert opened.read_only and opened.window.report_id == report_id
        assert "只读" in opened.window.windowTitle()
        assert opened.window.tabs.basic_info().unit_name.isReadOnly()
        assert not opened.lock.held  # a reader holds no lock
    finally:
        opened.close()
    assert _state(path) == before


def test_a_file_the_file_system_refuses_to_write_falls_back_to_read_only(qtbot, env, sample_db, answers,
                                                                         monkeypatch):
    """Permission bits do not tell everything (an immutable attribute, a write-protected share): when
    SQLite finds the file read-only while opening it for writing, the window still opens, read-only."""
    from selfeval.store import Store
    from selfeval.store.errors import StoreReadOnly

    path, report_id = sample_db
    real_open = Store.open.__func__

    def refuse_writing(cls, db=None, *, read_only=False, **kwargs):
        if not read_only:
            raise StoreReadOnly("只读")
        return real_open(cls, db, read_only=read_only, **kwargs)

    monkeypatch.setattr(Store, "open", classmethod(refuse_writing))
    opened = start(path, report_id, AppSettings(env / "config"))
    assert opened is not None
    qtbot.addWidget(opened.window)
    try:
        [(title, text)] = answers.of("warn")
        assert title == NO_ACCESS_TITLE and "只读文件" in text
        assert opened.read_only and opened.window.report_id == report_id
        assert not opened.lock.held
    finally:
        opened.close()
