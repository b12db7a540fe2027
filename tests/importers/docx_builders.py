"""Word documents as others type them, built with python-docx plus a little raw XML: automatic list
numbering, tracked changes, comments, tables, full-width indents, manual line breaks."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W_NS = nsdecls("w")

# 「一、」 at level 0, 「（一）」 at level 1, 「1.」 at level 2: a Chinese multilevel list as WPS makes it.
NUMBERING_XML = f"""<w:numbering {W_NS}>
  <w:abstractNum w:abstractNumId="7">
    <w:multiLevelType w:val="multilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="8">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="8"/></w:num>
</w:numbering>"""


def new_document() -> docx.document.Document:
    return docx.Document()


def add(doc, text: str = "", *, num: tuple[int, int] | None = None, style: str | None = None):
    """A paragraph; ``num`` = (numId, ilvl) numbers it automatically (the label is not in its text)."""
    p = doc.add_paragraph(text, style=style)
    if num is not None:
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {W_NS}><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'))
    return p


def add_raw(doc, body_xml: str):
    """A paragraph from raw ``w:p`` content (runs, insertions, deletions …)."""
    p = parse_xml(f"<w:p {W_NS}>{body_xml}</w:p>")
    doc.element.body.insert(len(doc.element.body) - 1, p)  # before w:sectPr
    return p


def with_numbering(doc) -> None:
    """Give ``doc`` the numbering part above (python-docx's default template has one to replace)."""
    part = doc.part.numbering_part
    part._element = parse_xml(NUMBERING_XML)


def save(doc, path: Path) -> Path:
    doc.save(str(path))
    return path


def replace_part(path: Path, name: str, data: bytes) -> Path:
    """Rewrite one part of the package (raw XML the builder cannot make)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, data if info.filename == name else src.read(info))
    path.write_bytes(buf.getvalue())
    return path


def run_xml(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def qname(tag: str) -> str:
    return qn(tag)
