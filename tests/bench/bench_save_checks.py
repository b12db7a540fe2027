"""What a save costs for the checks issue 18 added (not collected by pytest):

    .venv/bin/python tests/bench/bench_save_checks.py [--saves 300]

Side by side in one run, on the bundled sample in a fresh database, one autosave of a 3-character change of
自评结论 through the edit session (a manual timer, as the session tests drive it):

- "save": ``session.flush()`` as the window calls it: the file check (``Store.file_problem``: a ``stat`` and an
  ``fstat``), ``PRAGMA data_version``, then ``SetSection`` through the store;
- "apply only": the same change given to ``store.apply`` directly (the store's own write, with its file check);
- "checks only": ``session.check_foreign()`` with nothing new (what the window also does every 2 s);
- one 自评表 cell saved as ``SetTableCells`` against a whole-table ``SetField`` of the same change.

Medians and the 95th percentile in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:7.3f} ms   p95 {p95 * 1000:7.3f} ms"


class ManualTimer:
    def __init__(self, callback) -> None:
        self.callback = callback

    def start(self, ms: int) -> None:
        pass

    def stop(self) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=300)
    n = parser.parse_args().saves
    from selfeval.bundled.report_table import table_of
    from selfeval.bundled.samples import bundled_sample
    from selfeval.session.edit_session import EditSession
    from selfeval.store import SetField, SetSection, SetTableCells, Store
    from selfeval.store.table_cells import cell_changes

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.db")
        store.coalesce_seconds = 0
        report_id = store.create(bundled_sample())
        session = EditSession(store, ManualTimer)
        assert session.open(report_id)
        key = "conclusion"
        save, apply_only, checks, cells, whole = [], [], [], [], []
        for i in range(n):
            section = session.report.section(key)
            changed = section.copy_with(intro=section.intro + "改一下"[i % 3])
            session.edit_section(key, lambda s=changed: s)
            t = time.perf_counter()
            assert session.flush()
            save.append(time.perf_counter() - t)

            section = store.load(report_id).section(key)
            op = SetSection(report_id, section.copy_with(intro=section.intro + "再改"[i % 2]))
            t = time.perf_counter()
            store.apply(op)
            apply_only.append(time.perf_counter() - t)

            t = time.perf_counter()
            session.check_foreign()
            checks.append(time.perf_counter() - t)

            table = table_of(store.load(report_id))
            row = table.groups[0].categories[0].indicators[0]
            new = table.with_indicators(0, 0, (replace(row, target=Decimal(9000 + i)),))
            t = time.perf_counter()
            store.apply(SetTableCells(report_id, cell_changes(table.to_dict(), new.to_dict())))
            cells.append(time.perf_counter() - t)
            newer = new.with_indicators(0, 0, (replace(row, target=Decimal(20000 + i)),))
            t = time.perf_counter()
            store.apply(SetField(report_id, "table", newer))
            whole.append(time.perf_counter() - t)
        store.close()
    print(f"{n} saves each, the bundled sample")
    print(f"save through the session (checks + SetSection) {_ms(save)}")
    print(f"store.apply(SetSection) alone                   {_ms(apply_only)}")
    print(f"session.check_foreign(), nothing new            {_ms(checks)}")
    print(f"SetTableCells, one cell                         {_ms(cells)}")
    print(f"SetField, the whole 自评表                        {_ms(whole)}")


if __name__ == "__main__":
    main()
