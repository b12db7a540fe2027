"""The paragraphs of a Word document (.docx), as the reader sees them: automatic numbering shown,
tracked changes accepted (insertions kept, deletions dropped), comments ignored, table rows kept as
paragraphs, manual line breaks inside a paragraph resolved.

The package is checked against zip bombs first, then opened with python-docx, whose XML parser
resolves no entities (no external entity, no expansion).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from selfeval.domain.numbering import heading_marker, parse_heading
from selfeval.importers.docx_numbering import W, Numbering
from selfeval.importers.errors import ImportError_
from selfeval.importers.lines import MAX_HEADING_CHARS, ends_sentence, glue_all
from selfeval.importers.safe_zip import check_package

_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
# Containers whose runs are part of the text as it reads.
_CONTAINERS = {f"{{{W}}}{t}" for t in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "sdt",
                                        "sdtContent", "fldSimple", "dir", "bdo")}
_DELETED = {f"{{{W}}}{t}" for t in ("del", "moveFrom")}
_T, _TAB, _BR, _CR, _R = (f"{{{W}}}{t}" for t in ("t", "tab", "br", "cr", "r"))
_NOBREAK_HYPHEN, _SOFT_HYPHEN = f"{{{W}}}noBreakHyphen", f"{{{W}}}softHyphen"
_P, _TBL, _SDT, _SDT_CONTENT = (f"{{{W}}}{t}" for t in ("p", "tbl", "sdt", "sdtContent"))
_TR, _TC = f"{{{W}}}tr", f"{{{W}}}tc"
_COMMENT_REF = f"{{{W}}}commentReference"
CELL_SEPARATOR = "\u3000"  # an ideographic space between the cells of a table row


@dataclass
class DocxText:
    paragraphs: list[str]
    notices: list[str] = field(default_factory=list)


@dataclass
class _Counts:
    insertions: int = 0
    deletions: int = 0
    comments: int = 0
    tables: int = 0
    soft_breaks: int = 0


def read_docx(data: bytes) -> DocxText:
    """The paragraphs of the .docx in ``data``; raises :class:`ImportError_` for a damaged or hostile file."""
    check_package(data)
    document = _open(data)
    part = document.part
    numbering = Numbering(_related_element(part, "numbering"), _related_element(part, "styles"))
    counts = _Counts()
    styled = _StyledHeadings()
    paragraphs: list[str] = []
    # (text, outline level, bold only) of each paragraph; a table's rows come as (rows, None, False).
    read: list[tuple[str | list[str], int | None, bool]] = []
    for block in _blocks(document.element.body):
        if block.tag == _TBL:
            counts.tables += 1
            read.append((_table_rows(block, numbering, counts), None, False))
        else:
            read.append((_paragraph_text(block, numbering, counts), numbering.outline_level(block), _bold_only(block)))
    laid_out = _layout_headings(read)
    for text, level, _bold in read:
        if isinstance(text, list):
            paragraphs += text
            continue
        paragraphs += _split_soft_breaks(styled.numbered(text, level), counts)
    notices = []
    if laid_out:
        notices.append(f"已按版式（单独成行的加粗短句）识别出 {laid_out} 个未编号的标题。")
    if styled.count:
        notices.append(f"已按 Word 标题样式识别出 {styled.count} 个未编号的标题，并按层级补上编号。")
    if numbering.labelled:
        notices.append(f"已识别 {numbering.labelled} 处 Word 自动编号。")
    if counts.insertions or counts.deletions:
        notices.append(f"文档中有修订痕迹：已接受 {counts.insertions} 处插入，删去 {counts.deletions} 处删除。")
    if counts.comments:
        notices.append(f"已忽略文档中的 {counts.comments} 条批注。")
    if counts.tables:
        notices.append(f"文档中的 {counts.tables} 个表格已按行保留为段落（单元格之间以空格分隔），请核对。")
    if counts.soft_breaks:
        notices.append(f"已处理段落内的 {counts.soft_breaks} 处手动换行。")
    return DocxText([p for p in paragraphs if p.strip()], notices)


_B = f"{{{W}}}b"
_RPR = f"{{{W}}}rPr"
_SENTENCE_PUNCTUATION = re.compile(r"[。；;！!？?：:，,]")


def _bold_only(p: etree._Element) -> bool:
    """Every run with text in the paragraph is bold (a heading typed in 正文 and set bold, as in WPS)."""
    runs = [r for r in p.iter(_R) if "".join(t.text or "" for t in r.iter(_T)).strip()]
    if not runs:
        return False
    for run in runs:
        rpr = run.find(_RPR)
        bold = rpr.find(_B) if rpr is not None else None
        if bold is None or bold.get(f"{{{W}}}val") in ("0", "false", "off"):
            return False
    return True


def _layout_headings(read: list) -> int:
    """Headings made by layout alone: a short bold line with no number and no sentence punctuation gets
    the outline level one above the numbered heading that follows it when that one starts a list
    (「（一）」 → a level-1 heading), or level 1 in a document without numbered headings. In place;
    returns how many were found. The document's first paragraph is its title, never one of them."""
    texts = [(i, t) for i, (t, _level, _bold) in enumerate(read) if isinstance(t, str) and t.strip()]
    numbered = [(i, parse_heading(t.strip())) for i, t in texts]
    numbered = [(i, h) for i, h in numbered if h is not None and h[0] <= 3]
    found = 0
    for pos, (i, text) in enumerate(texts):
        _t, level, bold = read[i]
        stripped = text.strip()
        if (pos == 0 or level is not None or not bold or len(stripped) > MAX_HEADING_CHARS
                or _SENTENCE_PUNCTUATION.search(stripped) or parse_heading(stripped) is not None):
            continue
        after = next((h for j, h in numbered if j > i), None)
        if after is not None and after[1] == 1 and after[0] >= 2:
            new_level = after[0] - 2
        elif not numbered:
            new_level = 0
        else:
            continue
        read[i] = (text, new_level, bold)
        found += 1
    return found


