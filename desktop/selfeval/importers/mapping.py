"""Placing what was found in the source onto an outline template: each heading onto an outline section,
or kept as an extra section where it was found, never dropped. The placement can be overridden per
heading (the import preview lets the user fix it before anything is stored)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from selfeval.domain.model import Report, Section, SectionKind
from selfeval.domain.numbering import parse_heading
from selfeval.domain.outline import OutlineTemplate, SectionSpec
from selfeval.domain.table.from_text import fill_table_from_text
from selfeval.importers.content import fill_section
from selfeval.importers.lines import MAX_HEADING_CHARS, Heading
from selfeval.importers.source import SourceText
from selfeval.importers.title import parse_title
from selfeval.importers.unit_name import guess_unit_name

EXTRA_KEY_PREFIX = "extra-"
PREAMBLE_HINT = "导入时位于第一个标题之前的文字。"
# Where a heading written on the same line as its text ends.
_RUNIN_STOP = re.compile(r"[：:。]")
# An override that keeps a heading as an extra section instead of any outline section.
KEEP_AS_EXTRA = None


@dataclass(frozen=True)
class Placement:
    """Where one heading of the source went: ``key`` is the section it fills (an outline section's
    key, or the key of the extra section made for it); ``outline`` is False for an extra section."""

    token: int  # index of the heading in ``SourceText.tokens``
    level: int
    text: str
    key: str
    outline: bool
    runin: bool  # written on one line with its text


def build_report(source: SourceText, template: OutlineTemplate,
                 overrides: dict[int, str | None] | None = None) -> tuple[Report, list[str], list[Placement]]:
    """The report, the notices, and where each heading went. ``overrides`` maps a heading's token
    index to an outline section key, or to ``KEEP_AS_EXTRA``."""
    return _Builder(template, overrides or {}).build(source)


class _Builder:
    def __init__(self, template: OutlineTemplate, overrides: dict[int, str | None]) -> None:
        self.template = template
        self.overrides = overrides
        self.notices: list[str] = []
        self.report = template.new_report()
        # Text order: (section, spec or None for extras, paragraphs).
        self.found: list[tuple[Section, SectionSpec | None, list[str]]] = []
        self.placements: list[Placement] = []
        self.used: set[str] = set()
        self.extra_count = 0
        # Kept up to date by _extra, so that a text with thousands of unknown headings stays linear.
        self.keys = {s.key for s in self.report.sections}
        self.last_insert: int | None = None

    def build(self, source: SourceText) -> tuple[Report, list[str], list[Placement]]:
        self._set_title(source.title)
        current: list[str] | None = None
        anchor: Section | None = None  # the section the text last placed, for placing extras
        for index, token in enumerate(source.tokens):
            heading = token.heading
            runin_candidate = heading is None or (
                index not in self.overrides and self.template.find(heading.text) is None)
            if runin_candidate and (split := self._runin_heading(index, token.text)) is not None:
                heading, remainder = split
                anchor = self._place(index, heading, anchor, runin=True)
                current = self.found[-1][2]
                current.append(remainder)
                self.notices.append(f"“{heading.text}”的标题与正文写在同一段，已拆分为标题和正文。")
                continue
            if heading is None:
                if current is None:  # text before the first heading
                    anchor = self._extra(None, anchor, hint=PREAMBLE_HINT)
                    self.notices.append("第一个标题之前的文字未能对应到大纲，已作为附加章节保留。")
                    current = self.found[-1][2]
                current.append(token.text)
                continue
            if current is not None and self._is_runin_subhead(index, heading):
                current.append(token.text)
                continue
            anchor = self._place(index, heading, anchor)
            current = self.found[-1][2]

        for section, spec, paragraphs in self.found:
            fill_section(section, spec, paragraphs, self.notices)
        self._note_missing()
        signature = source.signature
        if signature is not None:
            self.report.signature = signature.unit
            self.report.sign_date = signature.date
            self.notices.append("已将文末的落款和日期识别为落款。" if signature.unit else "已将文末的日期识别为落款日期。")
        text = "\n".join(t.text for t in source.tokens)
        self.report.unit_name = guess_unit_name(text, self.report.unit_short, signature.unit if signature else "")
        self.notices += fill_table_from_text(self.report)
        return self.report, self.notices, self.placements

    # -- title ----------------------------------------------------------------------------------
    def _set_title(self, title: str) -> None:
        if not title:
            self.notices.append("未找到标题，已按大纲模板的标题格式生成，请补填年度和单位简称。")
            return
        parsed = parse_title(title, self.template.title)
        self.report.year = parsed.year
        self.report.unit_short = parsed.unit_short
        self.report.title_override = parsed.override
        if not parsed.matched:
            self.notices.append(f"标题“{title}”与大纲模板的标题格式不同，已按原文保留为自定义标题。")

    # -- sections -------------------------------------------------------------------------------
    def _spec_for(self, index: int, text: str) -> SectionSpec | None:
        """The outline section a heading maps onto: the override if there is one, else by its text."""
        if index in self.overrides:
            key = self.overrides[index]
            return None if key is KEEP_AS_EXTRA else self.template.spec(key)
        return self.template.find(text)

    def _runin_heading(self, index: int, paragraph: str) -> tuple[Heading, str] | None:
        """「（一）部门整体支出绩效目标：一是…」: an outline heading run into its text, split apart."""
        parsed = parse_heading(paragraph)
        if parsed is None or parsed[0] > 3:
            return None
        level, number, rest = parsed
        if level == 3 and self.found and self.found[-1][0].kind is SectionKind.SUBHEADS:
            return None
        m = _RUNIN_STOP.search(rest[: MAX_HEADING_CHARS + 1])
        if m is None:
            return None
        title, remainder = rest[: m.start()].strip(), rest[m.end():].strip()
        if not title or not remainder:
            return None
        if index in self.overrides and self.overrides[index] is KEEP_AS_EXTRA:
            return Heading(level, number, title, paragraph), remainder
        spec = self._spec_for(index, title)
        if spec is None or spec.key in self.used:
            return None
        return Heading(level, number, title, paragraph), remainder

    def _is_runin_subhead(self, index: int, heading: Heading) -> bool:
        """In a sub-heads section, a 「1.」 line that is not an outline heading is one of its entries."""
        section, _, _ = self.found[-1]
        if section.kind is not SectionKind.SUBHEADS or heading.level != 3 or index in self.overrides:
            return False
        spec = self.template.find(heading.text)
        return spec is None or spec.key in self.used

    def _place(self, index: int, heading: Heading, anchor: Section | None, *, runin: bool = False) -> Section:
        spec = self._spec_for(index, heading.text)
        if spec is not None and spec.key not in self.used:
            self.used.add(spec.key)
            section = self.report.section(spec.key)
            section.heading = heading.text
            if heading.level != spec.level:
                self.notices.append(
                    f"“{heading.text}”在原文中是第{heading.level}级标题，大纲中是第{spec.level}级，已按原文保留。")
                section.level = heading.level
            self.found.append((section, spec, []))
            self.placements.append(Placement(index, heading.level, heading.text, spec.key, True, runin))
            return section
        section = self._extra(heading, anchor)
        self.placements.append(Placement(index, heading.level, heading.text, section.key, False, runin))
        if spec is not None:
            self.notices.append(f"“{heading.text}”在原文中重复出现，第二处已作为附加章节保留。")
        else:
            self.notices.append(f"“{heading.text}”未能对应到大纲，已作为附加章节保留。")
        return section

    def _extra(self, heading: Heading | None, anchor: Section | None, hint: str = "") -> Section:
        while True:
            self.extra_count += 1
            key = f"{EXTRA_KEY_PREFIX}{self.extra_count}"
            if key not in self.keys:
                break
        self.keys.add(key)
        # A section without a heading still takes a number at its level when printed; level 3 is
        # reset by the first 「一、」 or 「（一）」 heading that follows, so no printed number moves.
        section = Section(key=key, heading=heading.text if heading else "", level=heading.level if heading else 3,
                          kind=SectionKind.PARAGRAPHS, extra=True, hint=hint)
        sections = self.report.sections
        index = 0 if anchor is None else self._index_of(anchor) + 1
        sections.insert(index, section)
        self.last_insert = index
        self.found.append((section, None, []))
        return section

    def _index_of(self, section: Section) -> int:
        """Where ``section`` is; most often the extra section inserted just before (no search)."""
        sections = self.report.sections
        last = self.last_insert
        if last is not None and last < len(sections) and sections[last] is section:
            return last
        return next(i for i, s in enumerate(sections) if s is section)

    def _note_missing(self) -> None:
        for section in self.report.sections:
            if section.extra or section.key in self.used or section.kind is SectionKind.GROUP:
                continue
            self.notices.append(f"原文中没有“{section.heading}”部分，已按大纲保留为空，请补写。")
