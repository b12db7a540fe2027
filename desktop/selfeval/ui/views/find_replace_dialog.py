"""Report-wide find and replace (Ctrl+F 查找, Ctrl+R 替换): every section and the 基本信息 fields, with a
count, next/previous (the occurrence is selected in its field), replace one and replace all. A replace is
one operation (``store.ReplaceText`` through ``session.run_op``): one undo takes it back. The matching and
replacing is ``domain.find_replace`` (pure); pending typing is saved first, so it works on what is on screen.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import (
    QDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from selfeval.domain.text_fields import Place
from selfeval.ui.views.navigation import show_place
from selfeval.ui.widgets import dialogs


def replace_in_report(session, find: str, replacement: str, places: Iterable[Place] | None = None) -> int | None:
    """Replaces ``find`` everywhere (or at ``places``) as one undoable step; the number replaced (0: none
    found), None when it failed (the session or a dialog has said why)."""
    from selfeval.domain.find_replace import FindReplaceError, replace_all
    from selfeval.store.operations import ReplaceText

    if session.report_id is None or not session.flush():
        return None
    try:
        report, count = replace_all(session.report, find, replacement, places)
    except FindReplaceError as exc:
        session.failed.emit("无法替换", str(exc))
        return None
    if count == 0:
        return 0
    record = session.run_op(ReplaceText(session.report_id, report, find, replacement, count), "无法替换")
    return count if record is not None else None


class FindReplaceDialog(QDialog):
    """Not modal: the clerk edits beside it; every search starts from the report as saved after a flush."""

    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("查找和替换")
        self.window_ = window
        self.session = window.session
        self.matches: list = []
        self.index = -1
        grid = QGridLayout()
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText("要查找的文字")
        self.replace_edit = QLineEdit(self)
        self.replace_edit.setPlaceholderText("替换为（可留空）")
        find_label, replace_label = QLabel("查找(&N)：", self), QLabel("替换为(&I)：", self)
        find_label.setBuddy(self.find_edit)
        replace_label.setBuddy(self.replace_edit)
        grid.addWidget(find_label, 0, 0)
        grid.addWidget(self.find_edit, 0, 1)
        grid.addWidget(replace_label, 1, 0)
        grid.addWidget(self.replace_edit, 1, 1)
        self.count_label = QLabel(self)
        buttons = QHBoxLayout()
        self.prev_button = QPushButton("上一个(&P)", self)
        self.next_button = QPushButton("下一个(&D)", self)
        self.replace_button = QPushButton("替换(&T)", self)
        self.replace_all_button = QPushButton("全部替换(&A)", self)
        self.close_button = QPushButton("关闭", self)
        for button in (self.prev_button, self.next_button, self.replace_button, self.replace_all_button,
                       self.close_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        self.next_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.count_label)
        layout.addLayout(buttons)
        self.find_edit.textChanged.connect(lambda _text: self.search())
        self.find_edit.returnPressed.connect(lambda: self.step(1))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.replace_button.clicked.connect(self.replace_current)
        self.replace_all_button.clicked.connect(self.replace_everywhere)
        self.close_button.clicked.connect(self.close)
        self.search()

    def open_for(self, replace: bool) -> None:
        """Ctrl+F / Ctrl+R: shown, the text selected in the field with the focus used as the search."""
        self.search()
        self.show()
        self.raise_()
        self.activateWindow()
        (self.replace_edit if replace and self.find_edit.text() else self.find_edit).setFocus()
        self.find_edit.selectAll()

    def search(self) -> None:
        """All occurrences in the report as it stands (pending typing saved first)."""
        from selfeval.domain.find_replace import find_all

        needle = self.find_edit.text()
        self.session.flush()
        report = self.session.report
        self.matches = find_all(report, needle) if report is not None and needle else []
        self.index = -1 if not self.matches else min(max(self.index, -1), len(self.matches) - 1)
        self._show_count()

    def step(self, direction: int) -> None:
        """The next (1) or previous (-1) occurrence, shown and selected in its field."""
        self.search()
        if not self.matches:
            return
        self.index = (self.index + direction) % len(self.matches) if self.index >= 0 else (
            0 if direction > 0 else len(self.matches) - 1)
        match = self.matches[self.index]
        show_place(self.window_.tabs, match.place, match.text)
        self._show_count()

    def replace_current(self) -> None:
        """Replaces the occurrence shown (or shows the first one), then goes on to the next."""
        from selfeval.domain.find_replace import FindReplaceError, replace_one
        from selfeval.store.operations import ReplaceText

        self.search()
        if not self.matches:
            return
        if self.index < 0:
            self.step(1)
            return
        match = self.matches[self.index]
        try:
            report = replace_one(self.session.report, match, self.replace_edit.text())
        except FindReplaceError as exc:
            dialogs.error(self, "无法替换", str(exc))
            return
        op = ReplaceText(self.session.report_id, report, match.text, self.replace_edit.text(), 1, everywhere=False)
        if self.session.run_op(op, "无法替换") is None:
            return
        self.index -= 1  # the next occurrence now has this one's index
        self.step(1)

    def replace_everywhere(self) -> None:
        needle = self.find_edit.text()
        if not needle:
            return
        count = replace_in_report(self.session, needle, self.replace_edit.text())
        if count is not None:
            self.index = -1
            self.search()
            self.count_label.setText(f"已替换 {count} 处（可撤销）。" if count else "未找到。")

    def _show_count(self) -> None:
        if not self.find_edit.text():
            self.count_label.setText("")
        elif not self.matches:
            self.count_label.setText("未找到。")
        elif self.index < 0:
            self.count_label.setText(f"共 {len(self.matches)} 处")
        else:
            self.count_label.setText(f"第 {self.index + 1} / {len(self.matches)} 处")
        has = bool(self.matches)
        for button in (self.prev_button, self.next_button, self.replace_all_button):
            button.setEnabled(has)
        self.replace_button.setEnabled(has and not self.session.read_only)
        self.replace_all_button.setEnabled(has and not self.session.read_only)
