"""What an export writes when the report has a 自评表 (plain Python; the window's dialog only asks).

The user's choice — the table and the 说明 in one file (table first), in two files, or the 说明 only —
becomes the list of files to write: each file's path and what it holds. Two files are "<name>.docx" (the
说明) and "<name>（自评表）.docx" (the table); a PDF export names them the same with ".pdf". A report whose
table has nothing filled in is exported as the 说明 alone, and nobody is asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path

from selfeval.domain.table.model import SelfEvalTable


class TableChoice(str, Enum):
    COMBINED = "combined"
    SEPARATE = "separate"
    TEXT_ONLY = "text_only"

    @property
    def label(self) -> str:
        return CHOICE_LABELS[self]


CHOICE_LABELS = {
    TableChoice.COMBINED: "自评表和说明（同一文件，自评表在前）",
    TableChoice.SEPARATE: "自评表和说明（两个文件）",
    TableChoice.TEXT_ONLY: "仅说明",
}
DEFAULT_CHOICE = TableChoice.COMBINED
TABLE_FILE_MARK = "（自评表）"


class Part(Enum):
    """What one exported file holds."""

    TABLE_AND_TEXT = "table_and_text"  # the table's pages first, then the 说明
    TEXT = "text"
    TABLE = "table"


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    part: Part


def choice_from(value: object) -> TableChoice:
    """A remembered choice (a settings string); anything else is the default."""
    try:
        return TableChoice(str(value))
    except ValueError:
        return DEFAULT_CHOICE


def table_has_content(table: SelfEvalTable) -> bool:
    """Whether the table has anything the user filled in: an indicator, an amount, a goal, 主管部门."""
    budget = any(v is not None for row in table.budget.rows for v in (row.initial, row.budget, row.spent))
    return bool(table.indicators() or budget or table.supervisor.strip() or table.goal_expected.strip()
                or table.goal_achieved.strip())


def table_file_path(path: Path) -> Path:
    """The table's own file beside ``path``: "说明.docx" → "说明（自评表）.docx"."""
    return path.with_name(f"{path.stem}{TABLE_FILE_MARK}{path.suffix}")


def plan_files(target: Path, choice: TableChoice, has_table: bool) -> tuple[PlannedFile, ...]:
    """The files an export to ``target`` writes, in the order they are written."""
    if not has_table or choice is TableChoice.TEXT_ONLY:
        return (PlannedFile(target, Part.TEXT),)
    if choice is TableChoice.COMBINED:
        return (PlannedFile(target, Part.TABLE_AND_TEXT),)
    return (PlannedFile(target, Part.TEXT), PlannedFile(table_file_path(target), Part.TABLE))



@dataclass(frozen=True)
class PagesPlan:
    """The pages an export shows in 打印预览 and the page count: its files' parts in reading order (the
    table's file before the 说明's), the table they hold (None: none) and the table pages' orientation."""

    parts: tuple[Part, ...] = (Part.TEXT,)
    table: SelfEvalTable | None = None
    landscape: bool = False

    @property
    def has_table(self) -> bool:
        return self.table is not None and self.parts != (Part.TEXT,)


def pages_plan(choice: TableChoice, table: SelfEvalTable | None, landscape: bool = False) -> PagesPlan:
    """What 打印预览 shows for ``choice`` (``table``: None or a table without content → the 说明 alone)."""
    if table is None or not table_has_content(table) or choice is TableChoice.TEXT_ONLY:
        return PagesPlan()
    parts = (Part.TABLE_AND_TEXT,) if choice is TableChoice.COMBINED else (Part.TABLE, Part.TEXT)
    return PagesPlan(parts, table, landscape)


def estimate_pages(report, plan: PagesPlan) -> tuple[int, Decimal]:
    """(pages, last page fill) of everything ``plan`` shows, without an office suite: the 说明's estimate
    (``pagination``) and the table's (``table_pages``)."""
    from selfeval.domain.pagination import estimate_report_pages
    from selfeval.domain.table.pages import estimate_table_pages

    text = estimate_report_pages(report)
    pages = 0
    for part in plan.parts:
        if part is not Part.TEXT:
            pages += estimate_table_pages(report, plan.table, landscape=plan.landscape)
        if part is not Part.TABLE:
            pages += text.pages
    return pages, text.last_page_fill
