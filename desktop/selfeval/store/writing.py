"""The store's write side: the operations funnel (``Store.apply``), undo and redo, and the log rows they
write (``Store.apply``, ``create``, ``duplicate``, ``find_or_create``, ``undo`` and ``redo`` hand their work
to a ``Writer``).

Loaded with the first change (``Store._writer``), not on the way to the window: a start only reads. A
``Writer`` is handed its store's ``Db`` (``store/db.py``: the connection and the reads both sides share) and
the store as its ``Host`` (the settings such as ``coalesce_seconds``, looked up at each use, and the file checks
before a change); it imports nothing of ``store.py``.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from typing import TYPE_CHECKING, Any, Iterator, Protocol

from selfeval.domain.fields import EXPLANATIONS_FIELD, TABLE_FIELD, report_field
from selfeval.domain.model import Report, Section
from selfeval.store import summaries
from selfeval.store.db import WHOLE_REPORT, Db, log_damaged, missing
from selfeval.store.delta import Mismatch, diff
from selfeval.store.errors import StoreError
from selfeval.store.records import (
    KIND_CREATE,
    KIND_DELETE,
    KIND_PURGE,
    KIND_REDO,
    KIND_RENAME,
    KIND_REPLACE_TEXT,
    KIND_RESTORE_REPORT,
    KIND_RESTORE_STATE,
    KIND_SET_FIELD,
    KIND_SET_SECTION,
    KIND_SET_SECTIONS,
    KIND_UNDO,
    PIECE_BIN,
    PIECE_FIELD,
    PIECE_REPORT,
    PIECE_SECTION,
    OpRecord,
    now_text,
    parse_time,
)
from selfeval.store.replay import CHANGE_COLUMNS, CHANGE_JOIN, change_of, get_piece

if TYPE_CHECKING:
    from selfeval.store.operations import (
        CreateReport, DeleteReport, Operation, PurgeReport, RenameReport, ReplaceText, RestoreReport, RestoreState,
        SetExplanation, SetField, SetSection, SetSections, SetTableCells,
    )


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Host(Protocol):
    """What a ``Writer`` asks of the store it writes for (``Store`` is one): its settings, read at each use so
    that a test's setting is the one used, and the checks before a change."""

    read_only: bool
    coalesce_seconds: float
    keyframe_rows: int

    def file_problem(self) -> str | None: ...

    def keep_locks(self) -> None: ...


