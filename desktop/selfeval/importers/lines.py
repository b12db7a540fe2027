"""The line structure of a plain-text 说明: title, headings, body paragraphs, signature and date.

Text extracted from Word or PDF has a line break wherever a page ended, often in the middle of a
sentence ("…企业首席服务官工作" / "方案》要求…"). A body line that does not end a sentence continues in
the next body line; blank lines in between do not matter, a heading stops it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from selfeval.domain.numbering import parse_heading

# What a paragraph can end with. Anything else at the end of a line means the line was cut.
SENTENCE_ENDINGS = "。！？!?；;：:…”’」』"
# Punctuation that may not stand inside a heading: a 「1.」 line with a full stop inside is a run-in
# sub-head followed by text, i.e. body text.
_SENTENCE_STOPS = "。！？!?；;"
MAX_HEADING_CHARS = 40
# A title is one or a few short lines.
MAX_TITLE_CHARS = 80
MAX_TITLE_LINES = 3
# A further line of a title is short (the title is set large); a full line of body text is longer.
MAX_TITLE_LINE_CHARS = 24
# What a whole title ends with: no further line belongs to it.
TITLE_ENDINGS = ("报告", "说明", "自评表")
MAX_SIGNATURE_CHARS = 40

_DATE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_PUNCTUATION = set("，,。．.；;：:！!？?、“”‘’（）()《》【】[]")
# How unit names end (广州市荔湾区人民政府昌华街道办事处, 荔湾区财政局, …).
UNIT_SUFFIXES = ("办事处", "人民政府", "委员会", "办公室", "管理局", "中心", "学校", "中学", "小学", "幼儿园",
                 "医院", "卫生院", "研究院", "政府",
                 "局", "委", "厅", "院", "所", "站", "队", "馆", "会", "部", "处", "街道", "镇", "乡")


@dataclass(frozen=True)
class Heading:
    level: int
    number: int
    text: str  # the heading without its marker, as written
    line: str  # the whole line as written


def heading_of(line: str) -> Heading | None:
    """The heading a line is, or None for body text.

    「（1）」 lines are body text (the outline has three levels); a numbered line that holds a full stop
    before its end, or is longer than a heading can be, is a paragraph that starts with a number.
    """
    parsed = parse_heading(line)
    if parsed is None:
        return None
    level, number, rest = parsed
    if level > 3 or not rest or len(rest) > MAX_HEADING_CHARS:
        return None
    if any(ch in _SENTENCE_STOPS for ch in rest[:-1]):
        return None
    return Heading(level, number, rest, line.strip())


def ends_sentence(line: str) -> bool:
    line = line.rstrip()
    return bool(line) and line[-1] in SENTENCE_ENDINGS


def starts_with_marker(line: str) -> bool:
    """A line that starts like a heading or a numbered paragraph never continues the line before."""
    return parse_heading(line) is not None


# Page numbers a PDF or Word extraction leaves between the lines of a paragraph: "— 2 —", "第2页 共5页".
_PAGE_NUMBER_RE = re.compile(
    r"^(?:[—–\-－]+\s*\d{1,3}\s*[—–\-－]+|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})$")


def nonblank_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER_RE.match(line.strip()))


def take_title(lines: list[str]) -> tuple[str, list[str]]:
    """(title, remaining lines). The title is the first line(s) before the first heading, if they
    look like a title (short, not a sentence); otherwise there is no title."""
    if not lines:
        return "", lines
    first = lines[0]
    if heading_of(first) or starts_with_marker(first) or len(first) > MAX_TITLE_CHARS or ends_sentence(first):
        return "", lines
    parts = [first]
    i = 1
    while i < len(lines) and len(parts) < MAX_TITLE_LINES:
        line = lines[i]
        following = heading_of(lines[i + 1]) if i + 1 < len(lines) else None
        if (starts_with_marker(line) or ends_sentence(line) or len(line) > MAX_TITLE_LINE_CHARS
                or len("".join(parts)) + len(line) > MAX_TITLE_CHARS or parts[-1].endswith(TITLE_ENDINGS)
                or (following is not None and following.number == 1 and following.level >= 2)):
            break
        parts.append(line)
        i += 1
    return glue_all(parts), lines[i:]


@dataclass(frozen=True)
class Signature:
    unit: str
    date: dt.date | None


def take_signature(lines: list[str]) -> tuple[Signature | None, list[str]]:
    """A unit-name line and a date line ending the text (落款), or a date line alone."""
    if not lines:
        return None, lines
    date = parse_sign_date(lines[-1])
    if date is None:
        return None, lines
    rest = lines[:-1]
    if rest and is_unit_line(rest[-1]):
        return Signature(rest[-1], date), rest[:-1]
    return Signature("", date), rest


def parse_sign_date(line: str) -> dt.date | None:
    m = _DATE_RE.match(line.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def is_unit_line(line: str) -> bool:
    line = line.strip()
    return (0 < len(line) <= MAX_SIGNATURE_CHARS and not any(ch in _PUNCTUATION for ch in line)
            and heading_of(line) is None and line.endswith(UNIT_SUFFIXES))


def _needs_space(left: str, right: str) -> bool:
    return bool(left and right and left[-1].isascii() and left[-1].isalnum()
                and right[0].isascii() and right[0].isalnum())


def glue_all(parts: list[str]) -> str:
    """Join the pieces of one paragraph that page breaks cut apart (a space only between Latin words)."""
    if not parts:
        return ""
    out = [parts[0]]
    for prev, part in zip(parts, parts[1:]):
        out.append((" " if _needs_space(prev, part) else "") + part)
    return "".join(out)


# A form's label line (「联系人」「职能职责概述」「年度收入合计（万元）」) and value line (「45」「0730-6221234」),
# and a list item (「任务2：」「①」): never the cut-off piece of a paragraph.
_LABEL_LINE = re.compile(
    r"^[^，,。；;！!？?]{1,20}?(?:人|电话|编制|人数|概述|内容|名称|合计|成绩|部门|单位|日期|时间|地址|邮编|职务|"
    r"[（(](?:万元|元|个|人|%|％)[）)])[：:]?$")
_VALUE_LINE = re.compile(r"^[\d０-９.,，．%％\-－—/（）() ]+$")
_ITEM_START = re.compile(r"^(?:(?:任务|目标|指标|措施|问题)\s*[0-9０-９]+\s*[：:、.．]|[①-⑳]|[•·▪◆■●]|一是)")


def is_label_line(line: str) -> bool:
    return bool(_LABEL_LINE.match(line.strip()))


def keeps_apart(previous: str, line: str) -> bool:
    """``line`` starts a paragraph of its own even though ``previous`` ends no sentence: a form's
    label or value line on either side, or a list item."""
    previous, line = previous.strip(), line.strip()
    return (is_label_line(previous) or is_label_line(line) or bool(_VALUE_LINE.match(previous))
            or bool(_VALUE_LINE.match(line)) or bool(_ITEM_START.match(line)))


@dataclass(frozen=True)
class Token:
    """A heading or a body paragraph of the text, in order."""

    text: str
    heading: Heading | None = None


def tokenize(lines: list[str]) -> tuple[list[Token], int]:
    """Headings and paragraphs, cut paragraphs joined; also how many joins were made."""
    tokens: list[Token] = []
    pending: list[str] = []
    joins = 0

    def flush() -> None:
        if pending:
            tokens.append(Token(glue_all(pending)))
            pending.clear()

    for line in lines:
        heading = heading_of(line)
        if heading is not None:
            flush()
            tokens.append(Token(line, heading))
            continue
        if pending and (starts_with_marker(line) or keeps_apart(pending[-1], line)):
            flush()
        if pending:
            joins += 1
        pending.append(line)
        if ends_sentence(line):
            flush()
    flush()
    return tokens, joins


# -- headings run into one long line (text copied from a document-sharing site) -------------------------
_CN_NUM = "一二三四五六七八九十"
_L1_MARK = re.compile(rf"([{_CN_NUM}]{{1,3}})、")
_L2_MARK = re.compile(rf"[（(]([{_CN_NUM}]{{1,3}})[）)]")
# Words a heading ends with: 「…情况」「…问题」「…措施」.
_HEADING_END = re.compile(
    r"(?:情况|概况|问题|措施|建议|分析|目标|结论|应用|职责|职能|原因|计划|成效|效能|效率|效益|效果|决策|"
    r"得分|管理|支出|评价|说明|任务|工作)")
_BODY_STOP = re.compile(r"[，,、；;。！？!?（(“\"0-9０-９%％]")
# At least this many 一、二、三… in one line make it a run-on report, not a sentence with a list.
MIN_RUNON_HEADINGS = 3


def _cn_value(text: str) -> int:
    from selfeval.domain.numbering import parse_chinese_numeral

    try:
        return parse_chinese_numeral(text)
    except ValueError:
        return 0


def _runon_marks(line: str) -> list[tuple[int, int, int]]:
    """(start, end, level) of the 一、 and （一） markers that count up through the line."""
    marks: list[tuple[int, int, int]] = []
    expected1, expected2 = 1, 1
    candidates = sorted([(m.start(), m.end(), 1, _cn_value(m.group(1))) for m in _L1_MARK.finditer(line)]
                        + [(m.start(), m.end(), 2, _cn_value(m.group(1))) for m in _L2_MARK.finditer(line)])
    for start, end, level, n in candidates:
        if level == 1 and n == expected1:
            marks.append((start, end, 1))
            expected1 += 1
            expected2 = 1
        elif level == 2 and n == expected2 and marks:
            marks.append((start, end, 2))
            expected2 += 1
    return marks


def split_heading_words(rest: str) -> tuple[str, str]:
    """A heading's words and the text run on after them: up to a colon or full stop, else the longest
    start ending in a heading word (「存在的问题及原因分析」 of 「存在的问题及原因分析我院…」)."""
    stop = re.search(r"[：:。]", rest[: MAX_HEADING_CHARS + 1])
    if (stop is not None and stop.start() > 0 and rest[stop.end():].strip()
            and not _BODY_STOP.search(rest[: stop.start()])):
        return rest[: stop.start()], rest[stop.end():]
    limit = len(rest)
    body = _BODY_STOP.search(rest)
    if body is not None:
        limit = body.start()
    best = 0
    for m in _HEADING_END.finditer(rest[: min(limit, 30)]):
        best = m.end()
    if best:
        return rest[:best], rest[best:]
    return rest, ""


def split_runon(line: str) -> list[str] | None:
    """The headings and paragraphs of a line that holds several numbered headings (「…报告一、基本情况
    （一）单位概况我院为…二、…」), each on a line of its own, or None for an ordinary line."""
    marks = _runon_marks(line)
    if sum(1 for m in marks if m[2] == 1) < MIN_RUNON_HEADINGS:
        return None
    out = [line[: marks[0][0]]] if marks[0][0] else []
    for i, (start, end, _level) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(line)
        segment = line[end:stop]
        words, body = split_heading_words(segment)
        out.append(line[start:end] + words)
        if body:
            out.append(body)
    return [part.strip() for part in out if part.strip()]
