"""Rule: numbering the clerk typed. 一是/二是/三是 must count up without gaps or repeats across a
section's text; typed headings (一、 （一） 1. （1）) at the start of paragraphs likewise; and an entry
of a section the program numbers itself must not begin with a number of its own ("一是一是…")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from selfeval.domain.checks.context import CheckContext
from selfeval.domain.checks.findings import Finding, Severity
from selfeval.domain.model import Section, SectionKind
from selfeval.domain.numbering import HEADING_RES, chinese_numeral, item_marker, parse_chinese_numeral
from selfeval.domain.text_fields import Place, TextField, section_fields

# 「一是」 at the start of a statement (after 。；：！？, a line break, a closing quote, or the field start).
_ITEM = re.compile(r"(?:^|(?<=[。；;：:！？!?\n”]))\s?([一二三四五六七八九十]{1,3})是")
_LEVEL_NAMES = {1: "“一、”", 2: "“（一）”", 3: "“1.”", 4: "“（1）”"}


def _marker(level: int, n: int) -> str:
    return {1: f"{chinese_numeral(n)}、", 2: f"（{chinese_numeral(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def check(ctx: CheckContext) -> Iterator[Finding]:
    for section in ctx.report.sections:
        if section.kind is SectionKind.GROUP and not section.intro:
            continue
        fields = [f for f in section_fields(section) if f.text]
        yield from _items(section, fields)
        yield from _headings(section, fields)
        yield from _doubled_markers(section)


def _items(section: Section, fields: list[TextField]) -> Iterator[Finding]:
    expected = 1  # the number the next 「X是」 should carry
    for field in fields:
        if section.kind is SectionKind.ITEMS and field.place.field != "intro":
            expected = 1  # each entry is one item; markers inside it are a list of its own
        for m in _ITEM.finditer(field.text):
            try:
                n = parse_chinese_numeral(m.group(1))
            except ValueError:
                continue
            place = field.place.at(m.start(1), m.end())
            if n == 1:
                expected = 2
                continue
            if n == expected:
                expected += 1
                continue
            if n > expected:
                missing = "、".join(f"“{item_marker(k)}”" for k in range(expected, min(n, expected + 3)))
                message = f"“{m.group(1)}是”前面缺少{missing}，请核对分条编号。"
            else:
                message = f"“{m.group(1)}是”与前面的编号重复，请核对分条编号（应为“{item_marker(expected)}”）。"
            yield Finding("numbering.items", Severity.WARNING, message, place, m.group(1) + "是")
            expected = max(expected, n + 1)


def _headings(section: Section, fields: list[TextField]) -> Iterator[Finding]:
    expected: dict[int, int] = {}
    for field in fields:
        if field.place.field == "lead":
            continue
        offset = 0
        for line in field.text.split("\n"):
            parsed = _parse(line)
            if parsed:
                level, n, span = parsed
                want = expected.get(level, 1)
                for deeper in range(level + 1, 5):
                    expected.pop(deeper, None)
                if n != want:
                    what = "缺少" + "、".join(f"“{_marker(level, k)}”" for k in range(want, min(n, want + 3))) \
                        if n > want else f"与前面的编号重复（应为“{_marker(level, want)}”）"
                    excerpt = line[span[0]:span[1]]
                    yield Finding("numbering.headings", Severity.WARNING,
                                  f"标题编号“{excerpt.strip()}”{what}，请核对{_LEVEL_NAMES[level]}一级的编号。",
                                  field.place.at(offset + span[0], offset + span[1]), excerpt)
                expected[level] = n + 1
            offset += len(line) + 1


def _parse(line: str) -> tuple[int, int, tuple[int, int]] | None:
    for level, rx in HEADING_RES.items():
        m = rx.match(line)
        if m and m.group(2):
            num = m.group(1)
            try:
                n = int(num) if num.isdigit() else parse_chinese_numeral(num)
            except ValueError:
                return None
            return level, n, (m.start(), m.start(2))
    return None


def _doubled_markers(section: Section) -> Iterator[Finding]:
    """Items and sub-heads are numbered by the program: a typed number at the start doubles it."""
    if section.kind is SectionKind.ITEMS:
        pattern = re.compile(r"^\s?[一二三四五六七八九十]{1,3}是")
        label = "“一是、二是……”"
    elif section.kind is SectionKind.SUBHEADS:
        pattern = re.compile(r"^\s?\d{1,2}\s?[.．、](?!\d)")
        label = "“1.”“2.”"
    else:
        return
    for i, entry in enumerate(section.entries):
        field = "lead" if entry.lead.strip() else "text"
        text = entry.lead if field == "lead" else entry.text
        m = pattern.match(text)
        if m:
            yield Finding("numbering.typed_marker", Severity.WARNING,
                          f"这一条以“{m.group(0).strip()}”开头，但{label}编号由程序自动添加，"
                          "导出时会重复，请删去。", Place(section.key, i, field, "", m.start(), m.end()),
                          m.group(0))
