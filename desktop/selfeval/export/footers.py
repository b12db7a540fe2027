"""The page number footers (GB/T 9704 7.5): 「— N —」 in 4号 宋体, odd pages right and even pages left,
one character in from the text block's edge, through python-docx's odd/even page footers.

A landscape table page (GB/T 9704 §8) prints its number where the portrait pages have theirs on the
sheet: the same paragraph, in a text box in the landscape footer placed and turned with the page
(``layout.landscape_page_number_box``).
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Twips
from docx.text.paragraph import Paragraph

from selfeval.domain import layout
from selfeval.domain.layout import LayoutSettings
from selfeval.export import ooxml
from selfeval.export import styles as st
from selfeval.export.page import pt_to_twips

BOX_NAME = "PageNumber"


def _fill_number(p: Paragraph, odd: bool, fmt: st.RunFormat, style) -> None:
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


def _only_paragraph(footer, style) -> Paragraph:
    paragraphs = footer.paragraphs
    p = paragraphs[0]
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    p.clear()
    if p._p.pPr is not None:  # the base template's footer paragraph: its indents and alignment go too
        p._p.remove(p._p.pPr)
    p.style = style
    return p


def _number_paragraph(footer, odd: bool, fmt: st.RunFormat, style) -> None:
    _fill_number(_only_paragraph(footer, style), odd, fmt, style)


def _number_box(footer, odd: bool, fmt: st.RunFormat, style, name: str) -> None:
    """The footer of a landscape page: an empty line holding the turned text box with the number."""
    anchor = _only_paragraph(footer, style)
    ooxml.set_indent_chars(anchor._p.get_or_add_pPr(), first_line=0)
    box = layout.landscape_page_number_box()
    inner = ooxml.add_turned_text_box(anchor.add_run(), x=layout.mm_to_pt(box.left), y=layout.mm_to_pt(box.top),
                                      cx=layout.mm_to_pt(box.width), cy=layout.mm_to_pt(box.height), name=name)
    _fill_number(Paragraph(inner, footer), odd, fmt, style)


def write_footers(doc: Document, settings: LayoutSettings, styles: dict) -> None:
    """Odd pages (Word's "default" footer) and even pages, switched on in the settings, in every section:
    each has footers of its own (portrait lines, or the landscape page's text boxes)."""
    doc.settings.odd_and_even_pages_header_footer = True
    fmt = st.run_formats(settings)[st.FOOTER]
    for n, section in enumerate(doc.sections):
        section.footer.is_linked_to_previous = False
        section.even_page_footer.is_linked_to_previous = False
        if section.orientation == WD_ORIENT.LANDSCAPE:
            _number_box(section.footer, True, fmt, styles[st.FOOTER], f"{BOX_NAME}{n}odd")
            _number_box(section.even_page_footer, False, fmt, styles[st.FOOTER], f"{BOX_NAME}{n}even")
        else:
            _number_paragraph(section.footer, True, fmt, styles[st.FOOTER])
            _number_paragraph(section.even_page_footer, False, fmt, styles[st.FOOTER])
