"""The page number footers (GB/T 9704 7.5): 「— N —」 in 4号 宋体, odd pages right and even pages left,
one character in from the text block's edge, through python-docx's odd/even page footers."""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Twips

from selfeval.domain import layout
from selfeval.domain.layout import LayoutSettings
from selfeval.export import ooxml
from selfeval.export import styles as st
from selfeval.export.page import pt_to_twips


def _number_paragraph(footer, odd: bool, fmt: st.RunFormat, style) -> None:
    paragraphs = footer.paragraphs
    p = paragraphs[0]
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    p.clear()
    p.style = style
    pf = p.paragraph_format
    one_char = Twips(pt_to_twips(layout.PAGE_NUMBER_SIDE_CHARS * layout.PAGE_NUMBER_SIZE_PT))
    # The footer cancels Normal's first-line indent here too, not only in its style.
    if odd:
        pf.right_indent = one_char
    else:
        pf.left_indent = one_char
    pf.first_line_indent = Twips(0)
    ooxml.set_indent_chars(p._p.get_or_add_pPr(), first_line=0)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    dash = layout.PAGE_NUMBER_DASH
    st.format_run(p.add_run(f"{dash} "), fmt)
    ooxml.add_page_field(p, lambda run: st.format_run(run, fmt))
    st.format_run(p.add_run(f" {dash}"), fmt)


def write_footers(doc: Document, settings: LayoutSettings, styles: dict) -> None:
    """Odd pages (Word's "default" footer) and even pages, switched on in the settings."""
    doc.settings.odd_and_even_pages_header_footer = True
    fmt = st.run_formats(settings)[st.FOOTER]
    section = doc.sections[0]
    _number_paragraph(section.footer, True, fmt, styles[st.FOOTER])
    _number_paragraph(section.even_page_footer, False, fmt, styles[st.FOOTER])
