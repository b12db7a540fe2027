"""The 汇总 window (报告管理 › 新建汇总… / 打开汇总…): the overview table (sort, filter: only units with 错误,
执行率 < 90 %, 等级 below 良), the totals under it, the batch 审核's findings, the charts, last year beside this
year; a unit's report opens read-only in the usual window with its 审核 panel. Workflows are
``selfeval.app.summary``; this module holds widgets only."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QMainWindow, QMessageBox, QPushButton, QTableView, QTabWidget, QVBoxLayout, QWidget)

from selfeval.app.summary import Workspace
from selfeval.domain.errors import UserError
from selfeval.domain.summary.charts import grade_chart, rate_chart, score_change_chart
from selfeval.domain.summary.overview import FILTERS, LOW_RATE, UnitRow
from selfeval.ui.views.summary_charts import ChartWidget

COLUMNS = ("单位", "主管部门", "年度", "自评总分", "等级", "全年预算数（万元）", "全年执行数（万元）", "执行率", "错误", "警告",
           "说明字数", "说明与自评表", "报送日期", "跨单位问题")
CHANGE_COLUMNS = ("上年得分", "得分变化", "上年执行率", "预算变化")
FILE_FILTER = "汇总文件 (*.db *.sqlite);;所有文件 (*)"
SUBMISSION_FILTER = "报送文件 (*.selfeval *.docx);;所有文件 (*)"


from selfeval.domain.summary.overview import money_text as _money  # noqa: E402


def _signed(value: Decimal | None, unit: str = "") -> str:
    if value is None:
        return "—"
    q = value.quantize(Decimal("0.01"))
    return (f"+{q}" if q > 0 else f"{q}") + unit


class OverviewModel(QAbstractTableModel):
    """One row per unit; Qt.UserRole gives the value sorted on (numbers as numbers, 「未完成」 last)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[UnitRow] = []
        self.changes: dict[str, object] = {}
        self.columns = COLUMNS

    def set_rows(self, rows: list[UnitRow], changes=None) -> None:
        self.beginResetModel()
        self.rows = rows
        self.changes = {c.unit: c for c in changes} if changes is not None else {}
        self.columns = COLUMNS + (CHANGE_COLUMNS if changes is not None else ())
        # Computed once: a sort asks for each row's value n·log n times.
        self._text = [[str(self._values(r, c)) for c in range(len(self.columns))] for r in rows]
        self._keys = [[self._sort_value(r, c) for c in range(len(self.columns))] for r in rows]
        self._colours = [self._row_colours(r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        return None

    def row(self, index: int) -> UnitRow:
        return self.rows[index]

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here on the precomputed keys (one Python sort), not by the proxy's comparisons through
        data(): 300 rows took a third of a second that way."""
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        order_rows = sorted(range(len(self.rows)), key=lambda i: self._keys[i][column],
                            reverse=order == Qt.SortOrder.DescendingOrder)
        where = {old: new for new, old in enumerate(order_rows)}
        self.rows = [self.rows[i] for i in order_rows]
        self._text = [self._text[i] for i in order_rows]
        self._keys = [self._keys[i] for i in order_rows]
        self._colours = [self._colours[i] for i in order_rows]
        self.changePersistentIndexList(persistent, [self.index(where[i.row()], i.column()) for i in persistent])
        self.layoutChanged.emit()

    def _values(self, r: UnitRow, column: int):
        change = self.changes.get(r.unit)
        values = (r.unit, r.department or "—", r.year, r.score_text, r.grade if r.score is not None else "—",
                  _money(r.budget), _money(r.spent), r.rate_text, r.errors, r.warnings, r.words, r.agreement.status,
                  r.submitted.isoformat(), r.cross_errors + r.cross_warnings)
        if column < len(values):
            return values[column]
        if change is None:
            return "—"
        return (_money(change.last_score) if change.last_score is not None else "未完成",
                _signed(change.score_change), "—" if change.last_rate is None else f"{change.last_rate.quantize(Decimal('0.01'))}%",
                _signed(change.budget_change, "%"))[column - len(values)]

    def _sort_value(self, r: UnitRow, column: int):
        big = float("inf")
        change = self.changes.get(r.unit)
        keys = (r.unit, r.department, r.year, float(r.score) if r.score is not None else -1.0,
                ("优", "良", "中", "差", "未完成").index(r.grade), float(r.budget) if r.budget is not None else -1.0,
                float(r.spent) if r.spent is not None else -1.0, float(r.rate) if r.rate is not None else big,
                r.errors, r.warnings, r.words, r.agreement.status, r.submitted.isoformat(),
                r.cross_errors * 1000 + r.cross_warnings)
        if column < len(keys):
            return keys[column]
        value = None if change is None else (change.last_score, change.score_change, change.last_rate,
                                             change.budget_change)[column - len(keys)]
        return float(value) if value is not None else big

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        # Asked for every visible cell and role at each repaint: plain ints and precomputed cells only.
        role = int(role)
        if role == _DISPLAY:
            return self._text[index.row()][index.column()]
        if role == _USER:
            return self._keys[index.row()][index.column()]
        if role == _ALIGN:
            column = index.column()
            return None if column < 2 else (_RIGHT if column in (3, 5, 6, 7) else _CENTRE)
        if role == _FOREGROUND:
            return self._colours[index.row()].get(index.column())
        if role == _TOOLTIP:
            r = self.rows[index.row()]
            tips = list(r.agreement.details) + ([f"未完成：{'、'.join(r.incomplete)}"] if r.score is None else [])
            return "\n".join(tips) or None
        return None

    @staticmethod
    def _row_colours(r: UnitRow) -> dict[int, QColor]:
        colours = {}
        if r.errors:
            colours[8] = _RED
        if r.rate is not None and r.rate < LOW_RATE:
            colours[7] = _RED
        if r.agreement.status == "不一致":
            colours[11] = _RED
        if r.score is None:
            colours[3] = colours[4] = _GREY
        if r.cross_errors:
            colours[13] = _RED
        return colours


_DISPLAY, _USER, _ALIGN, _FOREGROUND, _TOOLTIP = (int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_RED, _GREY = QColor("#c62828"), QColor("#757575")


class OverviewFilter(QSortFilterProxyModel):
    """Sorts on the model's UserRole and keeps only the rows the ticked filters let through."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.active: set[str] = set()
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)  # the proxy keeps the source's order

    def set_filter(self, name: str, on: bool) -> None:
        (self.active.add if on else self.active.discard)(name)
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row, source_parent) -> bool:  # noqa: N802
        r = self.sourceModel().row(source_row)
        return all(FILTERS[name][1](r) for name in self.active)

    def visible_rows(self) -> list[UnitRow]:
        return [self.sourceModel().row(self.mapToSource(self.index(i, 0)).row()) for i in range(self.rowCount())]


