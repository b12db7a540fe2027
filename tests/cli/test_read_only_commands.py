"""Commands that only read (list, templates, export, history, backup, check, import --preview) change no byte of the database: not its
content, not its journal mode, no -wal/-shm left beside it, no schema written into an empty file, no
upgrade of an older file (that happens in a copy in memory)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from cli_support import run
from selfeval.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SIBLINGS = ("-wal", "-shm", "-journal")


def _state(db: Path) -> tuple:
    """The file's bytes and which of its siblings exist (and every other file in its folder)."""
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    return digest, {s: Path(f"{db}{s}").exists() for s in SIBLINGS}, sorted(p.name for p in db.parent.iterdir())


def _with_report(db: Path) -> None:
    with Store.open(db) as store:
        store.create(_report())


def _report():
    from selfeval.bundled.samples import bundled_sample

    return bundled_sample()


def wal_file(folder: Path) -> Path:
    db = folder / "wal.db"
    _with_report(db)
    assert not Path(f"{db}-wal").exists()  # a clean close leaves the main file alone
    return db


def rollback_file(folder: Path) -> Path:
    db = folder / "rollback.db"
    _with_report(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    conn.close()
    return db


def empty_file(folder: Path) -> Path:
    db = folder / "empty.db"
    db.touch()
    return db


def old_version_file(folder: Path) -> Path:
    db = folder / "old.db"
    shutil.copyfile(FIXTURES / "schema-v1.db", db)
    return db


KINDS = {"rollback journal": rollback_file, "WAL": wal_file, "zero bytes": empty_file,
         "older version": old_version_file}
COMMANDS = {
    "list": lambda out: ["list"],
    "list --deleted": lambda out: ["list", "--deleted"],
    "templates": lambda out: ["templates"],
    "export": lambda out: ["export", "1", "-o", str(out / "说明.docx")],
    "history": lambda out: ["history", "1"],
    "backup": lambda out: ["backup", "-o", str(out / "copy.db")],
    "import --preview": lambda out: ["import", "--preview", str(_sample_text())],
    "check": lambda out: ["check", "1"],
    "check --json": lambda out: ["check", "1", "--json"],
}


def _sample_text():
    from selfeval.bundled.samples import sample_text_path

    return sample_text_path()


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_reading_command_changes_no_byte(tmp_path, kind, command):
    folder = tmp_path / "database"
    folder.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    db = KINDS[kind](folder)
    before = _state(db)
    result = run(tmp_path, "--db", str(db), *COMMANDS[command](out))
    assert "Traceback" not in result.err
    if kind == "zero bytes" and command in ("export", "history", "backup", "check", "check --json"):
        assert result.code == 2 and ("还没有报告" in result.err or "没有可以备份的内容" in result.err), result.err
    elif command.startswith("check"):
        assert result.code in (0, 1) and result.out.strip(), result.err  # 1: the report has 错误
    else:
        assert result.code == 0, result.err
    assert _state(db) == before


def test_list_reads_an_older_file_without_upgrading_it(tmp_path):
    db = old_version_file(tmp_path)
    before = _state(db)
    result = run(tmp_path, "--db", str(db), "list")
    assert result.code == 0, result.err
    with sqlite3.connect(db) as conn:  # compare with what the fixture holds, read directly
        units = [r[0] for r in conn.execute("SELECT unit_short FROM reports WHERE deleted_at IS NULL")]
    assert units and all(u in result.out for u in units if u)
    assert _state(db) == before
    assert not list(tmp_path.glob("*.bak-*"))


def test_reading_while_the_app_writes_sees_the_newest_save_and_changes_nothing(tmp_path):
    db = wal_file(tmp_path)
    writer = Store.open(db)  # as the app holds it: a -wal and a -shm exist
    try:
        report = writer.load(1)
        report.unit_short = "写入中街道"
        from selfeval.store.operations import SetField

        writer.apply(SetField(1, "unit_short", "写入中街道"))
        before = hashlib.sha256(db.read_bytes()).hexdigest()
        result = run(tmp_path, "--db", str(db), "list")
        assert result.code == 0 and "写入中街道" in result.out, result.err
        assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    finally:
        writer.close()


def test_a_wal_left_without_its_shm_is_read_and_left_as_it_was(tmp_path):
    """A writer killed mid-session leaves a -wal (and its -shm, which a copy or a cleaner may drop):
    the newest saves are in the -wal and a reading command shows them, creating no -shm."""
    db = wal_file(tmp_path)
    from selfeval.store.operations import SetField

    writer = Store.open(db)
    writer.apply(SetField(1, "unit_short", "只在日志中"))
    saved = tmp_path / "saved"
    saved.mkdir()
    for suffix in ("", "-wal"):  # what a killed process leaves, copied aside before its close checkpoints
        shutil.copyfile(f"{db}{suffix}", f"{saved / 'x.db'}{suffix}")
    writer.close()
    copy = saved / "x.db"
    before = _state(copy)
    result = run(tmp_path, "--db", str(copy), "list")
    assert result.code == 0 and "只在日志中" in result.out, result.err
    assert _state(copy) == before
