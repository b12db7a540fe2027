"""A reviewer's edits to an exported .docx, written the way each office suite saves them (tests only).

The same edits (a words replaced, words deleted, a paragraph added, a comment, a 自评表 cell changed) as
Word, WPS and LibreOffice record them:

- Word: ``w:ins``/``w:del`` with ``w:id``, ``w:author``, ``w:date`` in UTC ("…Z"), ``w:rsidR``/``w:rsidDel`` on
  runs; a paragraph added by Enter at the end of a paragraph marks *that* paragraph's mark as inserted and the
  new words in ``w:ins``; comments in ``word/comments.xml`` (``w:initials``, ``w14:paraId``) with
  ``word/commentsExtended.xml`` (``w15:commentEx``); the custom properties kept as they were.
- WPS: the root declares ``wpsCustomData``; dates without a zone; a deletion is written one run per
  character (its editor splits runs); the added paragraph's *own* mark is marked inserted; comments without
  commentsExtended; ``docProps/custom.xml`` rewritten with WPS's ``KSOProductBuildVer`` and ``ICV`` added
  (ours kept, renumbered).
- LibreOffice: dates without a zone, every run of a change its own ``w:ins``/``w:del`` but one id for the
  pieces of one change; the added paragraph's own mark inserted; annotations as comments with
  ``commentRangeStart``/``commentRangeEnd`` and a reference run; custom properties rewritten by its writer.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
WPS_NS = "http://www.wps.cn/officeDocument/2013/wpsCustomData"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_EX_TYPE = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Edits:
    """What the reviewer did: (old, new) replacements, words deleted, (after, text) paragraphs added,
    (words, comment) comments, (old, new) 自评表 cells changed."""

    replace: list[tuple[str, str]] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    add_paragraph: list[tuple[str, str]] = field(default_factory=list)
    comment: list[tuple[str, str]] = field(default_factory=list)
    cell: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Producer:
    name: str
    author: str
    date: str
    split_deletions: bool  # one run per character (WPS)
    mark_previous: bool  # Enter at the end: the previous paragraph's mark inserted (Word)
    shared_ids: bool  # pieces of one change share an id (LibreOffice)
    comments_extended: bool
    custom_extra: dict[str, str]


WORD = Producer("Word", "王科长", "2025-03-02T10:15:00Z", False, True, False, True, {})
WPS = Producer("WPS", "李主任", "2025-03-02T10:15:00", True, False, False, False,
               {"KSOProductBuildVer": "2052-12.1.0.16120", "ICV": "0B8D8D6B2E6C4F8A9D1E0F3A2B7C5D11"})
LIBREOFFICE = Producer("LibreOffice", "张审核", "2025-03-02T10:15:00", False, False, True, False, {})
PRODUCERS = (WORD, WPS, LIBREOFFICE)


class _Writer:
    def __init__(self, producer: Producer, root: etree._Element) -> None:
        self.p = producer
        self.root = root
        self.next_id = 100
        self.comments: list[tuple[str, str, str]] = []  # id, text, para id

    def new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def attrs(self, rid: str | None = None) -> dict[str, str]:
        return {w("id"): rid or self.new_id(), w("author"): self.p.author, w("date"): self.p.date}

    def run_like(self, run: etree._Element, text: str, tag: str = "t") -> etree._Element:
        new = etree.Element(w("r"))
        props = run.find(w("rPr"))
        if props is not None:
            new.append(copy.deepcopy(props))
        if self.p.name == "Word":
            new.set(w("rsidR"), "00A1B2C3")
        t = etree.SubElement(new, w(tag))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return new

    def isolate(self, phrase: str, scope: etree._Element | None = None) -> etree._Element:
        """The run holding exactly ``phrase`` (the run it was in split around it)."""
        for t in (scope if scope is not None else self.root).iter(w("t")):
            text = t.text or ""
            if phrase in text and not any(a.tag in (w("del"), w("ins")) for a in t.iterancestors()):
                run = t.getparent()
                before, after = text.split(phrase, 1)
                parent = run.getparent()
                index = parent.index(run)
                pieces = [x for x in ((before, False), (phrase, True), (after, False)) if x[0]]
                middle = None
                for offset, (piece, is_phrase) in enumerate(pieces):
                    new = self.run_like(run, piece)
                    parent.insert(index + offset, new)
                    if is_phrase:
                        middle = new
                parent.remove(run)
                return middle
        raise AssertionError(f"{phrase!r} not in the document")

    def deleted(self, run: etree._Element) -> list[etree._Element]:
        text = run.find(w("t")).text
        pieces = list(text) if self.p.split_deletions else [text]
        rid = self.new_id() if self.p.shared_ids else None
        wrappers = []
        for piece in pieces:
            d = etree.Element(w("del"), self.attrs(rid))
            r = self.run_like(run, piece, "delText")
            if self.p.name == "Word":
                r.set(w("rsidDel"), "00D4E5F6")
            d.append(r)
            wrappers.append(d)
        return wrappers

    def inserted(self, run: etree._Element, text: str) -> etree._Element:
        i = etree.Element(w("ins"), self.attrs())
        i.append(self.run_like(run, text))
        return i

    def replace(self, old: str, new: str, scope=None) -> None:
        run = self.isolate(old, scope)
        parent, index = run.getparent(), run.getparent().index(run)
        parent.remove(run)
        for offset, d in enumerate(self.deleted(run)):
            parent.insert(index + offset, d)
            index_after = index + offset + 1
        parent.insert(index_after, self.inserted(run, new))

    def delete(self, words: str) -> None:
        run = self.isolate(words)
        parent, index = run.getparent(), run.getparent().index(run)
        parent.remove(run)
        for offset, d in enumerate(self.deleted(run)):
            parent.insert(index + offset, d)

    def add_paragraph(self, after: str, text: str) -> None:
        found = next(t for t in self.root.iter(w("t")) if after in (t.text or ""))
        p = next(found.iterancestors(w("p")))
        new = etree.Element(w("p"))
        props = p.find(w("pPr"))
        new_props = copy.deepcopy(props) if props is not None else etree.Element(w("pPr"))
        new.append(new_props)
        marked = p if self.p.mark_previous else new
        holder = marked.find(w("pPr"))
        if holder is None:
            holder = etree.Element(w("pPr"))
            marked.insert(0, holder)
        rpr = holder.find(w("rPr"))
        if rpr is None:
            rpr = etree.SubElement(holder, w("rPr"))
        rpr.append(etree.Element(w("ins"), self.attrs()))
        run = next(p.iter(w("r")))
        new.append(self.inserted(run, text))
        p.addnext(new)

    def comment(self, words: str, text: str) -> None:
        run = self.isolate(words)
        cid = str(len(self.comments))
        start = etree.Element(w("commentRangeStart"), {w("id"): cid})
        end = etree.Element(w("commentRangeEnd"), {w("id"): cid})
        ref_run = etree.Element(w("r"))
        etree.SubElement(ref_run, w("commentReference"), {w("id"): cid})
        run.addprevious(start)
        run.addnext(end)
        end.addnext(ref_run)
        self.comments.append((cid, text, f"1A2B3C{len(self.comments):02d}"))


def edit(data: bytes, producer: Producer, edits: Edits) -> bytes:
    """``data`` (an exported .docx) as ``producer`` saves it after the reviewer's ``edits``."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    if producer.name == "WPS":
        root = _with_namespace(root, "wpsCustomData", WPS_NS)
    writer = _Writer(producer, root)
    for old, new in edits.replace:
        writer.replace(old, new)
    for words in edits.delete:
        writer.delete(words)
    for after, text in edits.add_paragraph:
        writer.add_paragraph(after, text)
    for words, text in edits.comment:
        writer.comment(words, text)
    tables = list(root.iter(w("tbl")))
    for old, new in edits.cell:
        writer.replace(old, new, scope=tables[-1] if tables else None)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if writer.comments:
        _add_comments(parts, producer, writer.comments)
    if producer.custom_extra or producer.name == "LibreOffice":
        parts["docProps/custom.xml"] = _rewritten_custom(parts.get("docProps/custom.xml"), producer.custom_extra)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return out.getvalue()


