"""Backups: to a file, daily rotation beside the database, restore to exactly the state backed up."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from store_support import edited_section, make_report

from selfeval.store import DeleteReport, SetSection, Store, StoreError
from selfeval.store import backups
from selfeval.store.backups import automatic_backups, backup_daily, backup_to, restore_from


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def state(path: Path) -> tuple:
    with Store.open(path, read_only=True) as store:
        infos = store.list_reports()
        return ([(i.id, i.title) for i in infos], [store.load(i.id).to_dict() for i in infos],
                [[(r.id, r.kind, r.summary) for r in store.history(i.id)] for i in infos],
                [store.can_undo(i.id) for i in infos])


def test_a_backup_restores_to_exactly_the_state_it_was_taken_at(store: Store, db_path: Path, tmp_path: Path):
    first = store.create(make_report())
    store.apply(SetSection(first, edited_section(store, first, "goals", "第一次修改。")))
    store.undo(first)
    (tmp_path / "usb").mkdir()
    backup = backup_to(db_path, tmp_path / "usb" / "备份.db")
    taken = dump(backup)
    before = state(backup)
    # later work: more edits, a new report, one in the bin
    store.apply(SetSection(first, edited_section(store, first, "conclusion", "之后的修改。")))
    second = store.create(make_report(unit_short="西村街道"))
    store.apply(DeleteReport(second))
    store.close()
    assert state(db_path) != before
    saved = restore_from(backup, db_path)
    assert dump(db_path) == taken
    assert state(db_path) == before
    # the state replaced was backed up first
    assert saved is not None and saved.parent == db_path.parent / "backups"
    assert state(saved)[2][0][0][1] == "set_section"  # the later edit is in that copy
    with Store.open(db_path) as again:  # and the restored file opens for writing and undoes as before
        assert again.redo(first) is not None


def test_a_backup_is_one_file_without_wal(store: Store, db_path: Path, tmp_path: Path):
    store.create(make_report())
    target = backup_to(db_path, tmp_path / "b.db")
    assert not Path(f"{target}-wal").exists()
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_daily_backups_at_most_once_a_day_keep_the_newest(store: Store, db_path: Path):
    store.create(make_report())
    day = dt.datetime(2026, 11, 1, 9, 0, 0)
    assert backup_daily(db_path, keep=3, now=day) is not None
    assert backup_daily(db_path, keep=3, now=day + dt.timedelta(hours=5)) is None  # same day
    for n in range(1, 5):
        assert backup_daily(db_path, keep=3, now=day + dt.timedelta(days=n)) is not None
    kept = automatic_backups(db_path)
    assert [p.name for p in kept] == ["selfeval-20261103-090000.db", "selfeval-20261104-090000.db",
                                      "selfeval-20261105-090000.db"]
    assert all(p.parent == db_path.parent / "backups" for p in kept)


def test_the_number_kept_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(backups.KEEP_ENV, "4")
    assert backups.keep_count() == 4
    monkeypatch.setenv(backups.KEEP_ENV, "很多")
    assert backups.keep_count() == backups.DEFAULT_KEEP


def test_an_empty_database_is_not_backed_up(store: Store, db_path: Path):
    assert backup_daily(db_path) is None
    assert not (db_path.parent / "backups").exists()


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(store: Store, db_path: Path, tmp_path: Path):
    store.create(make_report())
    store.close()
    before = dump(db_path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError, match="不是绩效自评编制工具的备份文件"):
        restore_from(junk, db_path)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(StoreError, match="不是绩效自评编制工具的备份文件"):
        restore_from(other, db_path)
    assert dump(db_path) == before
    assert not (db_path.parent / "backups").exists()


def test_a_backup_from_a_newer_version_is_refused(store: Store, db_path: Path, tmp_path: Path):
    store.create(make_report())
    newer = backup_to(db_path, tmp_path / "newer.db")
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('selfeval', 'm999_future', '')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="更新版本"):
        restore_from(newer, db_path)


def test_a_truncated_backup_is_refused(store: Store, db_path: Path, tmp_path: Path):
    for n in range(30):
        report_id = store.create(make_report(unit_short=f"街道{n}"))
        store.apply(SetSection(report_id, edited_section(store, report_id, "goals", "很长的修改。" * 200)))
    backup = backup_to(db_path, tmp_path / "b.db")
    cut = tmp_path / "cut.db"
    cut.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    with pytest.raises(StoreError, match="损坏|不是"):
        restore_from(cut, db_path)


def test_restore_is_refused_while_the_app_has_the_database_open(store: Store, db_path: Path, tmp_path: Path):
    store.create(make_report())
    backup = backup_to(db_path, tmp_path / "b.db")
    Path(f"{db_path}.lock").write_text("4242\nselfeval\nhost\n")
    with pytest.raises(StoreError, match="桌面程序"):
        restore_from(backup, db_path)


def test_backing_up_onto_the_database_itself_is_refused(store: Store, db_path: Path):
    store.create(make_report())
    with pytest.raises(StoreError, match="数据库文件本身"):
        backup_to(db_path, db_path)
