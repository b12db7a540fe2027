"""Tab walks only visible input widgets: no scroll area (or any other invisible frame) is a Tab stop."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit,
    QTabBar, QTextEdit,
)

from helpers import answers, env, sample_db, running  # noqa: F401
from selfeval.ui.window.report_tabs import TABLE_KEY

INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox, QAbstractButton, QTabBar)


def _tab_walk(qtbot, start, limit=80) -> list:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    seen = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
        if current is start:
            break
        seen.append(current)
    return seen


def _check(walk, where):
    for widget in walk:
        name = f"{where}: {type(widget).__name__} {widget.objectName()}"
        assert widget.isVisible(), name
        assert isinstance(widget, INPUTS), name
        if isinstance(widget, QAbstractScrollArea):
            assert isinstance(widget, (QPlainTextEdit, QTextEdit)), name


def test_tab_on_the_basic_tab_walks_its_fields_only(qtbot, running):
    window = running.window
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.select(None)
    tab = window.tabs.basic_info()
    walk = _tab_walk(qtbot, tab.unit_name)
    _check(walk, "基本信息")
    for field in (tab.unit_name, tab.unit_short, tab.year, tab.title_override, tab.contact_person,
                  tab.contact_phone, tab.signature, tab.line_spacing, tab.latin_font):
        assert field in walk or field.focusProxy() in walk


def test_tab_on_every_section_tab_walks_input_widgets_only(qtbot, running):
    window = running.window
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    for key in [k for k in window.tabs.keys if k not in (None, TABLE_KEY)]:  # the 自评表: test_table_tab
        window.tabs.select(key)
        editor = window.editors[key]
        first = editor.intro if hasattr(editor, "intro") else editor.text
        if key == "efficiency":
            first = next(iter(editor._fields.values())).edit
        _check(_tab_walk(qtbot, first), key)
