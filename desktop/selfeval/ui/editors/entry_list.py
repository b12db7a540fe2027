"""The common editor of the entry-list kinds (items, themes, sub-heads): an intro and a list of
entries, each a one-line lead phrase and a multi-line text, that can be added, removed and moved.

The kinds differ only in numbering and labels, given by class attributes of the subclasses.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget,
)

from selfeval.domain.model import Entry, Section
from selfeval.domain.numbering import split_items
from selfeval.domain.text import split_paragraphs
from selfeval.ui.editors.base import SectionEditor
from selfeval.ui.widgets.plain_text import PlainLineEdit, PlainTextEdit

# A paste with more paragraphs than this stays in one entry (pasting a whole document by mistake
# must not create hundreds of entries).
MAX_SPLIT_ENTRIES = 50
# An entry's text box shows at least this many lines and grows with its text up to the visible height
# of the editing column; the intro starts smaller (it is often empty).
TEXT_MIN_LINES = 2
INTRO_MIN_LINES = 1

CURRENT_ROW_STYLE = "QFrame#entryRow { border: 1px solid #c8c8c8; border-left: 4px solid #2b6cb0; }"
ROW_STYLE = "QFrame#entryRow { border: 1px solid #d8d8d8; border-left: 4px solid #d8d8d8; }"


class EntryRow(QFrame):
    """One entry: marker, lead phrase, text, and its own move/remove buttons."""

    def __init__(self, editor: "EntryListEditor", entry: Entry) -> None:
        super().__init__()
        self.setObjectName("entryRow")
        self.setStyleSheet(ROW_STYLE)
        self.marker = QLabel(self)
        self.marker.setMinimumWidth(self.marker.fontMetrics().horizontalAdvance("主题十一") + 4)
        font = self.marker.font()
        font.setBold(True)
        self.marker.setFont(font)

        self.lead = PlainLineEdit(self)
        self.lead.setPlaceholderText(editor.prompt("lead"))
        self.lead.setToolTip(editor.lead_tooltip)
        self.lead.setText(entry.lead)
        self.lead.setAccessibleName(editor.lead_label)

        self.text = PlainTextEdit(self)
        self.text.setPlaceholderText(editor.prompt("text"))
        self.text.setToolTip("粘贴多段文字时，第一段填入本条，其余各段自动成为新的条目。")
        self.text.setPlainText(entry.text)
        self.text.setAccessibleName("具体内容")

        self.up_button = self._tool_button("↑", f"上移本{editor.noun}（Alt+↑）")
        self.down_button = self._tool_button("↓", f"下移本{editor.noun}（Alt+↓）")
        self.remove_button = self._tool_button("✕", f"删除本{editor.noun}（Ctrl+Shift+Delete）")

        lead_label = QLabel(editor.lead_label + "：", self)
        lead_label.setBuddy(self.lead)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 6)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        head = QHBoxLayout()
        head.addWidget(self.marker)
        head.addWidget(lead_label)
        head.addWidget(self.lead, 1)
        head.addWidget(self.up_button)
        head.addWidget(self.down_button)
        head.addWidget(self.remove_button)
        grid.addLayout(head, 0, 0)
        grid.addWidget(self.text, 1, 0)
        self.head = head

    def _tool_button(self, text: str, tooltip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tooltip)
        button.setAccessibleName(tooltip)
        button.setAutoRaise(True)
        # Reached by their shortcuts; tabbing goes lead → text → next entry.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def entry(self) -> Entry:
        return Entry(lead=self.lead.text(), text=self.text.toPlainText())

    def set_current(self, current: bool) -> None:
        self.setStyleSheet(CURRENT_ROW_STYLE if current else ROW_STYLE)

    def heading_height(self) -> int:
        """The row's height besides its text box (heading line, margins, frame), to keep in view with it."""
        grid = self.layout()
        margins = grid.contentsMargins()
        return (self.head.sizeHint().height() + grid.verticalSpacing() + margins.top() + margins.bottom()
                + 2 * self.frameWidth())


