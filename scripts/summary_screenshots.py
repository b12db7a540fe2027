"""Screenshots of the 汇总 window at 1366×768 (docs/screenshots/16-summary-*.png), from generated submissions:

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/summary_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from PySide6.QtWidgets import QApplication  # noqa: E402

from selfeval.app.summary import Workspace  # noqa: E402
from summary_submissions import write_submissions  # noqa: E402


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    out = ROOT / "docs" / "screenshots"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_submissions(tmp / "2024", 60, docx=3, bad=3)
        write_submissions(tmp / "2023", 60, year=2023, docx=0, bad=0, seed=3)
        last = Workspace.new(tmp / "2023.db")
        last.apply(last.plan_add([tmp / "2023"]), replace=False)
        last.close()
        ws = Workspace.new(tmp / "2024.db")
        ws.apply(ws.plan_add([tmp / "2024"]), replace=False)
        from selfeval.ui.views.summary_window import SummaryWindow

        window = SummaryWindow(ws)
        window.load_last_year(tmp / "2023.db")
        window.setGeometry(0, 0, 1366, 740)
        window.show()
        window.view.sortByColumn(COLUMN_RATE, __import__("PySide6.QtCore").QtCore.Qt.SortOrder.AscendingOrder)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out / "16-summary-overview.png"))
        window.tabs.setCurrentIndex(2)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out / "17-summary-charts.png"))
        window.tabs.setCurrentIndex(1)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out / "18-summary-check.png"))
        window.tabs.setCurrentIndex(0)
        window.view.selectRow(0)
        unit = window.open_unit()
        unit.setGeometry(0, 0, 1366, 740)
        for _ in range(30):
            app.processEvents()
        if unit.review is not None:
            unit.review.refresh_now()
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(1500, loop.quit)
        loop.exec()
        unit.grab().save(str(out / "19-summary-unit.png"))
        window.close()
    print("saved to", out)


COLUMN_RATE = 7

if __name__ == "__main__":
    main()
