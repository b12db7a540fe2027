"""Migrations: the file is copied aside (WAL content included) before a pending migration runs."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from selfeval.store import SetSection, Store, StoreError, schema
from store_support import edited_section, make_report


def _v2(db) -> None:
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    db.execute("INSERT INTO notes (text) SELECT unit_short FROM reports")


@pytest.fixture
def versions(monkeypatch):
    """``versions(n)``: pretend this version of the tool knows the first n of (v1, a test v2)."""
    known = [(schema.MIGRATION_NAMES[0], schema._v1), ("0002_test_notes", _v2)]

    def use(n: int) -> None:
        monkeypatch.setattr(schema, "STEPS", known[:n])
        monkeypatch.setattr(schema, "MIGRATION_NAMES", [name for name, _ in known[:n]])

    return use


def test_schema_starts_at_v1(store: Store) -> None:
    applied = [r[0] for r in store.db.conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'selfeval'")]
    assert applied == ["0001_reports_sections_ops"]
    assert store.backup is None  # a new file has nothing to back up


def test_backup_made_before_migrating_and_includes_wal(db_path: Path, versions) -> None:
    versions(1)
    old = Store.open(db_path)  # a v1 store, kept open so its last edit is still only in the WAL
    rid = old.create(make_report())
    old.apply(SetSection(rid, edited_section(old, rid, "conclusion", "只在 WAL 中")))
    assert Path(f"{db_path}-wal").stat().st_size > 0
    versions(2)
    new = None
    try:
        new = Store.open(db_path)  # the v2 "new version" opens the same file
        assert new.schema_version == 2
        assert new.backup is not None and new.backup.parent == db_path.parent
        assert re.fullmatch(r"selfeval\.db\.bak-1-\d{8}T\d{6}Z", new.backup.name)
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
    versions(1)
    with Store.open(db_path) as s:
        s.create(make_report())
    versions(2)
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
    versions(1)
    with Store.open(db_path) as s:
        s.create(make_report())
    from store_support import file_hash

    before = file_hash(db_path)
    versions(2)

    # The copy cannot be written (a folder that cannot be written to).
    monkeypatch.setattr("selfeval.store.opening.backup_path",
                        lambda path, version: path.parent / "missing-folder" / "selfeval.db.bak")
    with pytest.raises(StoreError, match="无法备份"):
        Store.open(db_path)
    assert file_hash(db_path) == before
    assert not list(db_path.parent.glob("*.bak-*"))
