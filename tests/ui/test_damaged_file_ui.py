"""The window on a damaged database file (five pages zeroed in a real file with data): it opens, read-only,
on what can still be read (no black screen, no exit), and asks once: restore the newest whole backup, or
recover into a new file; either way it starts again on a whole file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from damaged_db import damaged_database, digest, make_database, quick_check_fails, zero_pages
from helpers import answers, env  # noqa: F401

from selfeval.store import Store
from selfeval.store.backups import backup_daily
from selfeval.store.errors import StoreDamaged


def _start(qtbot, env, path: Path):
    from selfeval.ui.app.settings import AppSettings
    from selfeval.ui.app.start import start

    running = start(path, None, AppSettings(env / "config"))
    assert running is not None
    qtbot.addWidget(running.window)
    return running


def _asked(qtbot, answers, count: int = 1) -> None:
    qtbot.waitUntil(lambda: len([a for a in answers.asked if a[0] == "buttons"]) >= count, timeout=5000)


def test_a_damaged_file_opens_read_only_on_what_can_be_read_and_offers_the_day_zero_backup(qtbot, env, answers):
    """Day 0 a whole backup, day 1 the damage, ten days of daily backups tried (and refused): the window
    offers the backup of day 0 and restores it."""
    path = env / "reports.db"
    make_database(path)
    day0 = backup_daily(path, keep=3, now=dt.datetime(2026, 3, 2, 9, 0))
    zero_pages(path)
    for day in range(1, 11):
        with pytest.raises(StoreDamaged):
            backup_daily(path, keep=3, now=dt.datetime(2026, 3, 2 + day, 9, 0))
    before = digest(path)
    answers.choices.append(0)  # 恢复最近的完整备份
    running = _start(qtbot, env, path)
    assert running.read_only
    assert running.window.report is not None
    assert running.window.report.unit_name == "广州市荔湾区人民政府昌华街道办事处"
    assert digest(path) == before  # only read
    running.window.install_app_hooks()
    _asked(qtbot, answers)
    kind, title, text = [a for a in answers.asked if a[0] == "buttons"][0]
    assert title == "数据文件已损坏" and "已损坏" in text and day0.name in text and "抢救" in text
    qtbot.waitUntil(lambda: running.restart_path is not None, timeout=5000)
    assert running.restart_path == path
    assert not quick_check_fails(path)
    assert [t for k, t, _ in answers.shown if k == "error"] == []
    assert "恢复完成" in [t for k, t, _ in answers.shown if k == "inform"]
    running.end()
    again = _start(qtbot, env, path)  # what run() does next: the window on the whole file, writable
    assert not again.read_only and again.window.report is not None
    again.close()


def test_recover_into_a_new_file_then_the_window_opens_it(qtbot, env, answers):
    path = env / "reports.db"
    damaged_database(path)
    target = env / "抢救.db"
    answers.choices.append(0)  # no whole backup: 抢救到新文件… is the first button
    answers.save_paths.append(target)
    running = _start(qtbot, env, path)
    running.window.install_app_hooks()
    _asked(qtbot, answers)
    qtbot.waitUntil(lambda: running.restart_path is not None, timeout=10000)
    assert running.restart_path == target
    assert "抢救完成" in [t for k, t, _ in answers.shown if k == "inform"]
    running.end()
    with Store.open(target) as store:
        assert [i.unit_short for i in store.list_reports()] == ["昌华街道"]


def test_keep_looking_read_only(qtbot, env, answers):
    path = env / "reports.db"
    damaged_database(path)
    answers.choices.append(1)  # 只读查看
    running = _start(qtbot, env, path)
    running.window.install_app_hooks()
    _asked(qtbot, answers)
    assert running.restart_path is None and running.read_only
    running.close()
    assert quick_check_fails(path)


def test_a_huge_file_checked_in_the_background_stops_the_writable_window(qtbot, env, answers, monkeypatch):
    """The open-time check ran out of its budget (a huge file): the window opened for writing; when the check
    on its thread finds damage, the window closes and starts again on the file, read-only, with its question."""
    from selfeval.store import integrity

    path = env / "reports.db"
    damaged_database(path)
    real = integrity.quick_check
    monkeypatch.setattr(integrity, "quick_check",
                        lambda conn, budget=None: real(conn, budget) if budget is None else integrity.Check(False, ()))
    running = _start(qtbot, env, path)
    assert not running.read_only  # opened before the check could finish
    running.window.install_app_hooks()
    qtbot.waitUntil(lambda: running.restart_path is not None, timeout=10000)
    assert running.restart_path == path
    running.end()
    answers.choices.append(1)  # 只读查看 (no whole backup: 抢救…, 只读查看)
    again = _start(qtbot, env, path)  # what run() does next: the damage is known, not checked again
    assert again.read_only
    again.window.install_app_hooks()
    _asked(qtbot, answers)
    again.close()
    integrity.forget(path)
