"""The section editor interface the main window uses, and what every editor kind shares.

An editor works on a private copy of a domain ``Section``: ``set_section`` loads it (without emitting
``changed``), the user edits, ``section()`` returns the current content as a new ``Section``.
Numbering, rendering, cleaning and parsing all come from ``selfeval.domain``; the preview is refreshed
through a short throttle, never once per keystroke (and not at all while it is hidden).

Layout: the hint on top, then the editing column beside the preview. The editing column is the one
scrolling level of the tab; its text boxes grow with their text (``grow_with_text``) up to the height
of the visible column, so a clerk sees whole entries without scrolling inside them when there is room.
The character count is the main window's (status bar), not the editor's.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from selfeval.domain.document import section_blocks
from selfeval.domain.model import Section
from selfeval.domain.table.figures import quoting_table
from selfeval.domain.text import char_count
from selfeval.ui.widgets.plain_text import PlainTextEdit
from selfeval.ui.widgets.preview import PreviewPane
from selfeval.ui.widgets.text_height import fitted_height, lines_height
from selfeval.ui.widgets.throttle import Throttle

HINT_STYLE = "background: #eef4fb; border: 1px solid #c9dcf0; border-radius: 3px; padding: 4px 6px; color: #1f3b57;"
NOTICE_STYLE = "color: #8a5a00;"
# Editing column : preview, when both are shown.
EDITING_STRETCH, PREVIEW_STRETCH = 3, 2


def section_notes_text(section: Section) -> str:
    """The line(s) shown above a section's editor for its notes and for a section another 科室 writes."""
    lines = []
    if section.elsewhere:
        lines.append("此章节由其他科室填写（本报告由只含部分章节的交换文件导入，导出交回时不含此章节）。")
    if section.notes:
        lines.append("批注（合并回报告时保留）：")
        lines += [f"· {note}" for note in section.notes]
    return "\n".join(lines)


@dataclass
class _Growing:
    """A text box that follows its text: ``fill`` ones also take any spare height of the column."""

    edit: PlainTextEdit
    min_lines: int
    fill: bool
    reserve: Callable[[], int]  # height kept visible beside the box (its row's heading, its label)


