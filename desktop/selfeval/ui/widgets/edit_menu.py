"""Text fields' context menus offer the report-wide undo and redo, never the field's own.

Ctrl+Z and Ctrl+Y undo the whole report (the window's actions, see ``window_keys``); a field's own
「撤消」 in its menu would undo something else than the same words in the 编辑 menu. The field's
menu keeps cut, copy, paste, delete and select all, and shows the window's 撤销/重做 in place of its
own (none when the field is not in the main window). A field that cleans what is pasted into it
(``insert_cleaned``) gets the same cleaning from the menu's 粘贴 as from Ctrl+V.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # the menus' classes are imported when a menu opens, not on the way to the window
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QAction, QContextMenuEvent
    from PySide6.QtWidgets import QMenu

LOCAL_ACTIONS = ("edit-undo", "edit-redo")  # Qt's object names for a field's own undo and redo


def report_actions(field: QWidget) -> list[QAction]:
    """The window's report-wide undo and redo, if the field is in a window that has them."""
    from PySide6.QtGui import QAction

    actions = getattr(field.window(), "actions", None)  # the main window's WindowActions
    return [a for a in (getattr(actions, "undo", None), getattr(actions, "redo", None)) if isinstance(a, QAction)]


def standard_menu(field: QWidget, pos: QPoint) -> QMenu | None:
    """The field's own context menu as Qt builds it (None for a widget that has none)."""
    from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit

    if isinstance(field, QPlainTextEdit):
        return field.createStandardContextMenu(pos)
    if isinstance(field, QLineEdit):
        return field.createStandardContextMenu()
    if isinstance(field, QAbstractSpinBox):
        return field.lineEdit().createStandardContextMenu()
    return None


def edit_menu(field: QWidget, pos: QPoint) -> QMenu | None:
    """The field's menu with its own undo/redo replaced by the report-wide ones."""
    menu = standard_menu(field, pos)
    if menu is None:
        return None
    from PySide6.QtGui import QGuiApplication

    paste_cleaned = getattr(field, "insert_cleaned", None)  # a field that cleans what it is given
    for action in menu.actions():
        if action.objectName() in LOCAL_ACTIONS:
            menu.removeAction(action)
        elif action.objectName() == "edit-paste" and paste_cleaned is not None:
            action.triggered.disconnect()  # as Ctrl+V: the clipboard's text, cleaned
            action.triggered.connect(lambda _checked=False: paste_cleaned(QGuiApplication.clipboard().text()))
    while menu.actions() and menu.actions()[0].isSeparator():  # the separator after them
        menu.removeAction(menu.actions()[0])
    shared = report_actions(field)
    if shared:
        first = menu.actions()[0] if menu.actions() else None
        menu.insertActions(first, shared)
        if first is not None:
            menu.insertSeparator(first)
    return menu


def show_edit_menu(field: QWidget, event: QContextMenuEvent) -> None:
    menu = edit_menu(field, event.pos())
    if menu is None:
        return
    try:
        menu.exec(event.globalPos())
    finally:
        menu.deleteLater()


class _EditMenuFilter(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ContextMenu and isinstance(watched, QWidget):
            show_edit_menu(watched, event)
            return True
        return False


def use_report_undo(*fields: QWidget) -> None:
    """Give ``fields`` (line edits, spin boxes, date edits) the report-wide undo in their context menu."""
    for field in fields:
        menu_filter = _EditMenuFilter(field)
        field.installEventFilter(menu_filter)
