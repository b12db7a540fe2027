"""The table of reports shared by the 报告管理 dialog and the 回收站 (one row per report, id in the row)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from selfeval.bundled.templates import bundled_templates

ID_ROLE = Qt.ItemDataRole.UserRole

# Column key → header.
COLUMNS = {
    "unit": "单位",
    "year": "年度",
    "template": "模板",
    "updated": "最后修改",
    "deleted": "删除时间",
}


def format_time(moment: dt.datetime | None) -> str:
    """Local time 「2025-03-01 14:05」 of a store timestamp (``ReportInfo`` times are timezone-aware)."""
    return "" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


_OLDEST = dt.datetime.min.replace(tzinfo=dt.timezone.utc)


def newest_first(infos: Sequence, attr: str = "updated_at") -> list:
    """Reports sorted by a timestamp, newest first (ties: higher id first)."""
    return sorted(infos, key=lambda i: (getattr(i, attr) or _OLDEST, i.id), reverse=True)


def template_name(template_id: str) -> str:
    template = bundled_templates().get(template_id)
    return template.name if template else (template_id or "（无模板）")


def unit_label(info) -> str:
    short, full = info.unit_short or "", info.unit_name or ""
    if short and full and short != full:
        return f"{short}（{full}）"
    return short or full or "（未命名单位）"


class ReportTable(QTableWidget):
    """Read-only rows; Enter/double click are left to the dialog that owns the table."""

    def __init__(self, columns: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(columns), parent)
        self._columns = list(columns)
        self.setHorizontalHeaderLabels([COLUMNS[c] for c in self._columns])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        for i, key in enumerate(self._columns):
            mode = QHeaderView.ResizeMode.Stretch if key == "unit" else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(i, mode)

    def set_reports(self, infos: Sequence, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.current_report_id()
        self.setRowCount(0)
        self.setRowCount(len(infos))
        for row, info in enumerate(infos):
            for col, key in enumerate(self._columns):
                item = QTableWidgetItem(self._text(info, key))
                item.setData(ID_ROLE, info.id)
                if key == "unit":
                    item.setToolTip(info.unit_name or "")
                if key == "year":
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(row, col, item)
        if infos:
            self.select_report(keep if keep is not None else infos[0].id)

    def _text(self, info, key: str) -> str:
        if key == "unit":
            return unit_label(info)
        if key == "year":
            return str(info.year) if info.year else ""
        if key == "template":
            return template_name(info.template_id)
        if key == "updated":
            return format_time(info.updated_at)
        return format_time(info.deleted_at)

    def report_ids(self) -> list[int]:
        return [self.item(row, 0).data(ID_ROLE) for row in range(self.rowCount())]

    def current_report_id(self) -> int | None:
        row = self.currentRow()
        if row < 0 or self.item(row, 0) is None or not self.selectionModel().isRowSelected(row):
            return None
        return self.item(row, 0).data(ID_ROLE)

    def select_report(self, report_id: int | None) -> bool:
        ids = self.report_ids()
        if report_id not in ids:
            if not ids:
                return False
            row = 0
        else:
            row = ids.index(report_id)
        self.setCurrentCell(row, 0)
        self.selectRow(row)
        self.scrollToItem(self.item(row, 0))
        return report_id in ids
