"""Scenario 4 of issue 18 through the real command: a database with five pages zeroed in its middle.
Every command says in one Chinese line that the file is damaged and names the two ways out; none
writes into it (``sample`` included); ``recover`` salvages it into a new file; ``restore`` brings the
newest whole backup back and leaves nothing beside the backup file."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from damaged_db import damaged_database, digest, make_database, quick_check_fails, zero_pages
from robust_support import one_chinese_line, run

from selfeval.store.backups import automatic_backups, backup_daily

COMMANDS = (["sample"], ["list"], ["export", "1", "-o", "out.docx"], ["history", "1"], ["check", "1"],
            ["backup", "-o", "copy.db"], ["pack", "1", "-o", "x.selfeval"], ["import", "x.txt"])


@pytest.mark.slow
def test_every_command_refuses_a_damaged_file_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "selfeval.db"
    damaged_database(db)
    (tmp_path / "x.txt").write_text("2024年度某单位部门整体支出绩效自评表说明\n一、部门概况\n内容。\n", encoding="utf-8")
    before = digest(db)
    for args in COMMANDS:
        result = run(tmp_path, "--db", str(db), *args)
        line = one_chinese_line(result)
        assert "已损坏" in line, (args, line)
        assert "recover -o" in line and "发生意外错误" not in line, (args, line)
    assert digest(db) == before
    assert not (tmp_path / "backups").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("selfeval.db-") or ".bak-" in p.name]
    assert not (tmp_path / "out.docx").exists() and not (tmp_path / "copy.db").exists()


@pytest.mark.slow
def test_recover_writes_what_can_be_read_into_a_new_file(tmp_path: Path) -> None:
    db = tmp_path / "selfeval.db"
    report_id = damaged_database(db)
    before = digest(db)
    result = run(tmp_path, "--db", str(db), "recover", "-o", "救回.db")
    assert result.code == 0, result.err
    target = tmp_path / "救回.db"
    assert result.last_line == str(target)
    assert "抢救出 1 份报告" in result.err
    assert digest(db) == before
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    listed = run(tmp_path, "--db", str(target), "list")
    assert listed.code == 0 and "昌华街道" in listed.out
    assert run(tmp_path, "--db", str(target), "export", str(report_id), "-o", "out.docx").code == 0
    again = run(tmp_path, "--db", str(db), "recover", "-o", "救回.db")  # never over an existing file
    assert "已存在" in one_chinese_line(again)


@pytest.mark.slow
def test_the_whole_backup_of_day_zero_is_named_and_restored_after_ten_days(tmp_path: Path) -> None:
    """Day 0 a whole automatic backup; day 1 the file is damaged; ten days of commands later the
    message still names the day-0 backup, and restoring it gives a whole file; the restore leaves
    no -wal/-shm beside the backup."""
    db = tmp_path / "selfeval.db"
    make_database(db)
    day0 = backup_daily(db, keep=3, now=dt.datetime(2026, 3, 2, 9, 0))
    zero_pages(db)
    for day in range(1, 11):  # each day a command tries (and refuses) to write
        result = run(tmp_path, "--db", str(db), "sample")
        assert "已损坏" in one_chinese_line(result)
    assert automatic_backups(db) == [day0]
    line = one_chinese_line(run(tmp_path, "--db", str(db), "list"))
    assert f'restore "{day0}"' in line
    restored = run(tmp_path, "--db", str(db), "restore", str(day0))
    assert restored.code == 0, restored.err
    assert not quick_check_fails(db)
    assert sorted(p.name for p in day0.parent.iterdir() if p.name.startswith(day0.name)) == [day0.name]
    listed = run(tmp_path, "--db", str(db), "list")
    assert listed.code == 0 and "昌华街道" in listed.out
    sampled = run(tmp_path, "--db", str(db), "sample")
    assert sampled.code == 0, sampled.err


@pytest.mark.slow
def test_restoring_a_wal_mode_copy_leaves_nothing_beside_it(tmp_path: Path) -> None:
    """A backup the user made by copying the database file (WAL mode, no -wal): restoring it must
    not create a -wal and a -shm beside the user's file."""
    db = tmp_path / "selfeval.db"
    make_database(db)
    copy = tmp_path / "usb" / "copy.db"
    copy.parent.mkdir()
    shutil.copyfile(db, copy)
    result = run(tmp_path, "--db", str(db), "restore", str(copy))
    assert result.code == 0, result.err
    assert sorted(p.name for p in copy.parent.iterdir()) == ["copy.db"]


@pytest.mark.slow
def test_the_window_on_a_damaged_file_stays_open_with_its_question(tmp_path: Path) -> None:
    """The real window on the damaged file (offscreen): it starts and stays, showing what can be read and its
    question (once the window exited with 1 after an error box); a SIGTERM closes it as the user would."""
    import signal
    import subprocess
    import time

    from robust_support import clean_env, command

    db = tmp_path / "selfeval.db"
    damaged_database(db)
    before = digest(db)
    env = clean_env(tmp_path, QT_QPA_PLATFORM="offscreen", SELFEVAL_CONFIG_DIR=str(tmp_path / "config"))
    proc = subprocess.Popen(command("--db", str(db)), env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        time.sleep(8)
        assert proc.poll() is None, proc.communicate()
        # read only, from a copy in memory: no journal beside the file (a writable open makes a -wal)
        assert not Path(f"{db}-wal").exists() and not Path(f"{db}-journal").exists()
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert not (tmp_path / "logs" / "selfeval.log").exists()
    assert digest(db) == before
    assert not (tmp_path / "backups").exists()  # the damaged file was not copied over the backups
