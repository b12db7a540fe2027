"""The section editor interface the main window uses, and what every editor kind shares.

An editor works on a private copy of a domain ``Section``: ``set_section`` loads it (without emitting
``changed``), the user edits, ``section()`` returns the current content as a new ``Section``.
Numbering, rendering, cleaning and parsing all come from ``selfeval.domain``; the preview and the
character count are refreshed through a short throttle, never once per keystroke.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from selfeval.domain.document import section_blocks
from selfeval.domain.model import Section
from selfeval.domain.text import char_count
from selfeval.ui.widgets.preview import PreviewPane
from selfeval.ui.widgets.throttle import Throttle

HINT_STYLE = "background: #eef4fb; border: 1px solid #c9dcf0; border-radius: 3px; padding: 4px 6px; color: #1f3b57;"
NOTICE_STYLE = "color: #8a5a00;"


class SectionEditor(QWidget):
    """Base of all editors. Subclasses build their fields in ``_build`` and implement ``_load``/``_collect``."""

    changed = Signal()
    notice = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._section: Section | None = None
        self._loading = False
        self._read_only = False
        self._refresh = Throttle(self._refresh_now, parent=self)

        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("sectionHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet(HINT_STYLE)
        self.hint_label.hide()

        editing = QWidget(self)
        self.body_layout = QVBoxLayout(editing)
        self.body_layout.setContentsMargins(0, 0, 0, 0)

        preview_box = QWidget(self)
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        self.preview = PreviewPane(preview_box)
        preview_title = QLabel("预览（导出后的正文）", preview_box)
        preview_title.setBuddy(self.preview)
        preview_layout.addWidget(preview_title)
        preview_layout.addWidget(self.preview, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(editing)
        self.splitter.addWidget(preview_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([3000, 2000])  # editing 3 : preview 2, whatever the editor kind

        self.count_label = QLabel(self)
        self.count_label.setObjectName("charCount")
        self.count_label.setToolTip("本节正文字数（不含空格和换行，数据按填入后的样子计）")
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("editorNotice")
        self.notice_label.setStyleSheet(NOTICE_STYLE)
        self.notice_label.setWordWrap(True)
        footer = QHBoxLayout()
        footer.addWidget(self.notice_label, 1)
        footer.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignRight)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(self.hint_label)
        outer.addWidget(self.splitter, 1)
        outer.addLayout(footer)

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
        self.notice_label.clear()
        self._apply_read_only(self._read_only)
        self._refresh_now()

    def section(self) -> Section:
        """The current content as a new domain ``Section``."""
        if self._section is None:
            raise RuntimeError("set_section() has not been called")
        current = copy.deepcopy(self._section)
        self._collect(current)
        return current

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._apply_read_only(read_only)

    def is_read_only(self) -> bool:
        return self._read_only

    def char_count(self) -> int:
        if self._section is None:
            return 0
        return char_count(self.section().plain_text())

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
        """Throttled work besides preview and count (e.g. field heights)."""

    def _user_edit(self, *_args: object) -> None:
        """Every user edit ends here: tell the window, and schedule the preview and count."""
        if self._loading or self._section is None:
            return
        self._refresh.trigger()
        self.changed.emit()

    def _show_notice(self, message: str) -> None:
        if not message:
            return
        self.notice_label.setText(message)
        self.notice.emit(message)

    def _refresh_now(self) -> None:
        if self._section is None:
            return
        current = self.section()
        self.count_label.setText(f"字数：{char_count(current.plain_text())}")
        self.preview.show_blocks(section_blocks(current))
        self._after_refresh(current)

    def flush(self) -> None:
        """Run a pending preview/count refresh now (tests, and before a screenshot)."""
        self._refresh.flush()
