"""Op log size and replay time (not collected by pytest):

    .venv/bin/python tests/bench/bench_oplog.py [--steps 1000]

Bytes the ops table grows by per new undo step, side by side in one run:

- "full copies": the log's old form (schema v1: the piece's whole JSON before and after in every row),
  computed in the same run: each row this store writes is also written the way the old store wrote
  it (same time, summary and ids; ``before``/``after`` = the record's whole section) into an ops table
  made by migration 0001 in a second database;
- "compact": this store's own ops table.

The compact figure includes the keyframes (the whole report kept every ``Store.keyframe_rows`` rows):
averaged over that many steps, one keyframe each. Both are measured with SQLite's ``dbstat``: the payload bytes of the ops table and its two indexes
(what the rows hold, overflow pages included; free space left in pages not counted), before and
after N steps. Cases: a 3-character insertion into the bundled sample's 自评结论, the same into a
section of 200,000 characters (one entry made of the sample's sentences), and a typing burst (30 saves,
one a second, joined into one step) in that section.

Then, on a log of ``--steps`` 3-character edits of the 200,000-character section: the time of a save,
of undo and redo, of ``state_after`` for the newest step, the oldest edit and the step farthest from
any whole copy of the report (halfway between two keyframes: the most rows a replay crosses), and of
``history(with_data=True)``. ``--keyframe-rows 0`` turns keyframes off, to see what they bound.
Also: opening a schema-v1 copy of the sample case's database (its log in the full-copy form), i.e.
the backup and migration 0002, and the log's size afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from selfeval.domain.model import Entry
from selfeval.bundled.samples import bundled_sample
from selfeval.store import SetSection, Store, schema

# Bytes stored for the ops table and its indexes (cells and overflow pages, without free space in pages).
OPS_BYTES = "SELECT COALESCE(SUM(payload), 0) FROM dbstat WHERE name IN ('ops', 'ops_report', 'ops_report_undo')"
SIZE = 200_000


def dumps(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class FullCopyLog:
    """The old log form, written beside the real one: one row per row, before/after whole."""

    def __init__(self, path: Path) -> None:
        from sqlite_utils import Database

        self.path = path
        self.db = Database(path)
        schema._v1(self.db)  # the real v1 tables and indexes

    def write(self, record, replace: bool = False) -> None:
        values = (record.time.isoformat(timespec="microseconds"), record.report_id, record.kind, record.piece,
                  record.section_key, record.field, record.summary, dumps(record.before), dumps(record.after),
                  record.target_op)
        sql = "INSERT OR REPLACE" if replace else "INSERT"
        self.db.conn.execute(f"{sql} INTO ops (id, time, report_id, kind, piece, section_key, field, summary, "
                             "before, after, target_op) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (record.id, *values))
        self.db.conn.commit()

    def pages(self) -> int:
        return self.db.conn.execute(OPS_BYTES).fetchone()[0]


def pages(store: Store) -> int:
    return store.db.conn.execute(OPS_BYTES).fetchone()[0]


def long_text() -> str:
    sentences = "".join(e.text for s in bundled_sample().sections for e in s.entries)
    return (sentences * (SIZE // len(sentences) + 1))[:SIZE]


class Case:
    def __init__(self, folder: Path, name: str, text: str | None) -> None:
        self.store = Store.open(folder / f"{name}.db")
        self.old = FullCopyLog(folder / f"{name}-v1.db")
        report = bundled_sample()
        if text is not None:
            report.section("conclusion").entries = [Entry(text=text)]
        self.rid = self.store.create(report)
        self.old.write(self.store.history(self.rid, with_data=True)[0])
        self.section = self.store.load(self.rid).section("conclusion")
        self.count = 0

    def edit(self, chars: str = "新增字", at: int | None = None):
        """Insert ``chars`` into the section's longest entry, at ``at`` or at a place that moves on
        each time."""
        entry = max(self.section.entries, key=lambda e: len(e.text))
        if at is None:
            at = (self.count * 7919) % (len(entry.text) + 1)
        entry.text = entry.text[:at] + chars + entry.text[at:]
        self.count += 1
        return self.store.apply(SetSection(self.rid, self.section))

    def steps(self, n: int) -> tuple[float, float, float]:
        """Bytes per new step (compact, of which keyframes; full copies) over ``n`` steps, each a
        step of its own."""
        start, old_start = pages(self.store), self.old.pages()
        first = None
        for _ in range(n):
            record = self.edit()
            first = first or record.id
            self.old.write(record)
        keyframes = self.store.db.conn.execute(
            "SELECT COALESCE(SUM(LENGTH(CAST(snapshot AS BLOB))), 0) FROM ops WHERE id >= ?", (first,)).fetchone()[0]
        return (pages(self.store) - start) / n, keyframes / n, (self.old.pages() - old_start) / n

    def burst(self, saves: int) -> tuple[float, float]:
        """Bytes of one step made of ``saves`` saves a second apart (a burst of typing)."""
        clock = [dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=60)]  # a pause: a new step
        start, old_start = pages(self.store), self.old.pages()
        import selfeval.store.store as store_module

        real = store_module.now_text
        store_module.now_text = lambda: clock[0].isoformat(timespec="microseconds")
        Store.coalesce_seconds = 4.0
        try:
            ids = set()
            for i in range(saves):  # typed at one place, a character a second
                clock[0] += dt.timedelta(seconds=1)
                record = self.edit("字", at=SIZE // 2 + i)
                ids.add(record.id)
                self.old.write(record, replace=True)  # the old store rewrote the row's after each save
        finally:
            store_module.now_text = real
            Store.coalesce_seconds = 0
        assert len(ids) == 1, "the saves did not join one step"
        return pages(self.store) - start, self.old.pages() - old_start

    def v1_copy(self, path: Path) -> None:
        """A schema-v1 database: this one's reports and sections, and its log in the old form."""
        src, dst = sqlite3.connect(self.store.path), sqlite3.connect(path)
        src.backup(dst)
        src.close()
        dst.execute("ATTACH ? AS old", (str(self.old.path),))
        dst.execute("DROP TABLE ops")
        for (sql,) in dst.execute("SELECT sql FROM old.sqlite_master WHERE tbl_name = 'ops' ORDER BY type DESC"):
            dst.execute(sql)
        dst.execute("INSERT INTO main.ops SELECT * FROM old.ops")
        dst.execute("DELETE FROM _sqlite_migrations WHERE name != ?", (schema.MIGRATION_NAMES[0],))
        dst.commit()
        dst.execute("DETACH old")
        dst.execute("PRAGMA journal_mode = DELETE")
        dst.close()

    def close(self) -> None:
        self.store.close()
        self.old.db.conn.close()


