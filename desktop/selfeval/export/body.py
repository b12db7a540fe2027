"""``word/document.xml``: the report's blocks as paragraphs, built directly with lxml.

Paragraph formatting lives in the named styles (styles.py); each run repeats its character formatting.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal

from lxml import etree

from selfeval.domain import layout
from selfeval.domain.document import Block, Role
from selfeval.domain.layout import LayoutSettings
from selfeval.domain.model import Report
from selfeval.export import styles as st
from selfeval.export.ooxml import XML_NS, el, pt_to_twips, to_bytes, twips_to_pt, xml_safe
from selfeval.export.page import page_geometry, section_properties
from selfeval.export.signature import signature_indents
from selfeval.export.title_lines import break_title

_SPACE = "{%s}space" % XML_NS
_BREAKS = re.compile(r"(\t|\r\n|\r|\n)")
_TITLE_BREAKS = re.compile(r"[\t\r\n]+")


def add_text(run: etree._Element, text: str) -> None:
    """Text into ``w:t`` elements; tabs become ``w:tab`` and line ends ``w:br`` (one paragraph)."""
    for part in _BREAKS.split(xml_safe(text)):
        if not part:
            continue
        if part == "\t":
            el(run, "tab")
        elif part in ("\n", "\r", "\r\n"):
            el(run, "br")
        else:
            t = el(run, "t")
            t.text = part
            if part[0] == " " or part[-1] == " ":
                t.set(_SPACE, "preserve")


class _Runs:
    """Prebuilt ``w:rPr`` per style, copied into each run (copying is cheaper than rebuilding)."""

    def __init__(self, settings: LayoutSettings):
        formats = st.run_formats(settings)
        self._rpr = {sid: st.run_properties(None, fmt) for sid, fmt in formats.items()}
        self._rpr[st.RUNIN] = st.run_properties(None, formats[st.RUNIN], style=st.RUNIN)

    def add(self, p: etree._Element, style: str, text: str) -> etree._Element:
        r = el(p, "r")
        r.append(copy.deepcopy(self._rpr[style]))
        add_text(r, text)
        return r


def _paragraph(body: etree._Element, style: str) -> tuple[etree._Element, etree._Element]:
    p = el(body, "p")
    ppr = el(p, "pPr")
    if style != st.NORMAL:
        el(ppr, "pStyle", val=style)
    return p, ppr


def _right_indent(ppr: etree._Element, chars: Decimal) -> None:
    twips = pt_to_twips(chars * page_geometry().body_char_width_pt)
    el(ppr, "ind", rightChars=str(int(chars * 100)), right=str(twips))


def title_max_em() -> Decimal:
    """How many 2号 characters a title line holds (the title is off the grid)."""
    return Decimal(int(twips_to_pt(page_geometry().text_width) / layout.TITLE_SIZE_PT))


def build_document(report: Report, blocks: list[Block]) -> etree._Element:
    settings = report.layout
    runs = _Runs(settings)
    root = el(None, "document")
    body = el(root, "body")
    keep = tuple(x for x in (report.unit_name.strip(), report.unit_short.strip()) if x)
    signature = next((b.text for b in blocks if b.role is Role.SIGNATURE), "")
    date = next((b.text for b in blocks if b.role is Role.DATE), "")
    indents = signature_indents(xml_safe(signature), xml_safe(date))

    for block in blocks:
        role = block.role
        style = st.ROLE_STYLE[role]
        p, ppr = _paragraph(body, style)
        if role is Role.TITLE:
            # one title, broken where this module decides: the typed line ends and tabs do not count
            lines = break_title(_TITLE_BREAKS.sub("", xml_safe(block.text)), title_max_em(), keep)
            runs.add(p, style, "\n".join(lines))
            continue
        if role is Role.SIGNATURE:
            _right_indent(ppr, indents.signature)
        elif role is Role.DATE:
            _right_indent(ppr, indents.date)
        if len(ppr) == 0:
            p.remove(ppr)
        if block.runin:
            runs.add(p, st.RUNIN, block.runin)
        if block.text:
            runs.add(p, style, block.text)
    section_properties(body)
    return root


def document_xml(report: Report, blocks: list[Block]) -> bytes:
    return to_bytes(build_document(report, blocks))
