"""关于 (F1): the version, where the data and the logs are (the folders open on a click), the keyboard
shortcuts, and the licences of everything shipped (read from resources/licenses/ via selfeval.bundled.licenses).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import selfeval
from selfeval.bundled import licenses
from selfeval.system.logfile import log_dir
from selfeval.system.paths import portable_data_dir
from selfeval.ui.widgets import dialogs
from selfeval.ui.widgets.desktop_open import open_with_desktop

TITLE = "关于"
DESCRIPTION = "编制部门整体支出绩效自评表说明，自动保存每一处修改，并按 GB/T 9704-2012 导出 Word 文档。"
PORTABLE_NOTE = "绿色版：数据保存在程序文件夹的 data 子文件夹中。"
OPEN_FAILED = "无法打开文件夹“{folder}”。"
WIDTH, HEIGHT = 760, 540  # fits a 1366×768 screen at 125 % (1093×614 logical pixels)


def _folder_link(folder: Path) -> str:
    return f'<a href="{html.escape(QUrl.fromLocalFile(str(folder)).toString())}">{html.escape(str(folder))}</a>'


class AboutDialog(QDialog):
    def __init__(self, db_path: Path, shortcuts: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.db_path = Path(db_path)
        self.data_dir = self.db_path.parent
        self.log_dir = log_dir()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._about_page(), "关于")
        self.tabs.addTab(self._shortcuts_page(shortcuts), "快捷键")
        self.tabs.addTab(self._licenses_page(), "许可证")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(WIDTH, HEIGHT)

    # Pages --------------------------------------------------------------------------------------------
    def _about_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        title = QLabel(f"<h2>{html.escape(selfeval.APP_DISPLAY_NAME)}</h2>")
        version = QLabel(f"版本 {selfeval.__version__}")
        version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        description = QLabel(DESCRIPTION)
        description.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(version)
        layout.addWidget(description)
        layout.addSpacing(12)
        self.db_label = QLabel(f"数据文件：{html.escape(str(self.db_path))}")
        self.data_link = QLabel(f"数据文件夹：{_folder_link(self.data_dir)}")
        self.log_link = QLabel(f"日志文件夹：{_folder_link(self.log_dir)}")
        for label in (self.db_label, self.data_link, self.log_link):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            layout.addWidget(label)
        self.data_link.linkActivated.connect(lambda _url: self.open_folder(self.data_dir))
        self.log_link.linkActivated.connect(lambda _url: self.open_folder(self.log_dir))
        if portable_data_dir() is not None:
            layout.addWidget(QLabel(PORTABLE_NOTE))
        hint = QLabel("单击文件夹路径可在文件管理器中打开。")
        hint.setStyleSheet("color: palette(mid);")
        layout.addWidget(hint)
        layout.addStretch(1)
        return page

    def _shortcuts_page(self, shortcuts: Sequence[tuple[str, str]]) -> QWidget:
        self.shortcuts = QTableWidget(len(shortcuts), 2)
        self.shortcuts.setHorizontalHeaderLabels(["快捷键", "操作"])
        self.shortcuts.verticalHeader().hide()
        self.shortcuts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.shortcuts.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        for row, (keys, action) in enumerate(shortcuts):
            self.shortcuts.setItem(row, 0, QTableWidgetItem(keys))
            self.shortcuts.setItem(row, 1, QTableWidgetItem(action))
        header = self.shortcuts.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return self.shortcuts

    def _licenses_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel("本程序按 MIT 许可证发布。它随附的以下组件各按其许可证使用，单击名称查看全文：")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.components = licenses.components()
        self.license_list = QListWidget()
        for component in self.components:
            self.license_list.addItem(f"{component.name}\n    {component.license}")
        self.license_list.setMaximumWidth(300)
        self.license_text = QPlainTextEdit()
        self.license_text.setReadOnly(True)
        self.license_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.license_list.currentRowChanged.connect(self._show_license)
        row.addWidget(self.license_list)
        row.addWidget(self.license_text, 1)
        layout.addLayout(row, 1)
        self.license_list.setCurrentRow(0)
        return page

    def _show_license(self, row: int) -> None:
        if 0 <= row < len(self.components):
            self.license_text.setPlainText(licenses.license_text(self.components[row]))
            self.license_text.moveCursor(self.license_text.textCursor().MoveOperation.Start)

    # Actions ------------------------------------------------------------------------------------------
    def open_folder(self, folder: Path) -> bool:
        """Opens ``folder`` in the file manager (created first: the log folder exists only after a log)."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        if folder.is_dir() and open_with_desktop(folder):
            return True
        dialogs.warn(self, TITLE, OPEN_FAILED.format(folder=folder))
        return False


def show_about(parent: QWidget, db_path: Path, shortcuts: Sequence[tuple[str, str]]) -> AboutDialog:
    """Opens the dialog window-modal without blocking (it deletes itself when closed)."""
    dialog = AboutDialog(db_path, shortcuts, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
