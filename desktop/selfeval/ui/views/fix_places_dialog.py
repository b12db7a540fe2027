"""A fix that rewrites several places asks first (「将 5 处“2024年度”改为“2025年度”」): each place with its
context and a check box; places naming a past event (a prize, a 《title》, a quoted name, 「截至…」) are
unticked, with the reason (``domain.fix_choices``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from selfeval.domain.fix_choices import fix_choices

PLACE_ROLE = Qt.ItemDataRole.UserRole + 1


class FixPlacesDialog(QDialog):
    def __init__(self, report, fix, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("逐处确认修改")
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        label = QLabel(f"将把以下各处的“{fix.find}”改为“{fix.replacement}”。未勾选的不改："
                       "写的是往年获得的奖项、称号、文件标题或时点的，应保留原年份。", self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget(self)
        for choice in fix_choices(report, fix):
            where = choice.place.at(0, 0).label(report)
            text = f"{where}：{choice.context}" + (f"　（{choice.why}，默认不改）" if choice.why else "")
            item = QListWidgetItem(text, self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if choice.ticked else Qt.CheckState.Unchecked)
            item.setData(PLACE_ROLE, choice.place)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("修改勾选的各处")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> tuple:
        return tuple(self.list.item(i).data(PLACE_ROLE) for i in range(self.list.count())
                     if self.list.item(i).checkState() == Qt.CheckState.Checked)


def ask(parent, report, fix) -> tuple | None:
    """The places to change (maybe none), or None when cancelled."""
    dialog = FixPlacesDialog(report, fix, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()
