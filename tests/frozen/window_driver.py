"""Runs the REAL window start (``selfeval.ui.app.start.run``, as ``selfeval --db FILE`` does) in this process
and drives it the way a clerk would, then prints what it saw as one JSON line (the last line of stdout).

    python window_driver.py DB OUT.docx

- every message box that shows is noted (title, text) and answered with its default button;
- the one-time fonts notice (``fonts_notice.show_once``) is noted with what it returned;
- once the window has shown and the fonts check has run, the report is exported as Word (the 说明 and the
  自评表 in one file; the file and export dialogs answered as the user would: this path, 仍然导出, 否 to
  opening the folder), then the window is closed as by its close button, which ends ``run``.

The exit code is ``run``'s. Used by tests/frozen/test_no_cjk_fonts.py under a fontconfig without CJK fonts.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

DEADLINE_S = 90


def main() -> int:
    db, out = Path(sys.argv[1]), Path(sys.argv[2])
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from selfeval.domain.export_plan import TableChoice
    from selfeval.ui.app import fonts_notice, start
    from selfeval.ui.views import export_check_dialog, export_choice_dialog
    from selfeval.ui.widgets import dialogs

    seen: dict = {"boxes": [], "notice": None, "notice_ran": False, "exported": None, "chinese_families": None}

    # The answers a clerk gives to the export's dialogs (the dialogs themselves are tested in tests/ui).
    export_choice_dialog.ask = lambda parent, title, current: TableChoice.COMBINED
    export_check_dialog.ask = lambda parent, findings, report: (export_check_dialog.EXPORT, None)
    dialogs.ask_save_path = lambda parent, title, start_path, filter: out
    dialogs.ask_yes_no = lambda parent, title, text: False

    real_show_once = fonts_notice.show_once

    def show_once(*args, **kwargs):
        box = real_show_once(*args, **kwargs)
        seen["notice_ran"] = True
        seen["chinese_families"] = fonts_notice.chinese_families()
        if box is not None:
            seen["notice"] = {"title": box.windowTitle(), "text": box.text(), "visible": box.isVisible()}
        return box

    fonts_notice.show_once = show_once
    start.ensure_app()
    started = time.monotonic()
    state = {"exported": False}

    def tick() -> None:
        app = QApplication.instance()
        for widget in app.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                seen["boxes"].append({"title": widget.windowTitle(), "text": widget.text()})
                (widget.defaultButton() or widget.escapeButton()).click()
                return
        windows = [w for w in app.topLevelWidgets() if isinstance(w, start.MainWindow) and w.isVisible()]
        if windows and seen["notice_ran"] and not state["exported"]:
            state["exported"] = True
            window = windows[0]
            window.export()
            seen["exported"] = str(out) if out.is_file() else None
            seen["status"] = window.statusBar().currentMessage()
            window.close()
            return
        if time.monotonic() - started > DEADLINE_S:
            seen["timeout"] = True
            app.quit()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(100)
    code = start.run(db)
    timer.stop()
    print(json.dumps(seen, ensure_ascii=False), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
