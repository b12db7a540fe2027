"""An open store keeps its SQLite locks while this process reads the same file for other reasons.

POSIX drops every lock a process holds on a file when the process closes any descriptor of it. If the
daily backup (or 「备份到…」, or a second look at the file) opened the database raw while the store
has it open, another program closing its connection would take itself for the last user, checkpoint and
delete the -wal, and the store's next commit would go into the deleted file: a report the command said
it had added was missing afterwards (seen with twenty `selfeval` commands at once on CI).

The probe: another process opens and closes the database. While our store holds its locks, that
process is not the last user and leaves the -wal alone.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from store_support import make_report

from selfeval.store import Store, connecting, opening
from selfeval.store.backups import backup_daily, backup_to


def _another_program_opens_and_closes(db: Path) -> None:
    script = ("import sqlite3, sys\n"
              "c = sqlite3.connect(sys.argv[1])\n"
              "c.execute('SELECT COUNT(*) FROM reports').fetchone()\n"
              "c.close()\n")
    subprocess.run([sys.executable, "-c", script, str(db)], check=True, timeout=60)


def _wal(db: Path) -> Path:
    return Path(f"{db}-wal")


def test_the_probe_sees_locks_dropped_by_a_raw_read(db_path: Path) -> None:
    """What the other tests guard against, shown once on a bare SQLite connection (a Store guards its
    locks, see below): a raw read drops the connection's locks."""
    Store.open(db_path).close()
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('x', 'y', 'z')")
    assert _wal(db_path).exists()
    db_path.open("rb").close()
    _another_program_opens_and_closes(db_path)
    assert not _wal(db_path).exists()  # the other program believed it was the last user
    conn.close()


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_a_raw_read_elsewhere_in_the_process_leaves_the_store_its_locks(store: Store, db_path: Path,
                                                                       suffix: str) -> None:
    """A file dialog showing the database's folder reads every file there (issue 18, scenario 1): the
    store's locks stay, the -wal stays, and a report added afterwards is in the file for everybody."""
    first = store.create(make_report())
    Path(f"{db_path}{suffix}").open("rb").close()
    _another_program_opens_and_closes(db_path)
    assert _wal(db_path).exists()
    second = store.create(make_report(unit_short="多宝街道"))
    assert _reports_seen_by_another_program(db_path) == [first, second]
    store.close()
    assert not _wal(db_path).exists()  # the last user still tidies up when it closes


def _reports_seen_by_another_program(db: Path) -> list[int]:
    script = ("import sqlite3, sys\n"
              "c = sqlite3.connect(sys.argv[1])\n"
              "print(','.join(str(r[0]) for r in c.execute('SELECT id FROM reports ORDER BY id')))\n"
              "c.close()\n")
    out = subprocess.run([sys.executable, "-c", script, str(db)], check=True, timeout=60,
                         capture_output=True, text=True).stdout.strip()
    return [int(x) for x in out.split(",") if x]


def test_backups_and_looks_at_the_open_file_keep_the_stores_locks(store: Store, db_path: Path,
                                                                 tmp_path: Path) -> None:
    first = store.create(make_report())
    assert backup_daily(db_path) is not None
    assert backup_to(db_path, tmp_path / "备份.db").is_file()
    assert opening.inspect_file(db_path).applied
    with Store.open(db_path, read_only=True) as reader:
        assert [i.id for i in reader.list_reports()] == [first]
    _another_program_opens_and_closes(db_path)
    assert _wal(db_path).exists()
    # and a report added now is in the file for everybody
    second = store.create(make_report(unit_short="多宝街道"))
    store.close()
    with Store.open(db_path, read_only=True) as reader:
        assert [i.id for i in reader.list_reports()] == [first, second]


def test_a_closed_store_lets_go_of_the_file(db_path: Path) -> None:
    with Store.open(db_path) as a, Store.open(db_path) as b:
        assert connecting.held(db_path)
        a.close()
        assert connecting.held(db_path)  # b still has it
        b.close()
        assert not connecting.held(db_path)
    with Store.open(db_path) as store:
        store.close()
        store.reopen()
        assert connecting.held(db_path)
    assert not connecting.held(db_path)
    with Store.open(db_path, read_only=True):
        assert not connecting.held(db_path)  # only writers are marked: a reader's file is read as usual


def test_a_new_file_no_migration_has_reached_yet_is_not_backed_up(db_path: Path) -> None:
    """A file with SQLite's header and nothing else (another process is just creating it): migrating it
    needs no copy of it; twenty commands on a new file used to leave a 4 kB backup each."""
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode = WAL")  # writes the header, no table
    conn.close()
    assert db_path.stat().st_size > 0 and not opening.inspect_file(db_path).applied
    with Store.open(db_path) as store:
        assert store.backup is None and store.list_reports() == []
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_a_rollback_journal_file_is_not_guarded_other_writers_go_on(db_path: Path, monkeypatch) -> None:
    """On a network share or a USB stick the store uses a rollback journal, where every commit takes the
    exclusive lock: a guarded shared range would block this store's own commits and every other program's."""
    from selfeval.store import store as store_module

    monkeypatch.setattr(store_module, "_is_network_path", lambda path: True)
    with Store.open(db_path) as store:
        first = store.create(make_report())
        script = ("import sqlite3, sys\n"
                  "c = sqlite3.connect(sys.argv[1], timeout=2)\n"
                  "c.execute(\"UPDATE reports SET unit_short = '另一个程序' WHERE id = 1\")\n"
                  "c.commit()\n"
                  "c.close()\n")
        subprocess.run([sys.executable, "-c", script, str(db_path)], check=True, timeout=60)
        second = store.create(make_report(unit_short="多宝街道"))
        assert [i.unit_short for i in store.list_reports()][0] == "另一个程序"
        assert [i.id for i in store.list_reports()] == [first, second]
