"""The exchange-file dialogs: which sections (and whether the 自评表) to export, and — when a section or a
自评表 item (a budget row, a goal, a 三级 indicator) changed on both sides — both versions side by side with
a choice per item. Nothing is chosen for the user: 合并 stays disabled until every conflict has a choice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget,
    QListWidgetItem, QPlainTextEdit, QRadioButton, QScrollArea, QTextEdit, QVBoxLayout, QWidget,
)

from selfeval.domain.model import Report
from selfeval.exchange import TABLE_NAMES, Choice

TABLE_KEY = TABLE_NAMES[1]  # the PackDialog's row for the 自评表


PART_NOTE = ("只导出勾选的内容：对方的数据库中如果还没有这份报告，将导入为一份只含这些章节的新报告，其余章节标为"
             "“由其他科室填写”；对方改好后导出交回时只含这些章节，在这里导入即可合并。")


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
        self.part_note = QLabel(PART_NOTE)
        self.part_note.setObjectName("partNote")
        self.part_note.setWordWrap(True)
        self.part_note.setVisible(False)
        self.list.itemChanged.connect(self._changed)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.part_note)
        layout.addWidget(self.buttons)
        self.resize(560, 440)

    def _changed(self, _item=None) -> None:
        checked = self._checked()
        self.ok_button.setEnabled(bool(checked))
        self.part_note.setVisible(bool(checked) and len(checked) < self.list.count())

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
    """Each section or 自评表 item changed on both sides: this PC's version and the other side's, side by side,
    the changed words highlighted on both (``domain.text_diff``: by character, as Chinese needs), and a choice:
    保留本机的 / 采用对方的 / 两者都保留 (this PC's text first). A section's result is shown in a box the clerk
    may edit before taking it. ``choices()`` after exec: key -> Choice, or the text settled on (both, edited).

    ``plan`` has ``conflicts`` (items with key, heading, mine_text(), theirs_text()); an exchange file's plan
    also gives the intro, a merge-back plan passes ``title``, ``intro`` and ``theirs_name``."""

    def __init__(self, plan, parent: QWidget | None = None, *, title: str | None = None,
                 intro: str | None = None, theirs_name: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or "合并交换文件：两边都改过的内容")
        self.plan = plan
        conflicts = plan.conflicts
        if intro is None:
            origin = plan.exchange.origin
            intro = (f"交换文件“{plan.exchange.name}”（{origin.describe()}）中有 {len(conflicts)} 项内容"
                     "（章节或自评表的行），本机和对方在分开之后都改过。请逐个比较（改动的字已标出），选择保留哪一边、"
                     "两者都保留，或在“合并结果”中修改后采用；其余内容将自动合并。合并后可以撤销。")
            theirs_name = theirs_name or origin.computer or "对方"
        theirs_name = theirs_name or "对方"
        label = QLabel(intro)
        label.setWordWrap(True)
        self.groups: dict[str, QButtonGroup] = {}
        self.texts: dict[str, tuple[QTextEdit, QTextEdit]] = {}
        self.results: dict[str, QPlainTextEdit] = {}
        self._items = {item.key: item for item in conflicts}
        body = QWidget()
        rows = QVBoxLayout(body)
        for item in conflicts:
            rows.addWidget(self._item_box(item, theirs_name))
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
        layout.addWidget(label)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(1100, 660)
        self._update()

    def _item_box(self, item, theirs_name: str) -> QGroupBox:
        from selfeval.domain.text_diff import changed_spans

        box = QGroupBox(item.heading or item.key)
        grid = QGridLayout(box)
        group = QButtonGroup(self)
        mine, theirs = item.mine_text(), item.theirs_text()
        gone, came = changed_spans(mine, theirs)
        mine_text = _text_box(mine, gone, GONE_COLOUR)
        theirs_text = _text_box(theirs, came, NEW_COLOUR)
        mine_text.setObjectName(f"mine:{item.key}")
        theirs_text.setObjectName(f"theirs:{item.key}")
        buttons = QHBoxLayout()
        for choice_id, text in ((MINE_ID, "保留本机的版本"), (THEIRS_ID, f"采用{theirs_name}的版本"),
                                (BOTH_ID, "两者都保留（本机的在前）")):
            button = QRadioButton(text)
            group.addButton(button, choice_id)
            buttons.addWidget(button)
        buttons.addStretch(1)
        grid.addWidget(QLabel("本机的版本（删去的字标红）："), 0, 0)
        grid.addWidget(QLabel(f"{theirs_name}的版本（新写的字标绿）："), 0, 1)
        grid.addWidget(mine_text, 1, 0)
        grid.addWidget(theirs_text, 1, 1)
        grid.addLayout(buttons, 2, 0, 1, 2)
        self.groups[item.key] = group
        self.texts[item.key] = (mine_text, theirs_text)
        if _editable(item):
            result = QPlainTextEdit()
            result.setObjectName(f"result:{item.key}")
            result.setPlaceholderText("选择一边后，合并结果显示在这里，可以修改后再合并。")
            result.setMinimumHeight(90)
            result.setEnabled(False)
            grid.addWidget(QLabel("合并结果（可修改）："), 3, 0, 1, 2)
            grid.addWidget(result, 4, 0, 1, 2)
            self.results[item.key] = result
        else:
            group.button(BOTH_ID).setEnabled(False)
            group.button(BOTH_ID).setToolTip("自评表的一行只能选择一边。")
        group.idToggled.connect(lambda choice_id, on, key=item.key: on and self._chosen(key, choice_id))
        return box

    def _chosen(self, key: str, choice_id: int) -> None:
        result = self.results.get(key)
        if result is not None:
            result.setEnabled(True)
            result.setPlainText(self._side_text(key, choice_id))
        self._update()

    def _side_text(self, key: str, choice_id: int) -> str:
        item = self._items[key]
        if choice_id == MINE_ID:
            return item.mine_text()
        if choice_id == THEIRS_ID:
            return item.theirs_text()
        return both_texts(item.mine_text(), item.theirs_text())

    def choose(self, key: str, choice: Choice | str) -> None:
        """Choose for ``key``: a side, or "both" (「两者都保留」)."""
        choice_id = BOTH_ID if choice == "both" else THEIRS_ID if Choice(choice) is Choice.THEIRS else MINE_ID
        self.groups[key].button(choice_id).setChecked(True)

    def choices(self) -> dict[str, Choice | str]:
        chosen: dict[str, Choice | str] = {}
        for key, group in self.groups.items():
            choice_id = group.checkedId()
            if choice_id == -1:
                continue
            result = self.results.get(key)
            text = result.toPlainText() if result is not None else None
            if choice_id == BOTH_ID or (text is not None and text != self._side_text(key, choice_id)):
                chosen[key] = text
            else:
                chosen[key] = Choice.THEIRS if choice_id == THEIRS_ID else Choice.MINE
        return chosen

    def _update(self, *_args) -> None:
        left = sum(1 for group in self.groups.values() if group.checkedId() == -1)
        self.merge_button.setEnabled(left == 0)
        self.status.setText(f"还有 {left} 项未选择。" if left else "已全部选择，可以合并。")


MINE_ID, THEIRS_ID, BOTH_ID = 0, 1, 2
GONE_COLOUR = "#ffd6d3"  # words only this PC has (shown struck through as well)
NEW_COLOUR = "#c9f0cf"  # words only the other side has


def both_texts(mine: str, theirs: str) -> str:
    """「两者都保留」: this PC's text, then the other side's."""
    return mine.rstrip("\n") + "\n" + theirs.lstrip("\n")


def _editable(item) -> bool:
    """A section's result can be edited (and both kept); a 自评表 row is one side or the other."""
    from selfeval.exchange.unpack import SectionMerge

    return isinstance(item, SectionMerge)


SHORT_LINES = 8  # a 自评表 row reads in a few short lines: its box is as tall as they are


def _text_box(text: str, spans=(), colour: str = "") -> QTextEdit:
    """A read-only box with ``text``, the characters in ``spans`` on ``colour``."""
    box = QTextEdit()
    box.setReadOnly(True)
    box.setAcceptRichText(False)
    box.setPlainText(text)
    if spans:
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(colour))
        if colour == GONE_COLOUR:
            fmt.setFontStrikeOut(True)
        cursor = QTextCursor(box.document())
        for start, end in spans:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
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


def resolve_conflicts(parent: QWidget | None, plan, **texts) -> dict[str, Choice | str] | None:
    """The user's choice per conflicting item (a side, or the text settled on), or None when cancelled.
    ``texts``: the dialog's title, intro and theirs_name (a merge-back). Tests may replace this function."""
    dialog = ConflictDialog(plan, parent, **texts)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choices()
    finally:
        dialog.deleteLater()
