"""Recovering what SQLite can still read from a damaged database into a new one.

SQLite's own ``.recover`` is a feature of its command-line shell, not of the library Python ships, so
the salvage is done here through the ``sqlite3`` module: table by table, row by row. A table is read in
rowid order; where a read fails (a damaged page), the reader steps forward one rowid at a time until the
b-tree answers again, so every row on the pages that are whole is kept and only the rows of the damaged
pages are lost. The rows go into a fresh database made with the current schema (migrations), ids kept,
in one transaction; the target is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

from selfeval.domain.errors import os_error_reason
from selfeval.store import schema
from selfeval.store.errors import StoreError

# Our tables, parents first. Everything else (the migrations table, sqlite_sequence, indexes) is
# made anew by the migrations and from the rows.
TABLES = ("reports", "sections", "ops")
# Failed reads in a row before a table's rowids are taken to have ended (past its largest known rowid).
MAX_MISSES = 20_000


class Salvage(NamedTuple):
    rows: dict[str, int]  # table -> rows copied
    lost: dict[str, int]  # table -> rowids stepped over between rows read (damaged pages)
    rebuilt: int = 0  # sections whose rows were lost, rebuilt from the report's log

    @property
    def reports(self) -> int:
        return self.rows.get("reports", 0)

    def describe(self) -> str:
        lost = sum(self.lost.values())
        text = (f"抢救出 {self.rows.get('reports', 0)} 份报告、{self.rows.get('sections', 0)} 个章节、"
                f"{self.rows.get('ops', 0)} 条修改记录")
        if self.rebuilt:
            text += f"（其中 {self.rebuilt} 个章节按修改记录重建）"
        return text + (f"；约 {lost} 条记录所在的数据页已损坏，无法读出" if lost else "；没有发现读不出的记录")


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _upper_bound(conn: sqlite3.Connection, table: str) -> int | None:
    """The largest rowid, as far as the damaged file can still say."""
    for sql, args in (("SELECT max(rowid) FROM " + table, ()),
                      ("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,))):
        try:
            row = conn.execute(sql, args).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row and row[0] is not None:
            return int(row[0])
    return None


def read_rows(conn: sqlite3.Connection, table: str, columns: list[str]) -> Iterator[tuple]:
    """Every readable row of ``table`` as (rowid, *columns), in rowid order, skipping damaged pages.
    The count of rowids skipped within the table's known range is the generator's return value."""
    select = f"SELECT rowid, {', '.join(columns)} FROM {table} WHERE rowid > ? ORDER BY rowid"
    bound = _upper_bound(conn, table)
    after = -(2**63)  # smallest rowid
    skipped = 0
    while True:
        try:
            for row in conn.execute(select, (after,)):
                after = row[0]
                yield row
            return skipped
        except sqlite3.DatabaseError:
            pass
        # A damaged page: step over it one rowid at a time until the b-tree reads again.
        probe, misses = max(after, 0), 0
        while True:
            probe += 1
            misses += 1
            if (bound is not None and probe > bound) or misses > MAX_MISSES:
                return skipped
            try:
                row = conn.execute(select + " LIMIT 1", (probe - 1,)).fetchone()
            except sqlite3.DatabaseError:
                continue
            if row is None:
                return skipped
            skipped += row[0] - max(after, 0) - 1  # the rowids stepped over (some may never have been used)
            after = row[0]  # always past the rowid read before: the reading goes forward
            yield row
            break


def _fresh_schema(conn: sqlite3.Connection) -> None:
    from sqlite_utils import Database

    conn.execute("BEGIN IMMEDIATE")
    try:
        schema.migrations().apply(Database(conn, execute_plugins=False))
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def salvage_into(source: sqlite3.Connection, target: sqlite3.Connection,
                 progress: Callable[[str, int], None] | None = None) -> Salvage:
    """Copies every readable row of our tables from ``source`` into ``target`` (a fresh database with
    the current schema, made here), ids kept, in one transaction."""
    _fresh_schema(target)
    rows: dict[str, int] = {}
    lost: dict[str, int] = {}
    target.execute("PRAGMA foreign_keys = OFF")  # a section whose report's page is gone is kept too
    target.execute("BEGIN")
    try:
        for table in TABLES:
            try:
                have = _columns(source, table)
            except sqlite3.DatabaseError:
                have = []
            wanted = [c for c in _columns(target, table) if c in have]
            if not wanted:
                rows[table], lost[table] = 0, 0
                continue
            insert = (f"INSERT OR IGNORE INTO {table} (rowid, {', '.join(wanted)}) "
                      f"VALUES ({', '.join('?' * (len(wanted) + 1))})")
            count = 0
            reader = read_rows(source, table, wanted)
            while True:
                try:
                    row = next(reader)
                except StopIteration as done:
                    lost[table] = done.value or 0
                    break
                try:
                    target.execute(insert, row)
                except sqlite3.IntegrityError:  # a NOT NULL column read as NULL from a damaged cell
                    lost[table] = lost.get(table, 0) + 1
                    continue
                count += 1
                if progress is not None and count % 1000 == 0:
                    progress(table, count)
            rows[table] = count
        rows["reports"] = rows.get("reports", 0) + _rebuild_reports(target)
        rebuilt = _rebuild_sections(target)
        rows["sections"] = rows.get("sections", 0) + rebuilt
        # Ids are never reused: AUTOINCREMENT's counters go on from the largest id kept.
        for table in ("reports", "ops"):
            target.execute("INSERT OR REPLACE INTO sqlite_sequence (name, seq) "
                           f"SELECT '{table}', max(id) FROM {table} WHERE EXISTS (SELECT 1 FROM {table})")
        target.execute("COMMIT")
    except BaseException:
        if target.in_transaction:
            target.execute("ROLLBACK")
        raise
    finally:
        target.execute("PRAGMA foreign_keys = ON")
    return Salvage(rows, lost, rebuilt)


_WHOLE_REPORT = "(snapshot IS NOT NULL OR (piece = 'report' AND after IS NOT NULL))"


def _replayed(conn: sqlite3.Connection, report_id: int) -> dict | None:
    """The report after its newest log row, replayed forward from the newest row that keeps it whole; None
    when the log cannot say (no such row, or a row missing on the way: the deltas no longer fit)."""
    from selfeval.store.delta import Mismatch
    from selfeval.store.replay import CHANGE_COLUMNS, CHANGE_JOIN, change_of

    anchor = conn.execute(f"SELECT id, COALESCE(snapshot, after) FROM ops WHERE report_id = ? AND {_WHOLE_REPORT} "
                          "ORDER BY id DESC LIMIT 1", (report_id,)).fetchone()
    if anchor is None:
        return None
    conn.row_factory = sqlite3.Row
    try:
        state = json.loads(anchor[1])
        for row in conn.execute(f"SELECT {CHANGE_COLUMNS} FROM {CHANGE_JOIN} WHERE o.report_id = ? AND o.id > ? "
                                "ORDER BY o.id", (report_id, anchor[0])):
            state = change_of(row).forward(state)
    except (Mismatch, ValueError, TypeError, KeyError, AttributeError):
        return None
    finally:
        conn.row_factory = None
    return state if isinstance(state, dict) else None


def _rebuild_reports(conn: sqlite3.Connection) -> int:
    """Reports whose row was on a damaged page, made again from their log (fields, sections, dates; in the
    recycle bin if the log says so). A purged report stays purged."""
    lost = [r[0] for r in conn.execute(
        "SELECT DISTINCT report_id FROM ops WHERE report_id IS NOT NULL AND report_id NOT IN (SELECT id FROM reports) "
        "AND report_id NOT IN (SELECT report_id FROM ops WHERE kind = 'purge' AND report_id IS NOT NULL)")]
    made = 0
    for report_id in lost:
        state = _replayed(conn, report_id)
        if state is None or not isinstance(state.get("sections"), list):
            continue
        first, last = conn.execute("SELECT min(time), max(time) FROM ops WHERE report_id = ?", (report_id,)).fetchone()
        binned = conn.execute("SELECT after FROM ops WHERE report_id = ? AND piece = 'bin' ORDER BY id DESC LIMIT 1",
                              (report_id,)).fetchone()
        deleted_at = json.loads(binned[0]) if binned and binned[0] else None
        head = {k: v for k, v in state.items() if k != "sections"}
        try:
            conn.execute("INSERT INTO reports (id, unit_name, unit_short, year, template_id, created_at, updated_at, "
                         "deleted_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (report_id, str(head.get("unit_name", "")), str(head.get("unit_short", "")),
                          int(head.get("year") or 0), str(head.get("template_id", "")), first, last, deleted_at,
                          json.dumps(head, ensure_ascii=False, separators=(",", ":"))))
        except (sqlite3.Error, TypeError, ValueError):
            continue
        made += 1
    return made


def _rebuild_sections(conn: sqlite3.Connection) -> int:
    """Sections of a salvaged report whose rows were on damaged pages, taken from the report's log when
    the log, replayed, gives exactly the sections that could be read (so it is trusted for the others)."""
    rebuilt = 0
    for (report_id,) in conn.execute("SELECT id FROM reports ORDER BY id").fetchall():
        state = _replayed(conn, report_id)
        if state is None or not isinstance(state.get("sections"), list):
            continue
        stored = {key: json.loads(data) for key, data in conn.execute(
            "SELECT key, data FROM sections WHERE report_id = ?", (report_id,))}
        replayed = {s.get("key"): s for s in state["sections"] if isinstance(s, dict)}
        if any(replayed.get(key) != value for key, value in stored.items()):
            continue  # the log disagrees with what was read: trust neither for what is missing
        missing = [key for key in replayed if key not in stored]
        for position, section in enumerate(state["sections"]):
            key = section.get("key")
            if key in missing:
                conn.execute("INSERT INTO sections (report_id, key, position, data) VALUES (?, ?, ?, ?)",
                             (report_id, key, position,
                              json.dumps(section, ensure_ascii=False, separators=(",", ":"))))
            else:
                conn.execute("UPDATE sections SET position = ? WHERE report_id = ? AND key = ?",
                             (position, report_id, key))
        rebuilt += len(missing)
    return rebuilt


def _open_source(path: Path) -> sqlite3.Connection:
    from selfeval.store.connecting import connect_reading

    try:
        return connect_reading(path)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"数据库文件“{path}”损坏严重，连表的目录都无法读取，无法抢救。") from exc


def salvage_in_memory(path: Path) -> tuple[sqlite3.Connection, Salvage]:
    """What can be read of the damaged file at ``path``, in a database in memory (for viewing)."""
    source = _open_source(Path(path))
    try:
        target = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        try:
            result = salvage_into(source, target)
        except BaseException:
            target.close()
            raise
    finally:
        source.close()
    target.execute("PRAGMA query_only = ON")
    return target, result


def _publish(tmp: Path, target: Path) -> None:
    """``tmp`` renamed to ``target``, never over a file that appeared meanwhile (a hard link where the
    file system has them, e.g. not on a FAT USB stick)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def recover_file(path: Path, target: Path) -> Salvage:
    """Writes what can be read of the database at ``path`` into the new file ``target`` (never an
    existing file; written whole or not at all)."""
    path, target = Path(path), Path(target).expanduser()
    if not path.is_file():
        raise StoreError(f"找不到数据库文件“{path}”。")
    if target.exists():
        raise StoreError(f"“{target}”已存在；请指定一个新文件，抢救不会覆盖已有的文件。")
    if not target.parent.is_dir():
        raise StoreError(f"文件夹“{target.parent}”不存在，请先创建该文件夹或选择其他位置。")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    source = _open_source(path)
    try:
        conn = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
            result = salvage_into(source, conn)
        finally:
            conn.close()
        _publish(tmp, target)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"“{target}”已存在；请指定一个新文件，抢救不会覆盖已有的文件。") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"无法写入“{target}”（{os_error_reason(exc)}），请检查磁盘空间和文件夹权限。") from None
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"无法写入“{target}”（写入新数据库时出错），请检查磁盘空间和文件夹权限。") from exc
    finally:
        source.close()
    return result
