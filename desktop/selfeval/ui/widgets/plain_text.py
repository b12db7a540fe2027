"""Text fields that take pasted text from Word/WPS as plain text, cleaned by ``domain.text.clean_text``.

Typed text is never rewritten (an input method's composition must not be disturbed); only pasted or
dropped text is cleaned, and ``notice`` says in Chinese what was removed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

if TYPE_CHECKING:  # the events' classes: not created on the way to the window (start-up, issue 11)
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QContextMenuEvent, QDropEvent, QInputMethodEvent, QKeyEvent

from selfeval.domain.text import clean_text
from selfeval.ui.widgets.edit_menu import show_edit_menu

# Given the field and the cleaned pasted text, insert it and return True, or return False to let the
# field insert it at the cursor as usual.
PasteHandler = Callable[["PlainTextEdit", str], bool]


class PlainTextEdit(QPlainTextEdit):
    """A multi-line field: pastes and drops arrive as cleaned plain text; Tab moves the focus."""

    notice = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._paste_handler: PasteHandler | None = None
        self._dropping = False

    def set_paste_handler(self, handler: PasteHandler | None) -> None:
        self._paste_handler = handler

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt override)
        show_edit_menu(self, event)  # the report-wide undo, not the field's own

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 (Qt override)
        return source.hasText()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        # A drop (often text dragged within the field) is cleaned but never split by the paste handler.
        self._dropping = True
        try:
            super().dropEvent(event)
        finally:
            self._dropping = False

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt override)
        if self.isReadOnly() or not source.hasText():
            return
        cleaned = clean_text(source.text())
        if cleaned.notices:
            self.notice.emit("".join(cleaned.notices))
        if (self._paste_handler is not None and not self._dropping
                and self._paste_handler(self, cleaned.text)):
            return
        self.textCursor().insertText(cleaned.text)
        self.ensureCursorVisible()


class ComposingLineEdit(QLineEdit):
    """A one-line field whose ``edited`` is ``textEdited`` outside an input method's composition.

    Starting a composition over selected text removes the selection at once (``textEdited("")``) while
    the pinyin is still being typed: that is no edit yet, and saving it would store an empty value. The
    edit is reported when the composition ends, committed (its own ``textEdited``) or cancelled.
    """

    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.composing = False
        self._deferred = False
        self.textEdited.connect(self._text_edited)

    def _text_edited(self, text: str) -> None:
        if self.composing:
            self._deferred = True
            return
        self._deferred = False
        self.edited.emit(text)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 (Qt override)
        self.composing = bool(event.preeditString())
        super().inputMethodEvent(event)
        if not self.composing and self._deferred:  # cancelled: the field shows what the edit left
            self._deferred = False
            self.edited.emit(self.text())


class PlainLineEdit(ComposingLineEdit):
    """A one-line field (a lead phrase): pasted line breaks and control characters are removed."""

    notice = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Catches what the paste shortcut does not: the context menu's paste, drag and drop.
        self.textEdited.connect(self._clean_after_edit)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt override)
        show_edit_menu(self, event)  # the report-wide undo, not the field's own

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        from PySide6.QtGui import QKeySequence  # a key press: the window has long been shown

        if event.matches(QKeySequence.StandardKey.Paste) and not self.isReadOnly():
            self.insert_cleaned(QGuiApplication.clipboard().text())
            event.accept()
            return
        super().keyPressEvent(event)

    def insert_cleaned(self, text: str) -> None:
        """Insert ``text`` at the cursor as a paste would, cleaned to one line."""
        cleaned = clean_text(text, multiline=False)
        if cleaned.notices:
            self.notice.emit("".join(cleaned.notices))
        self.insert(cleaned.text)
        # QLineEdit.insert() does not emit textEdited; the owner listens to it for user edits.
        self.textEdited.emit(self.text())

    def _clean_after_edit(self, text: str) -> None:
        # While typing, "[5m" may become "[5m]": colour-code remnants are left to the paste's cleaning.
        cleaned = clean_text(text, multiline=False, remnants=False)
        if not cleaned.notices:
            return  # typed text (and input-method text) is never rewritten
        cursor = self.cursorPosition() - (len(text) - len(cleaned.text))
        self.setText(cleaned.text)
        self.setCursorPosition(max(0, cursor))
        self.notice.emit("".join(cleaned.notices))
        self.textEdited.emit(cleaned.text)
