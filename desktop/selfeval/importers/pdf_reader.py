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

from collections.abc import Callable

from selfeval.importers.errors import ImportCancelled, ImportError_
from selfeval.importers.cover import label_name
from selfeval.importers.lines import glue_all, heading_of, is_page_number, keeps_apart

MAX_PAGES = 500
# Told (pages done, pages in all) while a PDF is read; returning False cancels.
Progress = Callable[[int, int], "bool | None"]
# A line that is the first or last of at least this share of the pages is a running header or footer.
RUNNING_SHARE = 0.5
_DIGITS = re.compile(r"\d+")


@dataclass
class PdfText:
    lines: list[str]  # whole paragraphs when ``whole_paragraphs``, else lines to be joined by the text rules
    whole_paragraphs: bool
    notices: list[str] = field(default_factory=list)


def read_pdf(data: bytes, progress: Progress | None = None) -> PdfText:
    """The text of the PDF in ``data``; raises :class:`ImportError_` for a damaged, encrypted or
    scanned (no text layer) PDF. ``progress(done, total)`` is told each page read; when it returns
    False the reading stops with :class:`ImportCancelled`."""
    pages = _page_lines(data, progress)
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
    previous_ended = False
    full = _full_line_chars([text for _, text in lines])
    for indent, text in lines:
        heading = heading_of(text) is not None
        if pending and (indent > margin or heading or previous_ended or _is_field(text)
                        or keeps_apart(pending[-1], text)):
            paragraphs.append(glue_all(pending))
            pending = []
        pending.append(text)
        # A heading, a cover field (「填报人：李敏」) or a line well short of the full width ends its paragraph.
        previous_ended = heading or _is_field(text) or len(text) < SHORT_LINE_SHARE * full
    if pending:
        paragraphs.append(glue_all(pending))
    return PdfText(paragraphs, True, notices)


# A line shorter than this share of a full line is the last line of its paragraph.
SHORT_LINE_SHARE = 0.6


def _full_line_chars(texts: list[str]) -> float:
    """How many characters a full line of the text holds (the 80th percentile of the line lengths)."""
    lengths = sorted(len(t) for t in texts)
    return lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0


def _is_field(text: str) -> bool:
    label, sep, _ = text.partition("：")
    return bool(sep) and label_name(label) is not None


def _page_lines(data: bytes, progress: Progress | None = None) -> list[list[tuple[int, str]]]:
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
        total = len(reader.pages)
        if progress is not None and progress(0, total) is False:
            raise ImportCancelled()
        for done, page in enumerate(reader.pages, start=1):
            pages.append(page_lines(page))
            if progress is not None and progress(done, total) is False:
                raise ImportCancelled()
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


# -- lines from the glyph runs of a page -------------------------------------------------------------------
# pypdf's own text modes put a run drawn in another font (the curly quotes of 「“三公”经费」, set in the
# Latin font) before or after the whole line; the runs are placed here by their positions instead.
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’]")


def _run_width(text: str, size: float) -> float:
    return sum(size if _WIDE.match(ch) else size / 2 for ch in text)


def page_lines(page) -> list[tuple[int, str]]:
    """The page's non-blank lines, top to bottom: (indent in character widths from the leftmost line,
    text), each line's runs in order of their position, a run drawn over a gap of another filling it."""
    runs: list[tuple[float, float, float, str]] = []  # (y, x, size, text)

    def visit(text, cm, tm, _font, size) -> None:
        text = text.replace("\n", "").replace("\r", "")
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[0] * cm[0]) or 1.0
        runs.append((y, x, (size or 10.0) * scale, text))

    page.extract_text(visitor_text=visit)
    lines: list[list[tuple[float, float, float, str]]] = []
    for run in sorted(runs, key=lambda r: (-r[0], r[1])):
        if lines and abs(lines[-1][0][0] - run[0]) < 0.5 * run[2]:
            lines[-1].append(run)
        else:
            lines.append([run])
    placed = [(min(r[1] for r in line), max(r[2] for r in line), _line_text(line)) for line in lines]
    placed = [p for p in placed if p[2].strip()]
    if not placed:
        return []
    left = min(x for x, _, _ in placed)
    return [(int(round((x - left) / size)) if size else 0, text.strip()) for x, size, text in placed]


def _line_text(line: list[tuple[float, float, float, str]]) -> str:
    pieces: list[list] = []  # [x, end, size, text]
    for _y, x, size, text in sorted(line, key=lambda r: r[1]):
        if pieces and x < pieces[-1][1] - 0.5 * size:
            before = pieces[-1]
            before[3] = _fill_gaps(before, x, text)
            continue
        if pieces and x > pieces[-1][1] + 0.8 * size:
            text = " " + text
        pieces.append([x, x + _run_width(text, size), size, text])
    return "".join(p[3] for p in pieces)


def _fill_gaps(piece: list, x: float, overlay: str) -> str:
    """A run drawn over the gaps (spaces) of ``piece``: its characters take the gaps, from ``x`` on."""
    start, _end, size, text = piece
    chars = list(text)
    at = start
    gaps = []
    for i, ch in enumerate(chars):
        if ch == " " and at >= x - 0.5 * size:
            gaps.append(i)
        at += _run_width(ch, size)
    glyphs = [ch for ch in overlay if ch != " "]
    if len(gaps) < len(glyphs):
        return text + "".join(glyphs)  # nowhere to put them: kept, at the end of the run
    for i, ch in zip(gaps, glyphs):
        chars[i] = ch
    return "".join(chars)
