#!/usr/bin/env python3
"""Benchmark of 打印预览 (issue 10), side by side in one run (not collected by pytest).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_preview.py [--runs 3]

In one process, the real main window on the bundled sample (a temporary database), shown at 1366×768, with
a 16 ms QTimer heartbeat recording the longest gap in the event loop. Each run, interleaved:
  (a) first     Ctrl+P with an empty PDF cache → the preview's pages shown (LibreOffice converts the
                exported .docx in the background; its pages rendered with pypdfium2 at 144 dpi);
  (b) cached    Ctrl+P again on the unchanged report → pages shown (the PDF from the cache);
  (c) approx    Ctrl+P with the converter made unavailable (empty cache) → the 近似预览 pages shown;
  (d) idle      the baseline for the heartbeat: the same window, nothing running, for as long as (a) took;
  (e) soffice   the baseline for (a): the same LibreOffice command run directly on the same .docx
                (throwaway profile), outside the app.
And the cost of one page-count estimate (domain.pagination.estimate_report_pages), computed in the GUI
thread after each save. Targets (issue 10): preview < 3 s first, < 1 s unchanged; the UI never blocks.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "desktop"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The official font names mapped to the look-alikes that scripts/bootstrap.sh installs, as the tests do.
os.environ["FONTCONFIG_FILE"] = str(ROOT / "tests" / "export" / "fontconfig" / "fonts.conf")


class Heartbeat:
    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer

        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._beat)
        self.gaps: list[int] = []

    def _beat(self) -> None:
        now = self.clock.elapsed()
        self.gaps.append(now - self.last)
        self.last = now

    def start(self) -> None:
        self.gaps = []
        self.clock.start()
        self.last = 0
        self.timer.start(16)

    def stop(self) -> int:
        self.timer.stop()
        return max(self.gaps, default=0)


def wait_until(done, limit_s: float = 120.0) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + limit_s
    while not done():
        if time.monotonic() > end:
            raise SystemExit("the preview did not become ready")
        QApplication.processEvents()
        time.sleep(0.002)


def preview_once(window, heart: Heartbeat) -> tuple[float, int, int, bool]:
    """Seconds from Ctrl+P to the pages shown, the longest heartbeat gap (ms), pages, approximate."""
    heart.start()
    start = time.perf_counter()
    window.actions.page_preview.trigger()
    dialog = window.preview_dialog
    wait_until(lambda: not dialog.busy() and bool(dialog.images))
    elapsed = time.perf_counter() - start
    gap = heart.stop()
    result = (elapsed, gap, dialog.page_count, dialog.approximate)
    dialog.reject()
    return result


def idle_gap(seconds: float, heart: Heartbeat) -> int:
    heart.start()
    wait_until(lambda: heart.clock.elapsed() >= seconds * 1000)
    return heart.stop()


def plain_soffice(program: Path, data: bytes) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-soffice-") as tmp:
        work = Path(tmp)
        (work / "in.docx").write_bytes(data)
        start = time.perf_counter()
        subprocess.run([str(program), "--headless", "--norestore", "--nolockcheck",
                        f"-env:UserInstallation={(work / 'profile').as_uri()}", "--convert-to",
                        "pdf:writer_pdf_Export", "--outdir", str(work), str(work / "in.docx")],
                       check=True, capture_output=True, timeout=300)
        return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-preview-"))
    os.environ["SELFEVAL_CONFIG_DIR"] = str(folder / "config")
    os.environ["SELFEVAL_LOG_DIR"] = str(folder / "log")

    from selfeval.domain.pagination import estimate_report_pages
    from selfeval.export import convert
    from selfeval.export.package import docx_bytes
    from selfeval.bundled.samples import bundled_sample
    from selfeval.store import Store
    from selfeval.store.operations import CreateReport
    from selfeval.ui.app import start as app_module

    converter = convert.find_converter()
    if converter is None:
        raise SystemExit("LibreOffice (soffice) is missing: run scripts/bootstrap.sh")
    db = folder / "bench.db"
    store = Store.open(db)
    report_id = store.apply(CreateReport(bundled_sample())).report_id
    store.close()

    qt_app = app_module.ensure_app()
    running = app_module.start(db, report_id)
    window = running.window
    window.resize(1366, 768)
    window.show()
    wait_until(lambda: window._painted)
    heart = Heartbeat()
    data = docx_bytes(window.session.report, when=running.store.info(report_id).updated_at)
    rows: dict[str, list] = {k: [] for k in ("first", "cached", "approx", "idle", "soffice")}
    real_find = convert.find_converter
    for run in range(args.runs):
        os.environ["XDG_CACHE_HOME"] = str(folder / f"cache-{run}")  # empty: a first conversion
        rows["first"].append(preview_once(window, heart))
        rows["cached"].append(preview_once(window, heart))
        rows["idle"].append(idle_gap(rows["first"][-1][0], heart))
        os.environ["XDG_CACHE_HOME"] = str(folder / f"cache-approx-{run}")
        convert.find_converter = lambda: None
        try:
            rows["approx"].append(preview_once(window, heart))
        finally:
            convert.find_converter = real_find
        rows["soffice"].append(plain_soffice(converter.program, data))

    report = window.session.report
    estimate_report_pages(report)
    estimate_ms = []
    for _ in range(50):
        start = time.perf_counter()
        estimate_report_pages(report)
        estimate_ms.append((time.perf_counter() - start) * 1000)
    running.close()
    del qt_app

    med = statistics.median
    print(f"bench_preview: bundled sample, {args.runs} runs interleaved, medians (all runs in brackets)")
    for name in ("first", "cached", "approx"):
        secs = [r[0] for r in rows[name]]
        gaps = [r[1] for r in rows[name]]
        pages = {r[2] for r in rows[name]}
        print(f"  ({name:6}) preview ready {med(secs):6.2f} s {[round(s, 2) for s in secs]}; longest heartbeat gap "
              f"{med(gaps):4.0f} ms {gaps}; pages {sorted(pages)}; approximate {rows[name][0][3]}")
    print(f"  (idle  ) longest heartbeat gap with nothing running {med(rows['idle']):4.0f} ms {rows['idle']}")
    print(f"  (soffice) LibreOffice directly on the same .docx {med(rows['soffice']):6.2f} s "
          f"{[round(s, 2) for s in rows['soffice']]}")
    print(f"  page-count estimate (GUI thread, after each save): {med(estimate_ms):.2f} ms (max {max(estimate_ms):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
