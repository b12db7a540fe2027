"""A real application process for the end-to-end tests (crash safety, second instance).

Run as ``python app_driver.py MODE DB REPORT_ID SECTION_KEY``. It starts the app through the public
``selfeval.ui.app.start.start`` (instance lock, store, main window), shows the window and types into the
first text field of the section's editor the way a Chinese input method does (committed strings).
Every line it prints is JSON. No dialog ever blocks: ``selfeval.ui.widgets.dialogs`` answers "no"/cancel and
prints what it was asked, so the test can check it.

Modes:
  type-pause       types MARKER, prints {"typed": ...}, then idles until killed.
  type-continuous  types MARKER, prints {"early": t}, then one more character every TYPE_INTERVAL_MS,
                   printing {"t": monotonic, "n": characters after the marker} after each; until killed.
  hold             prints {"ready": ...} once the window shows; idles until killed or stdin closes.
  second           tries to type MARKER for a while, then prints {"state": ...} and exits.

Modes starting the app through ``selfeval.ui.app.start.run`` (the command's own entry, with its signal
handling and run marker), acting once the window shows:
  run-pending      types MARKER with the autosave held back, prints {"typed": ..., "pending": true}.
  run-saved        types MARKER and saves it, prints {"saved": ...}.
  run-idle         prints {"ready": true, "icon": <the windows' icon is set>, "paused_at_start": <no garbage
                   collection while the window was built>, "collecting": <collection on again>}.
Each idles until it ends (a signal, a kill); run() returning prints {"exit": code}.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

MARKER = "【崩溃测试】"
CYCLE = "甲乙丙丁戊己庚辛壬癸"
TYPE_INTERVAL_MS = 40


def say(**data) -> None:
    print(json.dumps(data, ensure_ascii=False), flush=True)


def patch_dialogs() -> None:
    from selfeval.ui.widgets import dialogs

    def record(kind, answer):
        def ask(parent, title, text="", *args, **kwargs):
            say(dialog=kind, title=title, text=str(text))
            return answer
        return ask

    for kind, answer in (("ask_yes_no", False), ("inform", None), ("warn", None), ("error", None),
                         ("ask_save_path", None), ("ask_open_path", None), ("ask_text", None),
                         ("ask_buttons", None)):
        setattr(dialogs, kind, record(kind, answer))


def text_field(window, key: str):
    from PySide6.QtWidgets import QPlainTextEdit

    window.tabs.select(key)
    editor = window.editors[key]
    fields = [w for w in editor.findChildren(QPlainTextEdit) if w.isVisibleTo(window)]
    if not fields:
        raise SystemExit(f"no text field in section {key}")
    return fields[-1]


def commit(field, text: str) -> None:
    """As a Chinese input method types: committed strings, to a field that takes input-method text;
    a field that does not (a read-only one) only ever gets key presses, as from a real keyboard."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QTextCursor
    from PySide6.QtWidgets import QApplication

    cursor = field.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    field.setTextCursor(cursor)
    for ch in text:
        if field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled):
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(field, event)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(field, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def exit_with_parent() -> None:
    """The test keeps our stdin open; if it dies, stdin closes and we go too (no orphaned windows)."""
    import os
    import threading

    def watch() -> None:
        sys.stdin.read()
        os._exit(3)

    threading.Thread(target=watch, daemon=True).start()


def run_mode(mode: str, db: Path, report_id: int, key: str) -> int:
    from selfeval.ui.app import start as app_module

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    real_start = app_module.start
    paused: list[bool] = []

    def act(session) -> None:
        window = session.window
        if mode == "run-idle":  # after the start's own after-paint work (the icon among it)
            QTimer.singleShot(0, lambda: say(ready=True, icon=not QApplication.windowIcon().isNull(),
                                             paused_at_start=paused == [True], collecting=gc.isenabled()))
            return
        field = text_field(window, key)
        field.setFocus()
        if mode == "run-pending":
            window.session.autosaver.delay_ms = window.session.autosaver.max_delay_ms = 600_000  # only a close saves it
            commit(field, MARKER)
            say(typed=MARKER, pending=window.session.pending)
        elif mode == "run-saved":
            commit(field, MARKER)
            say(saved=MARKER, ok=window.flush())
        else:
            raise SystemExit(f"unknown mode {mode}")

    def start_then_act(*args, **kwargs):
        session = real_start(*args, **kwargs)
        paused.append(not gc.isenabled())  # the window built, not yet painted
        if session is not None:  # as a clerk: once the window has painted (after the start's own notices)
            session.window.after_first_paint(lambda: act(session))
        return session

    app_module.start = start_then_act
    code = app_module.run(db, report_id)
    say(exit=code)
    return code


def main() -> int:
    mode, db, report_id, key = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    exit_with_parent()
    patch_dialogs()
    if mode.startswith("run-"):
        return run_mode(mode, db, report_id, key)
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from selfeval.ui.app import start as app_module

    qt_app = app_module.ensure_app()
    running = app_module.start(db, report_id)
    if running is None:
        say(failed="start returned None")
        return 1
    window = running.window
    window.show()
    QApplication.processEvents()
    field = text_field(window, key)
    field.setFocus()

    if mode == "type-pause":
        commit(field, MARKER)
        say(typed=MARKER, t=time.monotonic())
    elif mode == "type-continuous":
        commit(field, MARKER)
        say(early=time.monotonic())
        count = [0]

        def one_more() -> None:
            commit(field, CYCLE[count[0] % len(CYCLE)])
            count[0] += 1
            say(t=time.monotonic(), n=count[0])

        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(one_more)
        timer.start(TYPE_INTERVAL_MS)
    elif mode == "hold":
        say(ready=True, read_only=running.read_only)
    elif mode == "second":
        commit(field, MARKER)

        def report_state() -> None:
            running.window.flush()
            say(state={"read_only": running.read_only, "title": window.windowTitle(),
                       "field_read_only": field.isReadOnly(), "field_text_has_marker": MARKER in field.toPlainText(),
                       "saved_label": window.saved_label.text(), "pending": window.session.pending})
            running.close()
            qt_app.quit()

        QTimer.singleShot(1500, report_state)  # longer than the autosave's one-second budget
    else:
        raise SystemExit(f"unknown mode {mode}")
    return qt_app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