class SectionEditor(QWidget):
    """Base of all editors. Subclasses build their fields in ``_build`` and implement ``_load``/``_collect``."""

    changed = Signal()
    notice = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._section: Section | None = None
        self._table = None  # the report's 自评表 (domain.table.SelfEvalTable), which the text quotes
        self._last = None  # last year's values (year_over_year.LastYear) 「{执行率较上年}」 compares with
        self._loading = False
        self._read_only = False
        self._preview_shown = True
        self._preview_stale = False
        self._growing: list[_Growing] = []
        self._refresh = Throttle(self._refresh_now, parent=self)
        # Fitting text boxes to their text waits for the event loop (after layout and resizes).
        self._fit = Throttle(self._fit_now, 0, parent=self)

        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("sectionHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet(HINT_STYLE)
        self.hint_label.hide()

        # The editing column: fields in a scroll area (the tab's only scrolling level), then what
        # stays below it (the entry buttons).
        self.column = QWidget()
        self.body_layout = QVBoxLayout(self.column)
        self.body_layout.setContentsMargins(0, 0, 4, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("editingColumn")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no invisible Tab stop between the fields
        self.scroll.setWidget(self.column)
        self.scroll.viewport().installEventFilter(self)
        editing = QWidget(self)
        editing_layout = QVBoxLayout(editing)
        editing_layout.setContentsMargins(0, 0, 0, 0)
        editing_layout.addWidget(self.scroll, 1)
        self.below_layout = QVBoxLayout()
        editing_layout.addLayout(self.below_layout)

        self.preview_box = QWidget(self)
        preview_layout = QVBoxLayout(self.preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        self.preview = PreviewPane(self.preview_box)
        preview_title = QLabel("预览（导出后的正文）", self.preview_box)
        preview_title.setToolTip("按 F9 或“查看 > 显示预览”显示或隐藏预览")
        preview_title.setBuddy(self.preview)
        preview_layout.addWidget(preview_title)
        preview_layout.addWidget(self.preview, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(editing)
        self.splitter.addWidget(self.preview_box)
        self.splitter.setStretchFactor(0, EDITING_STRETCH)
        self.splitter.setStretchFactor(1, PREVIEW_STRETCH)
        self.splitter.setSizes([EDITING_STRETCH * 1000, PREVIEW_STRETCH * 1000])  # whatever the editor kind

        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("editorNotice")
        self.notice_label.setStyleSheet(NOTICE_STYLE)
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        # What the section carries beside its text: a reviewer's 批注 kept by 合并回报告, or that another 科室
        # writes it (a report made from an exchange file of some sections).
        self.notes_label = QLabel(self)
        self.notes_label.setObjectName("sectionNotes")
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet(NOTICE_STYLE)
        self.notes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes_label.hide()
        outer.addWidget(self.hint_label)
        outer.addWidget(self.notes_label)
        outer.addWidget(self.splitter, 1)
        outer.addWidget(self.notice_label)

        self._build(self.body_layout)
        self.preview.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    # -- the interface -------------------------------------------------------------------------
    def set_section(self, section: Section) -> None:
        """Load a copy of ``section``; does not emit ``changed``."""
        self._refresh.cancel()
        self._section = copy.deepcopy(section)
        self._loading = True
        try:
            self._load(self._section)
        finally:
            self._loading = False
        self.hint_label.setText(section.hint)
        self.hint_label.setVisible(bool(section.hint.strip()))
        notes = section_notes_text(section)
        self.notes_label.setText(notes)
        self.notes_label.setVisible(bool(notes))
        self.notice_label.clear()
        self.notice_label.hide()
        self._apply_read_only(self._read_only)
        self._refresh_now()
        self._fit.trigger()

    def section(self) -> Section:
        """The current content as a new domain ``Section``."""
        if self._section is None:
            raise RuntimeError("set_section() has not been called")
        current = copy.deepcopy(self._section)
        self._collect(current)
        return current

    def prompt(self, field: str) -> str:
        """The grey example text of an empty ``field`` ("intro", "lead", "text"): the section's own
        (from its outline), else the editor kind's ``<field>_placeholder``."""
        own = self._section.prompts.get(field, "") if self._section is not None else ""
        return own or getattr(self, f"{field}_placeholder", "")

    def set_table(self, table, last=None) -> None:
        """The report's 自评表 (``SelfEvalTable``): the preview quotes it as the export does (figures with a
        source, indicators by name, the change against ``last``, a ``LastYear``); does not emit ``changed``."""
        self._table = table
        self._last = last
        if self._section is None:
            return
        self._table_changed()
        self._refresh_now()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._apply_read_only(read_only)

    def is_read_only(self) -> bool:
        return self._read_only

    def char_count(self) -> int:
        if self._section is None:
            return 0
        return char_count(self.section().plain_text())

    def set_preview_visible(self, shown: bool) -> None:
        """Shows or hides the preview; a hidden preview is not kept up to date, and catches up when shown."""
        self._preview_shown = bool(shown)
        self.preview_box.setVisible(self._preview_shown)
        if self._preview_shown and self._preview_stale and self._section is not None:
            self._show_preview(self.section())
        self._fit.trigger()

    def preview_visible(self) -> bool:
        """Whether the preview is meant to be shown (also before the editor itself is on screen)."""
        return self._preview_shown

    # -- for subclasses ------------------------------------------------------------------------
    def _build(self, layout: QVBoxLayout) -> None:
        raise NotImplementedError

    def _load(self, section: Section) -> None:
        raise NotImplementedError

    def _collect(self, section: Section) -> None:
        """Write the fields into ``section`` (a copy of the loaded one)."""
        raise NotImplementedError

    def _apply_read_only(self, read_only: bool) -> None:
        raise NotImplementedError

    def _after_refresh(self, section: Section) -> None:
        """Throttled work besides the preview."""

    def _table_changed(self) -> None:
        """The 自评表 given by ``set_table`` changed (a section is loaded)."""

    def _quoting(self, section: Section) -> Section:
        """``section`` as the export reads it: quoting the 自评表, when there is one."""
        return section if self._table is None else quoting_table(section, self._table, self._last)

    def grow_with_text(self, edit: PlainTextEdit, min_lines: int, *, fill: bool = False,
                       reserve: Callable[[], int] = lambda: 0) -> None:
        """Let ``edit`` grow with its text, from ``min_lines`` lines up to the visible height of the
        editing column less ``reserve()``; a ``fill`` box also takes the column's spare height."""
        self._growing.append(_Growing(edit, min_lines, fill, reserve))
        start = lines_height(edit, min_lines)
        if fill:
            edit.setMinimumHeight(start)
        else:
            edit.setFixedHeight(start)
        edit.document().documentLayout().documentSizeChanged.connect(self._fit.trigger)
        edit.installEventFilter(self)
        self._fit.trigger()

    def stop_growing(self, edit: PlainTextEdit) -> None:
        self._growing = [g for g in self._growing if g.edit is not edit]

    def _user_edit(self, *_args: object) -> None:
        """Every user edit ends here: tell the window, and schedule the preview."""
        if self._loading or self._section is None:
            return
        self._refresh.trigger()
        self.changed.emit()

    def _show_notice(self, message: str) -> None:
        if not message:
            return
        self.notice_label.setText(message)
        self.notice_label.show()
        self.notice.emit(message)

    def _refresh_now(self) -> None:
        if self._section is None:
            return
        current = self.section()
        if self._preview_shown:
            self._show_preview(current)
        else:
            self._preview_stale = True
        self._after_refresh(current)

    def _show_preview(self, section: Section) -> None:
        self.preview.show_blocks(section_blocks(self._quoting(section)))
        self._preview_stale = False

    def flush(self) -> None:
        """Run a pending preview refresh and text-box fitting now (tests, and before a screenshot)."""
        self._refresh.flush()
        self._fit.flush()

    # -- fitting -------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize and (
                watched is self.scroll.viewport() or isinstance(watched, PlainTextEdit)):
            self._fit.trigger()
        return super().eventFilter(watched, event)

    def _fit_now(self) -> None:
        visible = self.scroll.viewport().height()
        for grow in self._growing:
            height = fitted_height(grow.edit, grow.min_lines, visible - grow.reserve())
            if height is None:
                continue
            if grow.fill:
                if grow.edit.minimumHeight() != height:
                    grow.edit.setMinimumHeight(height)
            elif grow.edit.minimumHeight() != height or grow.edit.maximumHeight() != height:
                grow.edit.setFixedHeight(height)
        # The column never scrolls sideways: it is as wide as its widest field needs.
        needed = self.column.minimumSizeHint().width() + self.scroll.verticalScrollBar().sizeHint().width()
        if self.scroll.minimumWidth() != needed:
            self.scroll.setMinimumWidth(needed)
