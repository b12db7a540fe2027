"""A read-only preview of a section's paragraphs as they will print (first line indented)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QTextEdit, QWidget

from selfeval.domain.document import Block
from selfeval.domain.layout import FIRST_LINE_INDENT_CHARS

# A very large section is previewed up to this many characters (the editors stay responsive).
PREVIEW_MAX_CHARS = 20_000


class PreviewPane(QTextEdit):
    """Shows ``Block`` paragraphs; what is shown is ``text()`` (one paragraph a line)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setPlaceholderText("（尚无内容）")
        self.setToolTip("预览：导出后正文的样子（编号、主题语和数据已按规范填入）")
        self._paragraphs: list[str] = []

    def show_blocks(self, blocks: Iterable[Block]) -> None:
        paragraphs = [b.full_text for b in blocks if b.full_text]
        if paragraphs == self._paragraphs:
            return
        self._paragraphs = paragraphs
        # Keep the reader's place: the view's own cursor stays at the start (so showing the pane does not
        # jump to the end) and the scroll position survives the rebuild.
        scrolled = self.verticalScrollBar().value()
        doc = self.document()
        doc.clear()
        fmt = QTextBlockFormat()
        fmt.setTextIndent(self.fontMetrics().horizontalAdvance("中") * FIRST_LINE_INDENT_CHARS)
        fmt.setBottomMargin(self.fontMetrics().height() * 0.4)
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        budget = PREVIEW_MAX_CHARS
        for i, para in enumerate(paragraphs):
            if budget <= 0:
                cursor.insertBlock(fmt)
                cursor.insertText(f"……（预览只显示前 {PREVIEW_MAX_CHARS} 字）")
                break
            if i:
                cursor.insertBlock(fmt)
            else:
                cursor.setBlockFormat(fmt)
            cursor.insertText(para[:budget])
            budget -= len(para)
        cursor.endEditBlock()
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(scrolled)

    def text(self) -> str:
        """The paragraphs shown, one a line (without the truncation note)."""
        return "\n".join(self._paragraphs)
