"""Merging an exchange file into the database: a plan first (what each section and 自评表 item will do), then one
operation through the funnel (``store.apply`` / ``session.run_op``), so the merge is one undoable step
whose history entry says which file it came from. Planning changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from selfeval.domain.merge import Decision, decide
from selfeval.domain.model import Report, Section
from selfeval.domain.table.model import SelfEvalTable
from selfeval.domain.table.merge import TableItemMerge, merged_table, plan_table
from selfeval.domain.report_factory import display_name
from selfeval.exchange.errors import ExchangeError
from selfeval.exchange.file_format import ExchangeFile
from selfeval.exchange.history import report_histories
from selfeval.store.operations import CreateReport, Operation, SetSections


class Choice(str, Enum):
    """How a conflict is settled."""

    MINE = "mine"  # keep this PC's version
    THEIRS = "theirs"  # take the file's version


@dataclass(frozen=True)
class SectionMerge:
    key: str
    heading: str
    decision: Decision
    mine: Section | None  # this PC's version (None: not here)
    theirs: Section  # the file's version

    @property
    def label(self) -> str:
        return self.decision.label

    def mine_text(self) -> str:
        return self.mine.plain_text() if self.mine else ""

    def theirs_text(self) -> str:
        return self.theirs.plain_text()


@dataclass(frozen=True)
class UnpackPlan:
    exchange: ExchangeFile
    target_id: int | None  # the report merged into; None: the file becomes a new report
    sections: tuple[SectionMerge, ...]
    table: tuple[TableItemMerge, ...] = ()  # the 自评表's items, when the file carries the table
    mine_table: SelfEvalTable | None = None  # the target's table the items were planned against

    @property
    def new_report(self) -> bool:
        return self.target_id is None

    @property
    def items(self) -> list[SectionMerge | TableItemMerge]:
        """Every section, then every table item: each has key, heading, decision, label, mine_text()."""
        return [*self.sections, *self.table]

    @property
    def conflicts(self) -> list[SectionMerge | TableItemMerge]:
        return [s for s in self.items if s.decision is Decision.CONFLICT]

    @property
    def source(self) -> str:
        return f"交换文件“{self.exchange.name}”" if self.exchange.name else "交换文件"

    def operation(self, choices: dict[str, Choice] | Choice | None = None) -> Operation | None:
        """The one operation that applies the plan; None when nothing changes. ``choices``: per
        conflicting section key, or one choice for all; every conflict must have one. A section's choice
        may be the text the user settled on (both texts, or edited), read as the section's kind."""
        if self.target_id is None:
            if not self.exchange.whole:
                return CreateReport(report_of_part(self.exchange.report),
                                    note=f"从{self.source}导入（只含部分章节，其余章节由对方填写）")
            return CreateReport(self.exchange.report, note=f"从{self.source}导入")
        taken = [s for s in self.items if self._taken(s, choices)]
        sections = tuple(self._section(s, choices) for s in taken if isinstance(s, SectionMerge))
        items = [s.key for s in taken if isinstance(s, TableItemMerge)]
        table = merged_table(self.mine_table, self.exchange.report.table, items) if items else None
        if table is not None and table == self.mine_table:
            table = None
        if not sections and table is None:
            return None
        # The file's explanations of findings in the sections taken come with them (ours are kept).
        keys = {s.key for s in sections}
        explanations = tuple((k, e) for k, e in self.exchange.report.explanations.items() if e.section in keys)
        return SetSections(self.target_id, sections, self.source, explanations, table=table)

    @staticmethod
    def _section(item: SectionMerge, choices) -> Section:
        """The file's section, or the text the user settled on (both texts, or an edited one)."""
        choice = choices.get(item.key) if isinstance(choices, dict) else None
        if item.decision is Decision.CONFLICT and _is_text(choice):
            from selfeval.importers.content import section_with_text

            return section_with_text(item.mine or item.theirs, choice)
        return item.theirs

    @staticmethod
    def _taken(item: SectionMerge | TableItemMerge, choices) -> bool:
        if item.decision in (Decision.NEW, Decision.THEIRS):
            return True
        if item.decision is not Decision.CONFLICT:
            return False
        choice = choices.get(item.key) if isinstance(choices, dict) else choices
        if choice is None:
            what = "章节" if isinstance(item, SectionMerge) else ""
            raise ExchangeError(f"{what}“{item.heading or item.key}”两边都改过，请先选择保留本机的还是采用对方的。")
        if _is_text(choice):
            if not isinstance(item, SectionMerge):
                raise ExchangeError(f"“{item.heading}”只能选择保留本机的或采用对方的。")
            return True
        return Choice(choice) is Choice.THEIRS

    def summary_lines(self) -> list[str]:
        """One line per section or table item the two sides differ in: what the merge does with it."""
        return [f"{s.heading or s.key}：{s.label}" for s in self.items if s.decision is not Decision.SAME]


