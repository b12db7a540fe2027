"""Reading a 自评表 back from an .xlsx in the layout ``export/table_xlsx.py`` writes (openpyxl).

The file is checked before it is parsed (size, a zip bomb, an encrypted or not-.xlsx file), then read row
by row onto the report's own indicator tree: every cell is read as if typed in the 自评表 tab
(``domain.table_rows``), and every problem is reported in Chinese with its row number. Nothing is returned
unless the whole file is accepted (``TableImportError`` lists the problems).
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from selfeval.domain.figures import format_decimal
from selfeval.domain.table import budget as budget_cells
from selfeval.domain.table.budget import AMOUNT_HEADS, sheet_override
from selfeval.domain.table.scoring import score_table
from selfeval.domain.table.model import BudgetRowKey, Indicator, SelfEvalTable
from selfeval.domain.table.checks import table_errors
from selfeval.domain.table.rows import (
    COLUMN_KEYS,
    INDICATOR_COLUMNS,
    CellError,
    RowRef,
    parse_cell_number,
    set_cell,
)
from selfeval.domain.table.template import detect_framework, switch_framework
from selfeval.domain.text import clean_text
from selfeval.domain.table.form import SHEET_LAYOUT as LAYOUT
from selfeval.domain.table.form import SHEET_TOTAL_LABEL as TOTAL_LABEL
from selfeval.importers.errors import ImportError_
from selfeval.importers.score_sheet import ReadSheet, find_header, read_score_sheet

# The indicator header of a file exported before issue 20 (no 评分标准 column).
OLD_KEYS = tuple(k for k in COLUMN_KEYS if k != "rule")
OLD_LABELS = tuple(c.label for c in INDICATOR_COLUMNS if c.key != "rule")
MAX_FILE_BYTES = 10 * 1024 * 1024  # a filled table is tens of kilobytes
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 2000
MAX_PROBLEMS_SHOWN = 20
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx (or an old .xls) is an OLE file


class TableImportError(ImportError_):
    """The file cannot be imported; ``problems`` lists every reason (row by row), ``str`` says it in one text."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = list(problems or [])
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        more = len(self.problems) - len(shown)
        text = message + ("\n" + "\n".join(shown) if shown else "")
        if more > 0:
            text += f"\n……另有 {more} 处问题。"
        super().__init__(text)


def read_table_xlsx(path: str | os.PathLike[str], base: SelfEvalTable, frameworks=()) -> SelfEvalTable:
    """The table the file holds: a file this program exported, on ``base``'s indicator tree and scoring rules
    (the report's own); or a published 评分表 in another layout, with its own rows and the framework (of
    ``frameworks``) its 一级/二级 names belong to (``score_sheet``)."""
    return read_table_file(path, base, frameworks).table


def import_table_xlsx(path: str | os.PathLike[str], base: SelfEvalTable, frameworks=()) -> ReadSheet:
    """``read_table_file``: the table and the notes on how the file was read (``ReadSheet.notes``)."""
    return read_table_file(path, base, frameworks)


def read_table_file(path: str | os.PathLike[str], base: SelfEvalTable, frameworks=()) -> ReadSheet:
    """As ``read_table_xlsx``, with the file's own 得分 and 总分 (a 评分表 in another layout) to compare, and
    notes on how it was read (a 得分 without its 改分理由 taken as the computed one)."""
    path = Path(path)
    data = _read_bytes(path)
    _check_package(data, path.name)
    sheet = _load_sheet(data, path.name)
    reader = _SheetReader(sheet, base)
    reader._check_layout()
    if reader.problems:
        found = find_header(sheet)
        if found is not None:
            return _score_sheet(sheet, found, base, frameworks, path.name)
    reader.problems = []
    reader.base = _on_its_framework(reader, base, frameworks)
    table = reader.read()
    return ReadSheet(table, (), None, table.framework_id, notes=tuple(reader.notes))


def _on_its_framework(reader: "_SheetReader", base: SelfEvalTable, frameworks) -> SelfEvalTable:
    """A file this program exported from a table on another framework (its 一级 names are not the report's):
    the report's table moved onto that framework first, so that the rows have their places."""
    names = {g.name for g in base.groups}
    firsts, seconds = [], []
    for row in range(LAYOUT.indicator_header + 1, len(reader.rows) + 1):
        first = reader.text(row, 1)
        if first == TOTAL_LABEL:
            break
        if first:
            firsts.append(first)
        if reader.text(row, 2):
            seconds.append(reader.text(row, 2))
    reader.problems = []
    if not firsts or set(firsts) <= names:
        return base
    framework = detect_framework(list(frameworks), firsts, seconds)
    if framework is None or not set(firsts) <= {g.name for g in framework.groups}:
        return base
    return switch_framework(base, framework)[0]