class SummaryWindow(QMainWindow):
    """``report_window(store)``: a window showing a report of ``store`` (the main window's kind, handed in by
    whoever opens the 汇总, so that this view does not import the window that opens it); None: a unit's report
    cannot be opened from here."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *,
                 report_window: Callable[[object], QMainWindow] | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ws = workspace
        self.report_window = report_window
        self.last: Workspace | None = None
        self.unit_windows: list = []
        self._temp = tempfile.TemporaryDirectory(prefix="selfeval-summary-")
        self.model = OverviewModel(self)
        self.proxy = OverviewFilter(self)
        self.proxy.setSourceModel(self.model)

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.doubleClicked.connect(self.open_unit)

        self.filters = {}
        bar = QHBoxLayout()
        bar.addWidget(QLabel("筛选："))
        for name, (label, _) in FILTERS.items():
            box = QCheckBox(label)
            box.toggled.connect(lambda on, n=name: self._filter(n, on))
            self.filters[name] = box
            bar.addWidget(box)
        bar.addStretch(1)
        for text, slot in (("加入报送文件(&A)…", self.add_files), ("打开单位报告(&O)", self.open_unit),
                           ("载入上年汇总(&L)…", self.load_last_year), ("导出(&E)…", self.export)):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, s=slot: s())
            b.setEnabled(slot != self.open_unit or report_window is not None)
            bar.addWidget(b)

        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        overview = QWidget()
        lay = QVBoxLayout(overview)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.totals_label)

        self.findings_view = QTableView()
        self.findings_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings_view.doubleClicked.connect(self.open_finding)
        self.rate_chart, self.grade_chart, self.change_chart = ChartWidget(), ChartWidget(), ChartWidget()
        charts = QWidget()
        cl = QHBoxLayout(charts)
        cl.addWidget(self.rate_chart, 3)
        side = QVBoxLayout()
        side.addWidget(self.grade_chart, 1)
        side.addWidget(self.change_chart, 1)
        cl.addLayout(side, 2)

        self.tabs = QTabWidget()
        self.tabs.addTab(overview, "一览")
        self.tabs.addTab(self.findings_view, "批量审核")
        self.tabs.addTab(charts, "图表")
        self.setCentralWidget(self.tabs)
        self.resize(1300, 720)
        self.refresh()

    # -- showing ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        rows = self.ws.rows()
        changes = self.ws.changes(self.last) if self.last is not None else None
        self.model.set_rows(rows, changes)
        self.view.horizontalHeader().setResizeContentsPrecision(40)  # not every one of 300 rows measured
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(0, min(self.view.columnWidth(0), 300))
        self._update_totals()
        self._fill_findings()
        self.rate_chart.set_chart(rate_chart(rows))
        self.grade_chart.set_chart(grade_chart(rows))
        self.change_chart.set_chart(score_change_chart(changes) if changes is not None else None,
                                    "载入上年汇总后显示得分变化")
        year = self.ws.year()
        self.setWindowTitle(f"汇总 - {self.ws.path.name}" + (f"（{year} 年度，{len(rows)} 个单位）" if year else ""))

    def _filter(self, name: str, on: bool) -> None:
        self.proxy.set_filter(name, on)
        self._update_totals()

    def _update_totals(self) -> None:
        from selfeval.domain.summary.overview import totals

        shown = self.proxy.visible_rows()
        head = f"合计（筛选后 {len(shown)} / {len(self.model.rows)} 个单位）：" if self.proxy.active else "合计："
        self.totals_label.setText(head + "\n" + "\n".join(totals(shown).lines()))

    def _fill_findings(self) -> None:
        from PySide6.QtGui import QStandardItem, QStandardItemModel

        model = QStandardItemModel(self)
        model.setHorizontalHeaderLabels(["级别", "单位", "主管部门", "位置", "问题", "来源"])
        for f in self.ws.findings():
            if not f.counts:
                continue
            items = [QStandardItem(x) for x in (f.severity, f.unit, f.department, f.place, f.message,
                                                "跨单位" if f.cross else "本单位")]
            items[0].setData(f.unit_id, Qt.ItemDataRole.UserRole)
            model.appendRow(items)
        self.findings_view.setModel(model)
        self.findings_view.setColumnWidth(1, 260)
        self.findings_view.setColumnWidth(3, 220)
        self.findings_view.horizontalHeader().setStretchLastSection(False)
        self.findings_view.setColumnWidth(4, 520)

    def selected_row(self) -> UnitRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(self.proxy.mapToSource(index).row())

    # -- actions ---------------------------------------------------------------------------------------
    def open_unit(self, index=None) -> QMainWindow | None:
        """The unit's report in the usual window, read-only, with its 审核 panel."""
        from selfeval.app.summary.workspace import unit_database
        from selfeval.store import Store

        row = self.selected_row()
        if row is None or self.report_window is None:
            return None
        try:
            path, report_id = unit_database(self.ws, row.id, Path(self._temp.name))
            store = Store.open(path, read_only=True)
        except UserError as exc:
            QMessageBox.warning(self, "无法打开", str(exc))
            return None
        window = self.report_window(store)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda *_: store.close())
        window.open_report(report_id)
        window.setWindowTitle(f"{row.unit}（{row.year} 年度，汇总中的报送，只读）")
        window.resize(1300, 720)
        window.show()
        self.unit_windows.append(window)
        return window

    def open_finding(self, index) -> QMainWindow | None:
        """A finding of the batch 审核 double-clicked: its unit's report, read-only."""
        model = self.findings_view.model()
        unit_id = model.index(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        self.select_unit(unit_id)
        return self.open_unit()

    def select_unit(self, unit_id: int) -> bool:
        for i in range(self.proxy.rowCount()):
            if self.model.row(self.proxy.mapToSource(self.proxy.index(i, 0)).row()).id == unit_id:
                self.view.selectRow(i)
                return True
        return False

    def add_files(self, paths: list[Path] | None = None) -> int:
        if paths is None:
            names, _ = QFileDialog.getOpenFileNames(self, "加入报送文件", "", SUBMISSION_FILTER)
            paths = [Path(n) for n in names]
        if not paths:
            return 0
        try:
            plan = self.ws.plan_add(paths)
            replace = bool(plan.replacements) and confirm_replace(self, plan.lines(replace=False))
            stored = self.ws.apply(plan, replace=replace)
        except UserError as exc:
            QMessageBox.warning(self, "加入报送文件", str(exc))
            return 0
        show_import_report(self, plan.lines(replace=replace))
        self.refresh()
        return stored

    def load_last_year(self, path: Path | None = None) -> None:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, "载入上年汇总", "", FILE_FILTER)
            if not name:
                return
            path = Path(name)
        try:
            last = Workspace.open(path, read_only=True)
        except UserError as exc:
            QMessageBox.warning(self, "载入上年汇总", str(exc))
            return
        if self.last is not None:
            self.last.close()
        self.last = last
        self.refresh()

    def export(self, path: Path | None = None) -> Path | None:
        from selfeval.app.summary.exports import export_summary

        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "导出汇总", "汇总.xlsx",
                                                  "Excel 文件 (*.xlsx);;Word 汇总报告 (*.docx)")
            if not name:
                return None
            path = Path(name)
        try:
            return export_summary(self.ws, path, self.last)
        except UserError as exc:
            QMessageBox.warning(self, "导出汇总", str(exc))
            return None

    def closeEvent(self, event) -> None:  # noqa: N802
        for w in self.unit_windows:
            try:
                w.close()
            except RuntimeError:  # already deleted
                pass
        self.ws.close()
        if self.last is not None:
            self.last.close()
        self._temp.cleanup()
        super().closeEvent(event)