def report_of_part(part: Report) -> Report:
    """A new report from an exchange file of some sections (a 科室 receiving its part): the outline's every
    section in order, those the file holds as sent (so that they merge back as changed only here) and the
    others empty and marked ``elsewhere`` (written by the other side). Without its outline template, the
    sections sent alone."""
    from selfeval.bundled.templates import TemplateError, get_template

    try:
        outline = get_template(part.template_id).new_report() if part.template_id else None
    except (TemplateError, KeyError, ValueError):
        outline = None
    if outline is None:
        return part
    sent = {s.key: s for s in part.sections}
    sections = [sent.pop(s.key) if s.key in sent else s.copy_with(elsewhere=s.has_content)
                for s in outline.sections]
    sections += sent.values()  # a section the outline does not know (kept from an import): kept
    return part.copy_with(sections=sections)


def _is_text(choice) -> bool:
    """A choice that is the text the user settled on (「两者都保留」 or edited), not 保留本机的 / 采用对方的."""
    return isinstance(choice, str) and not isinstance(choice, Choice) and choice not in ("mine", "theirs")


def _name(unit_short: str, unit_name: str, year: int) -> str:
    return display_name(unit_short, unit_name, year)


def plan_unpack(store, exchange: ExchangeFile, report_id: int | None = None) -> UnpackPlan:
    """What importing ``exchange`` would do. The target is ``report_id`` (which must be the same unit
    and year as the file's report), else the live report of that unit and year; with none, a file of
    the whole report becomes a new report and a file of some sections is refused."""
    origin = exchange.origin
    theirs_name = _name(origin.unit_short, origin.unit_name, origin.year)
    if report_id is not None:
        info = store.info(report_id)
        if info.deleted:
            raise ExchangeError(f"编号为 {report_id} 的报告在回收站中，请先还原再导入。")
        if (info.unit_name, info.year) != (origin.unit_name, origin.year):
            raise ExchangeError(f"该交换文件是“{theirs_name}”的报告，与编号 {report_id} 的报告"
                                f"“{_name(info.unit_short, info.unit_name, info.year)}”不是同一份，未导入。")
    else:
        same = [i for i in store.list_reports() if (i.unit_name, i.year) == (origin.unit_name, origin.year)]
        if not same:
            return UnpackPlan(exchange, None, ())
        report_id = same[0].id
    report = store.load(report_id)
    current = {s.key: s for s in report.sections}
    both = report_histories(store, report_id)
    histories = both.sections
    merges = []
    for theirs in exchange.report.sections:
        mine = current.get(theirs.key)
        decision = decide(histories.get(theirs.key) if mine is not None else None, exchange.histories[theirs.key])
        merges.append(SectionMerge(theirs.key, theirs.heading or (mine.heading if mine else ""), decision, mine,
                                   theirs))
    if not exchange.has_table:  # an older file, or sections sent without the table: the table stays
        return UnpackPlan(exchange, report_id, tuple(merges))
    table = plan_table(report.table, both.table, exchange.report.table, exchange.table_histories)
    return UnpackPlan(exchange, report_id, tuple(merges), table, report.table)
