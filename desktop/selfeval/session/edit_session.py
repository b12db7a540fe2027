"""The edit session: one open report, its pending edits, and the one path every change takes.

- Typing: editors report a change with ``edit_section``/``edit_field``; the autosaver turns it into a
  ``SetSection``/``SetField`` within a second (``autosave.py``). Nothing is reloaded: the editors are
  the source of what they show.
- Everything else (a dialog's create, rename, delete, a restore, undo, redo, a future replace-all) is
  ``run_op(op)``: pending edits are saved first, the operation goes through ``store.apply``, a failure is
  reported once (``failed``), and every listener learns of the change (``applied``). When the open
  report changed, the session reloads it and says which sections changed (``reloaded``), so the window
  touches only those editors; when it was deleted, the session closes it (``closed``).
Listeners: the window (tabs, title, status, actions), and any panel that wants to follow the report.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from selfeval.domain.errors import UserError
from selfeval.domain.fields import EXPLANATIONS_FIELD, TABLE_FIELD
from selfeval.domain.model import Report
from selfeval.session.autosave import AutoSaver, MakeTimer
from selfeval.session.events import Event

if TYPE_CHECKING:  # the write side (operations, log records) is imported on first use: not before the first paint
    from selfeval.store.operations import Operation
    from selfeval.store.records import OpRecord

# How long a save waits for another program's lock on the database before it counts as failed (and is
# retried later by the autosaver). Short: the wait happens on the thread the user types on.
SAVE_BUSY_TIMEOUT_MS = 100
# Pending typing could not be saved before a workflow that needs it saved (export, backup, merge, undo …).
UNSAVED_TEXT = "最近的修改还未能保存，请稍后{retry}。"


class Reload:
    """What a reload changed: the report now shown, the one shown before, the content sections whose
    data differ, whether the report's fields (基本信息) differ, and whether the tabs must be rebuilt
    (sections added, removed, renamed or reordered)."""

    __slots__ = ("report", "previous", "sections", "fields", "shape")

    def __init__(self, report: Report, previous: Report | None, sections: frozenset[str], fields: bool,
                 shape: bool) -> None:
        self.report, self.previous, self.sections, self.fields, self.shape = report, previous, sections, fields, shape


class EditSession:
    def __init__(self, store, make_timer: MakeTimer, *, busy_timeout_ms: int | None = SAVE_BUSY_TIMEOUT_MS) -> None:
        self.store = store
        self.report_id: int | None = None
        # Last year's values (``year_over_year.LastYear``) the open report's 「{执行率较上年}」 compares with, handed to
        # every ``report`` this session holds (``compare_years``); None: none (or not looked up yet).
        self._compared = None
        self.report: Report | None = None  # as saved, plus the edits the autosaver applied since
        if busy_timeout_ms is not None and not self.read_only:
            store.set_busy_timeout(busy_timeout_ms)
        self.autosaver = AutoSaver(self._apply_edit, make_timer, read_only=self.read_only)
        self.autosaver.before_flush = self.check_foreign
        # Another program's commits (``PRAGMA data_version``): the value last seen, None until a report opens.
        self._seen_version: int | None = None
        # What each pending edit reads at save time, by autosaver key ("section:KEY", "field:NAME").
        self._current: dict[str, object] = {}
        # The 自评表 (JSON form) the table tab's pending cells are taken against: the table as the window
        # believes it is stored. None while no table edit is pending.
        self._table_base: dict | None = None
        self.foreign = Event()  # (message): another program changed the open report; it was loaded
        # Why the path no longer names the open file (deleted, moved, replaced), None while it does: nothing
        # is saved then, and the window offers 「另存到…」 (``save_as``).
        self.file_problem: str | None = None
        self.file_gone = Event()  # (message): the file went away; told once
        self.autosaver.failed.connect(lambda _message: self.check_file())
        self.opened = Event()  # (report_id, Report)
        self.closed = Event()  # ()
        self.reloaded = Event()  # (Reload)
        self.applied = Event()  # (OpRecord): every change of the store made through this session
        self.failed = Event()  # (title, message): an operation could not be done; show it once
        self.autosaver.applied.connect(self.applied.emit)

    @property
    def report(self) -> Report | None:
        return self._report

    @report.setter
    def report(self, report: Report | None) -> None:
        if report is not None:
            report.compared_with = self._compared
        self._report = report

    def compare_years(self, last) -> None:
        """Hands the open report last year's values (``year_over_year.LastYear`` or None) its quotes of the
        change compare with (after opening: the look-up reads another report, not on the way to the first paint)."""
        self._compared = last
        if self._report is not None:
            self._report.compared_with = last

    @property
    def read_only(self) -> bool:
        return bool(getattr(self.store, "read_only", False))

    @property
    def is_open(self) -> bool:
        return self.report_id is not None

    @property
    def pending(self) -> bool:
        return self.autosaver.pending

    @property
    def last_saved(self) -> dt.datetime | None:
        return self.autosaver.last_saved

    # Opening ---------------------------------------------------------------------------------------
    def export_stamp(self):
        """What an export of the open report carries so that an edited copy can be merged back
        (``domain.export_stamp``): call after a flush, so that the version is a stored one."""
        from selfeval.domain.export_stamp import ExportStamp

        if self.report_id is None or self.report is None:
            return None
        newest = self.store.history(self.report_id, limit=1)
        return ExportStamp.of(self.report_id, self.store.info(self.report_id).created_at, self.report,
                              newest[0].id if newest else 0)

    def open(self, report_id: int) -> bool:
        """Makes ``report_id`` the open report; False (and ``failed``) if it cannot be opened."""
        if not self.flush():
            return False
        try:
            report = self.store.load(report_id)
            info = self.store.info(report_id)
        except UserError as exc:
            self.failed.emit("无法打开报告", str(exc))
            return False
        if info.deleted_at is not None:
            self.failed.emit("无法打开报告", "该报告已在回收站中，请先在“报告管理”中恢复。")
            return False
        self.report_id = report_id
        self._compared = None
        self.report = report
        self._current.clear()
        self._table_base = None
        self._see_version()
        self.autosaver.last_saved = _local(info.updated_at)
        self.opened.emit(report_id, report)
        return True

    def close(self) -> None:
        """Saves what is pending and closes the open report (nothing is open afterwards)."""
        self.flush()
        if self.report_id is None:
            return
        self.autosaver.discard()
        self.report_id = None
        self.report = None
        self.closed.emit()

    # Typing ----------------------------------------------------------------------------------------
    def edit_section(self, key: str, current_section) -> None:
        """Section ``key`` changed in its editor; ``current_section()`` gives its value at save time."""
        if self.report_id is None or self.read_only:
            return
        from selfeval.store.operations import SetSection

        report_id = self.report_id
        self._current[f"section:{key}"] = current_section
        self.autosaver.schedule(f"section:{key}", lambda: SetSection(report_id, current_section()))

    def edit_field(self, name: str, current_value) -> None:
        """Report field ``name`` changed; ``current_value()`` gives its value at save time. The 自评表
        (``"table"``) is saved as the cells that changed (``edit_table``)."""
        if self.report_id is None or self.read_only:
            return
        if name == TABLE_FIELD:
            self.edit_table(current_value)
            return
        from selfeval.store.operations import SetField

        report_id = self.report_id
        self._current[f"field:{name}"] = current_value
        self.autosaver.schedule(f"field:{name}", lambda: SetField(report_id, name, current_value()))

    def edit_table(self, current_table) -> None:
        """The 自评表 tab changed; ``current_table()`` gives the table shown at save time. Saved as the cells
        that differ from the table the tab started from (``SetTableCells``), written over the table as stored
        then: cells another program changed meanwhile are not put back to the window's older values."""
        if self.report_id is None or self.read_only:
            return
        key = f"field:{TABLE_FIELD}"
        if self._table_base is None or key not in self.autosaver.pending_keys():
            self._table_base = _table_dict(self.report)
        self._current[key] = current_table
        report_id = self.report_id
        self.autosaver.schedule(key, lambda: self._table_op(report_id, current_table))

    def _table_op(self, report_id: int, current_table):
        from selfeval.store.operations import SetTableCells
        from selfeval.store.table_cells import cell_changes

        shown = current_table().to_dict()
        return SetTableCells(report_id, cell_changes(self._table_base, shown), base=self._table_base)

    # Another program's changes ------------------------------------------------------------------------------
    def _see_version(self) -> None:
        try:
            self._seen_version = self.store.data_version()
        except (UserError, AttributeError):
            self._seen_version = None

    def check_file(self) -> str | None:
        """Whether the path still names the open file (before every save, and every few seconds): when it
        stops doing so, ``file_gone`` tells the window once. The problem, or None."""
        if self.read_only:
            return None
        problem = self.store.file_problem()
        told = self.file_problem is not None
        self.file_problem = problem
        if problem is not None and not told:
            self.autosaver.state_changed.emit()
            self.file_gone.emit(problem)
        return problem

    def save_as(self, target) -> bool:
        """Everything (the file as this window has it, then the unsaved edits) written to ``target``, which the
        window uses from now on. False when it could not be written (``failed`` says why)."""
        try:
            self.store.save_as(target)
        except UserError as exc:
            self.failed.emit("无法另存", str(exc))
            return False
        self.store.set_busy_timeout(SAVE_BUSY_TIMEOUT_MS)
        self.file_problem = None
        self._see_version()
        self.autosaver.failures = 0
        self.autosaver.retry_ms = None
        self.autosaver.state_changed.emit()
        self.flush()
        return True

    def check_foreign(self) -> bool:
        """Before every save and when the window comes to the front: if another program committed to the
        file since we last looked (``PRAGMA data_version``), load what it changed in the open report and keep
        the window's unsaved edits on top (per section, per field, per 自评表 cell); ``foreign`` says so.
        True when something was loaded."""
        if self.read_only:
            return False
        if self.check_file() is not None:
            return False
        if self.report_id is None or self._seen_version is None:
            return False
        try:
            version = self.store.data_version()
        except UserError:
            return False
        if version == self._seen_version:
            return False
        self._seen_version = version
        return self._catch_up()

    def _catch_up(self) -> bool:
        try:
            stored = self.store.load(self.report_id)
            info = self.store.info(self.report_id)
        except UserError:
            return False
        if info.deleted_at is not None:
            self.foreign.emit("另一个程序已把本报告移入回收站；本窗口中的内容仍在，保存前请先在“报告管理”中还原。")
            return False
        old = self.report
        if old is not None and old.to_dict() == stored.to_dict():
            return False
        pending = self.autosaver.pending_keys()
        shown = stored
        kept: list[str] = []
        merged_keys: set[str] = set()  # pending sections merged with the other program's: their editors reload
        for key in pending:
            kind, _, name = key.partition(":")
            if kind == "section":
                op = self.autosaver.freeze(key)  # the editor may be rebuilt below
                if op is None:
                    continue
                base, theirs = _section_dict(old, name) if old is not None else None, _section_dict(stored, name)
                if base is not None and theirs is not None and base != theirs:
                    # Changed here and there: the other program's section, with what the window changed
                    # (field by field, entry by entry) on top; where both changed the same text, the window's.
                    from selfeval.domain.model import Section
                    from selfeval.store.table_cells import apply_cells, cell_changes

                    merged = Section.from_dict(apply_cells(theirs, cell_changes(base, op.section.to_dict()))[0])
                    op = type(op)(op.report_id, merged)
                    self.autosaver.replace(key, op)
                    merged_keys.add(name)
                    kept.append(f"“{merged.heading or name}”")
                shown = _with_section(shown, op.section)
            elif kind == "field" and name == TABLE_FIELD:
                from selfeval.domain.table.model import SelfEvalTable
                from selfeval.store.table_cells import apply_cells, cell_changes

                current = self._current.get(key)
                mine = cell_changes(self._table_base, current().to_dict()) if current is not None else ()
                base = _table_dict(stored)
                merged, _skipped = apply_cells(base, mine)
                self._table_base = base
                shown = shown.copy_with(table=SelfEvalTable.from_dict(merged))
            elif kind == "field":
                op = self.autosaver.freeze(key)
                if op is not None:
                    shown = shown.copy_with(**{name: op.value}) if name in Report.FIELDS else shown
        change = diff_reports(old, shown)
        # An editor with unsaved typing keeps its text (and its cursor) unless the other program's text was
        # merged into it.
        typing = {key.partition(":")[2] for key in pending if key.startswith("section:")}
        change.sections = (change.sections - typing) | frozenset(merged_keys)
        self.report = stored
        what = _changed_names(old, stored)
        self.reloaded.emit(change)
        text = f"另一个程序修改了本报告（{what}），已载入最新内容。" if what else "另一个程序修改了本报告，已载入最新内容。"
        if pending:
            text += "您尚未保存的修改已保留，并将保存在最新内容之上。"
        if kept:
            text += (f"{'、'.join(kept)}两边都改过：已合并，同一处两边都改过的保留本窗口的"
                     "（另一程序的版本可在“历史版本”中找回）。")
        self.foreign.emit(text)
        return True

    def flush(self) -> bool:
        """Saves pending edits now; False when they could not be saved (``autosaver.last_error`` says why).
        Before anything else (an export, a replace, a history) it also loads another program's changes, so that
        what follows starts from the report as stored."""
        if not self.pending:
            self.check_foreign()
        return self.autosaver.flush()

    def unsaved_text(self, retry: str = "再试") -> str:
        """Why a workflow did not start after ``flush()`` failed: 「最近的修改还未能保存，请稍后再试。」 and the reason."""
        return f"{UNSAVED_TEXT.format(retry=retry)}\n{self.autosaver.last_error or ''}".strip()

    def _apply_edit(self, op: Operation) -> OpRecord | None:
        from selfeval.store.operations import SetField, SetSection, SetTableCells

        record = self.store.apply(op)
        if self.report is not None and getattr(op, "report_id", None) == self.report_id:
            if isinstance(op, SetSection):
                self.report = _with_section(self.report, op.section)
            elif isinstance(op, SetTableCells):
                self.report = self.store.load(self.report_id)
                # The table as the window now believes it stored: the base of the next cells.
                from selfeval.store.table_cells import apply_cells

                self._table_base = apply_cells(self._table_base, op.cells)[0]
            elif isinstance(op, SetField):
                self.report = self.store.load(self.report_id)  # a field: small, and its JSON form is the store's
        return record

    # Everything else: one path -----------------------------------------------------------------------
    def run_op(self, op: Operation, failure_title: str = "操作失败") -> OpRecord | None:
        """Applies ``op`` after saving what is pending; tells listeners; None if it failed or changed
        nothing (a failure has been reported through ``failed``)."""
        from selfeval.store.operations import ReplaceText

        # A replace carries the whole text of the report it was made from: made before another program's change
        # was loaded, it would write that older text back.
        return self._run(lambda: self.store.apply(op), failure_title, built_on_report=isinstance(op, ReplaceText))

    def undo(self) -> OpRecord | None:
        """Undoes the open report's newest edit (pending typing is saved first, so it is what is undone)."""
        if self.report_id is None or self.read_only:
            return None
        report_id = self.report_id
        return self._run(lambda: self.store.undo(report_id), "无法撤销")

    def redo(self) -> OpRecord | None:
        if self.report_id is None or self.read_only:
            return None
        report_id = self.report_id
        return self._run(lambda: self.store.redo(report_id), "无法重做")

    def restore(self, op_id: int) -> OpRecord | None:
        """Brings the open report back to how it was right after ``op_id`` (one undoable step)."""
        if self.report_id is None:
            return None
        from selfeval.store.operations import RestoreState

        return self.run_op(RestoreState(self.report_id, op_id), "无法恢复")

    def _run(self, do, failure_title: str, built_on_report: bool = False) -> OpRecord | None:
        if self.read_only:
            self.failed.emit(failure_title, "数据库以只读方式打开，不能修改。")
            return None
        if self.check_foreign() and built_on_report:
            self.failed.emit(failure_title, "另一个程序刚修改了本报告，窗口已载入最新内容，请再操作一次。")
            return None
        if not self.flush():
            self.failed.emit(failure_title, self.unsaved_text())
            return None
        try:
            record = do()
        except UserError as exc:
            self.failed.emit(failure_title, str(exc))
            return None
        if record is not None:
            self.autosaver.mark_saved()
            self.applied.emit(record)
            self._follow(record)
        return record

    def _follow(self, record: OpRecord) -> None:
        """The open report after ``record``: closed if it left, else reloaded if it changed."""
        if self.report_id is None or record.report_id != self.report_id:
            return
        from selfeval.store.records import KIND_DELETE, KIND_PURGE

        if record.kind in (KIND_DELETE, KIND_PURGE):
            self.autosaver.discard()
            self.report_id = None
            self.report = None
            self.closed.emit()
            return
        self.reload()

    # Reading back --------------------------------------------------------------------------------------
    def reload(self) -> Reload | None:
        """Shows the store's version of the open report: tells listeners what differs from before."""
        if self.report_id is None:
            return None
        try:
            report = self.store.load(self.report_id)
        except UserError as exc:
            self.failed.emit("无法读取报告", str(exc))
            return None
        self.autosaver.discard()
        self._current.clear()
        self._table_base = None
        self._see_version()
        change = diff_reports(self.report, report)
        self.report = report
        self.reloaded.emit(change)
        return change

    def can_undo(self) -> bool:
        if self.report_id is None or self.read_only:
            return False
        try:
            return self.pending or self.store.can_undo(self.report_id)
        except UserError:
            return False

    def can_redo(self) -> bool:
        if self.report_id is None or self.read_only:
            return False
        try:
            return self.store.can_redo(self.report_id)
        except UserError:
            return False


