"""The database under hostile conditions: many processes at once, a read-only medium, odd paths."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from pathlib import Path

import pytest
from robust_support import (can_mount_read_only, clean_env, command, one_chinese_line, run,
                            run_on_read_only_folder, sample_text_file)

from selfeval.bundled.samples import bundled_sample
from selfeval.store import Store
from selfeval.store.errors import StoreError

PARALLEL = 20


def _parallel(tmp_path: Path, db: Path, commands: list[list[str]]) -> list[tuple[int, str, str]]:
    """Start every command at once, then wait for all of them."""
    procs = [subprocess.Popen(command("--db", str(db), *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=clean_env(tmp_path), cwd=tmp_path) for args in commands]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        results.append((proc.returncode, out.decode("utf-8"), err.decode("utf-8")))
    return results


def _reports(db: Path) -> list[tuple[int, str]]:
    with Store.open(db, read_only=True) as store:
        return [(i.id, i.unit_name) for i in store.list_reports()]


@pytest.mark.slow
def test_twenty_processes_on_a_new_database_all_succeed_and_the_sample_is_added_at_most_once(
        tmp_path: Path) -> None:
    """Sample and import commands started together on a file that does not exist yet: the first one
    to get the lock creates the schema, the others wait for it (no "database is locked", no
    "table already exists"), every import asked for a copy of its own (--duplicate) gets an id of its own,
    and every `sample` prints the same id."""
    db = tmp_path / "shared.db"
    text = str(sample_text_file())
    commands = [["sample"] if i % 2 else ["import", text, "--duplicate"] for i in range(PARALLEL)]
    results = _parallel(tmp_path, db, commands)
    for code, out, err in results:
        assert code == 0, err
        assert "Traceback" not in err and "占用" not in err
    ids = [int(out.strip().splitlines()[-1]) for _, out, _ in results]
    import_ids = [i for i, args in zip(ids, commands) if args[0] == "import"]
    sample_ids = {i for i, args in zip(ids, commands) if args[0] == "sample"}
    assert len(set(import_ids)) == PARALLEL // 2
    # one sample id: its own report, or an imported one of the same unit and year that was there first
    assert len(sample_ids) == 1
    # every id printed is there (a command's daily backup once dropped its locks: one report was lost)
    assert sorted(i for i, _ in _reports(db)) == sorted(set(ids))
    # a new file holds nothing to back up before migrating
    assert not [p.name for p in tmp_path.iterdir() if ".bak-" in p.name]


@pytest.mark.slow
def test_twenty_sample_commands_on_an_existing_database_add_the_sample_once(tmp_path: Path) -> None:
    """「已有则不重复添加」 must hold when the commands race: look-up and creation are one transaction."""
    db = tmp_path / "shared.db"
    Store.open(db).close()  # an up-to-date, empty database
    results = _parallel(tmp_path, db, [["sample"]] * PARALLEL)
    assert all(code == 0 for code, _, _ in results), [err for _, _, err in results]
    assert {out.strip().splitlines()[-1] for _, out, _ in results} == {"1"}
    assert _reports(db) == [(1, bundled_sample().unit_name)]
    assert sum("已添加示例报告" in err for _, _, err in results) == 1


def test_find_or_create_finds_a_live_report_of_the_same_unit_and_year(tmp_path: Path) -> None:
    sample = bundled_sample()
    with Store.open(tmp_path / "a.db") as store:
        first, created = store.find_or_create(sample, note="示例报告")
        assert created
        assert store.find_or_create(sample) == (first, False)
        assert len(store.history(first)) == 1  # the look-up logs nothing
        other_year = sample.copy()
        other_year.year = 2025
        second, created = store.find_or_create(other_year)
        assert created and second != first
        from selfeval.store.operations import DeleteReport

        store.apply(DeleteReport(first))  # a report in the recycle bin does not count
        third, created = store.find_or_create(sample)
        assert created and third not in (first, second)


def test_migrating_a_new_file_while_another_process_holds_the_write_lock_waits_for_it(
        tmp_path: Path, monkeypatch) -> None:
    """The migration takes the write lock first and waits (busy timeout) instead of failing half-way;
    when the lock is never released the user gets the Chinese 「占用」 sentence and no half schema."""
    db = tmp_path / "new.db"
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr("selfeval.store.connecting.BUSY_TIMEOUT_MS", 100)
    try:
        with pytest.raises(StoreError, match="占用"):
            Store.open(db)
    finally:
        other.execute("ROLLBACK")
        other.close()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == []
    conn.close()
    with Store.open(db) as store:  # once the lock is free, the same file opens and migrates
        assert store.list_reports() == []


@pytest.mark.parametrize("name", ["report.docx", "truncated.db"])
def test_a_database_that_is_a_docx_or_a_truncated_sqlite_file_is_refused_by_every_command(
        tmp_path: Path, name: str) -> None:
    good = tmp_path / "good.db"
    assert run(tmp_path, "--db", str(good), "sample").code == 0
    bad = tmp_path / name
    if name.endswith(".docx"):
        from selfeval.export import export_docx

        with Store.open(good, read_only=True) as store:
            export_docx(store.load(1), bad)
    else:
        bad.write_bytes(good.read_bytes()[:1000])  # the first 1000 bytes of a real database
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    for args in (["list"], ["sample"], ["history", "1"], ["export", "1", "-o", str(tmp_path / "o.docx")],
                 ["import", str(sample_text_file())]):
        line = one_chinese_line(run(tmp_path, "--db", str(bad), *args))
        assert "拒绝打开" in line and "未做任何改动" in line, line
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(name)) == [name]
    assert not (tmp_path / "o.docx").exists()


def test_db_pointing_at_a_folder_a_name_too_long_or_into_a_file_is_one_chinese_line(tmp_path: Path) -> None:
    for args in (["list"], ["sample"], ["history", "1"]):
        assert "文件夹" in one_chinese_line(run(tmp_path, "--db", str(tmp_path), *args))
    too_long = tmp_path / ("长" * 100 + ".db")  # 300 bytes: more than a file name may hold
    for args in (["list"], ["sample"], ["export", "1", "-o", "x.docx"]):
        assert "过长" in one_chinese_line(run(tmp_path, "--db", str(too_long), *args))
    inside = tmp_path / ("长" * 100) / "x.db"
    assert "过长" in one_chinese_line(run(tmp_path, "--db", str(inside), "sample"))
    a_file = tmp_path / "说明.txt"
    a_file.write_text("不是文件夹", encoding="utf-8")
    assert "不是文件夹" in one_chinese_line(run(tmp_path, "--db", str(a_file / "x.db"), "sample"))
    assert a_file.read_text(encoding="utf-8") == "不是文件夹"


@pytest.mark.skipif(not can_mount_read_only(), reason="needs root and mount namespaces to simulate a read-only folder")
def test_a_database_on_a_read_only_medium_can_be_read_and_exported_but_not_changed(tmp_path: Path) -> None:
    """A database on a CD or a write-protected share: SQLite cannot put its -shm file beside it, so
    it is read as it is (nothing is created there); changing it gives one Chinese line."""
    folder = tmp_path / "cd"
    folder.mkdir()
    db = folder / "selfeval.db"
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    before = sorted(p.name for p in folder.iterdir())
    listed = run_on_read_only_folder(tmp_path, folder, "--db", str(db), "list")
    assert listed.code == 0, listed.err
    assert "昌华街道" in listed.out
    history = run_on_read_only_folder(tmp_path, folder, "--db", str(db), "history", "1")
    assert history.code == 0 and "示例报告" in history.out, history.err
    out = tmp_path / "out.docx"
    exported = run_on_read_only_folder(tmp_path, folder, "--db", str(db), "export", "1", "-o", str(out))
    assert exported.code == 0 and out.exists(), exported.err
    line = one_chinese_line(run_on_read_only_folder(
        tmp_path, folder, "--db", str(db), "import", str(sample_text_file())))
    assert "只读" in line
    line = one_chinese_line(run_on_read_only_folder(
        tmp_path, folder, "--db", str(db), "export", "1", "-o", str(folder / "x.docx")))
    assert "只读" in line
    line = one_chinese_line(run_on_read_only_folder(tmp_path, folder, "--db", str(folder / "new.db"), "sample"))
    assert "只读" in line
    assert sorted(p.name for p in folder.iterdir()) == before


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
def test_db_pointing_at_a_named_pipe_or_a_device_is_refused_at_once(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "selfeval.db"
    os.mkfifo(fifo)
    for path in (fifo, Path(os.devnull)):
        with pytest.raises(StoreError, match="不是普通文件"):
            Store.open(path)
    for args in (["list"], ["sample"]):
        assert "不是普通文件" in one_chinese_line(run(tmp_path, "--db", str(fifo), *args))


def test_a_migration_that_fails_half_way_leaves_the_file_at_its_old_version(tmp_path: Path, monkeypatch) -> None:
    """Migrations run inside the one write-locked transaction: a failure rolls all of it back."""
    from selfeval.store import schema

    db = tmp_path / "old.db"
    with Store.open(db) as store:
        rid = store.create(bundled_sample())

    def broken(db) -> None:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
        db.execute("INSERT INTO no_such_table VALUES (1)")  # fails after a change was made

    monkeypatch.setattr(schema, "STEPS", schema.STEPS + [("0099_broken", broken)])
    monkeypatch.setattr(schema, "MIGRATION_NAMES", schema.MIGRATION_NAMES + ["0099_broken"])
    with pytest.raises(StoreError):
        Store.open(db)
    conn = sqlite3.connect(db)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    finally:
        conn.close()
    assert "notes" not in tables and applied == schema.MIGRATION_NAMES[:-1]
    monkeypatch.undo()
    with Store.open(db) as store:
        assert store.load(rid).to_dict() == bundled_sample().to_dict()
