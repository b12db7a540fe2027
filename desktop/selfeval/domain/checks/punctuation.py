"""Rules on punctuation (GB/T 15834): unbalanced “ ” ‘ ’ （ ） 《 》 【 】, half-width , ; : ( ) ? ! in
Chinese text, full- and half-width digits mixed in one text, a paragraph without closing punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterator

from selfeval.domain.checks.context import CheckContext
from selfeval.domain.checks.findings import Finding, Severity
from selfeval.domain.checks.texts import CJK
from selfeval.domain.text_fields import TextField

# Opening and closing marks of each pair; the half-width bracket pairs with the full-width one (its
# half-width form is flagged on its own).
_PAIRS = (("“", "”", "引号"), ("‘", "’", "单引号"), ("（(", "）)", "括号"), ("《", "》", "书名号"),
          ("【", "】", "方括号"))
_PAIR_MARKS = tuple((o, c, name, re.compile("[" + re.escape(o + c) + "]")) for o, c, name in _PAIRS)
_HALF = re.compile(rf"(?<=[{CJK}“”‘’（）《》，。、；：])\s?[,;:?!()]|[,;:?!()]\s?(?=[{CJK}“‘（《，。])")
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,10}://[^\s\u3000-\u9fff]{1,2000}|www\.[^\s\u3000-\u9fff]{1,2000}")
_FULL_DIGITS = re.compile(r"[０-９]{1,50}")
_HALF_DIGIT = re.compile(r"[0-9]")
_ENDINGS = "。！？；：…”’）》」』】.!?"


def check(ctx: CheckContext) -> Iterator[Finding]:
    for field in ctx.all_texts:
        yield from _balance(field)
        yield from _half_width(field)
        yield from _digits(field)
    for field in ctx.section_texts:
        if field.place.field in ("text", "intro"):
            yield from _ending(field)


def _balance(field: TextField) -> Iterator[Finding]:
    text = field.text
    for opens, closes, name, marks in _PAIR_MARKS:
        stack: list[int] = []
        for m in marks.finditer(text):
            i, ch = m.start(), m.group(0)
            if ch in opens:
                stack.append(i)
            elif stack:
                stack.pop()
            else:
                yield Finding("punct.unbalanced", Severity.WARNING,
                              f"这里的“{ch}”前面没有对应的“{opens[0]}”，{name}不成对，请补上或删去。",
                              field.place.at(i, i + 1), ch)
        for i in stack:
            yield Finding("punct.unbalanced", Severity.WARNING,
                          f"这里的“{text[i]}”后面没有对应的“{closes[0]}”，{name}不成对，请补上或删去。",
                          field.place.at(i, i + 1), text[i])


def _half_width(field: TextField) -> Iterator[Finding]:
    text = field.text
    if not any(ch in text for ch in _FULL_WIDTH):
        return
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
    for m in _HALF.finditer(text):
        mark = next(ch for ch in m.group(0) if ch in _FULL_WIDTH)
        i = m.start() + m.group(0).index(mark)
        if any(s <= i < e for s, e in urls):
            continue
        yield Finding("punct.half_width", Severity.WARNING,
                      f"中文中使用了半角标点“{mark}”，应改为全角“{_FULL_WIDTH[mark]}”。",
                      field.place.at(i, i + 1), mark)


def _digits(field: TextField) -> Iterator[Finding]:
    text = field.text
    if not _HALF_DIGIT.search(text):
        return
    for m in _FULL_DIGITS.finditer(text):
        yield Finding("punct.full_width_digits", Severity.WARNING,
                      f"“{m.group(0)}”是全角数字，同一段中其他数字为半角，请统一改为半角数字。",
                      field.place.at(m.start(), m.end()), m.group(0))


def _ending(field: TextField) -> Iterator[Finding]:
    offset = 0
    for line in field.text.split("\n"):
        stripped = line.rstrip()
        if stripped.strip() and stripped[-1] not in _ENDINGS:
            tail_start = max(offset + len(stripped) - 10, offset + len(line) - len(line.lstrip()))
            excerpt = field.text[tail_start:offset + len(stripped)]
            yield Finding("punct.no_ending", Severity.WARNING,
                          "这一段没有以句号等标点结尾，请补上。",
                          field.place.at(tail_start, offset + len(stripped)), excerpt)
        offset += len(line) + 1

