"""A long report: switching tabs and visiting every tab, against a bare QTabWidget in the same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_tabs.py [--sections 300]

(a) the app's window on a report of N sections (each an items section with one 400-character entry): the
time of each tab switch (``setCurrentIndex`` returning, the shown editor built and the count updated)
and the process's resident memory after visiting every tab once; (b) a bare ``QTabWidget`` with N
``QPlainTextEdit`` pages holding the same text, switched the same way. Each in a child process of its
own, so the memory figures are the children's own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

COMMON = textwrap.dedent("""
    import json, resource, sys, time
    from PySide6.QtWidgets import QApplication
    def rss_mib():
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    def visit(tabs, app):
        # Every tab in turn, switched from the running event loop as clicks would be (deferred deletes and
        # posted events are handled between switches); the ms each switch took until the loop was idle.
        from PySide6.QtCore import QTimer
        order = list(range(1, tabs.count())) + [0]
        switches, cpu = [], []
        def step():
            if not order:
                app.quit()
                return
            start, start_cpu = time.perf_counter(), time.process_time()
            tabs.setCurrentIndex(order.pop(0))
            def idle():
                switches.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                QTimer.singleShot(0, step)
            QTimer.singleShot(0, idle)
        QTimer.singleShot(0, step)
        app.exec()
        return switches, cpu
""")

APP_CHILD = COMMON + textwrap.dedent("""
    from pathlib import Path
    from selfeval.ui.app.start import ensure_app, start
    app = ensure_app()
    running = start(Path(sys.argv[1]), int(sys.argv[2]))
    window = running.window
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    before = rss_mib()
    switches, cpu = visit(window.tabs, app)
    print(json.dumps({"switch_ms": switches, "cpu_ms": cpu, "rss_before": before, "rss_after": rss_mib(),
                      "built": len(window.tabs.built())}))
    running.close()
""")

BARE_CHILD = COMMON + textwrap.dedent("""
    from PySide6.QtWidgets import QMainWindow, QPlainTextEdit, QTabWidget
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget()
    text = "内容" * 200
    for i in range(int(sys.argv[1])):
        edit = QPlainTextEdit()
        edit.setPlainText(text)
        tabs.addTab(edit, f"第{i}节")
    window.setCentralWidget(tabs)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    before = rss_mib()
    switches, cpu = visit(tabs, app)
    print(json.dumps({"switch_ms": switches, "cpu_ms": cpu, "rss_before": before, "rss_after": rss_mib(),
                      "built": tabs.count()}))
""")


def make_db(folder: Path, sections: int) -> tuple[Path, int]:
    from selfeval.domain.model import Entry, Section, SectionKind
    from selfeval.bundled.samples import bundled_sample
    from selfeval.store import CreateReport, Store

    report = bundled_sample()
    report.sections = [Section(f"s{i}", f"第{i}节", 2, SectionKind.ITEMS, entries=[Entry(text="内容" * 200)])
                       for i in range(sections)]
    db = folder / "long.db"
    store = Store.open(db)
    try:
        return db, store.apply(CreateReport(report)).report_id
    finally:
        store.close()


def run(code: str, args: list[str], env: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"child failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sections", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="selfeval-bench-") as tmp:
        folder = Path(tmp)
        db, report_id = make_db(folder, args.sections)
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   SELFEVAL_CONFIG_DIR=str(folder / "config"), SELFEVAL_LOG_DIR=str(folder / "log"))
        app = run(APP_CHILD, [str(db), str(report_id)], env)
        bare = run(BARE_CHILD, [str(args.sections + 1)], env)
    med = statistics.median
    print(f"{args.sections} sections, every tab visited once")
    print(f"{'':34} {'app':>10} {'bare':>10}")
    print(f"{'tab switch, median (ms)':34} {med(app['switch_ms']):>10.1f} {med(bare['switch_ms']):>10.1f}")
    print(f"{'tab switch, 95th percentile (ms)':34} {sorted(app['switch_ms'])[int(len(app['switch_ms']) * .95)]:>10.1f} "
          f"{sorted(bare['switch_ms'])[int(len(bare['switch_ms']) * .95)]:>10.1f}")
    print(f"{'tab switch CPU time, median (ms)':34} {med(app['cpu_ms']):>10.1f} {med(bare['cpu_ms']):>10.1f}")
    print(f"{'resident memory before (MiB)':34} {app['rss_before']:>10.1f} {bare['rss_before']:>10.1f}")
    print(f"{'resident memory after (MiB)':34} {app['rss_after']:>10.1f} {bare['rss_after']:>10.1f}")
    print(f"{'editors built at the end':34} {app['built']:>10} {bare['built']:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
