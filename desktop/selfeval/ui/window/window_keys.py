"""Window-wide keys (report undo/redo, tab switching) that text fields would otherwise keep for themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

# QtCore.Qt and QtGui.QKeySequence where used: creating their classes costs start-up time (main_window.py)
from PySide6 import QtCore, QtGui
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QAction


class WindowKeys(QObject):
    """Window-wide keys that text fields would otherwise keep for themselves.

    A QLineEdit or QTextEdit claims Ctrl+Z/Ctrl+Y (its own undo) and some claim Ctrl+Tab; here the
    report-wide undo must win. For these keys the override is accepted (so no QShortcut fires twice)
    and the key press is turned into the window's action.

    Key events go to the widget with the keyboard focus, so the filter sits on that widget only and moves
    with the focus (``follow``): an application-wide filter would run Python for every event of every
    widget (building a tab's editor sends thousands).
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._map: dict[str, QAction] = {}

    def follow(self, old: QWidget | None, new: QWidget | None) -> None:
        """The focus moved from ``old`` to ``new`` (QApplication.focusChanged): watch ``new`` if it is in the
        window."""
        if old is not None:
            try:
                old.removeEventFilter(self)
            except RuntimeError:  # the widget is being destroyed
                pass
        if new is not None and new.window() is self.window:
            new.installEventFilter(self)

    def bind(self, action: QAction) -> None:
        portable = QtGui.QKeySequence.SequenceFormat.PortableText
        for seq in action.shortcuts():
            self._map[seq.toString(portable)] = action

    def _action_for(self, event) -> QAction | None:
        QKeySequence = QtGui.QKeySequence  # noqa: N806 - the class, under its own name
        combo = event.keyCombination()
        key = QKeySequence(combo).toString(QKeySequence.SequenceFormat.PortableText)
        action = self._map.get(key)
        if action is None and combo.key() == QtCore.Qt.Key.Key_Backtab:  # Shift+Tab arrives as Backtab
            mods = combo.keyboardModifiers()
            alt = QKeySequence(mods | QtCore.Qt.Key.Key_Tab).toString(QKeySequence.SequenceFormat.PortableText)
            action = self._map.get(alt)
        return action

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        etype = event.type()
        if etype not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        action = self._action_for(event)
        if action is None:
            return False
        if etype == QEvent.Type.ShortcutOverride:
            event.accept()  # deliver as a key press, handled below, exactly once
            return True
        action.trigger()
        return True
