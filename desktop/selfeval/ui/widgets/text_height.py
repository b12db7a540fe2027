"""Text boxes that grow with their text: the height a ``QPlainTextEdit`` needs to show its wrapped lines.

Lines are measured with ``QTextLayout`` as Qt will lay them out (Chinese text takes the CJK fallback
font's taller line height, which ``lineSpacing()`` does not say); counting stops once the maximum is
reached, so it stays cheap however long the text is.
"""

from __future__ import annotations

from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QPlainTextEdit


def chrome_height(edit: QPlainTextEdit) -> int:
    """What a text box adds around its lines: document margins, contents margins and frame."""
    margins = edit.contentsMargins()
    return (2 * int(edit.document().documentMargin()) + margins.top() + margins.bottom()
            + 2 * edit.frameWidth() + 2)


def lines_height(edit: QPlainTextEdit, lines: int) -> int:
    """The height of ``lines`` lines of Chinese text in ``edit``, frame included."""
    return int(_line_height(edit) * lines + 0.999) + chrome_height(edit)


def fitted_height(edit: QPlainTextEdit, min_lines: int, max_height: int) -> int | None:
    """The height that shows all of ``edit``'s wrapped text, between ``min_lines`` lines and ``max_height``
    pixels (the minimum wins when they conflict). None: the box has no width yet (not laid out)."""
    document = edit.document()
    width = edit.viewport().width() - 2 * document.documentMargin()
    if width <= 0:
        return None
    chrome = chrome_height(edit)
    budget = max_height - chrome
    total = 0.0
    count = 0
    block = document.firstBlock()
    option = document.defaultTextOption()
    font = edit.font()
    while block.isValid() and total <= budget:
        layout = QTextLayout(block.text() or " ", font)
        layout.setTextOption(option)
        layout.beginLayout()
        while total <= budget:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            total += line.height()
            count += 1
        layout.endLayout()
        block = block.next()
    if count < min_lines:
        total += _line_height(edit) * (min_lines - count)
    height = int(total + 0.999) + chrome
    return max(lines_height(edit, min_lines), min(height, max(max_height, 0)))


def _line_height(edit: QPlainTextEdit) -> float:
    """One line of Chinese text: the CJK fallback font's line is taller than ``lineSpacing()`` says."""
    layout = QTextLayout("中", edit.font())
    layout.setTextOption(edit.document().defaultTextOption())
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1000)
    height = line.height()
    layout.endLayout()
    return max(float(height), float(edit.fontMetrics().lineSpacing()))
