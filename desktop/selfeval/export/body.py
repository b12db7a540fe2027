"""The report's blocks as paragraphs of the document, through python-docx: ``add_paragraph`` with the
named style of each role, runs repeating their character formatting (see styles.format_run)."""

from __future__ import annotations

import re
from decimal import Decimal

from docx.document import Document
from docx.shared import Twips

from selfeval.domain import layout
from selfeval.domain.document import Block, Role
from selfeval.domain.layout import LayoutSettings
from selfeval.domain.model import Report
from selfeval.export import ooxml
from selfeval.export import styles as st
from selfeval.export.page import page_geometry, pt_to_twips, twips_to_pt
from selfeval.export.signature import signature_indents
from selfeval.export.title_lines import break_title

# python-docx turns "\t" into w:tab and "\n"/"\r" into w:br; a Windows line end is one break.
_LINE_END = re.compile(r"\r\n?")
_TITLE_BREAKS = re.compile(r"[\t\r\n]+")


def _text(text: str) -> str:
    return _LINE_END.sub("\n", ooxml.xml_safe(text))


def title_max_em() -> Decimal:
    """How many 2号 characters a title line holds (the title is off the grid)."""
    return Decimal(int(twips_to_pt(page_geometry().text_width) / layout.TITLE_SIZE_PT))


def _right_indent(paragraph, chars: Decimal) -> None:
    paragraph.paragraph_format.right_indent = Twips(pt_to_twips(chars * page_geometry().body_char_width_pt))
    ooxml.set_indent_chars(paragraph._p.get_or_add_pPr(), right=int(chars * 100))


def write_body(doc: Document, report: Report, blocks: list[Block], settings: LayoutSettings,
               styles: dict) -> None:
    formats = st.run_formats(settings)
    keep = tuple(x for x in (report.unit_name.strip(), report.unit_short.strip()) if x)
    signature = next((b.text for b in blocks if b.role is Role.SIGNATURE), "")
    date = next((b.text for b in blocks if b.role is Role.DATE), "")
    indents = signature_indents(ooxml.xml_safe(signature), ooxml.xml_safe(date))
    runin_style = styles[st.RUNIN]

    for block in blocks:
        role = block.role
        name = st.ROLE_STYLE[role]
        # Normal is the default paragraph style: no w:pStyle (and no style lookup) for body text
        p = doc.add_paragraph(style=None if name == st.NORMAL else styles[name])
        fmt = formats[name]
        if role is Role.TITLE:
            # one title, broken where this module decides: the typed line ends and tabs do not count
            lines = break_title(_TITLE_BREAKS.sub("", ooxml.xml_safe(block.text)), title_max_em(), keep)
            st.format_run(p.add_run("\n".join(lines)), fmt)
            continue
        if role is Role.SIGNATURE:
            _right_indent(p, indents.signature)
        elif role is Role.DATE:
            _right_indent(p, indents.date)
        if block.runin:
            run = p.add_run(_text(block.runin), runin_style)
            st.format_run(run, formats[st.RUNIN])
        if block.text:
            st.format_run(p.add_run(_text(block.text)), fmt)
