"""Opening files: where the database is, what is refused (untouched), read-only mode, pragmas."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest
from selfeval.store import CreateReport, SetSection, Store, StoreError, location, schema
from store_support import edited_section, file_hash, make_report


def test_path_explicit_then_env_then_user_data_dir(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SELFEVAL_DB", str(tmp_path / "env.db"))
    assert location.resolve_path(tmp_path / "x.db") == (tmp_path / "x.db", True)
    assert location.resolve_path(None) == (tmp_path / "env.db", True)
    monkeypatch.delenv("SELFEVAL_DB")
    monkeypatch.setattr("platformdirs.user_data_dir", lambda name, appauthor=None: str(tmp_path / "data" / name))
    path, chosen = location.resolve_path(None)
    assert (path, chosen) == (tmp_path / "data" / "selfeval" / "selfeval.db", False)
    assert Store.default_path() == path
    # The default folder is created on first use; the file is a working store.
    with Store.open() as store:
        assert store.path == path and path.exists()


def test_env_var_used_by_open(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SELFEVAL_DB", str(tmp_path / "env.db"))
    with Store.open() as store:
        assert store.path == tmp_path / "env.db"


def test_pragmas_wal_foreign_keys_busy_timeout(store: Store) -> None:
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert store.schema_version == len(schema.MIGRATION_NAMES)


def _docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize("content", [
    b"\x00\x01garbage" * 200,
    b"junk",  # shorter than an SQLite header
    b"SQLite format 3\x00",  # a header and nothing after it
    _docx_bytes(),
    "二〇二四年度说明".encode("gbk") * 50,
], ids=["garbage", "short-junk", "header-only", "docx", "text"])
def test_not_sqlite_is_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "selfeval.db"
    path.write_bytes(content)
    before = file_hash(path)
    with pytest.raises(StoreError, match="不是"):
        Store.open(path)
    with pytest.raises(StoreError):
        Store.open(path, read_only=True)
    assert file_hash(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["selfeval.db"]  # no -wal, -shm, backup


def test_corrupt_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "selfeval.db"
    with Store.open(path) as s:
        s.create(make_report())
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    path.write_bytes(bytes(data))
    before = file_hash(path)
    with pytest.raises(StoreError, match="损坏|不是"):
        Store.open(path)
    assert file_hash(path) == before


def test_another_programs_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('x')")
    conn.commit()
    conn.close()
    before = file_hash(path)
    with pytest.raises(StoreError, match="不是绩效自评编制工具的数据库"):
        Store.open(path)
    assert file_hash(path) == before


def test_newer_schema_is_refused_and_untouched(db_path: Path) -> None:
    with Store.open(db_path) as s:
        s.create(make_report())
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('selfeval', '0099_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()  # still a WAL-mode file, its WAL checkpointed and removed
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["selfeval.db"]
    before = file_hash(db_path)
    for read_only in (False, True):
        with pytest.raises(StoreError, match="更新版本"):
            Store.open(db_path, read_only=read_only)
    assert file_hash(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["selfeval.db"]  # no -wal/-shm/backup


def test_zero_byte_file_becomes_a_new_database(db_path: Path) -> None:
    db_path.write_bytes(b"")
    with Store.open(db_path) as store:
        assert store.list_reports() == []
        assert store.backup is None


def test_folder_and_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="文件夹"):
        Store.open(tmp_path)
    with pytest.raises(StoreError, match="文件夹.*不存在"):
        Store.open(tmp_path / "missing" / "selfeval.db")
    assert not (tmp_path / "missing").exists()


def test_read_only_never_writes(db_path: Path) -> None:
    with Store.open(db_path) as s:
        rid = s.create(make_report())
        s.apply(SetSection(rid, edited_section(s, rid, "conclusion", "A")))
    before = file_hash(db_path)
    with Store.open(db_path, read_only=True) as ro:
        assert ro.read_only
        assert ro.load(rid).section("conclusion").intro == "A"
        assert [i.id for i in ro.list_reports()] == [rid]
        assert len(ro.history(rid)) == 2
        assert ro.can_undo(rid)
        for attempt in (lambda: ro.apply(CreateReport(make_report("多宝街道"))),
                        lambda: ro.apply(SetSection(rid, edited_section(ro, rid, "conclusion", "B"))),
                        lambda: ro.undo(rid), lambda: ro.redo(rid), lambda: ro.create(make_report())):
            with pytest.raises(StoreError, match="只读"):
                attempt()
        with pytest.raises(sqlite3.OperationalError):
            ro.db.conn.execute("DELETE FROM reports")  # the connection itself is read-only (mode=ro)
    assert file_hash(db_path) == before


def test_read_only_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="不存在"):
        Store.open(tmp_path / "none.db", read_only=True)
    assert not (tmp_path / "none.db").exists()


def test_two_stores_on_one_file(db_path: Path) -> None:
    a = Store.open(db_path)
    b = Store.open(db_path)
    try:
        rid = a.create(make_report())
        b.apply(SetSection(rid, edited_section(b, rid, "conclusion", "from b")))
        assert a.load(rid).section("conclusion").intro == "from b"
        a.apply(SetSection(rid, edited_section(a, rid, "conclusion", "from a")))
        assert b.undo(rid).after["intro"] == "from b"
        assert a.load(rid).section("conclusion").intro == "from b"
    finally:
        a.close()
        b.close()


def test_locked_database_gives_chinese_error_and_changes_nothing(db_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("selfeval.store.connecting.BUSY_TIMEOUT_MS", 50)
    with Store.open(db_path) as store:
        rid = store.create(make_report())
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            with pytest.raises(StoreError, match="占用"):
                store.apply(SetSection(rid, edited_section(store, rid, "conclusion", "A")))
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert store.load(rid).section("conclusion").intro == ""
        assert len(store.history(rid)) == 1


def test_edit_survives_sigkill(tmp_path: Path, db_path: Path) -> None:
    """A process killed right after an edit: the edit is in the WAL, and the next open finds it."""
    import subprocess
    import sys

    script = (
        "import os, signal, sys\n"
        "from selfeval.store import Store, SetSection\n"
        "from selfeval.bundled.templates import get_template\n"
        "s = Store.open(sys.argv[1])\n"
        "rid = s.create(get_template().new_report(unit_short='甲', year=2024))\n"
        "sec = s.load(rid).section('conclusion'); sec.intro = '写到一半'\n"
        "s.apply(SetSection(rid, sec))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(db_path)], capture_output=True)
    assert proc.returncode != 0  # it was killed, nothing was closed
    assert Path(f"{db_path}-wal").exists()
    with Store.open(db_path) as store:
        assert store.load(1).section("conclusion").intro == "写到一半"
        assert store.can_undo(1)


def test_read_only_leaves_a_wal_file_without_siblings(db_path: Path) -> None:
    with Store.open(db_path) as s:
        rid = s.create(make_report())
    assert not Path(f"{db_path}-wal").exists()
    before = file_hash(db_path)
    with Store.open(db_path, read_only=True) as ro:
        assert [i.id for i in ro.list_reports()] == [rid]
    assert file_hash(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_read_only_upgrades_an_older_file_only_in_memory(tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "old.db"
    shutil.copyfile(Path(__file__).resolve().parents[1] / "fixtures" / "schema-v1.db", db)
    before = file_hash(db)
    with Store.open(db, read_only=True, upgrade_copy=True) as ro:
        assert ro.read_only and ro.list_reports()
        with pytest.raises(StoreError, match="只读"):
            ro.create(make_report())
    assert file_hash(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.db"]