def _score_sheet(sheet, found, base: SelfEvalTable, frameworks, name: str) -> ReadSheet:
    header, columns = found
    read = read_score_sheet(sheet, header, columns, base, frameworks)
    if read.problems:
        raise TableImportError("自评表未导入（文件中的任何内容都没有保存），请改正以下问题后重新导入：",
                               list(read.problems))
    if not read.table.indicators():
        raise TableImportError(f"“{name}”第 {header} 行是评分表的表头，但下面没有三级指标行，已拒绝导入。")
    problems = table_errors(read.table)
    if problems:
        raise TableImportError("自评表未导入（文件中的任何内容都没有保存），请改正以下问题后重新导入：", problems)
    return read


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TableImportError(f"文件“{path.name}”过大（{size // (1024 * 1024)} MB），"
                                   f"自评表文件一般不超过 1 MB，已拒绝导入。")
        return path.read_bytes()
    except OSError as exc:
        from selfeval.domain.errors import os_error_reason

        raise TableImportError(f"无法读取文件“{path.name}”（{os_error_reason(exc)}）。") from None


def _check_package(data: bytes, name: str) -> None:
    if data.startswith(_OLE_MAGIC):
        raise TableImportError(f"“{name}”设有打开密码（已加密），或是旧版 .xls 文件：请在 Excel 或 WPS 表格中"
                               "取消密码，另存为 .xlsx 后再导入。")
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableImportError(f"“{name}”不是有效的 .xlsx 文件（可能已损坏），无法读取。") from None
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES or len(infos) > 1000:
        raise TableImportError(f"“{name}”解压后异常庞大，不像是一张自评表，已拒绝导入。")


def _load_sheet(data: bytes, name: str):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise TableImportError(f"“{name}”不是有效的 .xlsx 文件（可能已损坏），无法读取。") from None
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        raise TableImportError(f"“{name}”中没有工作表。")
    if (sheet.max_row or 0) > MAX_ROWS:
        raise TableImportError(f"“{name}”有 {sheet.max_row} 行，超过了自评表可能的行数（{MAX_ROWS}），已拒绝导入。")
    return [list(row) for row in sheet.iter_rows(max_col=max(LAYOUT.last_column, min(sheet.max_column or 0, 30)))]


# Columns whose cells the app computes (执行率, 得分; the 总分 row): a formula there is the workbook computing
# like the app, never read as a value.