class _StyledHeadings:
    """A paragraph in a heading style (「标题 1」–「标题 3」, outline levels 0–2) without a number of its
    own gets the number it would print with (「一、」「（一）」「1.」), so that it is read as a heading.
    The document's first paragraph is its title, whatever its style."""

    def __init__(self) -> None:
        self.counters = [0, 0, 0]
        self.count = 0
        self.started = False

    def numbered(self, text: str, outline_level: int | None) -> str:
        stripped = text.strip(" \t\u3000")
        if not self.started:
            self.started = bool(stripped)
            return text
        parsed = parse_heading(stripped)
        if parsed is not None and parsed[0] <= 3:
            level = parsed[0] - 1
            self.counters[level] = parsed[1]
            self.counters[level + 1:] = [0] * (2 - level)
            return text
        if outline_level is None or outline_level > 2 or not stripped or len(stripped) > MAX_HEADING_CHARS:
            return text
        self.counters[outline_level] += 1
        self.counters[outline_level + 1:] = [0] * (2 - outline_level)
        self.count += 1
        return heading_marker(outline_level + 1, self.counters[outline_level]) + stripped


def table_grids(data: bytes) -> list[list[list[str]]]:
    """The text of every cell of each top-level table in the .docx ``data`` (stripped), row by row, as python-docx
    reads them (a merged cell repeated in each grid column it spans); ``ImportError_`` for a damaged file."""
    return [[[cell.text.strip() for cell in row.cells] for row in table.rows] for table in _open(data).tables]


