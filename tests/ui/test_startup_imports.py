"""Start-up: what is done before the first paint. A fresh app process (as ``selfeval`` starts it) reports,
when its main window first paints, which modules are loaded: the dialogs, the editors, the export, the
crash log's logging and the write-side libraries wait until they are used; the window shows the
report's first tab with its content all the same. Structural, not timed (timings: tests/bench)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from helpers import make_sample_db

CHILD = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6 import QtCore, QtGui, QtWidgets
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    import selfeval.ui.app.start as app_module
    from selfeval.ui.window.main_window import MainWindow

    class FirstPaint(QObject):
        def __init__(self, window):
            super().__init__()
            self.window, self.done = window, False
        def eventFilter(self, obj, event):
            if not self.done and obj is self.window and event.type() == QEvent.Type.Paint:
                self.done = True
                window = self.window
                basic = window.tabs.basic_tab
                print(json.dumps({
                    "modules": sorted(sys.modules),
                    "qt_namespace": "Qt" in vars(QtCore),
                    "qt_classes": sorted(set(vars(QtGui)) & {"QIcon"} | set(vars(QtWidgets)) & {"QSizePolicy"}),
                    "app_hooks": window._app_hooks,
                    "tab": window.tabs.tabText(window.tabs.currentIndex()),
                    "tabs": window.tabs.count(),
                    "unit_name": basic.unit_name.text() if basic is not None else None,
                    "count": window.count_label.text(),
                }, ensure_ascii=False), flush=True)
                window.after_first_paint(self.settled)
            return False
        def settled(self):
            # once the after-paint work has run: the section editors are ready for the first tab switch
            QTimer.singleShot(0, lambda: (print(json.dumps({"editors_loaded": "selfeval.ui.editors" in sys.modules,
                                                            "writer_loaded": "selfeval.store.writing" in sys.modules}),
                                                flush=True), QApplication.instance().quit()))

    class Watched(MainWindow):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._first_paint = FirstPaint(self)
            self.installEventFilter(self._first_paint)

    app_module.MainWindow = Watched
    sys.exit(app_module.run(Path(sys.argv[1]), int(sys.argv[2])))
""")

# Used on demand only: none of them is needed to show the first tab.
LATER = (
    "selfeval.ui.editors", "selfeval.ui.views.export_action", "selfeval.ui.views.history_dialog",
    "selfeval.ui.views.reports_dialog", "selfeval.ui.views.new_report_dialog", "selfeval.ui.views.recycle_bin",
    "selfeval.export", "selfeval.importers", "selfeval.domain.outline", "docx", "sqlite_utils",
    "logging.handlers", "hashlib", "tomllib",  # (PySide itself imports logging)
    # the 自评表's model (read on first use), the export plan, 审核说明 (none in the sample), the text-field
    # registry (a restore's), the run marker and the page estimate (after the first paint)
    "selfeval.domain.table.model", "selfeval.domain.export_plan", "selfeval.domain.explanations",
    "selfeval.domain.text_fields", "selfeval.ui.app.run_marker", "selfeval.domain.pagination",
    # defining a dataclass runs its methods' source through exec (the model's records are written out);
    # the signal closer (the stdlib's signal module builds enums) is installed at the first paint;
    # unicodedata (a shared library) is for parsing typed numbers
    "dataclasses", "selfeval.ui.app.signals", "signal", "unicodedata",
    # the store's write side (store/writing.py) and the log's replay, its deltas and its history labels
    "selfeval.store.writing", "selfeval.store.replay", "selfeval.store.delta", "selfeval.store.summaries",
    # the single-owner channel: a start with no window to hand over to only looks for the socket file
    "socket",
    # the application layer (each workflow on first use) and its job runner
    "selfeval.app", "selfeval.ui.widgets.job_thread",
)


def test_first_paint_shows_the_report_and_loads_nothing_used_later(tmp_path):
    db = tmp_path / "reports.db"
    report_id = make_sample_db(db)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SELFEVAL_CONFIG_DIR=str(tmp_path / "config"),
               SELFEVAL_LOG_DIR=str(tmp_path / "logs"))
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", CHILD, str(db), str(report_id)], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=root, timeout=60)
    assert done.returncode == 0, done.stderr
    first, later = [json.loads(x) for x in done.stdout.splitlines() if x.startswith("{")]
    seen = first
    # The first paint is the real thing: the report's first tab, filled in, and the count.
    assert seen["tab"] == "基本信息" and seen["tabs"] == 8  # 基本信息, 自评表, six sections
    assert seen["unit_name"] == "广州市荔湾区人民政府昌华街道办事处"
    assert seen["count"].startswith("全文 ") and seen["count"] != "全文 0 字"
    loaded = [name for name in LATER if any(m == name or m.startswith(name + ".") for m in seen["modules"])]
    assert loaded == []
    # Qt's namespace enums (≈ 15 ms to create in PySide 6.9) and the application-wide key filter wait.
    assert seen["qt_namespace"] is False
    # Neither are classes only a later action needs: QIcon (the window icon; QAction(text, parent) would
    # load it too), QSizePolicy (the read-only banner's spacer). PySide makes a class's enums with it.
    assert seen["qt_classes"] == []
    assert seen["app_hooks"] is False
    # Once the window shows, the section editors are imported, so the first section tab opens quickly, and
    # the store's write side, so that the first save takes no longer than any other (issue 18).
    assert later == {"editors_loaded": True, "writer_loaded": True}