class _SheetReader:
    def __init__(self, rows, base: SelfEvalTable) -> None:
        self.rows = rows
        self.base = base
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.columns = COLUMN_KEYS

    def cell(self, row: int, col: int, computed: bool = False):
        """The value at 1-based (row, col): text, Decimal or None. A formula in a ``computed`` column is
        None (the app computes it again); anywhere else it is a problem. A number shown as a percentage
        (0.95 with a ``0%`` format) is read as the percentage it shows: 「95%」."""
        if row > len(self.rows) or col > len(self.rows[row - 1]):
            return None
        cell = self.rows[row - 1][col - 1]
        value = getattr(cell, "value", None)
        if getattr(cell, "data_type", None) == "f":
            if computed:
                return None
            self.problems.append(f"第 {row} 行第 {col} 列是公式（{value}），请在 Excel 中“选择性粘贴→数值”后再导入。")
            return None
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, (int, float)):
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            if "%" in (getattr(cell, "number_format", None) or ""):
                return format_decimal(_plain(number * 100)) + "%"
            return number
        if value is None:
            return None
        return clean_text(str(value)).text.strip() or None

    def text(self, row: int, col: int, computed: bool = False) -> str:
        value = self.cell(row, col, computed)
        if value is None:
            return ""
        return format_decimal(value) if isinstance(value, Decimal) else value

    def read(self) -> SelfEvalTable:
        self._check_layout()
        if self.problems:
            raise TableImportError("文件不是本程序导出的自评表格式，已拒绝导入：", self.problems)
        table = replace(self.base, supervisor=self.text(LAYOUT.header_rows[0], 9),
                        goal_expected=self.text(LAYOUT.goals_row, 2), goal_achieved=self.text(LAYOUT.goals_row, 7))
        table = self._budget(table)
        table = self._indicators(table)
        if not self.problems:
            self.problems += table_errors(table)
        if self.problems:
            raise TableImportError("自评表未导入（文件中的任何内容都没有保存），请改正以下问题后重新导入：", self.problems)
        return table

    def _check_layout(self) -> None:
        b, h = LAYOUT.budget_header, LAYOUT.indicator_header
        if [self.text(b, 3 + j) for j in range(3)] != list(AMOUNT_HEADS):
            self.problems.append(f"第 {b} 行应为预算执行情况的表头（{'、'.join(AMOUNT_HEADS)}）。")
        found = [self.text(h, j + 1) for j in range(len(INDICATOR_COLUMNS))]
        if found[: len(OLD_LABELS)] == list(OLD_LABELS) and not any(found[len(OLD_LABELS):]):
            self.columns = OLD_KEYS  # a file exported before issue 20: no 评分标准 column
        elif found != [c.label for c in INDICATOR_COLUMNS]:
            self.problems.append(f"第 {h} 行应为绩效指标的表头（{'、'.join(c.label for c in INDICATOR_COLUMNS)}）。")

    def _budget(self, table: SelfEvalTable) -> SelfEvalTable:
        for row, key in zip(LAYOUT.budget_rows, BudgetRowKey):
            label = self.text(row, 2)
            if label != key.label:
                self.problems.append(f"第 {row} 行应为“{key.label}”，而不是“{label}”。")
                continue
            for j in range(len(AMOUNT_HEADS)):
                try:
                    table = budget_cells.with_amount(table, key, j, self.text(row, 3 + j))
                except CellError as exc:
                    self.problems.append(f"第 {row} 行：{exc}")
        total_row = LAYOUT.budget_rows[0]
        budget = replace(table.budget, override=None)
        try:
            score = parse_cell_number(self.text(total_row, 8, computed=True).rstrip("*"), "分", what="得分")
            taken = sheet_override(score, self.text(total_row, 9), budget_cells.computed_score(budget),
                                   budget.weight, "预算执行率")
        except CellError as exc:
            self.problems.append(f"第 {total_row} 行：{exc}")
            return table.with_budget(budget)
        if taken.note:
            self.notes.append(f"第 {total_row} 行：{taken.note}")
        return table.with_budget(replace(budget, override=taken.override))

    def _indicators(self, table: SelfEvalTable) -> SelfEvalTable:
        groups = {g.name: gi for gi, g in enumerate(table.groups)}
        table = replace(table, groups=tuple(replace(g, categories=tuple(replace(c, indicators=())
                                                                        for c in g.categories))
                                            for g in table.groups))
        group = category = None
        unknown_group = False
        row = LAYOUT.indicator_header + 1
        scores: list[tuple[int, RowRef, Decimal | None, str]] = []
        while row <= len(self.rows):
            first = self.text(row, 1)
            if first == TOTAL_LABEL:
                break
            if first:
                if first not in groups:
                    self.problems.append(f"第 {row} 行：一级指标“{first}”不在本报告的指标体系中"
                                         f"（应为 {'、'.join(groups)}）。")
                    group, unknown_group = None, True
                else:
                    group, category, unknown_group = groups[first], None, False
            second = self.text(row, 2)
            if second and group is not None:
                names = [c.name for c in table.groups[group].categories]
                if second not in names:
                    self.problems.append(f"第 {row} 行：二级指标“{second}”不在“{table.groups[group].name}”之下"
                                         f"（应为 {'、'.join(names)}）。")
                    category = None
                else:
                    category = names.index(second)
            cells = dict.fromkeys(COLUMN_KEYS[2:], "")
            cells.update({key: self.text(row, j + 1, computed=key == "score") for j, key in enumerate(self.columns)
                          if j >= 2})
            if any(cells.values()):
                if unknown_group:
                    pass  # already reported: the 一级 the row is under is not the report's
                elif group is None or category is None:
                    self.problems.append(f"第 {row} 行：未写明所属的一级、二级指标。")
                else:
                    table = self._indicator_row(table, row, group, category, cells, scores)
            row += 1
        else:
            self.problems.append(f"找不到“{TOTAL_LABEL}”行：绩效指标表应以“{TOTAL_LABEL}”行结束。")
        return self._scores(table, scores)

    def _indicator_row(self, table, row, group, category, cells, scores):
        rows = table.groups[group].categories[category].indicators
        table = table.with_indicators(group, category, rows + (Indicator(),))
        ref = RowRef(group, category, len(rows))
        for key in ("nature", "unit", "name", "target", "actual", "weight", "rule", "analysis"):
            try:
                table, ref = set_cell(table, ref, key, cells[key])
            except CellError as exc:
                self.problems.append(f"第 {row} 行“{INDICATOR_COLUMNS[COLUMN_KEYS.index(key)].label}”：{exc}")
        try:
            score = parse_cell_number(cells["score"].rstrip("*"), "分", what="得分")
        except CellError as exc:
            self.problems.append(f"第 {row} 行：{exc}")
            score = None
        scores.append((row, ref, score, cells["reason"]))
        return table

    def _scores(self, table: SelfEvalTable, scores) -> SelfEvalTable:
        """A 得分 is a hand-set score only when its 改分理由 says so (``budget.sheet_override``)."""
        if not scores:
            return table
        computed = score_table(table)
        flat = [RowRef(gi, ci, ii) for gi, g in enumerate(table.groups) for ci, c in enumerate(g.categories)
                for ii in range(len(c.indicators))]
        for row, ref, score, reason in scores:
            ind = table.groups[ref.group].categories[ref.category].indicators[ref.index]
            rule = computed.indicators[flat.index(ref)].computed
            try:
                taken = sheet_override(score, reason, rule, ind.weight, f"“{ind.name}”" if ind.name else "该指标")
            except CellError as exc:
                self.problems.append(f"第 {row} 行：{exc}")
                continue
            if taken.note:
                self.notes.append(f"第 {row} 行：{taken.note}")
            rows = list(table.groups[ref.group].categories[ref.category].indicators)
            rows[ref.index] = replace(ind, override=taken.override)
            table = table.with_indicators(ref.group, ref.category, tuple(rows))
        return table


def _plain(value: Decimal) -> Decimal:
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value
