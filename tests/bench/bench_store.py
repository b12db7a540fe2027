"""Store timings (not collected by pytest):  .venv/bin/python tests/bench/bench_store.py

Measures what the app does all the time: SetSection autosaves (typical and 200,000-character
sections), load and list_reports with 100 reports, undo, history and state_after deep in a long log.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from selfeval.domain.model import Entry
from selfeval.store import SetSection, Store
from selfeval.bundled.templates import get_template


def timed(fn, repeat: int) -> tuple[float, float]:
    """Median and max milliseconds of ``fn`` over ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="selfeval-bench-"))
    store = Store.open(folder / "bench.db")
    tpl = get_template()
    ids = []
    for i in range(100):
        report = tpl.new_report(unit_name=f"测试单位{i}", unit_short=f"单位{i}", year=2000 + i % 30)
        for section in report.content_sections():
            section.entries = [Entry(lead="主题", text="正文内容，" * 300)]
        ids.append(store.create(report))
    rid = ids[0]
    section = store.load(rid).section("conclusion")
    counter = iter(range(10**9))

    def edit(text_len: int):
        def run():
            section.entries = [Entry(text=("字" * (text_len - 10)) + f"{next(counter):010d}")]
            store.apply(SetSection(rid, section))
        return run

    rows = [
        ("apply SetSection, 3,000 chars", *timed(edit(3_000), 300)),
        ("apply SetSection, 200,000 chars", *timed(edit(200_000), 30)),
        ("load (report with ~1,500-char sections)", *timed(lambda: store.load(ids[1]), 100)),
        ("list_reports (100 reports)", *timed(store.list_reports, 50)),
        ("undo + redo", *timed(lambda: (store.undo(rid), store.redo(rid)), 50)),
        ("history(limit=500)", *timed(lambda: store.history(rid), 20)),
    ]
    log = store.history(rid, limit=100_000)
    oldest, middle = log[-2].id, log[len(log) // 2].id
    rows.append((f"state_after, first edit ({len(log)} ops in log)",
                 *timed(lambda: store.state_after(rid, oldest), 10)))
    rows.append(("state_after, middle of the log", *timed(lambda: store.state_after(rid, middle), 10)))
    store.close()
    print("(log bytes per step: tests/bench/bench_oplog.py)")
    size = (folder / "bench.db").stat().st_size / 1e6
    print(f"Python {sys.version.split()[0]}, database {size:.1f} MB after the run")
    for name, median, worst in rows:
        print(f"{name:45s} median {median:8.2f} ms   max {worst:8.2f} ms")


if __name__ == "__main__":
    main()
