"""A real database with data, damaged as a bad sector or a pulled USB stick damages it: five pages in
its middle overwritten with zeros (shared by tests/store, tests/robustness and tests/ui)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

PAGES = 5
EDITS = 120


def make_database(path: Path, edits: int = EDITS) -> int:
    """The bundled sample and ``edits`` saves of its sections (a log of real steps), WAL checkpointed
    into the file; the report's id."""
    from selfeval.bundled.samples import bundled_sample
    from selfeval.store import SetSection, Store

    store = Store.open(path)
    try:
        store.coalesce_seconds = 0
        report_id = store.create(bundled_sample())
        sections = [s for s in store.load(report_id).sections if s.has_content]
        for i in range(edits):
            section = sections[i % len(sections)]
            # text that does not repeat, so that the log's rows fill pages of their own
            words = hashlib.sha256(str(i).encode()).hexdigest()
            store.apply(SetSection(report_id, section.copy_with(intro=f"第{i}稿：{words * 4}")))
    finally:
        store.close()
    return report_id


def page_count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute("PRAGMA page_count").fetchone()[0]
    finally:
        conn.close()


def zero_pages(path: Path, pages: int = PAGES) -> list[int]:
    """Overwrites ``pages`` pages in the middle of the file with zeros; their numbers (1-based)."""
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    size = 65536 if size == 1 else size
    count = len(data) // size
    first = count // 2 - pages // 2
    for page in range(first, first + pages):
        data[page * size:(page + 1) * size] = bytes(size)
    path.write_bytes(bytes(data))
    return [p + 1 for p in range(first, first + pages)]


def quick_check_fails(path: Path) -> bool:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except sqlite3.DatabaseError:
        return True
    finally:
        conn.close()


def damaged_database(path: Path, edits: int = EDITS) -> int:
    """A database with data, then damaged; the report's id."""
    report_id = make_database(path, edits)
    zero_pages(path)
    assert quick_check_fails(path)
    return report_id


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_pages(path: Path, table: str) -> list[int]:
    """The pages of ``table``'s b-tree (SQLite's dbstat), root first."""
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno", (table,))]
    finally:
        conn.close()


def zero_page_numbers(path: Path, pages: list[int]) -> None:
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    size = 65536 if size == 1 else size
    for page in pages:
        data[(page - 1) * size:page * size] = bytes(size)
    path.write_bytes(bytes(data))
