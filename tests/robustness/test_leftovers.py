"""Scenario 8 of issue 18: what a killed operation leaves behind is removed by the next start, only the
program's own files, by name and age: stale ``TMPDIR/selfeval-pdf-*`` folders, half-made ``backups/.*.tmp``
(here from a real ``selfeval sample`` killed with SIGKILL while it made the day's backup of a large file)
and empty or cut-short ``*.bak-1-…`` pre-upgrade backups."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from damaged_db import make_database
from robust_support import clean_env, command

from selfeval.store.backups import backup_folder, remove_leftovers
from selfeval.system.temp_leftovers import remove_stale

DAY = 24 * 3600


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.utime(os.path.join(root, name), (then, then))
    os.utime(path, (then, then))


def _big_database(path: Path) -> None:
    """A database of ~30 MB (twenty reports with long sections): its backup takes a moment."""
    from selfeval.bundled.samples import bundled_sample
    from selfeval.store import Store

    with Store.open(path) as store:
        for i in range(20):
            report = bundled_sample()
            report.sections[1].intro = f"第{i}份" + "绩效" * 400_000
            store.create(report)


def _kill_during_daily_backup(tmp_path: Path, db: Path) -> Path:
    """Starts ``selfeval sample`` (which makes the day's backup first) and kills it with SIGKILL as soon as
    its temporary backup file appears; the file left behind."""
    folder = backup_folder(db)
    for _attempt in range(10):
        shutil.rmtree(folder, ignore_errors=True)
        proc = subprocess.Popen(command("--db", str(db), "sample"), env=clean_env(tmp_path), cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and proc.poll() is None:
                found = [p for p in folder.glob(".*.tmp")] if folder.is_dir() else []
                if found:
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)
                    left = [p for p in folder.glob(".*.tmp")]
                    if left:
                        return left[0]
                    break
                time.sleep(0.0005)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
    pytest.skip("the backup finished before it could be killed ten times over")


@pytest.mark.slow
def test_a_start_removes_what_a_killed_backup_left_and_only_that(tmp_path: Path) -> None:
    db = tmp_path / "selfeval.db"
    _big_database(db)
    left = _kill_during_daily_backup(tmp_path, db)
    assert left.exists()
    # older leftovers of the same kind, and files that are not leftovers
    folder = backup_folder(db)
    keep_backup = folder / "selfeval-20260301-090000.db"
    make_database(keep_backup, edits=1)
    foreign = folder / ".notes.txt.123.tmp"  # not named as ours
    foreign.write_text("x")
    empty = tmp_path / "selfeval.db.bak-1-20260301T090000Z"
    empty.write_bytes(b"")
    cut = tmp_path / "selfeval.db.bak-1-20260302T090000Z"
    whole = tmp_path / "selfeval.db.bak-1-20260303T090000Z"
    make_database(whole, edits=1)
    cut.write_bytes(whole.read_bytes()[: 3 * 4096])
    removed = remove_leftovers(db)
    assert left in removed and not left.exists()
    assert not empty.exists() and not cut.exists()
    assert whole.exists() and keep_backup.exists() and foreign.exists()


def test_a_temporary_file_of_a_running_process_stays(tmp_path: Path) -> None:
    db = tmp_path / "selfeval.db"
    make_database(db, edits=1)
    folder = backup_folder(db)
    folder.mkdir()
    ours_running = folder / f".selfeval-20260301-090000.db.{os.getpid()}.tmp"
    ours_running.write_bytes(b"SQLite")
    assert remove_leftovers(db) == []
    assert ours_running.exists()
    _age(ours_running, 2 * DAY)  # a day old: whatever it was, it is not being written any more
    assert remove_leftovers(db) == [ours_running]


def test_stale_temporary_folders_of_the_program_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / "selfeval-pdf-abc123"
    (stale / "profile" / "user").mkdir(parents=True)
    (stale / "report.docx").write_bytes(b"PK")
    (stale / "profile" / "user" / "registrymodifications.xcu").write_text("<x/>")
    _age(stale, 2 * DAY)
    in_use = tmp_path / "selfeval-pdf-def456"  # a conversion running now: its profile was just touched
    (in_use / "profile").mkdir(parents=True)
    _age(in_use, 2 * DAY)
    (in_use / "profile" / "lock").write_text("1")
    read_copy = tmp_path / "selfeval-read-x1"
    read_copy.mkdir()
    _age(read_copy, 2 * DAY)
    other = tmp_path / "other-pdf-abc"
    other.mkdir()
    _age(other, 2 * DAY)
    assert sorted(remove_stale(tmp_path)) == sorted([stale, read_copy])
    assert in_use.exists() and other.exists() and not stale.exists()
