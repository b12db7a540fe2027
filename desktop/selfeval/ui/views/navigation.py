"""Going to a place in the report (a finding's, a search hit's): the tab of its section, the text box of its
field, the span selected and scrolled into view. Used by the 审核 panel, 查找和替换 and the export's check."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QScrollArea, QWidget

from selfeval.domain.model import Report
from selfeval.domain.text_fields import TABLE_SECTION, Place, field_text


def show_place(tabs, place: Place, excerpt: str = "") -> QWidget | None:
    """Selects the tab of ``place``, focuses its text box and selects the span; returns the box (None when
    the place has no box of its own, e.g. a figure or the layout)."""
    if place.section == TABLE_SECTION:  # a 自评表 cell or text box
        tabs.select(TABLE_SECTION)
        tab = tabs.table_tab
        return tab.show_text(place) if tab is not None else None
    if not place.section and place.field == "table":  # a cell or a note of the 自评表
        from selfeval.ui.window.report_tabs import TABLE_KEY

        if TABLE_KEY not in tabs.keys:
            return None
        tabs.select(TABLE_KEY)
        tab = tabs.table_tab
        if tab is not None:
            tab.show_cell(place.figure)
        return None
    if not place.section:
        tabs.select(None)
        tab = tabs.basic_tab
        if tab is None:
            return None
        tab.focus_field(place.field)
        box = getattr(tab, place.field, None)
        if isinstance(box, QLineEdit):
            _select(box, place, excerpt)
            return box
        return None
    if place.section not in tabs.keys:
        return None
    tabs.select(place.section)
    editor = tabs.editor(place.section)
    box = _box_of(editor, place)
    if box is None:
        return None
    box.setFocus()
    _select(box, place, excerpt, field_text(tabs.report, place) if _has_field(tabs.report, place) else "")
    scroll = getattr(editor, "scroll", None)
    if isinstance(scroll, QScrollArea):
        scroll.ensureWidgetVisible(box)
    return box


def _has_field(report: Report | None, place: Place) -> bool:
    if report is None:
        return False
    try:
        field_text(report, place)
    except (KeyError, IndexError):
        return False
    return True


def _box_of(editor: QWidget, place: Place) -> QWidget | None:
    """The text box that shows ``place``'s field: an entry's lead or text, the intro, or the one text box
    of a paragraphs editor (which holds the whole section)."""
    rows: Callable | None = getattr(editor, "rows", None)
    if place.field in ("lead", "text") and rows is not None:
        entries = rows()
        if place.entry is not None and 0 <= place.entry < len(entries):
            return getattr(entries[place.entry], place.field)
        return None
    if place.field == "intro" and isinstance(getattr(editor, "intro", None), QPlainTextEdit):
        return editor.intro
    text = getattr(editor, "text", None)
    if isinstance(text, QPlainTextEdit) and place.field in ("intro", "lead", "text"):
        return text
    return None


def _select(box: QWidget, place: Place, excerpt: str, whole: str = "") -> None:
    """Selects the span in ``box``. The box may hold more than the field (a paragraphs editor shows the
    whole section): the field's text is found in it first, then the span inside it."""
    shown = box.text() if isinstance(box, QLineEdit) else box.toPlainText()
    offset = 0
    if shown[place.start:place.end] != excerpt and whole:
        found = shown.find(whole)
        offset = found if found >= 0 else 0
    start, end = offset + place.start, offset + place.end
    if shown[start:end] != excerpt and excerpt:
        found = shown.find(excerpt)
        if found >= 0:
            start, end = found, found + len(excerpt)
    start, end = min(start, len(shown)), min(end, len(shown))
    if isinstance(box, QLineEdit):
        box.setSelection(start, end - start)
        return
    cursor = box.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
    box.setTextCursor(cursor)
    box.ensureCursorVisible()