def _open(data: bytes):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        if _STRICT_NS.encode() in _document_head(data):
            raise ImportError_("这是“Strict Open XML”格式的 Word 文档（较新版本 Word 的可选格式），无法直接导入。"
                               "请在 Word 中“另存为”普通的“Word 文档（.docx）”后再导入。") from exc
        raise ImportError_("无法读取该 Word 文档：文件不完整或不是标准的 .docx 文档（如模板或启用宏的文档）。"
                           "请在 Word 或 WPS 中打开后“另存为”Word 文档（.docx）再导入。") from exc
    except (etree.XMLSyntaxError, OSError, EOFError, zipfile.BadZipFile) as exc:
        raise ImportError_("该 Word 文档已损坏或不完整（可能在复制或下载时中断），无法读取。"
                           "请重新获取原文件，或在 Word/WPS 中打开修复后另存再导入。") from exc


def _document_head(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open("word/document.xml") as fh:
            return fh.read(4096)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError):
        return b""


def _related_element(part, name: str) -> etree._Element | None:
    """The root of the part related to the document as ``name`` ("numbering", "styles"), if any."""
    for rel in part.rels.values():
        if not rel.is_external and rel.reltype.endswith("/" + name):
            return getattr(rel.target_part, "element", None)
    return None


def _blocks(container: etree._Element):
    """Paragraphs and tables in reading order; content controls are looked into."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT) or child.tag == f"{{{W}}}customXml":
            yield from _blocks(child)


def _paragraph_text(p: etree._Element, numbering: Numbering, counts: _Counts) -> str:
    parts: list[str] = []
    _collect(p, parts, counts)
    text = "".join(parts)
    label = numbering.label(p)
    if label:
        body = text.lstrip(" \t\u3000")
        sep = " " if label[-1].isalnum() and body[:1].isalnum() else ""
        text = label + sep + body
    return text


def _collect(el: etree._Element, parts: list[str], counts: _Counts) -> None:
    for child in el:
        tag = child.tag
        if tag == _R:
            _run_text(child, parts, counts)
        elif tag in _DELETED:
            counts.deletions += 1
        elif tag in _CONTAINERS:
            if tag == f"{{{W}}}ins" or tag == f"{{{W}}}moveTo":
                counts.insertions += 1
            _collect(child, parts, counts)


def _run_text(run: etree._Element, parts: list[str], counts: _Counts) -> None:
    for child in run:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag == _BR:
            if child.get(f"{{{W}}}type") in (None, "textWrapping"):
                parts.append("\n")
        elif tag == _CR:
            parts.append("\n")
        elif tag == _NOBREAK_HYPHEN:
            parts.append("-")
        elif tag == _COMMENT_REF:
            counts.comments += 1
        # w:softHyphen, w:delText, w:instrText (field codes), drawings, footnote marks: not read


def _split_soft_breaks(text: str, counts: _Counts) -> list[str]:
    """A manual line break inside a paragraph: after the end of a sentence it starts a new paragraph
    (many people type paragraphs that way), inside a sentence the pieces are one paragraph."""
    if "\n" not in text:
        return [text]
    pieces = [p.strip(" \t\u3000") for p in text.split("\n")]
    pieces = [p for p in pieces if p]
    counts.soft_breaks += text.count("\n")
    out: list[str] = []
    pending: list[str] = []
    for piece in pieces:
        pending.append(piece)
        if ends_sentence(piece):
            out.append(glue_all(pending))
            pending = []
    if pending:
        out.append(glue_all(pending))
    return out


def _table_rows(tbl: etree._Element, numbering: Numbering, counts: _Counts) -> list[str]:
    """Each row one paragraph: its cells' text, cells apart by an ideographic space."""
    rows = []
    for tr in tbl.findall(_TR) + tbl.findall(f"{_SDT}/{_SDT_CONTENT}/{_TR}"):
        cells = []
        for tc in tr.findall(_TC) + tr.findall(f"{_SDT}/{_SDT_CONTENT}/{_TC}"):
            texts = []
            for block in _blocks(tc):
                if block.tag == _TBL:
                    texts += _table_rows(block, numbering, counts)
                else:
                    texts.append(_paragraph_text(block, numbering, counts).replace("\n", "").strip())
            cell = "".join(t for t in texts if t)
            if cell:
                cells.append(cell)
        if cells:
            rows.append(CELL_SEPARATOR.join(cells))
    return rows