def _with_namespace(root: etree._Element, prefix: str, uri: str) -> etree._Element:
    nsmap = dict(root.nsmap)
    nsmap[prefix] = uri
    new = etree.Element(root.tag, nsmap=nsmap, attrib=dict(root.attrib))
    new.extend(list(root))
    return new


def _add_comments(parts: dict[str, bytes], producer: Producer, comments) -> None:
    root = etree.Element(w("comments"), nsmap={"w": W, "w14": W14})
    for cid, text, para_id in comments:
        c = etree.SubElement(root, w("comment"), {w("id"): cid, w("author"): producer.author,
                                                  w("date"): producer.date, w("initials"): producer.author[:1]})
        p = etree.SubElement(c, w("p"))
        if producer.name == "Word":
            p.set(f"{{{W14}}}paraId", para_id)
        r = etree.SubElement(p, w("r"))
        etree.SubElement(r, w("annotationRef"))
        r2 = etree.SubElement(p, w("r"))
        etree.SubElement(r2, w("t")).text = text
    parts["word/comments.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    types = etree.fromstring(parts["[Content_Types].xml"])
    etree.SubElement(rels, f"{{{REL_NS}}}Relationship", Id="rId900", Type=COMMENTS_TYPE, Target="comments.xml")
    etree.SubElement(types, f"{{{CT_NS}}}Override", PartName="/word/comments.xml",
                     ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml")
    if producer.comments_extended:
        ex = etree.Element(f"{{{W15}}}commentsEx", nsmap={"w15": W15})
        for _cid, _text, para_id in comments:
            etree.SubElement(ex, f"{{{W15}}}commentEx", {f"{{{W15}}}paraId": para_id, f"{{{W15}}}done": "0"})
        parts["word/commentsExtended.xml"] = etree.tostring(ex, xml_declaration=True, encoding="UTF-8",
                                                            standalone=True)
        etree.SubElement(rels, f"{{{REL_NS}}}Relationship", Id="rId901", Type=COMMENTS_EX_TYPE,
                         Target="commentsExtended.xml")
        etree.SubElement(types, f"{{{CT_NS}}}Override", PartName="/word/commentsExtended.xml",
                         ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml."
                                     "commentsExtended+xml")
    parts["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                                           standalone=True)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rewritten_custom(xml: bytes | None, extra: dict[str, str]) -> bytes:
    """The custom properties as another writer saves them: its own first, ours after, renumbered."""
    props: dict[str, str] = dict(extra)
    if xml:
        for prop in etree.fromstring(xml).iter(f"{{{CUSTOM_NS}}}property"):
            props[prop.get("name")] = "".join(prop.itertext())
    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for pid, (name, value) in enumerate(props.items(), start=2):
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property",
                                fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}", pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
