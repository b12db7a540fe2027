"""How many pages a report prints on, without a word processor: the 22 × 28 grid of GB/T 9704 5.2.3
and the paragraph rules of :mod:`selfeval.domain.document` (title lines and the blank line below it,
indented paragraphs, headings kept with the text after them).

An approximation for when no office suite is installed (the office suite's own count is exact): lines
are filled character by character, each Chinese character or full-width sign one condensed 3号 advance,
each Latin letter, digit or space half of one; a run of Latin letters or digits is not split; a closing
sign never starts a line and an opening one never ends it (GB/T 15834), except that a comma or full stop
may hang past the line's end, as word processors let it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from selfeval.domain import layout
from selfeval.domain.document import Block, Role, report_blocks
from selfeval.domain.model import Report


def char_width_em(ch: str) -> Decimal:
    """Width in ems: full width for CJK and full-width forms, half for Latin letters, digits, spaces."""
    if unicodedata.east_asian_width(ch) in ("W", "F", "A") and ord(ch) > 0x2000:
        return Decimal(1)
    return Decimal("0.5")


def text_width_em(text: str) -> Decimal:
    return sum((char_width_em(c) for c in text), Decimal(0))


def title_line_ems() -> int:
    """How many 2号 characters a title line holds (the title is off the grid)."""
    return int(layout.mm_to_pt(layout.TEXT_BLOCK_WIDTH_MM) / layout.TITLE_SIZE_PT)


@dataclass(frozen=True)
class PageEstimate:
    pages: int
    last_page_lines: int  # grid lines used on the last page

    @property
    def last_page_fill(self) -> Decimal:
        return (Decimal(self.last_page_lines) / layout.LINES_PER_PAGE).quantize(Decimal("0.01"))


# Widths in hundredths of a point (whole numbers: fast and exact).
_FULL = int((layout.BODY_SIZE_PT - layout.BODY_CHAR_CONDENSE_PT) * 100)
_HALF = int((layout.BODY_SIZE_PT / 2 - layout.BODY_CHAR_CONDENSE_PT) * 100)
_LINE = int(layout.mm_to_pt(layout.TEXT_BLOCK_WIDTH_MM) * 100)
# No line may start with closing punctuation or end with opening punctuation.
NO_LINE_START = frozenset("，。、；：？！）》」』”’…—·,.;:?!)]")
NO_LINE_END = frozenset("（《「『“‘([")
_HANGS = set("，。、,.")


def _advance(ch: str) -> int:
    return _FULL if char_width_em(ch) == 1 else _HALF


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".%")


def paragraph_lines(text: str, first_indent_chars: int, right_indent_chars: int = 0) -> int:
    """Lines a body-size paragraph takes on the text block's width."""
    return len(line_starts(text, first_indent_chars, right_indent_chars))


def line_starts(text: str, first_indent_chars: int, right_indent_chars: int = 0) -> list[int]:
    """Where each line of a body-size paragraph starts (indices into ``text``; the first is 0)."""
    width = _LINE - right_indent_chars * _FULL
    starts, used = [0], first_indent_chars * _FULL
    line_start = 0  # index of the first character on the current line
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if _is_word_char(ch):  # a Latin word or number moves as a whole
            j = i
            while j < n and _is_word_char(text[j]):
                j += 1
            need = (j - i) * _HALF
            if used + need > width and i > line_start and need <= width:
                used, line_start = 0, i
                starts.append(i)
            used += need
            while used > width:  # a word longer than the line breaks anyway
                used -= width
                line_start = min(j - 1, line_start + width // _HALF)
                starts.append(line_start)
            i = j
            continue
        need = _advance(ch)
        if used + need > width and i > line_start:
            if ch in _HANGS:  # hangs past the end; the next character starts a new line
                i += 1
                if i < n:
                    used, line_start = 0, i
                    starts.append(i)
                continue
            move = i
            if ch in NO_LINE_START or text[i - 1] in NO_LINE_END:
                move = i - 1  # the previous character goes down with it
            line_start = move
            starts.append(move)
            used = sum(_advance(c) for c in text[move:i])
        used += need
        i += 1
    return starts


def title_lines(text: str) -> list[str]:
    """The title's printed lines: each of its own lines filled up to :func:`title_line_ems` ems."""
    per_line = title_line_ems()
    out: list[str] = []
    for line in (line.strip() for line in text.splitlines() if line.strip()):
        current, used = "", Decimal(0)
        for ch in line:
            width = char_width_em(ch)
            if used + width > per_line and current:
                out.append(current)
                current, used = "", Decimal(0)
            current, used = current + ch, used + width
        out.append(current)
    return out or [""]


def block_lines(block: Block) -> int:
    """Grid lines one block takes."""
    if block.role is Role.BLANK:
        return 1
    if block.role is Role.TITLE:
        return len(title_lines(block.text)) + layout.TITLE_SPACE_AFTER_LINES
    if block.role in (Role.SIGNATURE, Role.DATE):
        return paragraph_lines(block.full_text, layout.FIRST_LINE_INDENT_CHARS, layout.SIGNATURE_RIGHT_INDENT_CHARS)
    return paragraph_lines(block.full_text, layout.FIRST_LINE_INDENT_CHARS)


def keeps_with_next(block: Block) -> bool:
    return block.role in (Role.TITLE, Role.HEADING1, Role.HEADING2, Role.HEADING3)


def place(sizes: list[tuple[int, bool]]) -> tuple[list[int], PageEstimate]:
    """Lay blocks of (lines, keeps with the next) on pages of 22 lines: the grid row (counted from the
    first page's first line) each starts on, and the page count. Paragraphs split anywhere (no widow
    control); a heading (and the title) moves to the next page rather than end a page apart from its text."""
    per_page = layout.LINES_PER_PAGE
    starts = [0] * len(sizes)
    row = 0
    pending: list[int] = []  # headings waiting to stay with the next block

    def put(indices: list[int]) -> None:
        nonlocal row
        for j in indices:
            starts[j] = row
            row += sizes[j][0]

    for i, (lines, keeps) in enumerate(sizes):
        if keeps:
            pending.append(i)
            continue
        if pending:
            need, used = sum(sizes[j][0] for j in pending), row % per_page
            if used + need + 1 > per_page and used > 0 and need < per_page:
                row += per_page - used  # the headings and this block's first line start a new page
            put(pending)
            pending = []
        put([i])
    put(pending)
    pages = max(1, -(-row // per_page))
    return starts, PageEstimate(pages, row - (pages - 1) * per_page)


def estimate_pages(blocks: list[Block]) -> PageEstimate:
    return place([(block_lines(block), keeps_with_next(block)) for block in blocks])[1]


def estimate_report_pages(report: Report) -> PageEstimate:
    return estimate_pages(report_blocks(report))
