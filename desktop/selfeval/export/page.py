"""The page (GB/T 9704 5.1, 5.2, 7.5): paper, margins, the 22 × 28 grid and the footers, as ``w:sectPr``.

Every number comes from :mod:`selfeval.domain.layout`; this module only turns them into twips.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from decimal import ROUND_FLOOR, Decimal

from lxml import etree

from selfeval.domain import layout
from selfeval.export.ooxml import R_NS, el, mm_to_twips, pt_to_twips, twips_to_pt

# Relationship ids of the two footers in the base template (scripts/make_base_docx.py writes them).
ODD_FOOTER_RID = "rIdFooterOdd"
EVEN_FOOTER_RID = "rIdFooterEven"


@dataclass(frozen=True)
class PageGeometry:
    """The page in twips, as Word stores it (whole twips)."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    header: int
    footer: int
    line_pitch: int  # w:docGrid/@w:linePitch, twips
    char_space: int  # w:docGrid/@w:charSpace, 1/4096 pt added to the body font size
    # w:rPr/w:spacing of body-size text, twips (negative: condensed). Word compresses characters onto
    # the 28-character grid; LibreOffice cannot (a grid pitch under the font size makes it give each
    # character two cells: 14 per line). So body paragraphs do not snap to the character grid and each
    # character is condensed (layout.BODY_CHAR_CONDENSE_PT) so that 28 fit the line in every word processor.
    body_char_spacing: int

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def text_height(self) -> int:
        return self.height - self.top - self.bottom

    @property
    def body_char_width_pt(self) -> Decimal:
        """Advance of one condensed 3号 character: indents in characters use it."""
        return layout.BODY_SIZE_PT + Decimal(self.body_char_spacing) / 20

    @property
    def char_pitch_pt(self) -> Decimal:
        """Width of one grid character: the body size plus ``charSpace``/4096 pt."""
        return layout.BODY_SIZE_PT + Decimal(self.char_space) / 4096


@lru_cache(maxsize=1)
def page_geometry() -> PageGeometry:
    width = mm_to_twips(layout.PAGE_WIDTH_MM)
    height = mm_to_twips(layout.PAGE_HEIGHT_MM)
    top = mm_to_twips(layout.MARGIN_TOP_MM)
    bottom = mm_to_twips(layout.MARGIN_BOTTOM_MM)
    left = mm_to_twips(layout.MARGIN_LEFT_MM)
    right = mm_to_twips(layout.MARGIN_RIGHT_MM)
    text_width_pt = twips_to_pt(width - left - right)
    # 5.2.3: 22 lines fill the text block: the pitch is rounded down so that the 22nd line still fits.
    line_pitch = (height - top - bottom) // layout.LINES_PER_PAGE
    # 5.2.3: 28 characters fill the line. Word makes the grid character the default (body) size plus
    # charSpace/4096 pt and fits as many whole characters as the line holds: round down so 28 fit.
    char_pitch = text_width_pt / layout.CHARS_PER_LINE
    char_space = int(((char_pitch - layout.BODY_SIZE_PT) * 4096).to_integral_value(rounding=ROUND_FLOOR))
    spacing = -pt_to_twips(layout.BODY_CHAR_CONDENSE_PT)
    return PageGeometry(
        width=width, height=height, top=top, bottom=bottom, left=left, right=right,
        header=mm_to_twips(layout.HEADER_DISTANCE_MM), footer=mm_to_twips(layout.footer_distance_mm()),
        line_pitch=line_pitch, char_space=char_space,
        body_char_spacing=spacing,
    )


def section_properties(parent: etree._Element | None = None) -> etree._Element:
    """``w:sectPr`` with children in schema order: footer references, pgSz, pgMar, docGrid."""
    g = page_geometry()
    sect = el(parent, "sectPr")
    for kind, rid in (("default", ODD_FOOTER_RID), ("even", EVEN_FOOTER_RID)):
        ref = el(sect, "footerReference", type=kind)
        ref.set("{%s}id" % R_NS, rid)
    el(sect, "pgSz", w=str(g.width), h=str(g.height))
    el(sect, "pgMar", top=str(g.top), right=str(g.right), bottom=str(g.bottom), left=str(g.left),
       header=str(g.header), footer=str(g.footer), gutter="0")
    el(sect, "docGrid", type="linesAndChars", linePitch=str(g.line_pitch), charSpace=str(g.char_space))
    return sect