def diff_reports(old: Report | None, new: Report) -> Reload:
    """What differs between the report shown (``old``) and ``new``."""
    if old is None:
        return Reload(new, None, frozenset(s.key for s in new.content_sections()), True, True)
    shape = _shape(old) != _shape(new)
    old_sections = {s.key: s.to_dict() for s in old.content_sections()}
    changed = frozenset(s.key for s in new.content_sections() if old_sections.get(s.key) != s.to_dict())
    # The 审核说明 are shown by the 审核 panel (it checks again after every reload), not by a tab.
    old_head = {k: v for k, v in old.to_dict().items() if k not in ("sections", EXPLANATIONS_FIELD)}
    new_head = {k: v for k, v in new.to_dict().items() if k not in ("sections", EXPLANATIONS_FIELD)}
    return Reload(new, old, changed, old_head != new_head, shape)


def _table_dict(report: Report | None) -> dict | None:
    """The 自评表 the table tab shows for ``report`` (a fresh one from the outline for a report without one)."""
    if report is None:
        return None
    from selfeval.bundled.report_table import table_of

    return table_of(report).to_dict()


def _section_dict(report: Report, key: str) -> dict | None:
    for s in report.sections:
        if s.key == key:
            return s.to_dict()
    return None


def _changed_names(old: Report | None, new: Report) -> str:
    """The parts another program changed, in the clerk's words: 「“工作措施”、自评表、基本信息」."""
    if old is None:
        return ""
    names = [f"“{s.heading or s.key}”" for s in new.sections if _section_dict(old, s.key) != s.to_dict()]
    old_head = {k: v for k, v in old.to_dict().items() if k != "sections"}
    new_head = {k: v for k, v in new.to_dict().items() if k != "sections"}
    if old_head.get(TABLE_FIELD) != new_head.get(TABLE_FIELD):
        names.append("自评表")
    if {k: v for k, v in old_head.items() if k != TABLE_FIELD} != {k: v for k, v in new_head.items() if k != TABLE_FIELD}:
        names.append("基本信息")
    return "、".join(names[:4]) + ("等" if len(names) > 4 else "")


def _shape(report: Report) -> list[tuple[str, str, str]]:
    """What the tabs are built from: a change here rebuilds them."""
    return [(s.key, s.kind.value, s.heading) for s in report.content_sections()]


def _with_section(report: Report, section) -> Report:
    """``report`` with ``section`` in place of the one with its key (appended if new); shares the rest."""
    sections = list(report.sections)
    for i, s in enumerate(sections):
        if s.key == section.key:
            sections[i] = section
            break
    else:
        sections.append(section)
    return report.copy_with(sections=sections)


def _local(when: dt.datetime | None) -> dt.datetime | None:
    """A stored (UTC) time as a naive local time, for "已保存 HH:MM:SS"."""
    if when is None:
        return None
    try:
        return when.astimezone().replace(tzinfo=None)
    except (ValueError, OverflowError):
        return None
