"""汇总 timings and memory (not collected by pytest):  .venv/bin/python tests/bench/bench_summary.py [--units 300]

Makes ``--units`` exchange files of generated units (tests/summary_submissions.py: the sample varied in unit,
主管部门, figures and 自评表, every 7th with a slip), then, each in a fresh process as the user meets it:
1. ``selfeval summary add WS.db FOLDER``: read, check (single-report 审核) and store every file;
2. ``selfeval summary check WS.db``: the batch 审核 again over every unit, plus the cross-unit checks;
3. ``selfeval summary list WS.db --sort 执行率``: the overview from the stored findings;
with the wall time and the process's peak resident memory (``ru_maxrss`` of the child) of each. Then the
overview's sort: every column of the window's QSortFilterProxyModel over the rows (offscreen Qt), median of 5,
beside the plain-Python ``sorted_rows``. Targets (issue 22): load < 10 s, batch 审核 < 10 s, memory < 400 MB,
no visible stall when sorting (< 100 ms).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
EXE = Path(sys.executable).with_name("selfeval")


def timed(*args: str) -> tuple[float, float, int]:
    """(seconds, peak MB of the child, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([str(EXE), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far, in kB
    return elapsed, max(peak, before) / 1024, done.returncode


SORT_SCRIPT = r"""
import statistics, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import Qt
app = QApplication([])
from selfeval.app.summary import Workspace
from selfeval.domain.summary.overview import SORT_KEYS, sorted_rows
from selfeval.ui.views.summary_window import SummaryWindow, COLUMNS
ws = Workspace.open(Path(sys.argv[1]))
t = time.perf_counter(); w = SummaryWindow(ws); w.resize(1366, 740); w.show(); app.processEvents()
opened = time.perf_counter() - t
qt = []
for column in range(len(COLUMNS)):
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        t = time.perf_counter(); w.view.sortByColumn(column, order); app.processEvents(); qt.append(time.perf_counter() - t)
rows = ws.rows()
py = []
for key in SORT_KEYS:
    t = time.perf_counter(); sorted_rows(rows, key); py.append(time.perf_counter() - t)
t = time.perf_counter(); w.filters["low-rate"].setChecked(True); app.processEvents(); flt = time.perf_counter() - t
print(f"{opened*1000:.0f} {statistics.median(qt)*1000:.1f} {max(qt)*1000:.1f} {statistics.median(py)*1000:.2f} {flt*1000:.1f}")
"""


def main() -> None:
    from summary_submissions import write_submissions

    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        write_submissions(tmp / "subs", args.units, docx=0, bad=0)
        print(f"made {args.units} exchange files in {time.perf_counter() - t:.1f} s")
        ws = tmp / "ws.db"
        subprocess.run([str(EXE), "summary", "new", str(ws)], check=True, capture_output=True)
        rows = [("summary add (load, check, store)", *timed("summary", "add", str(ws), str(tmp / "subs"))),
                ("summary check (batch 审核 + cross-unit)", *timed("summary", "check", str(ws))),
                ("summary list --sort 执行率", *timed("summary", "list", str(ws), "--sort", "执行率"))]
        print(f"\n| {args.units} units | wall | peak RSS so far | exit |\n|---|---:|---:|---:|")
        for name, secs, mb, code in rows:
            print(f"| {name} | {secs:.2f} s | {mb:.0f} MB | {code} |")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        out = subprocess.run([sys.executable, "-c", SORT_SCRIPT, str(ws)], capture_output=True, text=True, env=env)
        if out.returncode:
            print(out.stderr)
            return
        opened, median, worst, py, flt = out.stdout.split()
        print(f"\nwindow: opened with {args.units} rows in {opened} ms; a column sort (QSortFilterProxyModel, "
              f"26 sorts) median {median} ms, worst {worst} ms; filter 执行率 < 90 % {flt} ms; "
              f"sorted_rows (plain Python) median {py} ms")


if __name__ == "__main__":
    main()