def confirm_replace(parent, lines: list[str]) -> bool:
    """Asks whether units already in the 汇总 are replaced, showing what changes (tests replace this)."""
    box = QMessageBox(QMessageBox.Icon.Question, "替换已有的报送", "以下单位同一年度的报送已在汇总中。用新报送的替换吗？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDetailedText("\n".join(lines))
    box.button(QMessageBox.StandardButton.Yes).setText("替换")
    box.button(QMessageBox.StandardButton.No).setText("不替换")
    return box.exec() == QMessageBox.StandardButton.Yes


def show_import_report(parent, lines: list[str]) -> None:
    """The import report: one line per file (tests replace this)."""
    box = QMessageBox(QMessageBox.Icon.Information, "导入报告", f"已处理 {len(lines)} 项，详见下方。", QMessageBox.StandardButton.Ok,
                      parent)
    box.setDetailedText("\n".join(lines))
    box.exec()


def new_summary(parent=None, path: Path | None = None, report_window=None) -> SummaryWindow | None:
    return _workspace_window(parent, path, report_window, "新建汇总", Workspace.new,
                             lambda: QFileDialog.getSaveFileName(parent, "新建汇总", "汇总.db", FILE_FILTER)[0])


def open_summary(parent=None, path: Path | None = None, report_window=None) -> SummaryWindow | None:
    return _workspace_window(parent, path, report_window, "打开汇总", Workspace.open,
                             lambda: QFileDialog.getOpenFileName(parent, "打开汇总", "", FILE_FILTER)[0])


def _workspace_window(parent, path: Path | None, report_window, title: str, make, ask) -> SummaryWindow | None:
    """The workspace at ``path`` (asked for when None) made or opened by ``make``, shown in its window; a
    refusal is one Chinese message."""
    if path is None:
        name = ask()
        if not name:
            return None
        path = Path(name)
    try:
        ws = make(path)
    except UserError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return None
    return _show(SummaryWindow(ws, parent, report_window=report_window))


def _show(window: SummaryWindow) -> SummaryWindow:
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.show()
    return window
