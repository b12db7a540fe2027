"""The report as the sequence of paragraphs it will print as: title, numbered headings, body, signature.

This is where the numbering (一、（一）, 一是…二是…, 1.) and the paragraph style of each section kind
are decided; the .docx export and the app's preview both read these blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from selfeval.domain.model import Entry, Report, Section, SectionKind, format_date_cn
from selfeval.domain.numbering import heading_marker, item_marker
from selfeval.domain.table.figures import quoting_table
from selfeval.domain.text import split_paragraphs


class Role(str, Enum):
    TITLE = "title"
    HEADING1 = "heading1"  # 一、 黑体
    HEADING2 = "heading2"  # （一） 楷体
    HEADING3 = "heading3"  # 1. 仿宋
    BODY = "body"
    SIGNATURE = "signature"
    DATE = "date"
    BLANK = "blank"


@dataclass(frozen=True)
class Block:
    role: Role
    text: str
    # A run-in heading printed before ``text`` in the level-3 style ("1.基层治理提质增效。").
    runin: str = ""

    @property
    def full_text(self) -> str:
        return self.runin + self.text


_HEADING_ROLE = {1: Role.HEADING1, 2: Role.HEADING2, 3: Role.HEADING3}


def section_blocks(section: Section) -> list[Block]:
    """The body paragraphs of one section (without its heading)."""
    fill = section.fill
    intro = [fill(p) for p in split_paragraphs(section.intro)]
    blocks: list[Block] = []
    kind = section.kind

    if kind is SectionKind.GROUP:
        return [Block(Role.BODY, p) for p in intro]

    if kind is SectionKind.SUBHEADS:
        blocks += [Block(Role.BODY, p) for p in intro]
        for n, entry in enumerate(_filled(section.entries), start=1):
            paras = split_paragraphs(entry.text) or [""]
            runin = f"{n}." + _lead(entry.lead)
            blocks.append(Block(Role.BODY, fill(paras[0]), runin=runin))
            blocks += [Block(Role.BODY, fill(p)) for p in paras[1:]]
        return blocks

    numbered = kind is SectionKind.ITEMS
    firsts: list[str] = []
    rests: list[list[str]] = []
    for n, entry in enumerate(_filled(section.entries), start=1):
        paras = split_paragraphs(entry.text) or [""]
        head = (item_marker(n) if numbered else "") + _lead(entry.lead) + paras[0]
        firsts.append(fill(head))
        rests.append([fill(p) for p in paras[1:]])

    if section.inline and firsts:
        # One paragraph: 一是…二是…; an intro ending in a colon runs into it.
        if intro and intro[-1].endswith(("：", ":")):
            lead_in = intro.pop()
        else:
            lead_in = ""
        blocks += [Block(Role.BODY, p) for p in intro]
        # Entries with extra paragraphs break the run: the extra paragraphs follow on their own.
        run: list[str] = []
        for first, rest in zip(firsts, rests):
            run.append(first)
            if rest:
                blocks.append(Block(Role.BODY, lead_in + "".join(run)))
                lead_in, run = "", []
                blocks += [Block(Role.BODY, p) for p in rest]
        if run:
            blocks.append(Block(Role.BODY, lead_in + "".join(run)))
        return [b for b in blocks if b.text]
    blocks += [Block(Role.BODY, p) for p in intro]
    for first, rest in zip(firsts, rests):
        blocks.append(Block(Role.BODY, first))
        blocks += [Block(Role.BODY, p) for p in rest]
    return [b for b in blocks if b.text]


def _filled(entries: list[Entry]) -> list[Entry]:
    """Entries with something in them: an item just added and left empty prints nothing, not "三是"."""
    return [e for e in entries if e.lead.strip() or e.text.strip()]


def _lead(lead: str) -> str:
    return Entry(lead=lead).joined()


def report_blocks(report: Report, last_year=None) -> list[Block]:
    """``last_year``: ``year_over_year.LastYear`` of the unit's report a year earlier, for 「{执行率较上年}」
    (``report.compared_with``, handed in by the application, when not given)."""
    if last_year is None:
        last_year = report.compared_with
    blocks = [Block(Role.TITLE, report.title)]
    counters = {1: 0, 2: 0, 3: 0}
    for section in report.sections:
        # The outline has three levels; a level outside them (a hand-edited file) prints as the nearest.
        level = min(max(section.level, 1), 3)
        if section.heading:  # a section without a heading (text before the first one) takes no number
            counters[level] += 1
            for deeper in range(level + 1, 4):
                counters[deeper] = 0
            blocks.append(Block(_HEADING_ROLE[level], heading_marker(level, counters[level]) + section.heading))
        blocks += section_blocks(quoting_table(section, report.table, last_year))  # figures quote the 自评表 live
    if report.signature.strip() or report.sign_date:
        blocks.append(Block(Role.BLANK, ""))
        if report.signature.strip():
            blocks.append(Block(Role.SIGNATURE, report.signature.strip()))
        if report.sign_date:
            blocks.append(Block(Role.DATE, format_date_cn(report.sign_date)))
    return blocks


def report_text(report: Report, last_year=None) -> str:
    """The whole report as plain text, one paragraph a line (preview, comparisons, tests)."""
    return "\n".join(b.full_text for b in report_blocks(report, last_year) if b.role is not Role.BLANK)
