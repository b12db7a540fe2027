"""The 审核 panel's refresh in the real window (not collected by pytest):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_review_panel.py --repeat 21

The panel checks the report 600 ms after the last keystroke, on the UI thread: one refresh is what it
adds to the frame it runs in, against the 16 ms of a frame at 60 Hz. Timed side by side in the same
run, on the bundled sample in a temporary database:
- baseline: one keystroke (an input-method commit into an entry of 绩效目标, as a Chinese IME sends it,
  with everything the editor does for it);
- ``ReviewPanel.refresh_now()`` with nothing pending (the saved report is checked);
- the same with typing pending (the report on screen is rebuilt from the editors first);
- of that, ``run_checks`` alone (settings, fonts, last year's report as the panel passes them).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from PySide6.QtWidgets import QApplication  # noqa: E402

from helpers import commit_text, make_sample_db  # noqa: E402

FRAME_MS = 16.0


def timed(fn, repeat: int) -> tuple[float, float, float]:
    fn()
    wall = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
    return statistics.median(wall), min(wall), max(wall)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from selfeval.ui.app.settings import AppSettings
    from selfeval.ui.app.start import start

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        report_id = make_sample_db(db)
        running = start(db, report_id, AppSettings(Path(tmp) / "config"))
        window = running.window
        window.resize(1366, 740)
        window.show()
        app.processEvents()
        window.install_app_hooks()
        panel = window.review
        box = window.editors["goals"].rows()[0].text
        panel.refresh_now()
        findings = len(panel.result.findings)

        def keystroke():
            commit_text(box, "字")

        def pending_refresh():
            commit_text(box, "字")  # keeps typing pending; its own cost is the baseline above
            start_t = time.perf_counter()
            panel.refresh_now()
            return (time.perf_counter() - start_t) * 1000

        rows = [("baseline: one keystroke (IME commit)", keystroke)]
        window.flush()
        rows.append(("refresh_now(), nothing pending", panel.refresh_now))
        report = panel.current_report()
        rows.append(("  of which run_checks()", lambda: panel.check(report)))
        print(f"== bundled sample, {findings} findings, window 1366×740 offscreen")
        base = None
        for label, fn in rows:
            window.flush()
            median, low, high = timed(fn, args.repeat)
            base = base or median
            print(f"{label:40} median {median:7.2f} ms (min {low:.2f}, max {high:.2f})"
                  f"  {median / base:5.1f}× baseline  {median / FRAME_MS * 100:5.1f} % of a frame")
        pending = sorted(pending_refresh() for _ in range(args.repeat))
        median = statistics.median(pending)
        print(f"{'refresh_now(), typing pending':40} median {median:7.2f} ms (min {pending[0]:.2f}, "
              f"max {pending[-1]:.2f})  {median / base:5.1f}× baseline  {median / FRAME_MS * 100:5.1f} % of a frame")
        window.session.autosaver.discard()
        running.close()


if __name__ == "__main__":
    main()
