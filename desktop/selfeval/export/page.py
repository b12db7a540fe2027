"""The page (GB/T 9704 5.1, 5.2): paper, margins and the 22 × 28 grid of a python-docx section.

Every number comes from :mod:`selfeval.domain.layout`; this module only turns them into twips.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from docx.enum.section import WD_ORIENT
from docx.section import Section
from docx.shared import Twips

from selfeval.domain import layout
from selfeval.export.ooxml import set_doc_grid

# Units: twips (1/20 pt) for lengths, half-points for font sizes.
_MM_PER_INCH = Decimal("25.4")


def _int(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


def mm_to_twips(mm: Decimal) -> int:
    return _int(mm * 1440 / _MM_PER_INCH)


def pt_to_twips(pt: Decimal) -> int:
    return _int(pt * 20)


def twips_to_pt(twips: int) -> Decimal:
    return Decimal(twips) / 20


def half_points(pt: Decimal) -> int:
    return _int(pt * 2)


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


@lru_cache(maxsize=2)
def page_geometry(landscape: bool = False) -> PageGeometry:
    """The portrait page of 5.1/5.2, or the landscape table page of 8 (the same sheet turned: margins
    rotated, the grid's pitches unchanged so that a line of text is as high and wide on the sheet)."""
    page = layout.landscape_page() if landscape else layout.portrait_page()
    width, height = mm_to_twips(page.width), mm_to_twips(page.height)
    top, bottom = mm_to_twips(page.top), mm_to_twips(page.bottom)
    left, right = mm_to_twips(page.left), mm_to_twips(page.right)
    portrait = layout.portrait_page()
    # 5.2.3: 22 lines fill the text block: the pitch is rounded down so that the 22nd line still fits.
    line_pitch = (mm_to_twips(portrait.height) - mm_to_twips(portrait.top)
                  - mm_to_twips(portrait.bottom)) // layout.LINES_PER_PAGE
    # 5.2.3: 28 characters fill the line. Word makes the grid character the default (body) size plus
    # charSpace/4096 pt and fits as many whole characters as the line holds: round down so 28 fit.
    portrait_width_pt = twips_to_pt(mm_to_twips(portrait.width) - mm_to_twips(portrait.left)
                                    - mm_to_twips(portrait.right))
    char_pitch = portrait_width_pt / layout.CHARS_PER_LINE
    char_space = int(((char_pitch - layout.BODY_SIZE_PT) * 4096).to_integral_value(rounding=ROUND_FLOOR))
    spacing = -pt_to_twips(layout.BODY_CHAR_CONDENSE_PT)
    return PageGeometry(
        width=width, height=height, top=top, bottom=bottom, left=left, right=right,
        header=mm_to_twips(layout.HEADER_DISTANCE_MM), footer=mm_to_twips(layout.footer_distance_mm()),
        line_pitch=line_pitch, char_space=char_space,
        body_char_spacing=spacing,
    )


def setup_section(section: Section, *, landscape: bool = False) -> None:
    """A4 portrait, the margins of 5.2.1, the footer distance of 7.5 and the 22 × 28 grid; or the
    landscape table page of 8 (``page_geometry(landscape=True)``)."""
    g = page_geometry(landscape)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Twips(g.width), Twips(g.height)
    section.top_margin, section.bottom_margin = Twips(g.top), Twips(g.bottom)
    section.left_margin, section.right_margin = Twips(g.left), Twips(g.right)
    section.header_distance, section.footer_distance = Twips(g.header), Twips(g.footer)
    section.gutter = Twips(0)
    set_doc_grid(section._sectPr, g.line_pitch, g.char_space)
