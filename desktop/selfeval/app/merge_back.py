"""「合并回报告」: a .docx this program exported, reviewed in Word, WPS or LibreOffice (修订 and 批注), merged back
into the report it came from — a three-way merge with the exported version as base.

1. The document's stamp (``domain.export_stamp``: report id, identity, version) names the report; a document
   of another report, another database or no stamp is refused in one Chinese line.
2. The base is the report as it was exported: the step of its history whose state has the stamped version
   (``store.state_after``).
3. The reviewer's tracked changes are proposals (``importers.docx_revisions``): each accepted or rejected
   (all, by default, accepted). The document with those decisions is read as any imported .docx is; so is
   the base, exported again the same way. Comparing the two readings tells what the reviewer changed, section
   by section and, in the 自评表, cell by cell (the reading's own quirks cancel out), and against the report as
   it is now, each change is decided as an exchange file's is (``domain.merge.decide``): theirs only, both
   (a conflict the clerk settles), or already the same.
4. Comments are listed with their place and author and may be kept as notes on their section.
5. The merge is one ``SetSections`` operation (one undoable step) whose history entry names the file.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from selfeval.domain.errors import UserError
from selfeval.domain.export_stamp import BOTH, PART, TABLE, TEXT, ExportStamp, report_uid, report_version
from selfeval.domain.merge import Decision, decide
from selfeval.domain.model import Report, Section
from selfeval.domain.table.merge import TableItemMerge, item_hash, merged_table, table_items
from selfeval.domain.table.model import SelfEvalTable
from selfeval.exchange.unpack import Choice, SectionMerge
from selfeval.importers.docx_revisions import Comment, EditedDocx, Revision, read_edited_docx

# How far back the exported version is looked for in the report's history.
MAX_HISTORY_STEPS = 5000
NOTES_HEADING = "批注"


class MergeBackError(UserError):
    """A document that cannot be merged back (one Chinese sentence)."""


@dataclass(frozen=True)
class Located:
    """Where an edited document belongs: the report, its state as exported, and its state now."""

    report_id: int
    base: Report
    mine: Report


@dataclass(frozen=True)
class MergeBackPlan:
    name: str  # the file's name, for the history entry
    edited: EditedDocx
    report_id: int
    base: Report
    mine: Report
    accepted: frozenset[str]  # the ids of the tracked changes accepted
    sections: tuple[SectionMerge, ...]
    table: tuple[TableItemMerge, ...] = ()
    theirs_table: SelfEvalTable | None = None
    comment_places: tuple[tuple[Comment, str], ...] = ()  # each comment and the key of its section ("" unknown)

    @property
    def revisions(self) -> tuple[Revision, ...]:
        return self.edited.revisions

    @property
    def comments(self) -> tuple[Comment, ...]:
        return self.edited.comments

    @property
    def items(self) -> list[SectionMerge | TableItemMerge]:
        return [*self.sections, *self.table]

    @property
    def changes(self) -> list[SectionMerge | TableItemMerge]:
        return [i for i in self.items if i.decision is not Decision.SAME]

    @property
    def conflicts(self) -> list[SectionMerge | TableItemMerge]:
        return [i for i in self.items if i.decision is Decision.CONFLICT]

    @property
    def source(self) -> str:
        return f"Word 文档“{self.name}”" if self.name else "Word 文档"

    def heading_of(self, key: str) -> str:
        for s in self.mine.sections:
            if s.key == key:
                return s.heading or key
        return key

    def operation(self, choices: dict[str, Choice | str] | Choice | None = None, *,
                  keep_comments: bool | Collection[str] = False):
        """The one ``SetSections`` that applies the plan; None when nothing changes. ``choices``: per
        conflicting key (``Choice`` or the text the clerk settled on, e.g. both texts), or one for all.
        ``keep_comments``: True, or the ids of the comments kept as notes on their sections."""
        from selfeval.store.operations import SetSections

        sections: dict[str, Section] = {}
        for item in self.sections:
            taken = _taken(item, choices)
            if taken is None:
                continue
            sections[item.key] = taken if isinstance(taken, Section) else item.theirs
        notes = self._notes(keep_comments)
        for key, lines in notes.items():
            section = sections.get(key) or self._current(key)
            if section is None:
                continue
            sections[key] = with_notes(section, lines)
        table_keys = [i.key for i in self.table if _taken(i, choices) is not None]
        table = None
        if table_keys and self.theirs_table is not None:
            table = merged_table(self.mine.table, self.theirs_table, table_keys)
            if table == self.mine.table:
                table = None
        if not sections and table is None:
            return None
        return SetSections(self.report_id, tuple(sections.values()), self.source, table=table)

    def _current(self, key: str) -> Section | None:
        return next((s for s in self.mine.sections if s.key == key), None)

    def _notes(self, keep) -> dict[str, list[str]]:
        if keep is False or not self.comments:
            return {}
        wanted = None if keep is True else {str(k) for k in keep}
        notes: dict[str, list[str]] = {}
        for comment, key in self.comment_places:
            if key and (wanted is None or comment.id in wanted):
                notes.setdefault(key, []).append(comment.note())
        return notes

    def summary_lines(self) -> list[str]:
        lines = [f"{i.heading or i.key}：{i.label}" for i in self.changes]
        return lines


def _taken(item, choices) -> Section | bool | None:
    """What the merge takes for ``item``: None (keep this PC's), True (theirs), or a Section made from the
    text the clerk settled on."""
    if item.decision in (Decision.NEW, Decision.THEIRS):
        return True
    if item.decision is not Decision.CONFLICT:
        return None
    choice = choices.get(item.key) if isinstance(choices, dict) else choices
    if choice is None:
        raise MergeBackError(f"“{item.heading or item.key}”在导出后本机和文档中都改过，请先选择保留本机的还是采用文档中的。")
    if isinstance(choice, str) and not isinstance(choice, Choice) and choice not in ("mine", "theirs"):
        if not isinstance(item, SectionMerge):
            raise MergeBackError(f"自评表的“{item.heading}”只能选择保留本机的或采用文档中的。")
        from selfeval.importers.content import section_with_text

        return section_with_text(item.mine or item.theirs, choice)
    return True if Choice(choice) is Choice.THEIRS else None


def with_notes(section: Section, lines: list[str]) -> Section:
    """``section`` with the comments kept as notes (``Section.notes``), each once."""
    kept = list(section.notes)
    for line in lines:
        if line not in kept:
            kept.append(line)
    return section.copy_with(notes=kept)


# ------------------------------------------------------------------------------------------ planning

def locate(store, stamp: ExportStamp | None) -> Located:
    """The report a stamped document came from and its state as exported; MergeBackError otherwise."""
    if stamp is None:
        raise MergeBackError("该文档不是从本程序导出的（其中没有报告标记），无法合并回报告。"
                             "如需把它作为新报告导入，请去掉 --merge（或使用“导入”）。")
    infos = store.list_reports() + store.list_reports(deleted=True)
    match = [i for i in infos if report_uid(i.id, i.created_at) == stamp.report_uid]
    if not match:
        raise MergeBackError("该文档是从另一份报告（或另一台电脑的数据库）导出的，本数据库中没有它的来源报告，未合并。")
    info = match[0]
    if info.deleted:
        raise MergeBackError(f"该文档来自编号为 {info.id} 的报告“{info.title}”，它在回收站中，请先还原再合并。")
    mine = store.load(info.id)
    if report_version(mine.to_dict()) == stamp.version:
        return Located(info.id, mine, mine)
    if stamp.op_id:  # the step it was exported after, straight away (checked: the stamp is only a hint)
        try:
            state = store.state_after(info.id, stamp.op_id)
        except UserError:
            state = None
        if state is not None and report_version(state.to_dict()) == stamp.version:
            return Located(info.id, state, mine)
    for record in store.history(info.id, limit=MAX_HISTORY_STEPS):
        state = store.state_after(info.id, record.id)
        if report_version(state.to_dict()) == stamp.version:
            return Located(info.id, state, mine)
    raise MergeBackError(f"在报告“{info.title}”的历史记录中找不到该文档导出时的版本，无法逐项比较，未合并。")


def plan_merge_back(store, data: bytes, name: str = "", *,
                    accepted: Collection[str] | Callable[[Revision], bool] | bool = True) -> MergeBackPlan:
    """What merging the edited document ``data`` back would do (nothing is changed). ``accepted``: the
    tracked changes accepted (True: all, False: none, ids, or a test); the others are rejected."""
    edited = read_edited_docx(data)
    where = locate(store, edited.stamp)
    ids = _accepted_ids(edited, accepted)
    theirs_data = edited.resolved(ids)
    part = edited.properties.get(PART) or (BOTH if _has_table(theirs_data) else TEXT)
    with_table = part in (TABLE, BOTH)
    base_data = _export_like(where.base, part)
    template = _template(where.mine)
    theirs = _read_report(theirs_data, template)
    sections: tuple[SectionMerge, ...] = ()
    if part != TABLE:  # the 自评表 alone holds no 说明: its sections are not the reviewer's to change
        sections = _plan_sections(where.base, where.mine, _read_report(base_data, template), theirs)
    table, theirs_table = (), None
    if with_table:
        theirs_table = _table_read(where.base, base_data, theirs_data)
        if theirs_table is not None:
            table = _plan_table(where.base.table, where.mine.table, theirs_table)
    places = tuple((c, _place_of(c, theirs)) for c in edited.comments)
    return MergeBackPlan(name, edited, where.report_id, where.base, where.mine, frozenset(ids), sections, table,
                         theirs_table, places)


def plan_file(store, path: str | Path, **kwargs) -> MergeBackPlan:
    from selfeval.importers.decoding import read_file_bytes
    from selfeval.importers.file_import import MAX_DOCUMENT_BYTES

    path = Path(path)
    return plan_merge_back(store, read_file_bytes(path, MAX_DOCUMENT_BYTES), path.name, **kwargs)


def _accepted_ids(edited: EditedDocx, accepted) -> set[str]:
    if accepted is True:
        return {r.id for r in edited.revisions}
    if accepted is False:
        return set()
    if callable(accepted):
        return {r.id for r in edited.revisions if accepted(r)}
    return {str(a) for a in accepted}


def _has_table(data: bytes) -> bool:
    from selfeval.importers.docx_reader import table_grids

    return bool(table_grids(data))


def _export_like(base: Report, part: str) -> bytes:
    """The base exported again as the document was: the same paragraphs, the same table."""
    import datetime as dt

    from selfeval.bundled.report_table import table_landscape, table_of
    from selfeval.export.package import docx_bytes

    when = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    if part == TEXT:
        return docx_bytes(base, when=when)
    if part == TABLE:
        from selfeval.export.package import table_docx_bytes

        return table_docx_bytes(base, table_of(base), when=when, landscape=table_landscape(base))
    return docx_bytes(base, when=when, table=table_of(base), landscape=table_landscape(base))


def _template(report: Report):
    from selfeval.bundled.templates import TemplateError, get_template

    try:
        return get_template(report.template_id) if report.template_id else None
    except (TemplateError, KeyError, ValueError):
        return None


def _read_report(data: bytes, template) -> Report:
    from selfeval.importers.docx_reader import read_docx
    from selfeval.importers.preview import ImportPreview
    from selfeval.importers.source import source_from_text

    text = read_docx(data)
    source = source_from_text("\n".join(text.paragraphs), whole_paragraphs=True)
    return ImportPreview.of(source, template=template).result.report


def _plan_sections(base: Report, mine: Report, base_read: Report, theirs: Report) -> tuple[SectionMerge, ...]:
    read_base = {s.key: s for s in base_read.sections}
    read_theirs = {s.key: s for s in theirs.sections}
    at_base = {s.key: s for s in base.sections}
    merges = []
    for current in mine.content_sections():
        key = current.key
        then = read_base.get(key)
        now = read_theirs.get(key)
        then_text = then.plain_text() if then else ""
        now_text = now.plain_text() if now else ""
        if now_text == then_text:
            continue  # the reviewer left it alone
        taken = current.copy_with(intro=now.intro, entries=now.entries, figures=now.figures, inline=now.inline) \
            if now is not None else current.copy_with(intro="", entries=[], figures=[])
        exported = at_base.get(key)
        mine_changed = exported is None or exported.to_dict() != current.to_dict()
        if not mine_changed:
            decision = Decision.THEIRS
        elif current.plain_text() == taken.plain_text():
            decision = Decision.SAME
        else:
            decision = Decision.CONFLICT
        merges.append(SectionMerge(key, current.heading or key, decision, current, taken))
    # A heading the reviewer added that the outline does not know: kept as an extra section (never dropped).
    known = {s.key for s in mine.sections} | set(read_base)
    for extra in theirs.sections:
        if extra.key not in known and extra.plain_text().strip():
            key = _free_key(extra.key, known)
            known.add(key)
            merges.append(SectionMerge(key, extra.heading or key, Decision.NEW, None, extra.copy_with(key=key)))
    return tuple(merges)


def _free_key(key: str, taken: set[str]) -> str:
    candidate, n = key, 1
    while candidate in taken:
        n += 1
        candidate = f"{key}-{n}"
    return candidate


def _plan_table(base: SelfEvalTable, mine: SelfEvalTable, theirs: SelfEvalTable) -> tuple[TableItemMerge, ...]:
    at_base, now, read = table_items(base), table_items(mine), table_items(theirs)
    merges = []
    for key, item in read.items():
        before = at_base.get(key)
        if before is not None and item_hash(before.value) == item_hash(item.value):
            continue
        current = now.get(key)
        hb = item_hash(before.value) if before else "absent"
        hm = item_hash(current.value) if current else "absent"
        mine_history = [hb] if hm == hb else [hb, hm]
        decision = decide(mine_history if current else None, [hb, item_hash(item.value)])
        merges.append(TableItemMerge(key, item.label, decision, current, item))
    return tuple(merges)


# The indicator table's printed columns (export/table_docx.py) a reviewer can change, read back as typed.
_NAME_COL, _ACTUAL_COL = 2, 4


def _table_read(base: Report, base_data: bytes, theirs_data: bytes) -> SelfEvalTable | None:
    """The 自评表 with the cells the reviewer changed in the Word table read back onto the exported one;
    None when the tables no longer line up (rows added or removed in Word: the table is then left alone)."""
    from selfeval.bundled.report_table import table_of
    from selfeval.domain.table.rows import CellError, indicator_at, set_cell, tree_rows
    from selfeval.importers.docx_reader import table_grids

    table = table_of(base)
    then, now = table_grids(base_data), table_grids(theirs_data)
    if len(then) < 2 or len(now) < 2:
        return None
    grid_then, grid_now = then[1], now[1]
    if len(grid_then) != len(grid_now) or any(len(a) != len(b) for a, b in zip(grid_then, grid_now)):
        return None
    table = _head_read(table, then[0], now[0])
    refs = tree_rows(table)
    for i, ref in enumerate(refs, start=1):
        if i >= len(grid_now) or indicator_at(table, ref) is None:
            continue
        last = len(grid_now[i]) - 1
        for col, key in ((_NAME_COL, "name"), (_ACTUAL_COL, "actual"), (last, "analysis")):
            old, new = grid_then[i][col], grid_now[i][col]
            if old == new:
                continue
            text = new.split("\n得分说明：")[0] if key == "analysis" else new
            try:
                table, _ref = set_cell(table, ref, key, text)
            except CellError:
                continue  # a cell that reads as nothing the table holds: left as it was
    return table


def _head_read(table: SelfEvalTable, then: list[list[str]], now: list[list[str]]) -> SelfEvalTable:
    """The first Word table's cells the reviewer changed: the budget rows' amounts (万元) and the two goals
    (export/table_docx.py: 2 title rows, 3 header rows, the budget title and heads, its rows, the goals)."""
    from dataclasses import replace as replaced

    from selfeval.domain.table.rows import CellError, parse_budget_cell

    if len(then) != len(now) or any(len(a) != len(b) for a, b in zip(then, now)):
        return table
    first = 2 + 3 + 2
    for i, row in enumerate(table.budget.rows):
        r = first + i
        if r >= len(now):
            return table
        for col, attr in ((1, "initial"), (2, "budget"), (3, "spent")):
            if col < len(now[r]) and now[r][col] != then[r][col]:
                try:
                    value = parse_budget_cell(now[r][col], row.label)
                except CellError:
                    continue
                row = replaced(row, **{attr: value})
        table = table.with_budget(table.budget.with_row(row))
    goals = first + len(table.budget.rows) + 1
    if goals < len(now) and len(now[goals]) > 4:
        for col, attr in ((1, "goal_expected"), (4, "goal_achieved")):
            if now[goals][col] != then[goals][col]:
                table = replaced(table, **{attr: now[goals][col]})
    return table


def _place_of(comment: Comment, theirs: Report) -> str:
    """The key of the section whose text holds the comment's paragraph (or its words)."""
    for probe in (comment.context.strip(), comment.anchor.strip()):
        if not probe:
            continue
        for section in theirs.content_sections():
            if probe in section.plain_text():
                return section.key
    return ""
