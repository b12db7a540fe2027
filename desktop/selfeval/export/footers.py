"""The page number footers (GB/T 9704 7.5): 「— N —」 in 4号 宋体, odd pages right and even pages left,
one character in from the text block's edge. Written into the base template by scripts/make_base_docx.py.
"""

from __future__ import annotations

import copy

from lxml import etree

from selfeval.domain import layout
from selfeval.domain.layout import LayoutSettings
from selfeval.export import styles as st
from selfeval.export.ooxml import XML_NS, el, pt_to_twips, to_bytes

_SPACE = "{%s}space" % XML_NS


def _run(p: etree._Element, rpr: etree._Element) -> etree._Element:
    r = el(p, "r")
    r.append(copy.deepcopy(rpr))
    return r


def _text(p, rpr, text: str) -> None:
    t = el(_run(p, rpr), "t")
    t.text = text
    t.set(_SPACE, "preserve")


def _page_field(p, rpr) -> None:
    """A complex PAGE field with "1" as its cached result."""
    el(_run(p, rpr), "fldChar", fldCharType="begin")
    instr = el(_run(p, rpr), "instrText")
    instr.text = " PAGE "
    instr.set(_SPACE, "preserve")
    el(_run(p, rpr), "fldChar", fldCharType="separate")
    el(_run(p, rpr), "t").text = "1"
    el(_run(p, rpr), "fldChar", fldCharType="end")


def build_footer(odd: bool, settings: LayoutSettings | None = None) -> etree._Element:
    settings = settings or LayoutSettings()
    rpr = st.run_properties(None, st.run_formats(settings)[st.FOOTER])
    ftr = el(None, "ftr")
    p = el(ftr, "p")
    ppr = el(p, "pPr")
    el(ppr, "pStyle", val=st.FOOTER)
    one_char = str(pt_to_twips(layout.PAGE_NUMBER_SIDE_CHARS * layout.PAGE_NUMBER_SIZE_PT))
    # The footer cancels Normal's first-line indent here too, not only in its style.
    if odd:
        el(ppr, "ind", right=one_char, firstLineChars="0", firstLine="0")
    else:
        el(ppr, "ind", left=one_char, firstLineChars="0", firstLine="0")
    el(ppr, "jc", val="right" if odd else "left")
    dash = layout.PAGE_NUMBER_DASH
    _text(p, rpr, f"{dash} ")
    _page_field(p, rpr)
    _text(p, rpr, f" {dash}")
    return ftr


def footer_xml(odd: bool, settings: LayoutSettings | None = None) -> bytes:
    return to_bytes(build_footer(odd, settings))
