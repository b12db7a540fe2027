"""An edited .docx as the reviewer left it: where it came from (the export stamp in its custom properties),
its tracked changes (修订) and its comments (批注), and the document with each change accepted or rejected.

Tracked changes are read as Word, WPS and LibreOffice write them: ``w:ins`` / ``w:del`` (deleted text in
``w:delText``) and ``w:moveFrom`` / ``w:moveTo`` around runs, with ``w:id``, ``w:author`` and ``w:date``
(WPS and LibreOffice write dates without a time zone, WPS adds its own ``wpsCustomData`` namespace and
rsid attributes, all of which are ignored); a paragraph added or joined is marked on its paragraph mark
(``w:pPr/w:rPr/w:ins|w:del``), a table row on ``w:trPr``. Formatting changes (``w:rPrChange``,
``w:pPrChange`` …) are no change to the text and are dropped. Comments come from ``word/comments.xml``
(Word's ``commentsExtended`` only adds reply threads and 已解决 marks), anchored by
``w:commentRangeStart`` / ``w:commentRangeEnd`` (LibreOffice's annotations are written the same way).

``resolved_docx(data, accepted)`` is the package with every change settled (``accepted`` says which are
accepted; the others are rejected) and the comment marks removed: what the ordinary reader
(``docx_reader.read_docx``) then reads is the text a reader of the document sees after those decisions.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass

from lxml import etree

from selfeval.domain.export_stamp import ExportStamp
from selfeval.importers.docx_numbering import W
from selfeval.importers.errors import ImportError_
from selfeval.importers.safe_zip import check_package

DOCUMENT = "word/document.xml"
COMMENTS = "word/comments.xml"
CUSTOM = "docProps/custom.xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"

INSERTED, DELETED, MOVED_FROM, MOVED_TO = "ins", "del", "moveFrom", "moveTo"
KIND_LABELS = {INSERTED: "插入", DELETED: "删除", MOVED_FROM: "移走", MOVED_TO: "移入"}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_RUN_LEVEL = {_w(t): t for t in (INSERTED, DELETED, MOVED_FROM, MOVED_TO)}
_FORMAT_CHANGES = {_w(t) for t in ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblGridChange",
                                    "trPrChange", "tcPrChange", "tblPrExChange", "numberingChange")}
_RANGE_MARKS = {_w(t) for t in ("commentRangeStart", "commentRangeEnd", "moveFromRangeStart", "moveFromRangeEnd",
                                 "moveToRangeStart", "moveToRangeEnd")}
_P, _R, _T, _TR, _TBL = _w("p"), _w("r"), _w("t"), _w("tr"), _w("tbl")
_DEL_TEXT, _DEL_INSTR = _w("delText"), _w("delInstrText")
_ID, _AUTHOR, _DATE = _w("id"), _w("author"), _w("date")


@dataclass(frozen=True)
class Revision:
    """One tracked change with text: a proposal to accept or reject."""

    id: str
    kind: str  # INSERTED, DELETED, MOVED_FROM, MOVED_TO
    author: str
    date: str
    text: str  # the inserted or deleted words
    context: str  # the paragraph it is in, as it reads with every change accepted
    pieces: tuple[str, ...] = ()  # the w:id of every piece of it

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def removes(self) -> bool:
        return self.kind in (DELETED, MOVED_FROM)

    def describe(self) -> str:
        who = f"{self.author}" if self.author else "未署名"
        if not self.text:  # a paragraph mark alone
            return f"{who}{'把此段与下一段合并' if self.removes else '在此处分段'}"
        return f"{who}{self.label}“{self.text}”"


@dataclass(frozen=True)
class Comment:
    """One comment (批注): who wrote what about which words."""

    id: str
    author: str
    date: str
    text: str
    anchor: str  # the words it is attached to ("" for a comment at a point)
    context: str  # the paragraph it is in, every change accepted

    def note(self) -> str:
        """The comment as a note kept with a section."""
        where = f"（针对“{self.anchor}”）" if self.anchor else ""
        return f"{self.author or '未署名'}{where}：{self.text}"


@dataclass(frozen=True)
class EditedDocx:
    data: bytes
    stamp: ExportStamp | None
    properties: dict[str, str]
    revisions: tuple[Revision, ...]
    comments: tuple[Comment, ...]

    def resolved(self, accepted: Collection[str] | Callable[[Revision], bool] | bool = True) -> bytes:
        return resolved_docx(self.data, accepted)


def read_edited_docx(data: bytes) -> EditedDocx:
    """The stamp, tracked changes and comments of the .docx in ``data``; ImportError_ for a damaged file."""
    if not data.startswith(b"PK"):
        raise ImportError_("该文件不是 Word 文档（.docx），只有本程序导出的 Word 文档才能合并回报告。")
    check_package(data)
    parts = _parts(data)
    doc = _parse(parts[DOCUMENT])
    properties = custom_properties(parts.get(CUSTOM))
    revisions = _revisions(doc)
    comments = _comments(doc, parts.get(COMMENTS))
    return EditedDocx(data, ExportStamp.from_properties(properties), properties, revisions, comments)


def custom_properties(xml: bytes | None) -> dict[str, str]:
    """The text of every custom document property (``docProps/custom.xml``), by name."""
    if not xml:
        return {}
    root = _parse(xml)
    found = {}
    for prop in root.iter(f"{{{_CUSTOM_NS}}}property"):
        name = prop.get("name")
        if name:
            found[name] = "".join(prop.itertext()).strip()
    return found


def _parts(data: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if DOCUMENT not in names:
                raise ImportError_("该文件不是 Word 文档（.docx）：缺少正文部分，无法合并。")
            return {n: zf.read(n) for n in (DOCUMENT, COMMENTS, CUSTOM) if n in names}
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportError_("该 Word 文档已损坏或不完整，无法读取。请重新获取原文件。") from exc


def _parse(xml: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise ImportError_("该 Word 文档已损坏（内容无法解析），无法读取。请在 Word/WPS 中打开修复后另存再试。") from exc


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(_T, _DEL_TEXT))


def _accepted_paragraph_text(p: etree._Element) -> str:
    parts = []
    for t in p.iter(_T):
        if not any(a.tag in (_w(DELETED), _w(MOVED_FROM)) for a in t.iterancestors()):
            parts.append(t.text or "")
    return "".join(parts)


def _paragraph_of(el: etree._Element) -> etree._Element | None:
    for a in el.iterancestors(_P):
        return a
    return None


def _revisions(doc: etree._Element) -> tuple[Revision, ...]:
    """The proposals: a change's pieces (one run each: LibreOffice across formatting, WPS a character a run)
    read as one — side by side, of one kind, author and date — and named by the id of the first piece."""
    found: dict[str, Revision] = {}
    last_el, last_id = None, None
    for el in doc.iter(*_RUN_LEVEL):
        parent = el.getparent()
        if parent is not None and parent.tag in (_w("rPr"), _w("trPr")):
            continue  # a paragraph mark or a row: settled with the words around it
        text = _text(el)
        if not text:
            continue
        rid = el.get(_ID) or f"auto{len(found)}"
        kind = _RUN_LEVEL[el.tag]
        follows = (last_el is not None and last_el.getnext() is el and last_el.tag == el.tag
                   and last_el.get(_AUTHOR) == el.get(_AUTHOR) and last_el.get(_DATE) == el.get(_DATE))
        key = last_id if follows or rid in found else rid
        if key in found:
            old = found[key]
            found[key] = Revision(old.id, old.kind, old.author, old.date, old.text + text, old.context,
                                  old.pieces + (rid,))
        else:
            p = _paragraph_of(el)
            context = _accepted_paragraph_text(p) if p is not None else ""
            found[key] = Revision(rid, kind, el.get(_AUTHOR, ""), el.get(_DATE, ""), text, context, (rid,))
        last_el, last_id = el, key
    # A paragraph mark changed alone: paragraphs joined (Delete at the end of one) or split (Enter) with no
    # words changed; a proposal of its own, settled by its id.
    for el in doc.iter(*_RUN_LEVEL):
        holder = el.getparent()
        if holder is None or holder.tag != _w("rPr") or holder.getparent() is None \
                or holder.getparent().tag != _w("pPr"):
            continue
        p = holder.getparent().getparent()
        if _mark_words(p, el.tag):
            continue
        rid = el.get(_ID) or f"auto{len(found)}"
        if rid not in found:
            found[rid] = Revision(rid, _RUN_LEVEL[el.tag], el.get(_AUTHOR, ""), el.get(_DATE, ""), "",
                                  _accepted_paragraph_text(p), (rid,))
    return tuple(found.values())


def _comments(doc: etree._Element, xml: bytes | None) -> tuple[Comment, ...]:
    if not xml:
        return ()
    root = _parse(xml)
    anchors = _anchors(doc)
    comments = []
    for c in root.iter(_w("comment")):
        cid = c.get(_ID, "")
        paragraphs = ["".join(t.text or "" for t in p.iter(_T)) for p in c.iter(_P)]
        anchor, context = anchors.get(cid, ("", ""))
        comments.append(Comment(cid, c.get(_AUTHOR, ""), c.get(_DATE, ""), "\n".join(paragraphs).strip(), anchor,
                                context))
    return tuple(comments)


def _anchors(doc: etree._Element) -> dict[str, tuple[str, str]]:
    """Comment id → (the words between its range start and end, the paragraph of its start or reference)."""
    open_ids: dict[str, list[str]] = {}
    found: dict[str, tuple[str, str]] = {}
    start, end, ref = _w("commentRangeStart"), _w("commentRangeEnd"), _w("commentReference")
    for el in doc.iter(start, end, ref, _T):
        if el.tag == start:
            open_ids[el.get(_ID, "")] = []
            p = _paragraph_of(el)
            found.setdefault(el.get(_ID, ""), ("", _accepted_paragraph_text(p) if p is not None else ""))
        elif el.tag == end:
            cid = el.get(_ID, "")
            words = "".join(open_ids.pop(cid, []))
            found[cid] = (words, found.get(cid, ("", ""))[1])
        elif el.tag == ref:
            cid = el.get(_ID, "")
            if cid not in found:
                p = _paragraph_of(el)
                found[cid] = ("", _accepted_paragraph_text(p) if p is not None else "")
        elif not any(a.tag in (_w(DELETED), _w(MOVED_FROM)) for a in el.iterancestors()):
            for words in open_ids.values():
                words.append(el.text or "")
    return found


# ------------------------------------------------------------------------------------------ resolving

def resolved_docx(data: bytes, accepted: Collection[str] | Callable[[Revision], bool] | bool = True) -> bytes:
    """``data`` with every tracked change settled and the comment marks taken out of the text.
    ``accepted``: True (accept all), False (reject all), the ids of the changes accepted, or a test."""
    check_package(data)
    parts = _parts(data)
    doc = _parse(parts[DOCUMENT])
    decide = _decider(accepted, {r.id: r for r in _revisions(doc)})
    _settle(doc, decide)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True) \
                if info.filename == DOCUMENT else src.read(info)
            dst.writestr(info, body)
    return out.getvalue()


def _decider(accepted, revisions: dict[str, Revision]) -> Callable[[str], bool]:
    """w:id → accepted. A piece follows its proposal; a change with no words (a bare paragraph mark) is
    accepted only when everything is."""
    if isinstance(accepted, bool):
        return lambda rid: accepted
    proposal = {piece: r for r in revisions.values() for piece in r.pieces}
    if callable(accepted):
        return lambda rid: rid in proposal and bool(accepted(proposal[rid]))
    chosen = {str(a) for a in accepted}
    return lambda rid: rid in proposal and proposal[rid].id in chosen


def _settle(doc: etree._Element, decide: Callable[[str], bool]) -> None:
    for el in list(doc.iter(*_FORMAT_CHANGES)):
        el.getparent().remove(el)
    for el in list(doc.iter(*_RANGE_MARKS)):
        el.getparent().remove(el)
    for ref in list(doc.iter(_w("commentReference"))):
        run = ref.getparent()
        run.remove(ref)
        if run.tag == _R and all(c.tag == _w("rPr") for c in run):
            run.getparent().remove(run)
    # Paragraph marks and rows follow the words of their paragraph (or row) of the same kind.
    marks = [el for el in doc.iter(*_RUN_LEVEL) if el.getparent().tag in (_w("rPr"), _w("trPr"))]
    mark_kept = {}
    for mark in marks:
        holder = mark.getparent()
        scope = holder.getparent().getparent() if holder.tag == _w("rPr") else holder.getparent()
        kind = _RUN_LEVEL[mark.tag]
        words = _mark_words(scope, mark.tag) if scope.tag == _P else _words_of(scope, mark.tag)
        accept = all(decide(w) for w in words) if words else decide(mark.get(_ID, ""))
        removes = kind in (DELETED, MOVED_FROM)
        mark_kept[mark] = (holder, scope, accept != removes)  # True: the mark (or row) stays
    # The runs: an accepted insertion or rejected deletion keeps its words, the others lose them.
    for el in list(doc.iter(*_RUN_LEVEL)):
        if el in mark_kept:
            continue
        kind = _RUN_LEVEL[el.tag]
        keep = decide(el.get(_ID, "")) != (kind in (DELETED, MOVED_FROM))
        parent = el.getparent()
        if keep:
            for t in el.iter(_DEL_TEXT, _DEL_INSTR):
                t.tag = _T if t.tag == _DEL_TEXT else _w("instrText")
            index = parent.index(el)
            for child in list(el):
                parent.insert(index, child)
                index += 1
        parent.remove(el)
    for mark, (holder, scope, kept) in mark_kept.items():
        holder.remove(mark)
        if kept:
            continue
        if scope.tag == _TR:
            scope.getparent().remove(scope)
        else:
            _join_with_next(scope)


def _mark_words(p: etree._Element, tag: str) -> list[str]:
    """The changes of words a paragraph mark goes with: those of its paragraph, or (Word marks the mark of
    the paragraph *before* an added one, Enter pressed at its end) of the next paragraph."""
    words = _words_of(p, tag)
    if not words and p.getnext() is not None and p.getnext().tag == _P:
        words = _words_of(p.getnext(), tag)
    return words


def _words_of(scope: etree._Element, tag: str) -> list[str]:
    return [el.get(_ID, "") for el in scope.iter(tag)
            if el.getparent().tag not in (_w("rPr"), _w("trPr")) and _text(el)]


def _join_with_next(p: etree._Element) -> None:
    """The paragraph mark of ``p`` is gone: its words run on into the next paragraph (which keeps its own
    properties, as Word does); a paragraph left without words is removed."""
    nxt = p.getnext()
    runs = [c for c in p if c.tag != _w("pPr")]
    parent = p.getparent()
    if nxt is None or nxt.tag != _P:
        if not _accepted_paragraph_text(p).strip():
            parent.remove(p)
        return
    props = nxt.find(_w("pPr"))
    index = 0 if props is None else 1
    for run in runs:
        nxt.insert(index, run)
        index += 1
    parent.remove(p)
