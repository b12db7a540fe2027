"""The paragraphs of a PDF with a text layer (pypdf): running headers, footers and page numbers
(「— 3 —」) dropped, lines joined into paragraphs across line and page breaks.

A paragraph starts where a line is indented beyond the text's left margin (a 说明 indents the first
line of each paragraph by two characters) or with a heading; other lines continue the paragraph
before, also across a page break. A PDF without indentation falls back to the text rules (a line
that does not end a sentence continues in the next).
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from selfeval.importers.errors import ImportError_
from selfeval.importers.lines import glue_all, heading_of, is_page_number

MAX_PAGES = 500
# A line that is the first or last of at least this share of the pages is a running header or footer.
RUNNING_SHARE = 0.5
_DIGITS = re.compile(r"\d+")


@dataclass
class PdfText:
    lines: list[str]  # whole paragraphs when ``whole_paragraphs``, else lines to be joined by the text rules
    whole_paragraphs: bool
    notices: list[str] = field(default_factory=list)


def read_pdf(data: bytes) -> PdfText:
    """The text of the PDF in ``data``; raises :class:`ImportError_` for a damaged, encrypted or
    scanned (no text layer) PDF."""
    pages = _page_lines(data)
    notices: list[str] = []
    pages, dropped = _drop_running_lines(pages)
    if dropped:
        notices.append(f"已删除 PDF 中重复出现在各页页眉或页脚的 {dropped} 行文字（如页码）。")
    lines = [line for page in pages for line in page]
    if not any(text for _, text in lines):
        raise ImportError_("该 PDF 没有可读取的文字（可能是扫描件或图片），无法导入。请使用说明的 Word 原件，"
                           "或先用文字识别（OCR）软件转换为文字。")
    indents = Counter(indent for indent, _ in lines)
    margin = min(indents)
    if len(indents) == 1:
        return PdfText([text for _, text in lines], False, notices)
    paragraphs: list[str] = []
    pending: list[str] = []
    previous_heading = False
    for indent, text in lines:
        heading = heading_of(text) is not None
        if pending and (indent > margin or heading or previous_heading):
            paragraphs.append(glue_all(pending))
            pending = []
        pending.append(text)
        previous_heading = heading
    if pending:
        paragraphs.append(glue_all(pending))
    return PdfText(paragraphs, True, notices)


def _page_lines(data: bytes) -> list[list[tuple[int, str]]]:
    """Per page, the non-blank lines as (indent in character widths, text)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files are not for users
    damaged = ImportError_("该 PDF 文件已损坏或不完整（可能在复制或下载时中断），无法读取。请重新获取原文件后再导入。")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportError_("该 PDF 文件设置了打开密码，无法导入。请使用未加密的文件。")
        if len(reader.pages) > MAX_PAGES:
            raise ImportError_(f"该 PDF 有 {len(reader.pages)} 页，超过 {MAX_PAGES} 页的上限，不像是一份说明。")
        pages = []
        for page in reader.pages:
            text = page.extract_text(extraction_mode="layout")
            pages.append([(len(line) - len(line.lstrip(" ")), line.strip())
                          for line in text.split("\n") if line.strip()])
        return pages
    except ImportError_:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError, OSError,
            RecursionError, ZeroDivisionError) as exc:
        raise damaged from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of errors on damaged files
        if type(exc).__module__.startswith("pypdf"):
            raise damaged from exc
        raise


def _shape(text: str) -> str:
    """A line with its numbers blanked: 「— 3 —」 and 「— 4 —」 are the same running footer."""
    return _DIGITS.sub("#", text)


def _drop_running_lines(pages: list[list[tuple[int, str]]]) -> tuple[list[list[tuple[int, str]]], int]:
    """Drop page numbers and lines that head or foot most pages."""
    edges: Counter[str] = Counter()
    for page in pages:
        ends = {_shape(line[1]) for line in page[:1] + page[-1:]}
        edges.update(ends)
    running = {shape for shape, n in edges.items() if len(pages) > 1 and n >= max(2, RUNNING_SHARE * len(pages))}
    dropped = 0
    out = []
    for page in pages:
        kept = []
        for i, (indent, text) in enumerate(page):
            at_edge = i == 0 or i == len(page) - 1
            if is_page_number(text) or (at_edge and _shape(text) in running):
                dropped += 1
                continue
            kept.append((indent, text))
        out.append(kept)
    return out, dropped
