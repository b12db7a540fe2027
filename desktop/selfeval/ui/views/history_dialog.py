"""历史版本: the report's operation log (time, section, summary), a preview of the state after the chosen
operation, and a button that restores it. The dialog only chooses; the window applies ``RestoreState``
(one undoable operation) after it closes, with ``chosen_op_id``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from selfeval.domain.document import report_text
from selfeval.domain.errors import UserError
from selfeval.domain.fields import EXPLANATIONS_FIELD, FIELDS
from selfeval.store.records import KIND_SET_FIELD
from selfeval.ui.widgets import dialogs

HISTORY_LIMIT = 500
OP_ROLE = Qt.ItemDataRole.UserRole

SECTION_FOR_FIELD = "基本信息"
WHOLE_REPORT = "整份报告"


def local_time_text(when) -> str:
    """The log's UTC time as the clerk's local wall clock: 2025-03-01 14:05:09."""
    try:
        when = when.astimezone()
    except (ValueError, OverflowError, AttributeError):
        pass
    return when.strftime("%Y-%m-%d %H:%M:%S")


class HistoryDialog(QDialog):
    def __init__(self, store, report_id: int, headings: dict[str, str], *, read_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("历史版本")
        self.store = store
        self.report_id = report_id
        self.headings = headings
        self.chosen_op_id: int | None = None
        self._read_only = read_only

        self.list = QTreeWidget()
        self.list.setHeaderLabels(["时间", "部分", "修改内容"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText("在左侧选择一个版本，这里显示该版本的全文。")
        self.note = QLabel()
        self.note.setWordWrap(True)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("该版本全文预览："))
        right_layout.addWidget(self.preview, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)

        self.buttons = QDialogButtonBox()
        self.restore_button = QPushButton("恢复到此版本(&R)")
        self.restore_button.setEnabled(False)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        self.restore_button.clicked.connect(self._restore_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(1000, 600)

        self.list.currentItemChanged.connect(self._selection_changed)
        self.list.itemDoubleClicked.connect(lambda _item, _col: self._restore_clicked())
        self._load()

    def _load(self) -> None:
        try:
            records = self.store.history(self.report_id, limit=HISTORY_LIMIT)
        except UserError as exc:
            self.note.setText(str(exc))
            records = []
        for record in records:
            if record.section_key:
                section = self.headings.get(record.section_key, record.section_key)
            elif record.field == EXPLANATIONS_FIELD:  # also its undo and redo rows
                section = FIELDS[EXPLANATIONS_FIELD].label
            elif record.kind == KIND_SET_FIELD:
                section = SECTION_FOR_FIELD
            else:
                section = WHOLE_REPORT
            item = QTreeWidgetItem([local_time_text(record.time), section, record.summary])
            item.setData(0, OP_ROLE, record.id)
            item.setToolTip(2, record.summary)
            self.list.addTopLevelItem(item)
        if not records:
            self.note.setText("此报告还没有修改记录。")
        elif self._read_only:
            self.note.setText("文件以只读方式打开，只能查看历史版本，不能恢复。")
        else:
            self.note.setText("恢复后当前内容不会丢失：恢复本身也记入历史，可以用“撤销”（Ctrl+Z）退回。")
        if records:
            self.list.setCurrentItem(self.list.topLevelItem(0))

    def op_ids(self) -> list[int]:
        return [self.list.topLevelItem(i).data(0, OP_ROLE) for i in range(self.list.topLevelItemCount())]

    def select_op(self, op_id: int) -> bool:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if item.data(0, OP_ROLE) == op_id:
                self.list.setCurrentItem(item)
                return True
        return False

    def _current_op(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else item.data(0, OP_ROLE)

    def _selection_changed(self, current, _previous) -> None:
        op_id = self._current_op()
        self.restore_button.setEnabled(op_id is not None and not self._read_only)
        if op_id is None:
            self.preview.clear()
            return
        try:
            state = self.store.state_after(self.report_id, op_id)
        except UserError as exc:
            self.preview.setPlainText(str(exc))
            self.restore_button.setEnabled(False)
            return
        from selfeval.domain.table.merge import table_text

        table = table_text(state.table)  # the 自评表 too: its edits are versions as the 说明's are
        self.preview.setPlainText(report_text(state) + (f"\n\n{table}" if table else ""))

    def _restore_clicked(self) -> None:
        op_id = self._current_op()
        if op_id is None or self._read_only:
            return
        item = self.list.currentItem()
        when = item.text(0)
        if not dialogs.ask_yes_no(self, "恢复历史版本",
                                  f"将整份报告恢复为 {when} 的版本。\n恢复后可以用“撤销”（Ctrl+Z）退回。是否继续？"):
            return
        self.chosen_op_id = op_id
        self.accept()
