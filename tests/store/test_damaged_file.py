"""A damaged database (five pages zeroed in the middle of a real file with data) is found at open, never
written to or backed up, and the newest whole backup survives any number of days of rotation."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from damaged_db import damaged_database, digest, make_database, quick_check_fails, zero_pages

from selfeval.store import Store, integrity
from selfeval.store.backups import (automatic_backups, backup_daily, backup_folder, check_backup,
                                    newest_whole_backup, restore_from, rotate)
from selfeval.store.errors import StoreDamaged, StoreError
from selfeval.store.recover import recover_file

DAY0 = dt.datetime(2026, 3, 2, 9, 0)


def test_a_damaged_file_is_refused_for_writing_and_reading_and_left_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "selfeval.db"
    damaged_database(db)
    before = digest(db)
    for read_only in (False, True):
        with pytest.raises(StoreDamaged) as caught:
            Store.open(db, read_only=read_only, upgrade_copy=read_only)
        message = str(caught.value)
        assert "已损坏" in message and "recover -o" in message and str(db) in message
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["selfeval.db"]  # no -wal, no -shm, no backup


def test_the_daily_backup_refuses_a_damaged_file(tmp_path: Path) -> None:
    db = tmp_path / "selfeval.db"
    damaged_database(db)
    with pytest.raises(StoreDamaged):
        backup_daily(db, now=DAY0)
    assert automatic_backups(db) == []


def test_ten_days_over_a_file_damaged_on_day_one_keep_the_whole_backup_of_day_zero(tmp_path: Path) -> None:
    db = tmp_path / "selfeval.db"
    report_id = make_database(db)
    day0 = backup_daily(db, keep=3, now=DAY0)
    assert day0 is not None
    zero_pages(db)  # day 1: a bad sector
    for day in range(1, 11):
        with pytest.raises(StoreDamaged) as caught:
            backup_daily(db, keep=3, now=DAY0 + dt.timedelta(days=day))
        assert caught.value.backup == day0
        assert f'restore "{day0}"' in str(caught.value)
    assert automatic_backups(db) == [day0]
    check_backup(day0)
    assert newest_whole_backup(db) == day0
    saved = restore_from(day0, db)  # the damaged file is kept aside, then replaced
    assert saved is not None and quick_check_fails(saved)
    with Store.open(db) as store:
        assert store.load(report_id).unit_name
    assert not quick_check_fails(db)


def test_the_rotation_never_drops_the_newest_whole_backup(tmp_path: Path) -> None:
    """Backups an older version made of a damaged file (one a day for ten days) push the last whole one
    out of the newest ten: it stays all the same."""
    db = tmp_path / "selfeval.db"
    make_database(db)
    whole = backup_daily(db, now=DAY0)
    broken = tmp_path / "broken.db"
    shutil.copyfile(db, broken)
    zero_pages(broken)
    folder = backup_folder(db)
    for day in range(1, 11):
        shutil.copyfile(broken, folder / f"selfeval-{(DAY0 + dt.timedelta(days=day)):%Y%m%d-%H%M%S}.db")
    rotate(db, keep=10)
    kept = automatic_backups(db)
    assert whole in kept and len(kept) == 10  # the oldest damaged one went, the whole one stayed
    assert newest_whole_backup(db) == whole


def test_every_automatic_backup_is_checked_after_it_is_written(tmp_path: Path, monkeypatch) -> None:
    """A copy that reaches the disk damaged is no backup: removed, told, the older ones kept."""
    import selfeval.store.backups as backups

    db = tmp_path / "selfeval.db"
    make_database(db)
    first = backup_daily(db, now=DAY0)
    real = backups.backup_to

    def damaging(source, target, **kwargs):
        written = real(source, target, **kwargs)
        zero_pages(written)
        return written

    monkeypatch.setattr(backups, "backup_to", damaging)
    with pytest.raises(StoreError, match="校验"):
        backup_daily(db, now=DAY0 + dt.timedelta(days=1))
    assert automatic_backups(db) == [first]


def test_recover_reads_every_row_it_can_into_a_new_file(tmp_path: Path) -> None:
    db = tmp_path / "selfeval.db"
    report_id = damaged_database(db)
    before = digest(db)
    target = tmp_path / "recovered.db"
    result = recover_file(db, target)
    assert digest(db) == before  # only read
    assert result.rows["reports"] == 1 and result.rows["ops"] > 0
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Store.open(target) as store:
        report = store.load(report_id)
        assert report.unit_name
        assert store.history(report_id)
        new_id = store.create(report)
        assert new_id > report_id  # ids go on from the largest kept
    with pytest.raises(StoreError, match="已存在"):
        recover_file(db, target)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_check_past_its_budget_goes_on_in_the_background(tmp_path: Path, monkeypatch) -> None:
    """A huge file: the open-time check stops at its budget and the file opens; the whole check runs on a
    thread of its own and finds the damage, which a command waits for before it writes."""
    db = tmp_path / "selfeval.db"
    damaged_database(db)
    monkeypatch.setattr(integrity, "BUDGET_SECONDS", 0.0)
    monkeypatch.setattr(integrity, "_PROGRESS_STEPS", 1)
    real = integrity.quick_check
    monkeypatch.setattr(integrity, "quick_check",
                        lambda conn, budget=None: real(conn, budget) if budget is None else integrity.Check(False, ()))
    store = Store.open(db)
    try:
        check = integrity.wait(db)
        assert check is not None and check.damaged
        assert integrity.damage_found(db) is not None
    finally:
        store.close()


def test_a_whole_file_opens_as_before(tmp_path: Path) -> None:
    db = tmp_path / "selfeval.db"
    report_id = make_database(db)
    with Store.open(db) as store:
        assert store.load(report_id).unit_name
    assert integrity.pending(db) is None


def test_sections_on_damaged_pages_are_rebuilt_from_the_log(tmp_path: Path) -> None:
    """Every leaf page of the sections table zeroed: the report's log, replayed from its newest whole copy,
    gives the sections back as they were."""
    from damaged_db import table_pages, zero_page_numbers

    db = tmp_path / "selfeval.db"
    report_id = make_database(db)
    with Store.open(db, read_only=True) as store:
        before = store.load(report_id)
    leaves = table_pages(db, "sections")[1:]
    assert leaves
    zero_page_numbers(db, leaves)
    assert quick_check_fails(db)
    target = tmp_path / "recovered.db"
    result = recover_file(db, target)
    assert result.rebuilt == len(before.sections)
    with Store.open(target) as store:
        assert store.load(report_id) == before


def test_a_report_whose_row_is_lost_is_made_again_from_its_log(tmp_path: Path) -> None:
    """The reports table's pages zeroed: the report comes back from its log, fields and sections."""
    from damaged_db import table_pages, zero_page_numbers

    db = tmp_path / "selfeval.db"
    report_id = make_database(db)
    with Store.open(db, read_only=True) as store:
        before = store.load(report_id)
    zero_page_numbers(db, table_pages(db, "reports"))
    assert quick_check_fails(db)
    target = tmp_path / "recovered.db"
    result = recover_file(db, target)
    assert result.reports == 1
    with Store.open(target) as store:
        assert [i.id for i in store.list_reports()] == [report_id]
        assert store.load(report_id) == before
        assert store.history(report_id)
