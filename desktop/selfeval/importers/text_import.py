"""Importing a plain-text 说明 into a report, mapped onto an outline template. Nothing is dropped:
what does not map onto the outline is kept as an extra section where it was found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from selfeval.domain.model import Report, Section, SectionKind
from selfeval.domain.numbering import parse_heading
from selfeval.domain.outline import OutlineTemplate, SectionSpec
from selfeval.domain.text import MAX_SECTION_CHARS, clean_text, tidy_spacing
from selfeval.importers.content import fill_section
from selfeval.importers.decoding import encoding_label, read_text_file
from selfeval.importers.errors import ImportError_
from selfeval.importers.lines import (MAX_HEADING_CHARS, Heading, is_page_number, nonblank_lines, take_signature,
                                      take_title, tokenize)
from selfeval.importers.title import parse_title
from selfeval.importers.unit_name import guess_unit_name
from selfeval.templates import get_template

# The whole text may not be longer than one section may be: refused, never cut.
MAX_IMPORT_CHARS = MAX_SECTION_CHARS
EXTRA_KEY_PREFIX = "extra-"
PREAMBLE_HINT = "导入时位于第一个标题之前的文字。"
# Where a heading written on the same line as its text ends.
_RUNIN_STOP = re.compile(r"[：:。]")


@dataclass
class ImportResult:
    report: Report
    notices: list[str] = field(default_factory=list)


def import_text_file(path: str | Path, template: OutlineTemplate | None = None) -> ImportResult:
    """Import a .txt file (UTF-8 with or without BOM, GBK, GB18030); raises :class:`ImportError_`."""
    decoded = read_text_file(path)
    result = import_text(decoded.text, template)
    if decoded.encoding not in ("utf-8", "utf-8-sig"):
        result.notices.insert(0, f"已按 {encoding_label(decoded.encoding)} 编码读取文件。")
    result.notices[0:0] = decoded.notices
    return result


def import_text(text: str, template: OutlineTemplate | None = None) -> ImportResult:
    """Import the text of a 说明; raises :class:`ImportError_` for an empty or oversized text."""
    if template is None:
        template = get_template()
    if text is None or not text.strip():
        raise ImportError_("没有可以导入的文字：内容是空的。")
    if len(text) > MAX_IMPORT_CHARS:
        raise ImportError_(f"文字过长（{len(text)} 字，上限 {MAX_IMPORT_CHARS} 字），不像是一份说明，"
                           "请检查是否选错了文件。")
    cleaned = clean_text(text)
    notices = list(cleaned.notices)
    lines = nonblank_lines(tidy_spacing(cleaned.text))
    if not lines:
        raise ImportError_("没有可以导入的文字：清除控制字符后内容是空的。")
    return _Builder(template, notices).build(lines)


class _Builder:
    def __init__(self, template: OutlineTemplate, notices: list[str]) -> None:
        self.template = template
        self.notices = notices
        self.report = template.new_report()
        # Text order: (section, spec or None for extras, paragraphs).
        self.found: list[tuple[Section, SectionSpec | None, list[str]]] = []
        self.used: set[str] = set()
        self.extra_count = 0
        # Kept up to date by _extra, so that a text with thousands of unknown headings stays linear.
        self.keys = {s.key for s in self.report.sections}
        self.last_insert: int | None = None

    def build(self, lines: list[str]) -> ImportResult:
        page_numbers = [line for line in lines if is_page_number(line)]
        if page_numbers:
            lines = [line for line in lines if not is_page_number(line)]
            self.notices.append(f"已删除 {len(page_numbers)} 行页码（如“{page_numbers[0]}”）。")
        title, lines = take_title(lines)
        signature, lines = take_signature(lines)
        tokens, joins = tokenize(lines)
        self._set_title(title)
        if joins:
            self.notices.append(f"已将 {joins} 处被换行或分页截断的段落重新接合。")

        current: list[str] | None = None
        anchor: Section | None = None  # the section the text last placed, for placing extras
        for token in tokens:
            heading = token.heading
            if heading is None and (split := self._runin_heading(token.text)) is not None:
                heading, remainder = split
                section = self._place(heading, anchor)
                anchor = section
                current = self.found[-1][2]
                current.append(remainder)
                self.notices.append(f"“{heading.text}”的标题与正文写在同一段，已拆分为标题和正文。")
                continue
            if heading is None:
                if current is None:  # text before the first heading
                    section = self._extra(None, anchor, hint=PREAMBLE_HINT)
                    self.notices.append("第一个标题之前的文字未能对应到大纲，已作为附加章节保留。")
                    current = self.found[-1][2]
                    anchor = section
                current.append(token.text)
                continue
            if current is not None and self._is_runin_subhead(heading):
                current.append(token.text)
                continue
            section = self._place(heading, anchor)
            anchor = section
            current = self.found[-1][2]

        for section, spec, paragraphs in self.found:
            fill_section(section, spec, paragraphs, self.notices)
        self._note_missing()
        if signature is not None:
            self.report.signature = signature.unit
            self.report.sign_date = signature.date
            self.notices.append("已将文末的落款和日期识别为落款。" if signature.unit else "已将文末的日期识别为落款日期。")
        self.report.unit_name = guess_unit_name(
            "\n".join(lines), self.report.unit_short, signature.unit if signature else "")
        return ImportResult(self.report, self.notices)

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
    def _runin_heading(self, paragraph: str) -> tuple[Heading, str] | None:
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
        spec = self.template.find(title)
        if not title or not remainder or spec is None or spec.key in self.used:
            return None
        return Heading(level, number, title, paragraph), remainder

    def _is_runin_subhead(self, heading: Heading) -> bool:
        """In a sub-heads section, a 「1.」 line that is not an outline heading is one of its entries."""
        section, _, _ = self.found[-1]
        if section.kind is not SectionKind.SUBHEADS or heading.level != 3:
            return False
        spec = self.template.find(heading.text)
        return spec is None or spec.key in self.used

    def _place(self, heading: Heading, anchor: Section | None) -> Section:
        spec = self.template.find(heading.text)
        if spec is not None and spec.key not in self.used:
            self.used.add(spec.key)
            section = self.report.section(spec.key)
            section.heading = heading.text
            if heading.level != spec.level:
                self.notices.append(
                    f"“{heading.text}”在原文中是第{heading.level}级标题，大纲中是第{spec.level}级，已按原文保留。")
                section.level = heading.level
            self.found.append((section, spec, []))
            return section
        section = self._extra(heading, anchor)
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
