"""回收站: the deleted reports of the file; restore them or delete them for good."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from selfeval.domain.report_factory import display_name
from selfeval.session.edit_session import EditSession
from selfeval.store.operations import PurgeReport, RestoreReport
from selfeval.ui.widgets import dialogs
from selfeval.ui.widgets.report_list import ReportTable, newest_first


class RecycleBinDialog(QDialog):
    """``dialog.restored_ids`` lists the reports restored while it was open."""

    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.store = session.store  # the read side: the list
        self.restored_ids: list[int] = []
        self.setWindowTitle("回收站")

        self.table = ReportTable(("unit", "year", "template", "deleted"))
        self.table.setObjectName("recycleTable")
        self.empty_label = QLabel("回收站是空的。")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel("删除的报告先放在这里，可以恢复；“永久删除”后无法恢复。")
        self.hint.setWordWrap(True)

        self.restore_button = QPushButton("恢复(&R)")
        self.purge_button = QPushButton("永久删除(&D)")
        self.close_button = QPushButton("关闭")
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self, self.purge_selected,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())

        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.purge_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        self.resize(720, 400)
        self.refresh()
        self.table.setFocus()

    def refresh(self, select_id: int | None = None) -> None:
        infos = newest_first(self.store.list_reports(deleted=True), "deleted_at")
        self.table.set_reports(infos, select_id)
        empty = not infos
        self.table.setVisible(not empty)
        self.empty_label.setVisible(empty)
        writable = not self.store.read_only
        self.restore_button.setEnabled(writable and not empty)
        self.purge_button.setEnabled(writable and not empty)

    def _selected(self):
        report_id = self.table.current_report_id()
        return None if report_id is None else self.store.info(report_id)

    def restore_selected(self) -> None:
        info = self._selected()
        if info is None or self.store.read_only:
            return
        if self.session.run_op(RestoreReport(info.id), "无法恢复") is None:
            return
        self.restored_ids.append(info.id)
        self.refresh()

    def purge_selected(self) -> None:
        info = self._selected()
        if info is None or self.store.read_only:
            return
        name = display_name(info.unit_short, info.unit_name, info.year)
        if not dialogs.ask_yes_no(self, "永久删除", f"确定要永久删除“{name}”的报告吗？\n永久删除后无法恢复。"):
            return
        if self.session.run_op(PurgeReport(info.id), "无法删除") is None:
            return
        self.refresh()


def show_recycle_bin(session: EditSession, parent: QWidget | None = None) -> list[int]:
    """Shows the recycle bin; returns the ids restored. Tests may replace this function."""
    dialog = RecycleBinDialog(session, parent)
    try:
        dialog.exec()
        return dialog.restored_ids
    finally:
        dialog.deleteLater()
