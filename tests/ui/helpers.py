"""Helpers for the main-window tests: isolated folders, a sample database, scripted dialog answers."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest


class Dialogs:
    """Replaces every function of ``selfeval.ui.widgets.dialogs``. Questions take their answer from the queues
    (an unscripted question fails the test); notices are recorded in ``shown`` as (kind, title, text)."""

    def __init__(self, monkeypatch) -> None:
        from selfeval.ui.widgets import dialogs

        self.yes_no: deque[bool] = deque()
        self.save_paths: deque[Path | None] = deque()
        self.open_paths: deque[Path | None] = deque()
        self.texts: deque[str | None] = deque()
        self.choices: deque[int | None] = deque()
        self.table_choices: deque = deque()  # export_choice_dialog.ask: a TableChoice or None (取消)
        self.shown: list[tuple[str, str, str]] = []
        self.asked: list[tuple[str, str, str]] = []

        def take(queue: deque, kind: str, title: str, text: str):
            self.asked.append((kind, title, text))
            if not queue:
                raise AssertionError(f"unscripted {kind} dialog: {title} / {text}")
            return queue.popleft()

        monkeypatch.setattr(dialogs, "ask_yes_no", lambda p, title, text: take(self.yes_no, "yes_no", title, text))
        monkeypatch.setattr(dialogs, "ask_save_path",
                            lambda p, title, start, filter: take(self.save_paths, "save", title, start))
        monkeypatch.setattr(dialogs, "ask_open_path",
                            lambda p, title, start, filter: take(self.open_paths, "open", title, start))
        monkeypatch.setattr(dialogs, "ask_text", lambda p, title, label, text="": take(self.texts, "text", title, label))
        monkeypatch.setattr(dialogs, "ask_buttons",
                            lambda p, title, text, labels, default=0: take(self.choices, "buttons", title, text))
        from selfeval.ui.views import export_choice_dialog

        monkeypatch.setattr(export_choice_dialog, "ask",
                            lambda p, title, current: take(self.table_choices, "table_choice", title, current))
        for kind in ("inform", "warn", "error"):
            monkeypatch.setattr(dialogs, kind, lambda p, title, text, _k=kind: self.shown.append((_k, title, text)))

    def of(self, kind: str) -> list[tuple[str, str]]:
        return [(title, text) for k, title, text in self.shown if k == kind]

    def kinds(self) -> list[str]:
        return [kind for kind, _, _ in self.shown]

    def texts_of(self, kind: str) -> list[str]:
        return [text for k, _, text in self.shown if k == kind]

    def assert_all_used(self) -> None:
        left = {name: list(q) for name, q in (("yes_no", self.yes_no), ("texts", self.texts),
                                               ("open_paths", self.open_paths), ("save_paths", self.save_paths),
                                               ("choices", self.choices), ("table_choices", self.table_choices))
                if q}
        assert not left, f"scripted answers never asked for: {left}"


@pytest.fixture
def env(tmp_path, monkeypatch):
    """Config, logs and the default database all under tmp_path: tests never touch the real home."""
    monkeypatch.setenv("SELFEVAL_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SELFEVAL_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("SELFEVAL_DB", str(tmp_path / "default.db"))
    return tmp_path


@pytest.fixture
def answers(monkeypatch) -> Dialogs:
    return Dialogs(monkeypatch)


def make_sample_db(path: Path) -> int:
    from selfeval.bundled.samples import bundled_sample
    from selfeval.store import CreateReport, Store

    store = Store.open(path)
    try:
        return store.apply(CreateReport(bundled_sample())).report_id
    finally:
        store.close()


@pytest.fixture
def sample_db(env) -> tuple[Path, int]:
    path = env / "reports.db"
    return path, make_sample_db(path)


@pytest.fixture
def running(qtbot, env, sample_db, answers):
    """A window on the bundled sample, writable (this process holds the lock)."""
    from selfeval.ui.app.start import start
    from selfeval.ui.app.settings import AppSettings

    path, report_id = sample_db
    opened = start(path, report_id, AppSettings(env / "config"))
    assert opened is not None
    qtbot.addWidget(opened.window)
    # A shown window installs these after its first paint; most tests drive the window unshown.
    opened.window.install_app_hooks()
    yield opened
    opened.close()


def script_export_check(monkeypatch, answer=None) -> list:
    """Scripts export's asks-first dialog (``export_check_dialog.ask``): ``answer(findings)`` gives its
    (choice, finding), by default 仍然导出; returns the findings it was shown, one list per ask."""
    from selfeval.ui.views import export_check_dialog

    asked: list = []

    def ask(_parent, findings, _report):
        asked.append(findings)
        return answer(findings) if answer is not None else (export_check_dialog.EXPORT, None)

    monkeypatch.setattr(export_check_dialog, "ask", ask)
    return asked


def review_refreshed(qtbot, panel):
    """Waits for the 审核 panel's next refresh (it is debounced); its result."""
    from selfeval.ui.views.review_panel import DEBOUNCE_MS

    with qtbot.waitSignal(panel.refreshed, timeout=DEBOUNCE_MS * 5):
        pass
    return panel.result


def read_section(db_path: Path, report_id: int, key: str):
    """The section as the database holds it, read through a separate read-only connection."""
    from selfeval.store import Store

    store = Store.open(db_path, read_only=True)
    try:
        return store.load(report_id).section(key)
    finally:
        store.close()


def first_text_box(editor):
    """The first entry's text box of an items/themes/subheads editor (where a clerk types)."""
    rows = editor.rows()
    assert rows, "editor has no entries"
    return rows[0].text


def commit_text(widget, text: str) -> None:
    """Types ``text`` the way a Chinese input method does: one committed input-method event.

    (QTest.keyClicks only handles ASCII.)
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def compose(widget, preedit: str) -> None:
    """An input method's composition in progress (pinyin not yet committed)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    QCoreApplication.sendEvent(widget, QInputMethodEvent(preedit, []))


def make_editor(qtbot, section):
    """The editor for ``section``'s kind, loaded with it, at a size that fits 1366×768."""
    from selfeval.ui.editors import editor_for

    editor = editor_for(section.kind)()
    qtbot.addWidget(editor)
    editor.resize(1300, 620)
    editor.set_section(section)
    return editor


def focus_in(qtbot, widget) -> None:
    """Gives ``widget`` the keyboard focus as a clerk's click would: its window shown and active. (Keys reach
    only the focused widget of the active window; the window's report-wide keys follow that focus.)"""
    window = widget.window()
    if not window.isVisible():
        window.show()
        qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=3000)
