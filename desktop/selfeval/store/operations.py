"""The operations that change a store. Every change is one of these, given to ``Store.apply``.

They are plain values: the store validates them, applies them in one transaction and logs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

from selfeval.domain.explanations import Explanation
from selfeval.domain.model import Report, Section
from selfeval.domain.table.model import SelfEvalTable


@dataclass(frozen=True)
class CreateReport:
    """Add a new report. ``note`` is appended to the log summary (e.g. "由上年报告生成")."""

    report: Report
    note: str = ""


@dataclass(frozen=True)
class SetField:
    """Set one report field (``domain.fields.FIELDS``: the 基本信息 values and ``"layout"``)."""

    report_id: int
    field: str
    value: Any


@dataclass(frozen=True)
class SetSection:
    """Replace the section with the same key; a key the report does not have yet is appended. ``step``: a
    change of its own with that summary (「“预算金额”改为引用自评表」), never merged with typing before or
    after it; empty: an edit, merged with the typing around it."""

    report_id: int
    section: Section
    step: str = ""


@dataclass(frozen=True)
class DeleteReport:
    """Move a report into the recycle bin (soft delete)."""

    report_id: int


@dataclass(frozen=True)
class RestoreReport:
    """Take a report back out of the recycle bin."""

    report_id: int


@dataclass(frozen=True)
class PurgeReport:
    """Remove a report from the recycle bin for good, with its history."""

    report_id: int


@dataclass(frozen=True)
class RestoreState:
    """Bring the whole report back to how it was right after ``op_id`` (one undoable step)."""

    report_id: int
    op_id: int


@dataclass(frozen=True)
class SetSections:
    """Replace several sections (and, with ``table``, the 自评表) as one undoable step (keys the report lacks
    are appended); ``source`` says where they came from, for the history (e.g. 交换文件“办公室.selfeval”).
    ``explanations`` (finding key, explanation) that came with those sections are added where the report
    has none for that key (its own are kept)."""

    report_id: int
    sections: tuple[Section, ...]
    source: str
    explanations: tuple[tuple[str, Explanation], ...] = ()
    table: SelfEvalTable | None = None  # the merged 自评表 too, in the same step; None: the table stays


@dataclass(frozen=True)
class RenameReport:
    """The unit's full and short name together (报告管理 › 重命名): one undoable step, never half done."""

    report_id: int
    unit_name: str
    unit_short: str



@dataclass(frozen=True)
class ReplaceText:
    """The report's text after a report-wide replace (``domain.find_replace``): its sections and its own
    fields written as one undoable step, logged as 「全部替换“A”为“B”（N 处）」 (``everywhere=False``: one
    occurrence, 「替换“A”为“B”」). Only text changes: the year, template and layout stay as stored."""

    report_id: int
    report: Report
    find: str
    replacement: str
    count: int
    everywhere: bool = True

@dataclass(frozen=True)
class SetExplanation:
    """The clerk's explanation or dismissal (``explanation``) of the finding ``key`` (``checks.explain``
    makes it), or its withdrawal (``None``): one undoable step on the report's 审核说明, logged as
    「说明警告：“…”」, 「忽略警告：“…”」 or 「撤回说明：警告“…”」."""

    report_id: int
    key: str
    explanation: Explanation | None


@dataclass(frozen=True)
class SetTableCells:
    """Cells of the 自评表 the window changed (``store.table_cells.cell_changes`` of the table it started from and
    the one shown), applied to the table as stored when the step is written: cells another program changed
    meanwhile keep their newer values. ``base``: the table the cells were taken against, used when the report
    has no stored table yet (one the window made from the outline). One undoable step, logged as a change of
    the field "table" named by its first cell (「修改自评表：居民满意度 实际完成值 97.2 → 98.5」)."""

    report_id: int
    cells: tuple  # of store.table_cells.Cell
    base: Any = None


Operation = Union[CreateReport, SetField, SetTableCells, SetSection, SetSections, RenameReport, DeleteReport, RestoreReport,
                  PurgeReport, RestoreState, ReplaceText, SetExplanation]
