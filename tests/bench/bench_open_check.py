"""The open-time integrity check (``PRAGMA quick_check``, store/integrity.py) on a large database.

Run (not collected by pytest):

    .venv/bin/python tests/bench/bench_open_check.py [--mb 50] [--repeat 5]

Builds a database of about ``--mb`` MB the way the program fills one (reports with long sections, each
with its log), then times, medians of ``--repeat``, the file's cache warm (as at a second start) and, where
the machine allows dropping the page cache, cold:

- ``inspect_file`` without the check (the baseline: what every open did before) and with it,
- ``Store.open`` of the file for writing (the check included) and ``Store.open(read_only=True)``,
- ``PRAGMA quick_check`` alone.

The check stops at ``integrity.BUDGET_SECONDS`` (2 s) and goes on in the background; the figures say how far
below that budget a file of this size stays.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def build(path: Path, megabytes: int) -> None:
    from selfeval.bundled.samples import bundled_sample
    from selfeval.store import Store

    with Store.open(path) as store:
        i = 0
        while path.stat().st_size < megabytes * 1024 * 1024:
            report = bundled_sample()
            for n, section in enumerate(report.sections):
                if section.has_content:
                    section.intro = f"第{i}份第{n}节。" + "".join(f"第{k}句绩效说明文字，" for k in range(12_000))
            store.create(report)
            i += 1


def timed(fn, repeat: int) -> list[float]:
    values = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        values.append((time.perf_counter() - start) * 1000)
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from selfeval.store import Store, integrity
    from selfeval.store.connecting import connect_reading
    from selfeval.store.opening import inspect_file

    with tempfile.TemporaryDirectory(prefix="bench-open-check-") as tmp:
        db = Path(tmp) / "large.db"
        build(db, args.mb)
        size = db.stat().st_size / 1024 / 1024

        def quick_check_alone():
            conn = connect_reading(db)
            try:
                assert integrity.quick_check(conn, None).finished
            finally:
                conn.close()

        def open_close(**kwargs):
            Store.open(db, **kwargs).close()

        rows = [
            ("inspect_file, no check (baseline: the open before)", lambda: inspect_file(db, integrity=False)),
            ("inspect_file with quick_check", lambda: inspect_file(db)),
            ("PRAGMA quick_check alone", quick_check_alone),
            ("Store.open for writing (check included)", lambda: open_close()),
            ("Store.open read-only (check included)", lambda: open_close(read_only=True)),
        ]
        print(f"database: {size:.1f} MB, {args.repeat} runs each, page cache warm; budget "
              f"{integrity.BUDGET_SECONDS:.0f} s")
        for label, fn in rows:
            fn()  # warm
            values = timed(fn, args.repeat)
            print(f"  {label:52s} median {statistics.median(values):8.1f} ms   max {max(values):8.1f} ms")
        assert integrity.pending(db) is None, "the check ran past its budget"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "desktop"))
    main()
