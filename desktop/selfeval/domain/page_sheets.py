"""The approximate pages (no office suite): which text prints on which line of which page, from the same
numbers as :mod:`selfeval.domain.pagination` (22 × 28 grid, its line breaking and its page breaks), so
that the approximate preview shows exactly the count the 基本信息 tab gives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from selfeval.domain import layout
from selfeval.domain.document import Block, Role, report_blocks
from selfeval.domain.model import Report
from selfeval.domain.pagination import block_lines, keeps_with_next, line_starts, place, title_lines


@dataclass(frozen=True)
class SheetLine:
    role: Role
    text: str
    row: int  # 0..21 on its page
    indent_chars: int = 0  # first line of a paragraph: 2
    runin_chars: int = 0  # characters at its start printed in the level-3 heading style
    right_indent_chars: int = 0  # signature and date: 右空二字


TitleBreaker = Callable[[str], list[str]]


def _block_lines(block: Block, break_title: TitleBreaker) -> list[SheetLine]:
    """The printed lines of one block, rows counted from the block's first line."""
    if block.role is Role.BLANK:
        return []
    if block.role is Role.TITLE:
        return [SheetLine(Role.TITLE, text, row) for row, text in enumerate(break_title(block.text))]
    right = layout.SIGNATURE_RIGHT_INDENT_CHARS if block.role in (Role.SIGNATURE, Role.DATE) else 0
    text = block.full_text
    starts = line_starts(text, layout.FIRST_LINE_INDENT_CHARS, right)
    ends = starts[1:] + [len(text)]
    out = []
    for row, (start, end) in enumerate(zip(starts, ends)):
        runin = max(0, min(len(block.runin) - start, end - start))
        out.append(SheetLine(block.role, text[start:end], row, layout.FIRST_LINE_INDENT_CHARS if row == 0 else 0,
                             runin, right))
    return out


def sheet_pages(blocks: list[Block], break_title: TitleBreaker = title_lines) -> list[list[SheetLine]]:
    """The pages, each the lines printed on it (``row`` on that page). ``break_title`` gives the title's
    lines (the export breaks it where words stay whole: ``export.title_lines``)."""
    per_page = layout.LINES_PER_PAGE
    lines_of = [_block_lines(block, break_title) for block in blocks]
    sizes = [(len(lines) + layout.TITLE_SPACE_AFTER_LINES if block.role is Role.TITLE else block_lines(block),
              keeps_with_next(block)) for block, lines in zip(blocks, lines_of)]
    starts, estimate = place(sizes)
    pages: list[list[SheetLine]] = [[] for _ in range(estimate.pages)]
    for lines, start in zip(lines_of, starts):
        for line in lines:
            row = start + line.row
            pages[row // per_page].append(SheetLine(line.role, line.text, row % per_page, line.indent_chars,
                                                    line.runin_chars, line.right_indent_chars))
    return pages


def report_sheet_pages(report: Report, break_title: TitleBreaker = title_lines) -> list[list[SheetLine]]:
    return sheet_pages(report_blocks(report), break_title)
