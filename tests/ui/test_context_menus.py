"""Every text field's context menu offers the report-wide 撤销/重做 (Ctrl+Z/Ctrl+Y, the window's actions),
never the field's own undo, which Ctrl+Z does not reach."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: F401
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QMenu, QPlainTextEdit, QWidget

from helpers import answers, commit_text, env, first_text_box, sample_db, running  # noqa: F401


def _menu_of(field: QWidget) -> list:
    """The actions of the menu a right click on ``field`` opens (read while it is open, then closed)."""
    seen: list = []

    def read_and_close() -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu):
            seen.extend(popup.actions())
            popup.close()

    QTimer.singleShot(0, read_and_close)
    target = field.viewport() if isinstance(field, QPlainTextEdit) else field
    pos = QPoint(5, 5)
    QApplication.sendEvent(target, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, target.mapToGlobal(pos)))
    return seen


def _text_fields(page: QWidget) -> list[QWidget]:
    fields = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisibleTo(page):
            continue
        if isinstance(widget, QAbstractSpinBox):
            fields.append(widget)
        elif isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QAbstractSpinBox) \
                and not widget.isReadOnly():
            fields.append(widget)
        elif isinstance(widget, QPlainTextEdit) and not widget.isReadOnly():
            fields.append(widget)
    return fields


def test_every_text_field_on_every_tab_offers_the_report_undo(qtbot, running):
    window = running.window
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    checked = 0
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.widget(index)
        for field in _text_fields(page):
            actions = _menu_of(field)
            names = [a.objectName() for a in actions]
            where = f"{window.tabs.tabText(index)}: {type(field).__name__} {field.accessibleName()}"
            assert actions, where
            assert "edit-undo" not in names and "edit-redo" not in names, where
            assert window.actions.undo in actions and window.actions.redo in actions, where
            assert "edit-paste" in names, where  # the rest of the field's menu stays
            checked += 1
    assert checked >= 20


def test_the_menus_undo_is_the_report_undo(qtbot, running):
    window = running.window
    window.show()
    qtbot.waitExposed(window)
    box = first_text_box(window.editors["goals"])
    window.tabs.select("goals")
    before = box.toPlainText()
    commit_text(box, "要撤销的字")
    assert window.flush()
    [undo] = [a for a in _menu_of(box) if a is window.actions.undo]
    assert undo.isEnabled()
    undo.trigger()
    assert running.store.load(window.report_id).section("goals").entries[0].text == before
