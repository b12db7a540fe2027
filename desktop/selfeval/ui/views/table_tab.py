"""The 自评表 tab: 总分 and 等级 in its header, the budget block as a small grid, the goals as two text fields,
the indicators as a keyboard-first grid (Enter goes down, Tab right; Insert adds a row, Ctrl+Delete deletes
it, Alt+↑/↓ moves it; a block pasted from Excel or WPS 表格 fills rows).

It only shows and collects: every cell is read by ``domain.table_rows``; a cell that cannot be read keeps
its text, turns red and says why beneath the grid, and the table is left as it was. ``changed`` tells the
window to save ``table()`` (the report field ``"table"``); ``set_report`` emits nothing.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from selfeval.domain.figures import format_decimal
from selfeval.domain.model import Report
from selfeval.domain.table.scoring import TableScore, points, rate_text, score_table
from selfeval.domain.table import budget as budget_cells
from selfeval.domain.table.completeness import UNFINISHED, completeness
from selfeval.domain.table.model import BudgetRowKey, SelfEvalTable
from selfeval.domain.table.rows import (
    COLUMN_KEYS,
    INDICATOR_COLUMNS,
    CellError,
    RowRef,
    cell_text,
    delete_row,
    insert_row,
    move_row,
    paste_block,
    reading_note,
    set_cell,
    tree_rows,
)
from selfeval.domain.text import clean_text
from selfeval.bundled.report_table import table_of
from selfeval.ui.widgets import last_folders
from selfeval.ui.widgets.edit_menu import use_report_undo
from selfeval.ui.widgets.plain_text import ComposingLineEdit, PlainTextEdit

BUDGET_COLUMNS = budget_cells.BUDGET_HEADS
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
BAD_CELL = QColor("#fde2e2")
COMPUTED_CELL = QColor("#f2f2f2")
ERROR_STYLE = "color: #b00020;"
NOTE_STYLE = "color: #555555;"
FINDINGS_SHOWN = 2  # lines of scoring findings under the grid (all of them in its tooltip and in 审核)
ROWS_SHOWN = 12  # indicator rows the grid keeps room for (1366×768 with the 审核 panel open)


class _Grid(QTableWidget):
    """A QTableWidget whose Enter moves down (Tab right is Qt's own), with the row keys of the tab."""

    key_command = Signal(str)  # "insert", "delete", "up", "down", "paste", "clear"

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        self.setTabKeyNavigation(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            self._down()
            return
        command = None
        if event.matches(QKeySequence.StandardKey.Paste):
            command = "paste"
        elif key == Qt.Key.Key_Insert:
            command = "insert"
        elif key == Qt.Key.Key_Delete and mods & Qt.KeyboardModifier.ControlModifier:
            command = "delete"
        elif key == Qt.Key.Key_Delete:
            command = "clear"
        elif key == Qt.Key.Key_Up and mods & Qt.KeyboardModifier.AltModifier:
            command = "up"
        elif key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier:
            command = "down"
        if command is not None:
            self.key_command.emit(command)
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor, hint) -> None:  # noqa: N802 (Qt)
        """Enter in an open cell commits it and goes down, as in a spreadsheet."""
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self._down()
            return
        super().closeEditor(editor, hint)

    def _down(self) -> None:
        row, col = self.currentRow(), self.currentColumn()
        if row + 1 < self.rowCount():
            self.setCurrentCell(row + 1, col)


class TableTab(QWidget):
    changed = Signal()  # the table changed: save ``table()``

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table = SelfEvalTable()
        self._score: TableScore = score_table(self._table)
        self._refs: list[RowRef] = []
        self._bad: dict[tuple[str, int, int], str] = {}  # (grid, row, column) → the text that could not be read
        self._loading = False
        self._read_only = False
        self._report: Report | None = None
        self._year = 0

        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.total_label = QLabel()
        self.total_label.setObjectName("table_total")
        self.total_label.setStyleSheet("font-weight: bold; font-size: 14pt;")
        self.supervisor = ComposingLineEdit()  # an input method's composition is no edit yet
        self.supervisor.setPlaceholderText("主管部门（如：广州市荔湾区人民政府）")
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(QLabel("主管部门"))
        head.addWidget(self.supervisor, 1)
        head.addSpacing(12)
        head.addWidget(self.total_label)

        self.budget = _Grid(len(BudgetRowKey), len(BUDGET_COLUMNS))
        self.budget.setObjectName("budget_grid")
        self.budget.setHorizontalHeaderLabels(BUDGET_COLUMNS)
        self.budget.setVerticalHeaderLabels([k.label for k in BudgetRowKey])
        self.budget.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.budget.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.budget.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.budget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.goal_expected = PlainTextEdit()  # pasted text cleaned, the report-wide undo in its menu
        self.goal_achieved = PlainTextEdit()
        for box, hint in ((self.goal_expected, "年度总体目标：预期目标"), (self.goal_achieved, "实际完成情况")):
            box.setPlaceholderText(hint)
            box.setTabChangesFocus(True)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 2 + 8)  # two lines; it scrolls
        goals = QGridLayout()  # 年度总体目标: each label beside its box, to leave the height to the indicators
        goals.addWidget(QLabel("预期\n目标"), 0, 0)
        goals.addWidget(self.goal_expected, 0, 1)
        goals.addWidget(QLabel("实际完成\n情况"), 0, 2)
        goals.addWidget(self.goal_achieved, 0, 3)
        goals.setColumnStretch(1, 1)
        goals.setColumnStretch(3, 1)

        self.grid = _Grid(0, len(INDICATOR_COLUMNS))
        self.grid.setObjectName("indicator_grid")
        self.grid.setHorizontalHeaderLabels([c.label for c in INDICATOR_COLUMNS])
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for key, width in (("group", 78), ("category", 100), ("name", 170), ("nature", 60), ("target", 90),
                           ("unit", 64), ("actual", 90), ("weight", 50), ("score", 60), ("reason", 110),
                           ("rule", 220)):
            self.grid.setColumnWidth(COLUMN_KEYS.index(key), width)
        for grid in (self.budget, self.grid):  # compact rows, as in a spreadsheet
            grid.verticalHeader().setDefaultSectionSize(grid.fontMetrics().height() + 8)
        self.grid.setMinimumHeight(self.grid.horizontalHeader().sizeHint().height() + 4
                                   + ROWS_SHOWN * self.grid.verticalHeader().defaultSectionSize()
                                   + self.grid.horizontalScrollBar().sizeHint().height())

        buttons = QHBoxLayout()
        self.insert_button = QPushButton("插入行（Insert）")
        self.delete_button = QPushButton("删除行（Ctrl+Delete）")
        self.up_button = QPushButton("上移（Alt+↑）")
        self.down_button = QPushButton("下移（Alt+↓）")
        for button, command in ((self.insert_button, "insert"), (self.delete_button, "delete"),
                                (self.up_button, "up"), (self.down_button, "down")):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, cmd=command: self._grid_command(cmd))
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("可从 Excel 或 WPS 表格复制多行后按 Ctrl+V 粘贴"))
        self.export_button = QPushButton("导出 Excel…")
        self.import_button = QPushButton("从 Excel 导入…")
        self.export_button.clicked.connect(self.export_xlsx)
        self.import_button.clicked.connect(self.import_xlsx)
        head.addWidget(self.export_button)
        head.addWidget(self.import_button)

        self.message = QLabel()
        self.message.setObjectName("table_message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.findings = QLabel()
        self.findings.setObjectName("table_findings")
        self.findings.setWordWrap(True)
        self.findings.setStyleSheet(NOTE_STYLE)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(QLabel("预算执行情况（万元）"))
        layout.addWidget(self.budget)
        layout.addLayout(goals)
        buttons.insertWidget(0, QLabel("绩效指标"))
        buttons.insertSpacing(1, 8)
        layout.addLayout(buttons)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.findings)

        use_report_undo(self.supervisor)
        self.supervisor.edited.connect(self._supervisor_edited)
        self.goal_expected.textChanged.connect(self._goals_edited)
        self.goal_achieved.textChanged.connect(self._goals_edited)
        self.budget.itemChanged.connect(self._budget_item_changed)
        self.grid.itemChanged.connect(self._grid_item_changed)
        self.grid.key_command.connect(self._grid_command)
        self.budget.key_command.connect(self._budget_command)

    # Loading ----------------------------------------------------------------------------------------
    def set_report(self, report: Report) -> None:
        """Shows the report's table (cells being corrected keep their text). Emits nothing."""
        self._report = report
        self._year = report.year
        table = table_of(report)
        if table != getattr(self, "_table", None) and not getattr(self, "_message_error", False):
            self._say("", error=False)  # a note on the last edit (已粘贴 3 行) is stale after 撤销 or a reload
        self._set_table(table)
        self._loading = True
        try:
            if self.supervisor.text() != self._table.supervisor:
                self.supervisor.setText(self._table.supervisor)
            for box, value in ((self.goal_expected, self._table.goal_expected),
                               (self.goal_achieved, self._table.goal_achieved)):
                if box.toPlainText() != value:
                    box.setPlainText(value)
        finally:
            self._loading = False

    def table(self) -> SelfEvalTable:
        return self._table

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.supervisor.setReadOnly(read_only)
        self.goal_expected.setReadOnly(read_only)
        self.goal_achieved.setReadOnly(read_only)
        for grid in (self.budget, self.grid):
            grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only else
                                 QAbstractItemView.EditTrigger.DoubleClicked
                                 | QAbstractItemView.EditTrigger.EditKeyPressed
                                 | QAbstractItemView.EditTrigger.AnyKeyPressed)
        for button in (self.insert_button, self.delete_button, self.up_button, self.down_button,
                       self.import_button):
            button.setEnabled(not read_only)

    # .xlsx ------------------------------------------------------------------------------------------
    def export_xlsx(self) -> Path | None:
        """Asks where to save the table as .xlsx and writes it; the path written, or None."""
        from selfeval.domain.errors import UserError
        from selfeval.export.table_xlsx import export_table_xlsx, xlsx_target
        from selfeval.ui.widgets import dialogs

        if self._report is None:
            return None
        year = f"{self._report.year}年度" if self._report.year else ""
        name = f"{year}{self._report.unit_short}部门整体支出绩效自评表.xlsx"
        start = last_folders.start(last_folders.TABLE_XLSX) / _safe_name(name)
        target = dialogs.ask_save_path(self, "导出自评表（Excel）", start, XLSX_FILTER)
        if target is None:
            return None
        last_folders.remember(last_folders.TABLE_XLSX, target)
        try:
            return export_table_xlsx(self._report, self._table, xlsx_target(target))
        except UserError as exc:
            dialogs.error(self, "导出失败", str(exc))
            return None

    def import_xlsx(self) -> bool:
        """Asks for an .xlsx and, if the whole file is accepted, shows and saves its table (one undoable step)."""
        from selfeval.importers.table_xlsx import TableImportError, import_table_xlsx
        from selfeval.ui.widgets import dialogs

        if self._read_only:
            return False
        path = dialogs.ask_open_path(self, "从 Excel 导入自评表", last_folders.start(last_folders.TABLE_XLSX),
                                     XLSX_FILTER)
        if path is None:
            return False
        last_folders.remember(last_folders.TABLE_XLSX, path)
        try:
            from selfeval.bundled.frameworks import bundled_frameworks

            imported = import_table_xlsx(path, self._table, bundled_frameworks().values())
        except TableImportError as exc:
            dialogs.error(self, "自评表未导入", str(exc))
            return False
        self._bad.clear()
        self._commit(imported.table)
        self._say("\n".join([f"已从“{path.name}”导入自评表（可撤销）。", *imported.notes]), error=False)
        return True

    def focus_table(self) -> None:
        self.grid.setFocus()

    def show_cell(self, cell: str) -> None:
        """Selects the cell a finding names (「年度资金总额 · 全年执行数（B）」), else the block it names."""
        row_label, _, head = cell.partition(" · ")
        rows = [k.label for k in BudgetRowKey]
        if row_label in rows and head in BUDGET_COLUMNS:
            self.budget.setFocus()
            self.budget.setCurrentCell(rows.index(row_label), BUDGET_COLUMNS.index(head))
        elif row_label == "预算执行情况":
            self.budget.setFocus()
            self.budget.setCurrentCell(0, budget_cells.WEIGHT_COLUMN)
        else:
            self.focus_table()

    def show_text(self, place) -> QWidget | None:
        """Focuses the box or grid cell of a 自评表 text place (``text_fields.table_fields``): the table's own
        text, or a 三级 row's name, 指标值 or 偏差原因分析; returns the widget (None when it is gone)."""
        if place.entry is None:
            box = getattr(self, place.field, None)
            if box is None:
                return None
            box.setFocus()
            return box
        flat = [RowRef(gi, ci, ii) for gi, g in enumerate(self._table.groups)
                for ci, c in enumerate(g.categories) for ii in range(len(c.indicators))]
        if not 0 <= place.entry < len(flat) or flat[place.entry] not in self._refs:
            return None
        column = {"name": "name", "target_text": "target", "analysis": "analysis"}.get(place.field)
        if column is None:
            return None
        self.grid.setCurrentCell(self._refs.index(flat[place.entry]), COLUMN_KEYS.index(column))
        self.grid.setFocus()
        return self.grid

    # Showing ----------------------------------------------------------------------------------------
    def _set_table(self, table: SelfEvalTable) -> None:
        self._table = table
        self._score = score_table(table)
        refs = tree_rows(table)
        if refs != self._refs:
            self._bad = {k: v for k, v in self._bad.items() if k[0] == "budget"}
        self._refs = refs
        self._loading = True
        try:
            self._fill_budget()
            self._fill_grid()
        finally:
            self._loading = False
        self._show_score()

    def _fill_budget(self) -> None:
        budget = self._table.budget
        for r, row in enumerate(budget.rows):
            is_total = row.key is BudgetRowKey.TOTAL
            texts = [budget_cells.money_text(getattr(row, a)) for a in budget_cells.AMOUNT_ATTRS]
            if is_total:
                score = self._score.budget
                texts += [_num(budget.weight), rate_text(row.rate), score.text(),
                          budget.override.reason if budget.override else ""]
            else:
                texts += ["", rate_text(row.rate) if row.budget is not None else "", "", ""]
            for c, text in enumerate(texts):
                self._put(self.budget, "budget", r, c, text, budget_cells.editable(row.key, c))
        height = self.budget.horizontalHeader().sizeHint().height() + 4
        height += sum(self.budget.rowHeight(r) for r in range(self.budget.rowCount()))
        self.budget.setFixedHeight(height)

    def _fill_grid(self) -> None:
        grid = self.grid
        grid.clearSpans()
        grid.setRowCount(len(self._refs))
        scores = self._row_scores()
        for r, ref in enumerate(self._refs):
            for c, column in enumerate(INDICATOR_COLUMNS):
                text = cell_text(self._table, ref, column.key, scores.get(ref, ""))
                self._put(grid, "grid", r, c, text, column.editable, numeric=column.numeric)
        self._span_tree()

    def _row_scores(self) -> dict[RowRef, str]:
        scores = {}
        flat = iter(self._score.indicators)
        for gi, group in enumerate(self._table.groups):
            for ci, cat in enumerate(group.categories):
                for ii in range(len(cat.indicators)):
                    scores[RowRef(gi, ci, ii)] = next(flat).text()
        return scores

    def _span_tree(self) -> None:
        """一级 and 二级 cells merged over their rows, as in the official form."""
        for col, same in ((0, lambda a, b: a.group == b.group),
                          (1, lambda a, b: (a.group, a.category) == (b.group, b.category))):
            start = 0
            for r in range(1, len(self._refs) + 1):
                if r == len(self._refs) or not same(self._refs[r], self._refs[start]):
                    if r - start > 1:
                        self.grid.setSpan(start, col, r - start, 1)
                    start = r

    def _put(self, grid: QTableWidget, name: str, r: int, c: int, text: str, editable: bool,
             numeric: bool = False) -> None:
        item = grid.item(r, c)
        if item is None:
            item = QTableWidgetItem()
            grid.setItem(r, c, item)
        bad = self._bad.get((name, r, c))
        shown = bad if bad is not None else text
        if item.text() != shown:
            item.setText(shown)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)
        if bad is not None:
            item.setBackground(QBrush(BAD_CELL))
        elif not editable:
            item.setBackground(QBrush(COMPUTED_CELL))
        else:
            item.setBackground(QBrush())
        item.setToolTip("" if bad is None else item.toolTip())
        if numeric or (name == "budget" and c < 6):
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _show_score(self) -> None:
        score = self._score
        self.title.setText(f"部门整体支出绩效自评表（{self._year}年度）" if self._year else "部门整体支出绩效自评表")
        capped = f"（执行率限分 {format_decimal(score.cap)}）" if score.cap is not None and score.sum > score.cap else ""
        missing = completeness(self._table, score)
        grade = score.grade if missing.complete else UNFINISHED
        self.total_label.setText(f"自评总分 {format_decimal(score.total)} 分{capped}　等级：{grade}")
        self.total_label.setToolTip("" if missing.complete else f"{UNFINISHED}：{missing.summary()}")
        notes = ([f"{UNFINISHED}：{missing.summary()}"] if not missing.complete else []) + list(score.findings)
        shown = notes[:FINDINGS_SHOWN]
        if len(notes) > FINDINGS_SHOWN:  # at most FINDINGS_SHOWN lines: the last one says how many more
            shown = notes[:FINDINGS_SHOWN - 1]
            shown.append(f"……另有 {len(notes) - len(shown)} 条提示（鼠标停在此处查看全部；审核中也逐条列出）")
        self.findings.setText("\n".join(shown))
        self.findings.setToolTip("\n".join(notes))

    def _say(self, text: str, error: bool) -> None:
        self._message_error = error and bool(text)
        self.message.setText(text)
        self.message.setVisible(bool(text))  # no empty line under the grid
        self.message.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)

    # Editing ----------------------------------------------------------------------------------------
    def _commit(self, table: SelfEvalTable) -> None:
        self._set_table(table)
        self.changed.emit()

    def _supervisor_edited(self, text: str) -> None:
        if not self._loading:
            self._commit(replace(self._table, supervisor=clean_text(text, multiline=False).text.strip()))

    def _goals_edited(self) -> None:
        if self._loading:
            return
        self._commit(replace(self._table,
                             goal_expected=clean_text(self.goal_expected.toPlainText()).text,
                             goal_achieved=clean_text(self.goal_achieved.toPlainText()).text))

    def _budget_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        r, c, text = item.row(), item.column(), item.text()
        key = self._table.budget.rows[r].key
        try:
            table = budget_cells.with_cell(self._table, key, c, text)
        except CellError as exc:
            message = str(exc) if c < len(budget_cells.AMOUNT_HEADS) else f"“{key.label}”{exc}"
            self._mark_bad("budget", self.budget, r, c, text, message)
            return
        self._bad.pop(("budget", r, c), None)
        if c < len(budget_cells.AMOUNT_HEADS):
            shown = budget_cells.money_text(getattr(table.budget.row(key), budget_cells.AMOUNT_ATTRS[c]))
            self._say(reading_note(text, shown), error=False)
        else:
            self._say("", error=False)
        self._commit(table)

    def _grid_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        r, c, text = item.row(), item.column(), item.text()
        key = COLUMN_KEYS[c]
        ref = self._refs[r]
        computed = None
        if key == "score" and ref.index is not None:
            computed = self._score_of(ref)
        try:
            table, _ = set_cell(self._table, ref, key, text, computed_score=computed)
        except CellError as exc:
            self._mark_bad("grid", self.grid, r, c, text, f"第 {r + 1} 行“{INDICATOR_COLUMNS[c].label}”：{exc}")
            return
        self._bad.pop(("grid", r, c), None)
        self._commit(table)
        shown = self.grid.item(r, c).text()
        self._say(reading_note(text, shown) if INDICATOR_COLUMNS[c].numeric and key != "score" else "", error=False)

    def _score_of(self, ref: RowRef) -> Decimal | None:
        flat = [RowRef(gi, ci, ii) for gi, g in enumerate(self._table.groups)
                for ci, cat in enumerate(g.categories) for ii in range(len(cat.indicators))]
        computed = self._score.indicators[flat.index(ref)].computed
        return None if computed is None else points(computed)

    def _mark_bad(self, name: str, grid: QTableWidget, r: int, c: int, text: str, message: str) -> None:
        self._bad[(name, r, c)] = text
        item = grid.item(r, c)
        self._loading = True
        try:
            if item.text() != text:
                item.setText(text)
            item.setBackground(QBrush(BAD_CELL))
            item.setToolTip(message)
        finally:
            self._loading = False
        self._say(message + "（已保留您输入的内容，改正后自动保存）", error=True)

    def _grid_command(self, command: str) -> None:
        if self._read_only:
            return
        r = self.grid.currentRow()
        if not 0 <= r < len(self._refs):
            r = 0 if self._refs else -1
        if r < 0:
            return
        ref, col = self._refs[r], max(self.grid.currentColumn(), 0)
        if command == "paste":
            self._paste(ref, r, col)
            return
        if command == "clear":
            item = self.grid.item(r, col)
            if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
                item.setText("")
            return
        if command == "insert":
            table, new = insert_row(self._table, ref)
        elif command == "delete":
            if ref.index is None:
                return
            table, new = delete_row(self._table, ref), ref
        else:
            table, new = move_row(self._table, ref, -1 if command == "up" else 1)
        self._commit(table)
        target = self._refs.index(new) if new in self._refs else min(r, len(self._refs) - 1)
        self.grid.setCurrentCell(target, col)

    def _budget_command(self, command: str) -> None:
        if command == "clear" and not self._read_only:
            item = self.budget.currentItem()
            if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
                item.setText("")

    def _paste(self, ref: RowRef, r: int, col: int) -> None:
        text = QGuiApplication.clipboard().text()
        if not text:
            return
        if "\t" not in text and "\n" not in text.strip():
            item = self.grid.item(r, col)
            if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
                item.setText(text.strip())
            return
        try:
            result = paste_block(self._table, ref, col, text)
        except CellError as exc:
            self._say(str(exc), error=True)
            return
        self._commit(result.table)
        self._say(f"已粘贴 {len(result.refs)} 行。", error=False)


def _num(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value)


def _safe_name(name: str) -> str:
    return "".join(ch for ch in name if ch not in '\\/:*?"<>|').strip() or "自评表.xlsx"