def timed(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000, help="length of the log timed (default 1000)")
    parser.add_argument("--size-steps", type=int, default=500,
                        help="steps averaged for the sizes (default 500: one keyframe's worth)")
    parser.add_argument("--keyframe-rows", type=int, default=Store.keyframe_rows,
                        help="rows between keyframes (default 500; 0: none)")
    args = parser.parse_args()
    Store.keyframe_rows = args.keyframe_rows or 10**9
    Store.coalesce_seconds = 0  # each save a step of its own, except in the burst
    folder = Path(tempfile.mkdtemp(prefix="selfeval-bench-oplog-"))
    text = long_text()

    print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}; "
          f"bytes stored in the ops table + indexes (dbstat payload) per new undo step")
    every = f"the keyframe every {args.keyframe_rows} rows" if args.keyframe_rows else "no keyframes"
    print(f"(compact: averaged over {args.size_steps} steps, {every} included; in brackets the keyframes' share)")
    print(f"{'case':52s} {'full copies':>12s} {'compact':>18s} {'ratio':>7s}")
    sample = Case(folder, "sample", None)
    size = len(json.dumps(sample.section.to_dict(), ensure_ascii=False).encode())
    compact, keyframes, full = sample.steps(args.size_steps)
    print(f"{f'3-char edit, sample 自评结论 ({size:,} B JSON)':52s} "
          f"{full:12,.0f} {compact:8,.0f} ({keyframes:5,.0f}) {full / compact:6.0f}x")
    v1 = folder / "sample-v1-copy.db"
    sample.v1_copy(v1)
    log_mb = sample.old.pages() / 1e6
    t = time.perf_counter()
    with Store.open(v1) as migrated:
        seconds = time.perf_counter() - t
        assert migrated.load(sample.rid) == sample.store.load(sample.rid)
        assert all(migrated.state_after(sample.rid, r.id) == sample.store.state_after(sample.rid, r.id)
                   for r in sample.store.history(sample.rid, limit=20))
        after_mb = migrated.db.conn.execute(OPS_BYTES).fetchone()[0] / 1e6
    migration = (f"\nmigration 0002 of that log (a schema-v1 copy, {log_mb:.1f} MB of full-copy log): "
                 f"open with backup and migration {seconds:.2f} s, log afterwards {after_mb:.2f} MB")
    sample.close()

    big = Case(folder, "big", text)
    compact, keyframes, full = big.steps(args.size_steps)
    print(f"{f'3-char edit, {SIZE:,}-char section':52s} "
          f"{full:12,.0f} {compact:8,.0f} ({keyframes:5,.0f}) {full / compact:6.0f}x")
    compact, full = big.burst(30)
    print(f"{'typing burst (30 saves joined), the same section':52s} {full:12,.0f} {compact:8,.0f} {'':7s} "
          f"{full / compact:6.0f}x")
    big.close()
    print(migration)

    timing = Case(folder, "timing", text)
    save_ms = []
    for _ in range(args.steps):
        t = time.perf_counter()
        timing.edit()
        save_ms.append((time.perf_counter() - t) * 1000)
    store, rid = timing.store, timing.rid
    log = store.history(rid, limit=args.steps + 10)
    created = log[-1].id
    newest, oldest = log[0].id, log[-2].id
    # The farthest a step can be from a whole report: halfway between two keyframes (or the
    # current state, when the log is shorter than a keyframe's worth).
    halfway = created + min(Store.keyframe_rows, len(log)) // 2
    undo_ms, redo_ms = [], []
    for _ in range(20):
        t = time.perf_counter()
        store.undo(rid)
        undo_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        store.redo(rid)
        redo_ms.append((time.perf_counter() - t) * 1000)
    rows = [
        ("save (apply SetSection, 3 chars into 200,000)", statistics.median(save_ms)),
        ("undo", statistics.median(undo_ms)),
        ("redo", statistics.median(redo_ms)),
    ]
    log = store.history(rid, limit=args.steps + 100)
    rows += [
        ("state_after, newest step", timed(lambda: store.state_after(rid, newest), 10)),
        (f"state_after, step {halfway - created} (halfway between whole copies)",
         timed(lambda: store.state_after(rid, halfway), 10)),
        ("state_after, oldest edit", timed(lambda: store.state_after(rid, oldest), 10)),
        ("history(limit=500, with_data=True)", timed(lambda: store.history(rid, with_data=True), 3)),
    ]
    db_size = sum(p.stat().st_size for p in folder.glob("timing.db*")) / 1e6
    print(f"\nlog of {len(log)} rows ({args.steps} steps of 3 characters into the {SIZE:,}-character section, "
          f"then 20 undo/redo pairs); database {db_size:.1f} MB; medians")
    for name, ms in rows:
        print(f"{name:58s} {ms:9.2f} ms")
    timing.close()


if __name__ == "__main__":
    main()