class EntryListEditor(SectionEditor):
    """Shared by ItemsEditor, ThemesEditor and SubheadsEditor; subclasses set the class attributes."""

    noun = "条"  # 本条 / 本主题
    add_label = "新增一条"
    lead_label = "要点"
    # The empty fields' grey text when the section's outline gives none (Section.prompts): about the
    # kind only, never an example that belongs to one section.
    lead_placeholder = ""
    lead_tooltip = ""
    text_placeholder = "具体内容……"
    intro_placeholder = "引言（可不填），位于各条之前"
    focus_lead_on_new = True
    split_item_markers = False  # split pasted text on 一是/二是

    def marker(self, n: int) -> str:
        raise NotImplementedError

    # -- building ------------------------------------------------------------------------------
    def _build(self, layout: QVBoxLayout) -> None:
        self._rows: list[EntryRow] = []
        self._current: EntryRow | None = None

        intro_label = QLabel("引言：", self)
        self.intro = PlainTextEdit(self)
        self.intro.setPlaceholderText(self.intro_placeholder)
        self.intro.setAccessibleName("引言")
        intro_label.setBuddy(self.intro)
        self.intro.textChanged.connect(self._user_edit)
        self.intro.notice.connect(self._show_notice)
        layout.addWidget(intro_label)
        layout.addWidget(self.intro)
        self.grow_with_text(self.intro, INTRO_MIN_LINES, reserve=lambda: intro_label.sizeHint().height())

        # The entries scroll with the intro, in the editing column (no scroll area of their own).
        self.rows_widget = QWidget()
        self.rows_layout = QVBoxLayout(self.rows_widget)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(6)
        layout.addWidget(self.rows_widget)
        layout.addStretch(1)

        self.add_button = QPushButton(f"＋ {self.add_label}", self)
        # A Word user expects a new item at the end; Ctrl+Enter adds one right after the item being typed in.
        self.add_button.setToolTip(f"在最后{self.add_label}（在当前{self.noun}之后新增：Ctrl+Enter）")
        self.add_button.clicked.connect(lambda: self.add_entry(None))
        self.up_button = QPushButton("上移", self)
        self.up_button.setToolTip(f"上移当前{self.noun}（Alt+↑）")
        self.up_button.clicked.connect(lambda: self.move_entry(self._current, -1))
        self.down_button = QPushButton("下移", self)
        self.down_button.setToolTip(f"下移当前{self.noun}（Alt+↓）")
        self.down_button.clicked.connect(lambda: self.move_entry(self._current, 1))
        self.remove_button = QPushButton("删除", self)
        self.remove_button.setToolTip(f"删除当前{self.noun}（Ctrl+Shift+Delete）")
        self.remove_button.clicked.connect(lambda: self.remove_entry(self._current))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.below_layout.addLayout(buttons)

        self._shortcuts: list[QShortcut] = []
        for keys, slot in (
            (("Ctrl+Return", "Ctrl+Enter"), lambda: self.add_entry(self._focused_row() or self._current)),
            (("Alt+Up",), lambda: self.move_entry(self._focused_row(), -1)),
            (("Alt+Down",), lambda: self.move_entry(self._focused_row(), 1)),
            (("Ctrl+Shift+Delete",), lambda: self.remove_entry(self._focused_row())),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
                self._shortcuts.append(shortcut)

    # -- load / collect ------------------------------------------------------------------------
    def _load(self, section: Section) -> None:
        for row in list(self._rows):
            self._drop_row(row)
        self._current = None
        self.intro.setPlaceholderText(self.prompt("intro"))
        self.intro.setPlainText(section.intro)
        for entry in section.entries:
            self._insert_row(len(self._rows), entry)
        self._renumber()

    def _collect(self, section: Section) -> None:
        section.intro = self.intro.toPlainText()
        section.entries = [row.entry() for row in self._rows]

    def _apply_read_only(self, read_only: bool) -> None:
        self.intro.setReadOnly(read_only)
        for row in self._rows:
            row.lead.setReadOnly(read_only)
            row.text.setReadOnly(read_only)
        self._update_buttons()
        for shortcut in self._shortcuts:
            shortcut.setEnabled(not read_only)

    # -- rows ----------------------------------------------------------------------------------
    def rows(self) -> list[EntryRow]:
        return list(self._rows)

    def _insert_row(self, index: int, entry: Entry) -> EntryRow:
        row = EntryRow(self, entry)
        row.lead.edited.connect(self._user_edit)
        row.lead.notice.connect(self._show_notice)
        row.text.textChanged.connect(self._user_edit)
        row.text.notice.connect(self._show_notice)
        row.text.set_paste_handler(self._paste_into)
        row.up_button.clicked.connect(lambda: self.move_entry(row, -1))
        row.down_button.clicked.connect(lambda: self.move_entry(row, 1))
        row.remove_button.clicked.connect(lambda: self.remove_entry(row))
        for field in (row.lead, row.text):
            field.installEventFilter(self)
        self.grow_with_text(row.text, TEXT_MIN_LINES, reserve=lambda: row.heading_height() + self.rows_layout.spacing())
        row.lead.setReadOnly(self._read_only)
        row.text.setReadOnly(self._read_only)
        self._rows.insert(index, row)
        self.rows_layout.insertWidget(index, row)
        return row

    def _drop_row(self, row: EntryRow) -> None:
        self._rows.remove(row)
        self.stop_growing(row.text)
        self.rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.FocusIn:
            row = self._row_of(watched)
            if row is not None:
                self._set_current(row)
        return super().eventFilter(watched, event)

    def _row_of(self, widget: QObject | None) -> EntryRow | None:
        while widget is not None:
            if isinstance(widget, EntryRow) and widget in self._rows:
                return widget
            widget = widget.parent()
        return None

    def _focused_row(self) -> EntryRow | None:
        return self._row_of(QApplication.focusWidget()) or self._current

    def _set_current(self, row: EntryRow | None) -> None:
        if self._current is row:
            return
        if self._current is not None and self._current in self._rows:
            self._current.set_current(False)
        self._current = row
        if row is not None:
            row.set_current(True)
            self.scroll.ensureWidgetVisible(row, 0, 0)
        self._update_buttons()

    def _renumber(self) -> None:
        for n, row in enumerate(self._rows, start=1):
            row.marker.setText(self.marker(n))
            row.setAccessibleName(f"第{n}{self.noun}")
        self._update_buttons()
        # Tab order: intro → each entry's lead and text in order → the buttons below.
        previous: QWidget = self.intro
        for row in self._rows:
            QWidget.setTabOrder(previous, row.lead)
            QWidget.setTabOrder(row.lead, row.text)
            previous = row.text
        QWidget.setTabOrder(previous, self.add_button)

    def _update_buttons(self) -> None:
        editable = not self._read_only
        current = self._current if self._current in self._rows else None
        index = self._rows.index(current) if current is not None else -1
        self.add_button.setEnabled(editable)
        self.up_button.setEnabled(editable and index > 0)
        self.down_button.setEnabled(editable and 0 <= index < len(self._rows) - 1)
        self.remove_button.setEnabled(editable and index >= 0)
        for i, row in enumerate(self._rows):
            row.up_button.setEnabled(editable and i > 0)
            row.down_button.setEnabled(editable and i < len(self._rows) - 1)
            row.remove_button.setEnabled(editable)

    # -- user actions --------------------------------------------------------------------------
    def add_entry(self, after: EntryRow | None = None, entry: Entry | None = None, *,
                  focus: bool = True) -> EntryRow | None:
        """A new entry after ``after`` (at the end when None)."""
        if self._read_only:
            return None
        index = self._rows.index(after) + 1 if after in self._rows else len(self._rows)
        row = self._insert_row(index, entry or Entry())
        self._renumber()
        if focus:
            (row.lead if self.focus_lead_on_new else row.text).setFocus(Qt.FocusReason.OtherFocusReason)
            self._set_current(row)
        self._user_edit()
        return row

    def remove_entry(self, row: EntryRow | None) -> None:
        if self._read_only or row not in self._rows:
            return
        index = self._rows.index(row)
        self._drop_row(row)
        self._current = None
        self._renumber()
        if self._rows:
            neighbour = self._rows[min(index, len(self._rows) - 1)]
            neighbour.text.setFocus(Qt.FocusReason.OtherFocusReason)
            self._set_current(neighbour)
        else:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._user_edit()

    def move_entry(self, row: EntryRow | None, step: int) -> None:
        if self._read_only or row not in self._rows:
            return
        index = self._rows.index(row)
        target = index + step
        if not 0 <= target < len(self._rows):
            return
        focused = self.focusWidget()
        self._rows.insert(target, self._rows.pop(index))
        # Moving the widget keeps its text, undo history and any input-method state untouched.
        self.rows_layout.removeWidget(row)
        self.rows_layout.insertWidget(target, row)
        self._renumber()
        self._set_current(row)
        if focused is not None and self._row_of(focused) is row:
            focused.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll.ensureWidgetVisible(row, 0, 0)
        self._user_edit()

    # -- paste ---------------------------------------------------------------------------------
    def _paste_into(self, field: PlainTextEdit, text: str) -> bool:
        """Several paragraphs (or 一是/二是 items) pasted into an entry's text become several entries."""
        row = self._row_of(field)
        if row is None:
            return False
        intro, pieces = self.split_pasted(text)
        if len(pieces) <= 1 and not intro:
            if pieces and pieces[0] != text.strip():  # one 「一是…」 item: its marker is dropped
                field.textCursor().insertText(pieces[0])
                return True
            return False
        if len(pieces) > MAX_SPLIT_ENTRIES:
            self._show_notice(f"粘贴的内容有 {len(pieces)} 段，超过 {MAX_SPLIT_ENTRIES} 段，未拆分，已全部放入本{self.noun}。")
            return False
        if intro:
            cursor = self.intro.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            cursor.insertText(("\n" if self.intro.toPlainText().strip() else "") + intro)
        if not pieces:
            return True
        field.textCursor().insertText(pieces[0])
        after = row
        for piece in pieces[1:]:
            after = self.add_entry(after, Entry(text=piece), focus=False)
        after.text.setFocus(Qt.FocusReason.OtherFocusReason)
        self._set_current(after)
        added = len(pieces) - 1
        self._show_notice(f"粘贴的内容已分为 {len(pieces)} {self.noun}（新增 {added} {self.noun}）。"
                          + ("开头的引言已放入“引言”。" if intro else ""))
        return True

    def split_pasted(self, text: str) -> tuple[str, list[str]]:
        """(intro, pieces): 一是/二是 items when the kind splits on them, else paragraphs."""
        if self.split_item_markers:
            intro, items = split_items(text)
            if items:
                return intro.strip(), [item.strip() for item in items]
        return "", split_paragraphs(text)
