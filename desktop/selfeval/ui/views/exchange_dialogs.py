"""The exchange-file dialogs: which sections (and whether the 自评表) to export, and — when a section or a
自评表 item (a budget row, a goal, a 三级 indicator) changed on both sides — both versions side by side with
a choice per item. Nothing is chosen for the user: 合并 stays disabled until every conflict has a choice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QLabel, QListWidget, QListWidgetItem,
    QPlainTextEdit, QRadioButton, QScrollArea, QVBoxLayout, QWidget,
)

from selfeval.domain.model import Report
from selfeval.exchange import TABLE_NAMES, Choice, UnpackPlan

TABLE_KEY = TABLE_NAMES[1]  # the PackDialog's row for the 自评表


class PackDialog(QDialog):
    """Choose the sections (and the 自评表) to export (all checked: the whole report). ``chosen_keys()`` after
    exec: None for the whole report, else the keys checked (``TABLE_KEY`` for the table)."""

    def __init__(self, report: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出交换文件")
        self.report = report
        hint = QLabel(f"把“{report.title}”导出为交换文件（.selfeval），交给其他科室或另一台电脑；对方修改后再导出，"
                      "在这里“导入交换文件”即可合并。\n全部勾选时导出整份报告，也可以只勾选由对方填写的章节：")
        hint.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("packSections")
        for section in report.content_sections():
            item = QListWidgetItem(section.heading or section.key)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        table = QListWidgetItem("自评表（预算执行情况、年度总体目标、绩效指标）")
        table.setData(Qt.ItemDataRole.UserRole, TABLE_KEY)
        table.setFlags(table.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        table.setCheckState(Qt.CheckState.Checked)
        self.list.addItem(table)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("导出…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(lambda _item: self.ok_button.setEnabled(bool(self._checked())))
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 440)

    def _checked(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, keys: set[str]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in keys
                               else Qt.CheckState.Unchecked)

    def chosen_keys(self) -> list[str] | None:
        checked = self._checked()
        return None if len(checked) == self.list.count() else checked


class ConflictDialog(QDialog):
    """Each section or 自评表 item changed on both sides: this PC's version and the file's, side by side, and
    a choice (保留本机的 / 采用对方的). ``choices()`` after exec: section or item key -> Choice."""

    def __init__(self, plan: UnpackPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("合并交换文件：两边都改过的内容")
        self.plan = plan
        origin = plan.exchange.origin
        conflicts = plan.conflicts
        intro = QLabel(f"交换文件“{plan.exchange.name}”（{origin.describe()}）中有 {len(conflicts)} 项内容"
                       "（章节或自评表的行），本机和对方在分开之后都改过。请逐个比较，选择保留哪一边的内容；"
                       "其余内容将自动合并。合并后可以撤销。")
        intro.setWordWrap(True)
        self.groups: dict[str, QButtonGroup] = {}
        self.texts: dict[str, tuple[QPlainTextEdit, QPlainTextEdit]] = {}
        body = QWidget()
        rows = QVBoxLayout(body)
        for item in conflicts:
            box = QGroupBox(item.heading or item.key)
            grid = QGridLayout(box)
            group = QButtonGroup(self)
            mine_text = _text_box(item.mine_text())
            theirs_text = _text_box(item.theirs_text())
            mine_button = QRadioButton("保留本机的版本")
            theirs_button = QRadioButton(f"采用对方的版本（{origin.computer or '对方'}）")
            group.addButton(mine_button, 0)
            group.addButton(theirs_button, 1)
            group.idToggled.connect(self._update)
            grid.addWidget(QLabel("本机的版本："), 0, 0)
            grid.addWidget(QLabel("对方的版本："), 0, 1)
            grid.addWidget(mine_text, 1, 0)
            grid.addWidget(theirs_text, 1, 1)
            grid.addWidget(mine_button, 2, 0)
            grid.addWidget(theirs_button, 2, 1)
            rows.addWidget(box)
            self.groups[item.key] = group
            self.texts[item.key] = (mine_text, theirs_text)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.buttons = QDialogButtonBox()
        self.merge_button = self.buttons.addButton("合并", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(960, 580)
        self._update()

    def choose(self, key: str, choice: Choice) -> None:
        self.groups[key].button(1 if choice is Choice.THEIRS else 0).setChecked(True)

    def choices(self) -> dict[str, Choice]:
        return {key: Choice.THEIRS if group.checkedId() == 1 else Choice.MINE
                for key, group in self.groups.items() if group.checkedId() != -1}

    def _update(self, *_args) -> None:
        left = len(self.groups) - len(self.choices())
        self.merge_button.setEnabled(left == 0)
        self.status.setText(f"还有 {left} 项未选择。" if left else "已全部选择，可以合并。")


SHORT_LINES = 8  # a 自评表 row reads in a few short lines: its box is as tall as they are


def _text_box(text: str) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setReadOnly(True)
    lines = text.split("\n")
    if len(lines) <= SHORT_LINES and all(len(line) <= 30 for line in lines):
        frame = box.frameWidth() * 2 + int(box.document().documentMargin() * 2)
        box.setFixedHeight(box.fontMetrics().lineSpacing() * max(len(lines), 2) + frame + 4)
    else:
        box.setMinimumHeight(160)
    return box


def ask_sections(parent: QWidget | None, report: Report) -> tuple[bool, list[str] | None]:
    """(accepted, keys): keys None for the whole report. Tests may replace this function."""
    dialog = PackDialog(report, parent)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return accepted, dialog.chosen_keys()
    finally:
        dialog.deleteLater()


def resolve_conflicts(parent: QWidget | None, plan: UnpackPlan) -> dict[str, Choice] | None:
    """The user's choice per conflicting section, or None when cancelled. Tests may replace this function."""
    dialog = ConflictDialog(plan, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choices()
    finally:
        dialog.deleteLater()
