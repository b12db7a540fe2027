"""What any importer reads out of a file before it knows the outline: title, headings and paragraphs in
order, and the 落款. Text files and PDF text come as lines (a paragraph may be cut across several);
Word paragraphs are whole already."""

from __future__ import annotations

from dataclasses import dataclass, field

from selfeval.domain.text import MAX_SECTION_CHARS, clean_text, tidy_spacing
from selfeval.importers.cover import Cover, take_cover, take_footer
from selfeval.importers.errors import ImportError_
from selfeval.importers.lines import (Heading, Signature, Token, heading_of, is_label_line, is_page_number,
                                      nonblank_lines, split_runon, take_signature, take_title, tokenize)

# The whole text may not be longer than one section may be: refused, never cut.
MAX_IMPORT_CHARS = MAX_SECTION_CHARS


@dataclass
class SourceText:
    """The structure found in the source: ``tokens`` are headings and body paragraphs in order."""

    title: str
    tokens: list[Token]
    signature: Signature | None
    notices: list[str] = field(default_factory=list)
    # The cover or header block (评价年度, 单位, 填报人 …): fields, not text of the report.
    cover: Cover = field(default_factory=Cover)


def check_size(text: str | None) -> None:
    if text is None or not text.strip():
        raise ImportError_("没有可以导入的文字：内容是空的。")
    if len(text) > MAX_IMPORT_CHARS:
        raise ImportError_(f"文字过长（{len(text)} 字，上限 {MAX_IMPORT_CHARS} 字），不像是一份说明，"
                           "请检查是否选错了文件。")


def source_from_text(text: str, *, whole_paragraphs: bool = False) -> SourceText:
    """The structure of a text, one line a paragraph or a piece of one.

    ``whole_paragraphs``: each line is a whole paragraph (a Word document), so lines are never joined."""
    check_size(text)
    cleaned = clean_text(text)
    notices = list(cleaned.notices)
    lines = nonblank_lines(tidy_spacing(cleaned.text))
    if not lines:
        raise ImportError_("没有可以导入的文字：清除控制字符后内容是空的。")
    page_numbers = [line for line in lines if is_page_number(line)]
    if page_numbers:
        lines = [line for line in lines if not is_page_number(line)]
        notices.append(f"已删除 {len(page_numbers)} 行页码（如“{page_numbers[0]}”）。")
    lines, runons = _split_runons(lines)
    if runons:
        notices.append(f"有 {runons} 行文字中连写了多个标题（如从文库网站复制的文字），已按编号拆分为标题和段落。")
    cover, lines = take_cover(lines, stop=lambda line: heading_of(line) is not None)
    if not lines:
        raise ImportError_("没有可以导入的文字：只有封面信息，没有正文。")
    title, lines = take_title(lines)
    lines = take_footer(lines, cover)
    signature, lines = take_signature(lines)
    if whole_paragraphs:
        tokens = [Token(line, heading_of(line)) for line in lines]
    else:
        tokens, joins = tokenize(lines)
        if joins:
            notices.append(f"已将 {joins} 处被换行或分页截断的段落重新接合。")
    found = unnumbered_headings(tokens)
    if found:
        notices.append(f"已按版式识别出 {found} 个没有编号的标题（单独成行的短句，其下是从（一）开始的标题）。")
    return SourceText(title, tokens, signature, notices, cover)


_NOT_IN_HEADING = set("，,。；;：:！!？?、“”\"")


def is_bare_heading_line(text: str) -> bool:
    """A line that could be a heading printed without its number: short, no punctuation, not a form's
    label or value."""
    text = text.strip()
    return (2 <= len(text) <= MAX_BARE_HEADING_CHARS and not any(ch in _NOT_IN_HEADING for ch in text)
            and not is_label_line(text) and not text[0].isdigit())


# A heading printed without its number (a Word heading style with no numbering, then a PDF) is this short.
MAX_BARE_HEADING_CHARS = 20


def unnumbered_headings(tokens: list[Token]) -> int:
    """A short line with no number right before a heading numbered 「（一）」 or 「1.」 is the heading one
    level above it (in place); how many were found."""
    found = 0
    for i, (token, after) in enumerate(zip(tokens, tokens[1:])):
        heading = after.heading
        if (token.heading is None and heading is not None and heading.number == 1 and heading.level >= 2
                and is_bare_heading_line(token.text)):
            level = heading.level - 1
            tokens[i] = Token(token.text, Heading(level, 0, token.text.strip(), token.text.strip()))
            found += 1
    return found


def _split_runons(lines: list[str]) -> tuple[list[str], int]:
    out: list[str] = []
    count = 0
    for line in lines:
        parts = split_runon(line) if len(line) > 2 * MAX_HEADING_LINE else None
        if parts is None:
            out.append(line)
        else:
            out += parts
            count += 1
    return out, count


# Only a line longer than this twice over can hold several headings with their text.
MAX_HEADING_LINE = 40
