"""The official layout (GB/T 9704-2012 《党政机关公文格式》): every number in one place, with its clause.

Fixed numbers are module constants. What offices vary is a per-report :class:`LayoutSettings`, whose
defaults are the standard's. The export reads only this module for sizes, fonts and spacing.
See ``shared/spec/layout.md`` for the sources.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

# 5.1 Paper: A4 portrait.
PAGE_WIDTH_MM = Decimal(210)  # 5.1
PAGE_HEIGHT_MM = Decimal(297)  # 5.1

# 5.2.1 Margins: 天头 37 mm, 订口 28 mm, text block 156 × 225 mm (page number outside it).
MARGIN_TOP_MM = Decimal(37)  # 5.2.1
MARGIN_LEFT_MM = Decimal(28)  # 5.2.1
TEXT_BLOCK_WIDTH_MM = Decimal(156)  # 5.2.1
TEXT_BLOCK_HEIGHT_MM = Decimal(225)  # 5.2.1
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TEXT_BLOCK_HEIGHT_MM  # 35 mm, 5.2.1
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TEXT_BLOCK_WIDTH_MM  # 26 mm, 5.2.1

# 5.2.3 Grid: 22 lines per page, 28 characters per line.
LINES_PER_PAGE = 22  # 5.2.3
CHARS_PER_LINE = 28  # 5.2.3
# 5.2.3 in practice: 28 characters of 3号 (16 pt) in 156 mm (442 pt) need each character condensed by at
# least 0.21 pt. Word does it through the character grid; LibreOffice 7.4 does not compress onto the grid
# and, measured, puts 28 on a line only from 0.4 pt of condensed spacing; 29 never fit: 29 × 15.6 > 442.
BODY_CHAR_CONDENSE_PT = Decimal("0.4")  # 5.2.3 (practice)

# Chinese font sizes (字号) in points.
FONT_SIZES_PT: dict[str, Decimal] = {
    "初号": Decimal(42), "小初": Decimal(36), "一号": Decimal(26), "小一": Decimal(24),
    "二号": Decimal(22), "小二": Decimal(18), "三号": Decimal(16), "小三": Decimal(15),
    "四号": Decimal(14), "小四": Decimal(12), "五号": Decimal("10.5"), "小五": Decimal(9),
}

BODY_SIZE_PT = FONT_SIZES_PT["三号"]  # 5.2.2: 3号 for everything not stated otherwise
TITLE_SIZE_PT = FONT_SIZES_PT["二号"]  # 7.3.1: title 2号
HEADING_SIZE_PT = FONT_SIZES_PT["三号"]  # 7.3.3: all heading levels 3号
PAGE_NUMBER_SIZE_PT = FONT_SIZES_PT["四号"]  # 7.5: 4号 半角 宋体
# The 自评表's cells: 仿宋 小四, as the official form prints (practice; GB/T 9704 sets no size for tables).
TABLE_SIZE_PT = FONT_SIZES_PT["小四"]
TABLE_CELL_LINE_PT = Decimal(18)  # practice: 1.5 × 小四, exact, so that a row is as high as its text
# The 自评表's column widths are fitted to its labels and names (domain/table/form.py: form_widths).
TABLE_CELL_MARGIN_MM = Decimal("1.9")  # practice: Word's default cell margin, left and right

# 5.2.4 / 7.3: fonts, as named in Word.
BODY_FONT = "仿宋_GB2312"  # 7.3.3 body 仿宋
TITLE_FONT = "方正小标宋简体"  # 7.3.1 title 小标宋
HEADING1_FONT = "黑体"  # 7.3.3 「一、」
HEADING2_FONT = "楷体_GB2312"  # 7.3.3 「（一）」
HEADING3_FONT = BODY_FONT  # 7.3.3 「1.」 and 「（1）」 仿宋
PAGE_NUMBER_FONT = "宋体"  # 7.5
TEXT_COLOR = "000000"  # 5.2.4 black

FIRST_LINE_INDENT_CHARS = 2  # 7.3.3 body and headings indented 2 characters
PAGE_NUMBER_SIDE_CHARS = 1  # 7.5 odd pages right, even pages left, one character of space
PAGE_NUMBER_BELOW_TEXT_MM = Decimal(7)  # 7.5: 7 mm below the text block
PAGE_NUMBER_DASH = "—"  # 7.5 "— 1 —"
SIGNATURE_RIGHT_INDENT_CHARS = 2  # 7.3.5 unsealed: 右空二字
SIGNATURE_BLANK_LINES = 1  # 7.3.5 one blank line below the text
DATE_SHIFT_CHARS = 2  # 7.3.5.3 the date's first character 2 characters right of the signature's first
DATE_MIN_RIGHT_CHARS = 2  # 7.3.5.3 a date longer than the signature is itself 右空二字
TITLE_SPACE_AFTER_LINES = 1  # 7.3.2 the line below the title stays blank (主送机关 or text below it)
# 7.5: the page number's line is its own size high, so "7 mm below the text block" is its top edge.
PAGE_NUMBER_LINE_PT = PAGE_NUMBER_SIZE_PT  # 7.5
HEADER_DISTANCE_MM = Decimal(15)  # practice (Word's default 1.5 cm); the 说明 prints no header

# Practice: 225 mm / 22 lines = 28.95 pt; offices also use 28 or 29 pt.
LINE_SPACING_CHOICES_PT = (Decimal(28), Decimal("28.95"), Decimal(29))
DEFAULT_LINE_SPACING_PT = Decimal("28.95")
DEFAULT_LATIN_FONT = "Times New Roman"  # practice

# Fallback chains a setting may choose from (the official fonts are not free).
DEFAULT_FALLBACKS: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("仿宋", "FangSong"),
    "楷体_GB2312": ("楷体", "KaiTi"),
    "方正小标宋简体": ("华文中宋", "宋体"),
    "黑体": ("SimHei",),
}


def mm_to_pt(mm: Decimal) -> Decimal:
    return mm * Decimal(72) / Decimal("25.4")


def footer_distance_mm() -> Decimal:
    """7.5: page bottom to the page number line's bottom, so that its top is 7 mm below the text block."""
    return MARGIN_BOTTOM_MM - PAGE_NUMBER_BELOW_TEXT_MM - PAGE_NUMBER_LINE_PT * Decimal("25.4") / Decimal(72)


