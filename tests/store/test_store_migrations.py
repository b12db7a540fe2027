"""Migrations: the file is copied aside (WAL content included) before a pending migration runs."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from selfeval.store import SetSection, Store, StoreError, schema
from store_support import edited_section, make_report


# The schema this version of the tool makes, and a test migration after it.
CURRENT = len(schema.MIGRATION_NAMES)
NEXT = CURRENT + 1


def _test_notes(db) -> None:
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    db.execute("INSERT INTO notes (text) SELECT unit_short FROM reports")


@pytest.fixture
def versions(monkeypatch):
    """``versions(n)``: pretend this version of the tool knows the first n of (the real
    migrations, a test migration after them)."""
    known = [*schema.STEPS, (f"{NEXT:04d}_test_notes", _test_notes)]

    def use(n: int) -> None:
        monkeypatch.setattr(schema, "STEPS", known[:n])
        monkeypatch.setattr(schema, "MIGRATION_NAMES", [name for name, _ in known[:n]])

    return use


def test_a_new_file_has_every_migration(store: Store) -> None:
    applied = [r[0] for r in store.db.conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'selfeval'")]
    assert applied == ["0001_reports_sections_ops", "0002_compact_op_log", "0003_figures_into_table"]
    assert store.backup is None  # a new file has nothing to back up


def test_backup_made_before_migrating_and_includes_wal(db_path: Path, versions) -> None:
    versions(CURRENT)
    old = Store.open(db_path)  # a store of today's schema, kept open so its last edit is still only in the WAL
    rid = old.create(make_report())
    old.apply(SetSection(rid, edited_section(old, rid, "conclusion", "只在 WAL 中")))
    assert Path(f"{db_path}-wal").stat().st_size > 0
    versions(NEXT)
    new = None
    try:
        new = Store.open(db_path)  # the "new version" opens the same file
        assert new.schema_version == NEXT
        assert new.backup is not None and new.backup.parent == db_path.parent
        assert re.fullmatch(rf"selfeval\.db\.bak-{CURRENT}-\d{{8}}T\d{{6}}Z", new.backup.name)
        conn = sqlite3.connect(new.backup)
        try:
            intro = conn.execute("SELECT data FROM sections WHERE key = 'conclusion'").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
        assert "只在 WAL 中" in intro
        assert "notes" not in tables  # the copy is of the file before the migration
        assert new.db.conn.execute("SELECT text FROM notes").fetchall() == [("昌华街道",)]
        assert new.load(rid).section("conclusion").intro == "只在 WAL 中"
    finally:
        old.close()
        if new is not None:
            new.close()
    with Store.open(db_path) as again:  # nothing pending any more: no second copy
        assert again.backup is None
    assert len(list(db_path.parent.glob("*.bak-*"))) == 1


def test_read_only_refuses_a_file_that_needs_migrating(db_path: Path, versions) -> None:
    versions(CURRENT)
    with Store.open(db_path) as s:
        s.create(make_report())
    versions(NEXT)
    with pytest.raises(StoreError, match="只读"):
        Store.open(db_path, read_only=True)
    assert not list(db_path.parent.glob("*.bak-*"))


def test_backup_names_never_collide(tmp_path: Path) -> None:
    from selfeval.store.opening import backup_path

    db = tmp_path / "selfeval.db"
    first = backup_path(db, 1)
    first.write_bytes(b"x")
    second = backup_path(db, 1)
    assert second != first and second.name.startswith("selfeval.db.bak-1-")


def test_failed_backup_stops_the_migration(db_path: Path, versions, monkeypatch) -> None:
    versions(CURRENT)
    with Store.open(db_path) as s:
        s.create(make_report())
    from store_support import file_hash

    before = file_hash(db_path)
    versions(NEXT)

    # The copy cannot be written (a folder that cannot be written to).
    monkeypatch.setattr("selfeval.store.opening.backup_path",
                        lambda path, version: path.parent / "missing-folder" / "selfeval.db.bak")
    with pytest.raises(StoreError, match="无法备份"):
        Store.open(db_path)
    assert file_hash(db_path) == before
    assert not list(db_path.parent.glob("*.bak-*"))
