"""The named styles of the exported document, set through python-docx's style API from a report's
LayoutSettings (the base template is made by the same function with the default settings).

Chinese fonts go in ``w:rFonts/@w:eastAsia`` of each style (see ooxml.py); Latin letters and digits use
the Latin font setting. Runs repeat their character formatting (see :func:`format_run`) so that text
pasted into another document keeps its fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor, Twips
from docx.text.run import Run

from selfeval.domain import layout
from selfeval.domain.document import Role
from selfeval.domain.layout import LayoutSettings
from selfeval.export import ooxml
from selfeval.export.page import half_points, page_geometry, pt_to_twips

# Style names as Word knows them (python-docx looks styles up by name; Word's ids follow).
NORMAL = "Normal"
TITLE = "Title"
HEADING = {1: "heading 1", 2: "heading 2", 3: "heading 3"}
SIGNATURE = "Signature"
DATE = "Date"
FOOTER = "footer"
RUNIN = "段首小标题"  # character style of the run-in level-3 heading ("1.基层治理提质增效。")
RUNIN_ID = "RunIn"
FOOTER_ID = "Footer"
DEFAULT_FONT = "Default Paragraph Font"

ROLE_STYLE = {
    Role.TITLE: TITLE,
    Role.HEADING1: HEADING[1],
    Role.HEADING2: HEADING[2],
    Role.HEADING3: HEADING[3],
    Role.BODY: NORMAL,
    Role.SIGNATURE: SIGNATURE,
    Role.DATE: DATE,
    Role.BLANK: NORMAL,
}


@dataclass(frozen=True)
class RunFormat:
    east_asia: str
    latin: str
    size_pt: Decimal
    bold: bool = False
    spacing_twips: int = 0  # condensed (negative) or expanded character spacing


def run_formats(settings: LayoutSettings) -> dict[str, RunFormat]:
    """Character formatting per style id (paragraph styles and the run-in style)."""

    def font(name: str) -> str:  # font names come from settings the user typed: keep them XML-safe
        return ooxml.xml_safe(settings.font(name))

    latin = ooxml.xml_safe(settings.latin_font)
    condensed = page_geometry().body_char_spacing  # 28 characters of 3号 per line (5.2.3)
    body = RunFormat(font(settings.body_font), latin, layout.BODY_SIZE_PT, False, condensed)
    level3 = RunFormat(font(settings.body_font), latin, layout.HEADING_SIZE_PT, settings.level3_bold, condensed)
    page_font = font(layout.PAGE_NUMBER_FONT)
    return {
        NORMAL: body,
        SIGNATURE: body,
        DATE: body,
        TITLE: RunFormat(font(settings.title_font), latin, layout.TITLE_SIZE_PT),
        HEADING[1]: RunFormat(font(settings.heading1_font), latin, layout.HEADING_SIZE_PT, False, condensed),
        HEADING[2]: RunFormat(font(settings.heading2_font), latin, layout.HEADING_SIZE_PT, settings.level2_bold,
                              condensed),
        HEADING[3]: level3,
        RUNIN: level3,
        # 7.5: 半角 宋体 digits, so the page number uses 宋体 for every script.
        FOOTER: RunFormat(page_font, page_font, layout.PAGE_NUMBER_SIZE_PT),
    }


def format_run(run: Run, fmt: RunFormat) -> None:
    """The run's character formatting, repeated from its style (fonts incl. eastAsia, bold, size; the
    colour, black, stays in the styles)."""
    # Last in schema order first: each later insertion then finds its successor at once.
    font = run.font
    font.size = Pt(fmt.size_pt)
    rpr = run._r.rPr
    if fmt.spacing_twips:
        ooxml.set_char_spacing(rpr, fmt.spacing_twips)
    if fmt.bold:
        font.bold = True
    ooxml.set_fonts(rpr, fmt.latin, fmt.east_asia)


_BLACK = RGBColor.from_string(layout.TEXT_COLOR)


# Left indent of Normal (and the styles based on it), see apply_styles.
HANGING_PUNCTUATION_LEFT_INDENT_TWIPS = 1


def line_spacing_twips(settings: LayoutSettings) -> int:
    return pt_to_twips(settings.line_spacing_pt)


def _style(doc: Document, name: str, kind: WD_STYLE_TYPE, *, based_on=None, next_=None, priority: int,
           quick: bool = True):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, kind, builtin=name != RUNIN)
    if based_on is not None:
        style.base_style = based_on
    if next_ is not None:
        style.next_paragraph_style = next_
    style.priority = priority
    style.quick_style = quick
    return style


def _style_font(style, fmt: RunFormat) -> None:
    font = style.font  # set last in schema order first, as in format_run
    font.size = Pt(fmt.size_pt)
    ooxml.set_char_spacing(style.element.rPr, fmt.spacing_twips)
    font.color.rgb = _BLACK
    font.bold = fmt.bold  # explicit on/off, so that a bold setting never leaks into styles based on it
    ooxml.set_fonts(style.element.rPr, fmt.latin, fmt.east_asia)


def _no_first_line_indent(fmt) -> None:
    fmt.first_line_indent = Twips(0)
    ooxml.set_indent_chars(fmt._element.get_or_add_pPr(), first_line=0)


def apply_styles(doc: Document, settings: LayoutSettings) -> dict[str, object]:
    """Define (or update) the document's named styles for ``settings``; returns them by name."""
    formats = run_formats(settings)
    spacing = line_spacing_twips(settings)
    ooxml.set_doc_defaults(doc.styles.element, latin=formats[NORMAL].latin, east_asia=formats[NORMAL].east_asia,
                           size_half_points=half_points(layout.BODY_SIZE_PT), line_twips=spacing)

    # Normal: the body paragraph (7.3.3): indented 2 characters, justified, exact line spacing.
    normal = _style(doc, NORMAL, WD_STYLE_TYPE.PARAGRAPH, priority=0)
    pf = normal.paragraph_format
    ppr = normal.element.get_or_add_pPr()
    pf.widow_control = False  # a page is always 22 full lines
    ooxml.set_switch(ppr, "w:autoSpaceDE", False)  # no extra space between Chinese and Latin/digits: 28 a line
    ooxml.set_switch(ppr, "w:autoSpaceDN", False)
    ooxml.set_switch(ppr, "w:snapToGrid", False)  # see PageGeometry.body_char_spacing
    pf.space_before, pf.space_after = Twips(0), Twips(0)
    pf.line_spacing = Twips(spacing)  # a length: "exactly"
    pf.first_line_indent = Twips(pt_to_twips(layout.FIRST_LINE_INDENT_CHARS * page_geometry().body_char_width_pt))
    ooxml.set_indent_chars(ppr, first_line=layout.FIRST_LINE_INDENT_CHARS * 100)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    # A comma or full stop that falls after the 28th character hangs into the right margin (Word's
    # default w:overflowPunct, and LibreOffice's "hanging punctuation"). LibreOffice (7.x) does not paint
    # that hanging mark on a justified line that starts at the text block's left edge: the comma is in
    # the .docx but missing from the printed PDF. Any left indent makes it paint; one twip (0.05 pt) does
    # not change which characters fit a line in Word or LibreOffice (28 x 15.6 pt of a 442.25 pt line).
    pf.left_indent = Twips(HANGING_PUNCTUATION_LEFT_INDENT_TWIPS)
    _style_font(normal, formats[NORMAL])
    made = {NORMAL: normal}

    # Title (7.3.1): centred, not on the character grid (a 22 pt character would take two cells), one
    # blank line below (7.3.2). Not in the outline: the navigation pane lists the numbered headings.
    title = _style(doc, TITLE, WD_STYLE_TYPE.PARAGRAPH, based_on=normal, next_=normal, priority=10)
    pf = title.paragraph_format
    pf.keep_with_next = True
    ooxml.set_switch(title.element.get_or_add_pPr(), "w:snapToGrid", False)
    pf.space_after = Twips(layout.TITLE_SPACE_AFTER_LINES * spacing)
    ooxml.set_space_after_lines(title.element.pPr, layout.TITLE_SPACE_AFTER_LINES * 100)
    _no_first_line_indent(pf)
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _style_font(title, formats[TITLE])
    made[TITLE] = title

    # Headings (7.3.3): indented like the body; outline levels 0-2 for Word's navigation pane.
    for level, name in HEADING.items():
        heading = _style(doc, name, WD_STYLE_TYPE.PARAGRAPH, based_on=normal, next_=normal, priority=9)
        heading.paragraph_format.keep_with_next = True
        ooxml.set_outline_level(heading.element.get_or_add_pPr(), level - 1)
        _style_font(heading, formats[name])
        made[name] = heading

    # Signature and date (7.3.5): right-aligned; the right indents depend on the text (see signature.py).
    for name in (SIGNATURE, DATE):
        style = _style(doc, name, WD_STYLE_TYPE.PARAGRAPH, based_on=normal, next_=normal, priority=99,
                       quick=False)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _style_font(style, formats[name])
        made[name] = style

    # Footer (7.5): the page number; cancels Normal's first-line indent, off the grid, its own size high.
    footer = _style(doc, FOOTER, WD_STYLE_TYPE.PARAGRAPH, based_on=normal, priority=99, quick=False)
    footer.style_id = FOOTER_ID
    pf = footer.paragraph_format
    ooxml.set_switch(footer.element.get_or_add_pPr(), "w:snapToGrid", False)
    pf.space_before, pf.space_after = Twips(0), Twips(0)
    pf.line_spacing = Pt(layout.PAGE_NUMBER_LINE_PT)
    _no_first_line_indent(pf)
    pf.left_indent = Twips(0)  # the page number's own indents (footers.py) count from the edge
    _style_font(footer, formats[FOOTER])
    made[FOOTER] = footer

    default_font = _style(doc, DEFAULT_FONT, WD_STYLE_TYPE.CHARACTER, priority=1, quick=False)
    default_font.element.default = True
    runin = _style(doc, RUNIN, WD_STYLE_TYPE.CHARACTER, based_on=default_font, priority=99)
    runin.style_id = RUNIN_ID
    _style_font(runin, formats[RUNIN])
    made[RUNIN] = runin
    return made
