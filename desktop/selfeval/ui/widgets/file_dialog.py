"""Qt's own file dialog in Chinese (where the system has no native one the program uses: Linux).

The buttons, labels and column names come from Qt's Chinese catalogue (``ui/app/translations.py``), but
the 修改日期 column is formatted in the *system* locale (QFileSystemModel asks ``QLocale::system()``), so on
a PC whose locale is English it read "12/7/26 3:58 AM". A proxy model writes it the Chinese way; the
dialog opens large enough for 1366×768 with the 名称 column wide enough for a long Chinese file name."""

from __future__ import annotations

from PySide6.QtCore import QIdentityProxyModel, QLocale, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QHeaderView, QTreeView

DATE_COLUMN = 3  # QFileSystemModel: 名称, 大小, 类型, 修改日期
DATE_FORMAT = "yyyy/M/d HH:mm"
CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
SIZE = (900, 540)  # fits 1366×768 with the task bar
NAME_SHARE = 0.5  # of the list's width


class ChineseDates(QIdentityProxyModel):
    """The file list as Qt shows it, its dates written 2026/12/7 03:58."""

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.column() == DATE_COLUMN:
            source = self.sourceModel()
            if hasattr(source, "lastModified"):
                when = source.lastModified(self.mapToSource(index))
                return CHINESE.toString(when, DATE_FORMAT) if when.isValid() else ""
        return super().data(index, role)


def make_chinese(dialog: QFileDialog) -> None:
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setLocale(CHINESE)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    proxy = ChineseDates(dialog)
    dialog.setProxyModel(proxy)
    width, height = SIZE
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width, height = min(width, available.width() - 40), min(height, available.height() - 40)
    dialog.resize(width, height)
    tree = dialog.findChild(QTreeView, "treeView")
    if tree is not None:
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, DATE_COLUMN + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(60)
        tree.setMinimumWidth(int(width * 0.6))