class Writer:
    """The changes of one store: ``db`` its connection and shared reads, ``host`` its settings."""

    def __init__(self, db: Db, host: Host) -> None:
        self.db = db
        self.host = host

    # ---------------------------------------------------------------- writing

    def _writable(self) -> None:
        if self.host.read_only:
            raise StoreError("数据库以只读方式打开，不能修改。")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One ``db.atomic()`` transaction, write-locked from its first statement, SQLite errors
        the user can meet turned into Chinese messages."""
        self._writable()
        problem = self.host.file_problem()
        if problem is not None:
            from selfeval.store.errors import StoreFileGone

            raise StoreFileGone(problem)
        self.host.keep_locks()
        try:
            with self.db.utils.atomic():
                # Take the write lock now (waiting up to the busy timeout), so that a read in this
                # transaction can never be overtaken by another process's commit.
                self.db.conn.execute("UPDATE reports SET id = id WHERE 0")
                yield
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if "locked" in text or "busy" in text:
                raise StoreError("数据库正被其他程序占用，请稍后再试。") from exc
            if "full" in text:
                raise StoreError("磁盘空间不足，修改未能保存。") from exc
            if "readonly" in text or "read-only" in text:
                raise StoreError("数据库文件是只读的，修改未能保存。") from exc
            raise StoreError("读写数据库文件时出错，修改未能保存。") from exc
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError):
            raise  # a bug in the store, not something the user can mend: logged by the caller
        except sqlite3.DatabaseError as exc:  # "database disk image is malformed" and the like
            raise StoreError("数据库文件已损坏，修改未能保存。") from exc

    def _log(self, now: str, report_id: int | None, kind: str, piece: str, summary: str,
             values: tuple[Any, Any], *, section_key: str | None = None, field: str | None = None,
             delta: list | None = None, before: str | None = None, after: str | None = None,
             target_op: int | None = None) -> OpRecord:
        """Append a log row: its change as ``delta``, or as full ``before``/``after`` (JSON text), or
        neither (an undo/redo row: its target's change). ``values``: the piece before and after,
        for the record handed back."""
        cur = self.db.conn.execute(
            "INSERT INTO ops (time, report_id, kind, piece, section_key, field, summary, delta, before, after, "
            "target_op) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (now, report_id, kind, piece, section_key, field, summary, _dumps(delta), before, after, target_op))
        if piece != PIECE_BIN and after is None and self._keyframe_due(report_id, cur.lastrowid):
            self.db.conn.execute("UPDATE ops SET snapshot = ? WHERE id = ?",
                               (_dumps(self.db.report_dict(report_id)), cur.lastrowid))
        return OpRecord(id=cur.lastrowid, time=parse_time(now), report_id=report_id, section_key=section_key,
                        kind=kind, summary=summary, piece=piece, field=field, target_op=target_op, values=values)

    def _keyframe_due(self, report_id: int, op_id: int) -> bool:
        """Whether row ``op_id`` is ``keyframe_rows`` rows after the report's last whole copy."""
        # Walks back from op_id (index ops_report) and stops at the first whole copy.
        last = self.db.row(f"SELECT id FROM ops WHERE report_id = ? AND id < ? AND {WHOLE_REPORT} "
                         "ORDER BY id DESC LIMIT 1", (report_id, op_id))
        since = self.db.conn.execute("SELECT COUNT(*) FROM ops WHERE report_id = ? AND id > ? AND id <= ?",
                                   (report_id, 0 if last is None else last["id"], op_id)).fetchone()[0]
        return since >= self.host.keyframe_rows

    def _drop_redo(self, report_id: int) -> None:
        self.db.conn.execute("UPDATE ops SET dropped = 1 WHERE report_id = ? AND undone = 1 AND dropped = 0",
                           (report_id,))

    def _live_row(self, report_id: int) -> sqlite3.Row:
        row = self.db.row("SELECT id, data, deleted_at FROM reports WHERE id = ?", (report_id,))
        if row is None:
            raise missing(report_id)
        if row["deleted_at"] is not None:
            raise StoreError(f"编号为 {report_id} 的报告在回收站中，请先还原再修改。")
        return row

    @staticmethod
    def _title(data: dict) -> str:
        return Report.from_dict({k: v for k, v in data.items() if k != "sections"}).title

    def _touch(self, report_id: int, now: str) -> None:
        self.db.conn.execute("UPDATE reports SET updated_at = ? WHERE id = ?", (now, report_id))

    def _write_head(self, report_id: int, head: dict, now: str) -> None:
        """Store the report's fields (everything but its sections) and the mirrored columns."""
        head = {k: v for k, v in head.items() if k != "sections"}
        self.db.conn.execute(
            "UPDATE reports SET unit_name = ?, unit_short = ?, year = ?, template_id = ?, data = ?, "
            "updated_at = ? WHERE id = ?",
            (head.get("unit_name", ""), head.get("unit_short", ""), int(head.get("year") or 0),
             head.get("template_id", ""), _dumps(head), now, report_id))

    def _write_sections(self, report_id: int, sections: list[dict]) -> None:
        keys = [s["key"] for s in sections]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate section keys in report")
        self.db.conn.execute("DELETE FROM sections WHERE report_id = ?", (report_id,))
        self.db.conn.executemany(
            "INSERT INTO sections (report_id, key, position, data) VALUES (?, ?, ?, ?)",
            [(report_id, s["key"], i, _dumps(s)) for i, s in enumerate(sections)])

    def _write_section(self, report_id: int, key: str, value: dict | None, now: str) -> None:
        if value is None:
            self.db.conn.execute("DELETE FROM sections WHERE report_id = ? AND key = ?", (report_id, key))
        else:
            cur = self.db.conn.execute("UPDATE sections SET data = ? WHERE report_id = ? AND key = ?",
                                     (_dumps(value), report_id, key))
            if cur.rowcount == 0:
                self.db.conn.execute(
                    "INSERT INTO sections (report_id, key, position, data) VALUES (?, ?, "
                    "(SELECT COALESCE(MAX(position), -1) + 1 FROM sections WHERE report_id = ?), ?)",
                    (report_id, key, report_id, _dumps(value)))
        self._touch(report_id, now)

    def _read_piece(self, report_id: int, piece: str, name: str | None) -> Any:
        if piece == PIECE_SECTION:
            row = self.db.row("SELECT data FROM sections WHERE report_id = ? AND key = ?", (report_id, name))
            return None if row is None else json.loads(row["data"])
        if piece == PIECE_FIELD:
            row = self.db.row("SELECT data FROM reports WHERE id = ?", (report_id,))
            return json.loads(row["data"]).get(name)
        return get_piece(self.db.report_dict(report_id), piece, name)

    def _write_piece(self, report_id: int, piece: str, name: str | None, value: Any, now: str) -> None:
        if piece == PIECE_SECTION:
            self._write_section(report_id, name, value, now)
        elif piece == PIECE_FIELD:
            head = json.loads(self.db.row("SELECT data FROM reports WHERE id = ?", (report_id,))["data"])
            head[name] = value
            self._write_head(report_id, head, now)
        elif piece == PIECE_REPORT:
            if value is None:
                raise ValueError("cannot write a missing report over an existing one")
            self._write_head(report_id, value, now)
            self._write_sections(report_id, value.get("sections", []))
        else:
            raise ValueError(f"piece {piece!r} is not undoable")

    # ---------------------------------------------------------------- the operations funnel

    def apply(self, op: Operation) -> OpRecord | None:
        """Apply one operation in one transaction with its log row; None if it changes nothing."""
        from selfeval.store import operations as ops

        handler = {
            ops.CreateReport: self._create, ops.SetField: self._set_field, ops.SetSection: self._set_section,
            ops.DeleteReport: self._delete, ops.RestoreReport: self._restore_report, ops.PurgeReport: self._purge,
            ops.RestoreState: self._restore_state, ops.SetSections: self._set_sections,
            ops.RenameReport: self._rename,
            ops.ReplaceText: self._replace_text, ops.SetExplanation: self._set_explanation,
            ops.SetTableCells: self._set_table_cells,
        }.get(type(op))
        if handler is None:
            raise TypeError(f"not a store operation: {op!r}")
        with self._transaction():
            return handler(op)

    def create(self, report: Report, note: str = "") -> int:
        """Add ``report``; its new id."""
        from selfeval.store.operations import CreateReport

        return self.apply(CreateReport(report, note)).report_id

    def duplicate(self, report_id: int) -> int:
        """A copy of the report (text, structure, settings) as a new report; its id."""
        return self.create(Report.from_dict(self.db.report_dict(report_id)), note=f"复制自编号 {report_id}")

    def find_or_create(self, report: Report, note: str = "") -> tuple[int, bool]:
        """The id of a report (not in the recycle bin) of the same unit name and year as ``report``,
        else ``report`` added: ``(id, created)``. Look-up and creation are one transaction, so that
        two processes doing this at once add the report once."""
        with self._transaction():
            row = self.db.row("SELECT id FROM reports WHERE deleted_at IS NULL AND unit_name = ? AND year = ? "
                            "ORDER BY id LIMIT 1", (report.unit_name, int(report.year or 0)))
            if row is not None:
                return row["id"], False
            from selfeval.store.operations import CreateReport

            return self._create(CreateReport(report, note)).report_id, True

    def _create(self, op: CreateReport) -> OpRecord:
        if not isinstance(op.report, Report):
            raise TypeError("CreateReport needs a Report")
        data = op.report.to_dict()
        now = now_text()
        head = {k: v for k, v in data.items() if k != "sections"}
        cur = self.db.conn.execute(
            "INSERT INTO reports (unit_name, unit_short, year, template_id, created_at, updated_at, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (data["unit_name"], data["unit_short"], int(data["year"] or 0), data["template_id"], now, now,
             _dumps(head)))
        report_id = cur.lastrowid
        self._write_sections(report_id, data["sections"])
        # The first state of the report is kept whole: state_after can replay forward from it.
        return self._log(now, report_id, KIND_CREATE, PIECE_REPORT, summaries.create(op.report.title, op.note),
                         (None, data), after=_dumps(data))

    def _set_field(self, op: SetField) -> OpRecord | None:
        value = report_field(op.field).validate(op.value)
        row = self._live_row(op.report_id)
        head = json.loads(row["data"])
        before = head.get(op.field)
        if before == value:
            return None
        now = now_text()
        self._drop_redo(op.report_id)
        head[op.field] = value
        self._write_head(op.report_id, head, now)
        return self._log(now, op.report_id, KIND_SET_FIELD, PIECE_FIELD, summaries.set_field(op.field),
                         (before, value), field=op.field, delta=diff(before, value))

    def _set_table_cells(self, op: SetTableCells) -> OpRecord | None:
        """The window's cells of the 自评表 written over the table as stored now (not over the copy the window
        started from): cells changed elsewhere meanwhile keep their values. Logged as a change of the field."""
        from selfeval.store.table_cells import apply_cells, cells_summary

        row = self._live_row(op.report_id)
        head = json.loads(row["data"])
        before = head.get(TABLE_FIELD)
        start = before if before is not None else op.base
        target, _skipped = apply_cells(start, tuple(op.cells))
        if target is None:
            return None
        from selfeval.domain.table.model import SelfEvalTable

        value = report_field(TABLE_FIELD).validate(SelfEvalTable.from_dict(target))
        if before == value:
            return None
        now = now_text()
        self._drop_redo(op.report_id)
        head[TABLE_FIELD] = value
        self._write_head(op.report_id, head, now)
        summary = cells_summary(start, tuple(c for c in op.cells if c not in _skipped))
        return self._log(now, op.report_id, KIND_SET_FIELD, PIECE_FIELD, summary, (before, value),
                         field=TABLE_FIELD, delta=diff(before, value))

    def _set_explanation(self, op: SetExplanation) -> OpRecord | None:
        """One key of the 审核说明 set or removed, logged as a change of that field (undo puts it back)."""
        row = self._live_row(op.report_id)
        head = json.loads(row["data"])
        before = head.get(EXPLANATIONS_FIELD)
        field = report_field(EXPLANATIONS_FIELD)
        current = field.load(before)
        if op.explanation is None:
            removed = current.pop(op.key, None)
            if removed is None:
                return None
            summary = summaries.withdraw(removed.severity, removed.subject, removed.dismissed)
        else:
            if current.get(op.key) == op.explanation:
                return None
            current[op.key] = op.explanation
            summary = summaries.explain(op.explanation.severity, op.explanation.subject,
                                        op.explanation.dismissed)
        value = field.validate(current)
        now = now_text()
        self._drop_redo(op.report_id)
        head[EXPLANATIONS_FIELD] = value
        self._write_head(op.report_id, head, now)
        return self._log(now, op.report_id, KIND_SET_FIELD, PIECE_FIELD, summary, (before, value),
                         field=EXPLANATIONS_FIELD, delta=diff(before, value))

    def _set_section(self, op: SetSection) -> OpRecord | None:
        if not isinstance(op.section, Section):
            raise TypeError("SetSection needs a Section")
        self._live_row(op.report_id)
        key = op.section.key
        value = op.section.to_dict()
        row = self.db.row("SELECT data FROM sections WHERE report_id = ? AND key = ?", (op.report_id, key))
        before = None if row is None else json.loads(row["data"])
        if before is not None and before == value:
            return None
        now = now_text()
        burst = None if op.step else self._typing_burst(op.report_id, key, now, op.section.heading)
        if burst is not None:
            # The same section was saved moments ago by the same run of typing: extend that step, so
            # that Ctrl+Z undoes a burst of typing rather than one autosave. Its delta is made again
            # from the state the burst started from, so the step stays as small as the change.
            try:
                base = change_of(burst).piece_before(before)
            except Mismatch as exc:
                raise log_damaged() from exc
            self._write_section(op.report_id, key, value, now)
            self.db.conn.execute("UPDATE ops SET time = ?, delta = ?, before = NULL, after = NULL WHERE id = ?",
                               (now, _dumps(diff(base, value)), burst["id"]))
            if burst["keyframe"]:
                self.db.conn.execute("UPDATE ops SET snapshot = ? WHERE id = ?",
                                   (_dumps(self.db.report_dict(op.report_id)), burst["id"]))
            return OpRecord(id=burst["id"], time=parse_time(now), report_id=op.report_id, section_key=key,
                            kind=KIND_SET_SECTION, summary=burst["summary"], piece=PIECE_SECTION,
                            values=(base, value))
        self._drop_redo(op.report_id)
        self._write_section(op.report_id, key, value, now)
        summary = op.step or summaries.set_section(op.section.heading, key, added=before is None)
        return self._log(now, op.report_id, KIND_SET_SECTION, PIECE_SECTION, summary, (before, value),
                         section_key=key, delta=diff(before, value))

    def _typing_burst(self, report_id: int, key: str, now: str, heading: str) -> sqlite3.Row | None:
        """The report's newest log row, if it is a live edit of section ``key`` (typing, not a ``step``)
        made less than ``coalesce_seconds`` ago; None otherwise (then the change is a step of its own)."""
        if self.host.coalesce_seconds <= 0:
            return None
        row = self.db.row(f"SELECT {CHANGE_COLUMNS}, o.time, o.undone, o.summary, "
                        f"o.snapshot IS NOT NULL AS keyframe FROM {CHANGE_JOIN} "
                        "WHERE o.report_id = ? ORDER BY o.id DESC LIMIT 1", (report_id,))
        if row is None or row["kind"] != KIND_SET_SECTION or row["section_key"] != key or row["undone"]:
            return None
        if row["summary"] not in (summaries.set_section(heading, key, added=False),
                                  summaries.set_section(heading, key, added=True)):
            return None  # a step of its own (a figure linked to the table …): typing does not join it
        age = (parse_time(now) - parse_time(row["time"])).total_seconds()
        return row if 0 <= age < self.host.coalesce_seconds else None

    def _delete(self, op: DeleteReport) -> OpRecord | None:
        row = self.db.row("SELECT data, deleted_at FROM reports WHERE id = ?", (op.report_id,))
        if row is None:
            raise missing(op.report_id)
        if row["deleted_at"] is not None:
            return None
        now = now_text()
        self.db.conn.execute("UPDATE reports SET deleted_at = ? WHERE id = ?", (now, op.report_id))
        title = self._title(json.loads(row["data"]))
        return self._log(now, op.report_id, KIND_DELETE, PIECE_BIN, summaries.delete(title), (None, now),
                         after=_dumps(now))

    def _restore_report(self, op: RestoreReport) -> OpRecord | None:
        row = self.db.row("SELECT data, deleted_at FROM reports WHERE id = ?", (op.report_id,))
        if row is None:
            raise missing(op.report_id)
        if row["deleted_at"] is None:
            return None
        now = now_text()
        self.db.conn.execute("UPDATE reports SET deleted_at = NULL WHERE id = ?", (op.report_id,))
        title = self._title(json.loads(row["data"]))
        return self._log(now, op.report_id, KIND_RESTORE_REPORT, PIECE_BIN, summaries.restore_report(title),
                         (row["deleted_at"], None), before=_dumps(row["deleted_at"]))

    def _purge(self, op: PurgeReport) -> OpRecord:
        row = self.db.row("SELECT data, deleted_at FROM reports WHERE id = ?", (op.report_id,))
        if row is None:
            raise missing(op.report_id)
        if row["deleted_at"] is None:
            raise StoreError("只能彻底删除回收站中的报告，请先删除该报告。")
        title = self._title(json.loads(row["data"]))
        self.db.conn.execute("DELETE FROM ops WHERE report_id = ?", (op.report_id,))
        self.db.conn.execute("DELETE FROM sections WHERE report_id = ?", (op.report_id,))
        self.db.conn.execute("DELETE FROM reports WHERE id = ?", (op.report_id,))
        return self._log(now_text(), op.report_id, KIND_PURGE, PIECE_BIN, summaries.purge(title), (None, None))

    def _restore_state(self, op: RestoreState) -> OpRecord | None:
        self._live_row(op.report_id)
        target = self.db.state_after(op.report_id, op.op_id)
        current = self.db.report_dict(op.report_id)
        if target == current:
            return None
        target_row = self.db.row("SELECT time, summary FROM ops WHERE id = ?", (op.op_id,))
        now = now_text()
        self._drop_redo(op.report_id)
        self._write_piece(op.report_id, PIECE_REPORT, None, target, now)
        summary = summaries.restore_state(parse_time(target_row["time"]), target_row["summary"])
        # A delta against the current state: the sections and fields that differ, not two reports.
        return self._log(now, op.report_id, KIND_RESTORE_STATE, PIECE_REPORT, summary, (current, target),
                         delta=diff(current, target))

    def _set_sections(self, op: SetSections) -> OpRecord | None:
        """Several sections in one step, logged as a whole-report row (as a restore is)."""
        if not all(isinstance(s, Section) for s in op.sections):
            raise TypeError("SetSections needs Sections")
        self._live_row(op.report_id)
        current = self.db.report_dict(op.report_id)
        sections = list(current["sections"])
        positions = {s["key"]: i for i, s in enumerate(sections)}
        changed = []
        for section in op.sections:
            value = section.to_dict()
            if section.key in positions:
                if sections[positions[section.key]] == value:
                    continue
                sections[positions[section.key]] = value
            else:
                positions[section.key] = len(sections)
                sections.append(value)
            changed.append(section.heading or section.key)
        target = {**current, "sections": sections}
        if op.table is not None:
            table = report_field(TABLE_FIELD).validate(op.table)
            if current.get(TABLE_FIELD) != table:
                target[TABLE_FIELD] = table
                changed.append(summaries.TABLE_LABEL)
        if not changed:
            return None
        if op.explanations:
            field = report_field(EXPLANATIONS_FIELD)
            explanations = field.load(current.get(EXPLANATIONS_FIELD))
            for key, explanation in op.explanations:
                explanations.setdefault(key, explanation)
            target[EXPLANATIONS_FIELD] = field.validate(explanations)
        now = now_text()
        self._drop_redo(op.report_id)
        self._write_piece(op.report_id, PIECE_REPORT, None, target, now)
        summary = summaries.set_sections(op.source, changed)
        # A delta against the current state (the sections that differ), as a restore's.
        return self._log(now, op.report_id, KIND_SET_SECTIONS, PIECE_REPORT, summary, (current, target),
                         delta=diff(current, target))

    def _rename(self, op: RenameReport) -> OpRecord | None:
        """Both names in one step, logged as a whole-report row with a delta (as SetSections is)."""
        names = {"unit_name": report_field("unit_name").validate(op.unit_name),
                 "unit_short": report_field("unit_short").validate(op.unit_short)}
        self._live_row(op.report_id)
        current = self.db.report_dict(op.report_id)
        if all(current.get(k) == v for k, v in names.items()):
            return None
        target = {**current, **names}
        now = now_text()
        self._drop_redo(op.report_id)
        self._write_piece(op.report_id, PIECE_REPORT, None, target, now)
        return self._log(now, op.report_id, KIND_RENAME, PIECE_REPORT, summaries.rename(op.unit_name, op.unit_short),
                         (current, target), delta=diff(current, target))

    def _replace_text(self, op: ReplaceText) -> OpRecord | None:
        """A report-wide replace: the text fields and the sections of ``op.report``, as one whole-report row."""
        if not isinstance(op.report, Report):
            raise TypeError("ReplaceText needs a Report")
        self._live_row(op.report_id)
        current = self.db.report_dict(op.report_id)
        new = op.report.to_dict()
        from selfeval.domain.fields import TABLE_FIELD
        from selfeval.domain.text_fields import REPORT_FIELDS  # not on the way to the window

        target = {**current, "sections": new["sections"], **{name: new[name] for name in REPORT_FIELDS}}
        if op.report.table != Report.from_dict(current).table:  # the replace reached the 自评表's text
            target[TABLE_FIELD] = new[TABLE_FIELD]
        if target == current:
            return None
        now = now_text()
        self._drop_redo(op.report_id)
        self._write_piece(op.report_id, PIECE_REPORT, None, target, now)
        summary = summaries.replace_text(op.find, op.replacement, op.count, op.everywhere)
        return self._log(now, op.report_id, KIND_REPLACE_TEXT, PIECE_REPORT, summary, (current, target),
                         delta=diff(current, target))


    # ---------------------------------------------------------------- undo and redo

    def undo(self, report_id: int) -> OpRecord | None:
        """Undo the report's newest edit not undone yet (logged as an "undo" step); None if none."""
        return self._undo_or_redo(report_id, KIND_UNDO)

    def redo(self, report_id: int) -> OpRecord | None:
        """Redo the edit undone last (logged as a "redo" step); None if there is nothing to redo."""
        return self._undo_or_redo(report_id, KIND_REDO)

    def _undo_or_redo(self, report_id: int, kind: str) -> OpRecord | None:
        undo = kind == KIND_UNDO
        with self._transaction():
            row = self.db.undo_candidate(report_id) if undo else self.db.redo_candidate(report_id)
            if row is None:
                return None
            self._live_row(report_id)
            self.db.conn.execute("UPDATE ops SET undone = ? WHERE id = ?", (int(undo), row["id"]))
            summary = summaries.undo(row["summary"]) if undo else summaries.redo(row["summary"])
            return self._step(report_id, row, kind, summary)

    def _step(self, report_id: int, row: sqlite3.Row, kind: str, summary: str) -> OpRecord:
        """Log an undo or redo of edit ``row``: the row refers to the edit, whose change it reverses
        (undo) or repeats (redo) on the current state."""
        change = change_of(self.db.changes("o.id = ?", (row["id"],))[0])
        current = self._read_piece(report_id, change.piece, change.name)
        try:
            target = change.piece_before(current) if kind == KIND_UNDO else change.piece_after(current)
        except Mismatch as exc:
            raise log_damaged() from exc
        now = now_text()
        self._write_piece(report_id, change.piece, change.name, target, now)
        return self._log(now, report_id, kind, change.piece, summary, (current, target),
                         section_key=row["section_key"], field=row["field"], target_op=row["id"])