class PageMargins(NamedTuple):  # named tuples: cheap to define at every start (issue 11)
    """A page's size and margins in mm, as Word lays the page out (its top edge up)."""

    width: Decimal
    height: Decimal
    top: Decimal
    bottom: Decimal
    left: Decimal
    right: Decimal

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def portrait_page() -> PageMargins:
    """5.1, 5.2.1: A4 portrait, 天头 37 mm, 订口 28 mm, text block 156 × 225 mm."""
    return PageMargins(PAGE_WIDTH_MM, PAGE_HEIGHT_MM, MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM,
                       MARGIN_RIGHT_MM)


def landscape_page() -> PageMargins:
    """8: a landscape table page is the portrait sheet turned a quarter, its head on the binding side (the
    sheet's left edge): the landscape top is the portrait 订口, its left the portrait bottom, its right the
    portrait top, its bottom the portrait right. The text block stays where it is on the sheet (156 × 225 mm
    turned), and so do the page numbers (see ``landscape_page_number_box``)."""
    p = portrait_page()
    return PageMargins(p.height, p.width, top=p.left, bottom=p.right, left=p.bottom, right=p.top)


def page_number_band_mm() -> tuple[Decimal, Decimal]:
    """7.5: the page number's line on a portrait page, as (top, height) from the sheet's top edge: 7 mm
    below the text block, its own size high."""
    top = MARGIN_TOP_MM + TEXT_BLOCK_HEIGHT_MM + PAGE_NUMBER_BELOW_TEXT_MM
    return top, PAGE_NUMBER_LINE_PT * Decimal("25.4") / Decimal(72)


class Box(NamedTuple):
    """A rectangle on a page, in mm from the page's top-left corner."""

    left: Decimal
    top: Decimal
    width: Decimal
    height: Decimal


def landscape_page_number_box() -> Box:
    """8: where a landscape page prints its number so that it lands where the portrait pages have theirs.

    The box is the portrait page-number line turned with the page: along the sheet's width it spans the
    text block (inside it the number stands as on portrait pages: odd right, even left, one character in);
    it lies in the landscape left margin (the sheet's bottom), 7 mm from the text block."""
    band_top, band_height = page_number_band_mm()
    # A portrait point (x, y) is the landscape point (PAGE_HEIGHT_MM - y, x).
    return Box(left=PAGE_HEIGHT_MM - (band_top + band_height), top=MARGIN_LEFT_MM,
               width=band_height, height=TEXT_BLOCK_WIDTH_MM)


def grid_pitch_pt() -> Decimal:
    """Line pitch of the 22-line grid: the text block height over the lines (28.95 pt)."""
    return mm_to_pt(TEXT_BLOCK_HEIGHT_MM) / LINES_PER_PAGE


class LayoutSettings(NamedTuple):  # a named tuple, not a frozen dataclass: cheap to define at every start
    """What offices vary, per report; the defaults are the standard's. Immutable: ``layout._replace(…)``
    gives a changed copy (``fallbacks`` included: never changed in place, the default is shared)."""

    line_spacing_pt: Decimal = DEFAULT_LINE_SPACING_PT
    level2_bold: bool = False
    level3_bold: bool = False
    latin_font: str = DEFAULT_LATIN_FONT
    body_font: str = BODY_FONT
    title_font: str = TITLE_FONT
    heading1_font: str = HEADING1_FONT
    heading2_font: str = HEADING2_FONT
    # Use the first fallback name (仿宋 instead of 仿宋_GB2312 …) for PCs without the GB2312 fonts.
    use_fallback_fonts: bool = False
    fallbacks: dict[str, tuple[str, ...]] = DEFAULT_FALLBACKS

    def font(self, official: str) -> str:
        if self.use_fallback_fonts and self.fallbacks.get(official):
            return self.fallbacks[official][0]
        return official

    def to_dict(self) -> dict:
        out = {}
        for name, value in zip(self._fields, self):
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, dict):
                value = {k: list(v) for k, v in value.items()}
            out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict | None) -> "LayoutSettings":
        base = cls()
        if not data:
            return base
        known = set(cls._fields)
        kwargs = {}
        for key, value in data.items():
            if key not in known:
                continue
            if key == "line_spacing_pt":
                value = Decimal(str(value))
            elif key == "fallbacks":
                value = {k: tuple(v) for k, v in value.items()}
            kwargs[key] = value
        return base._replace(**kwargs)
