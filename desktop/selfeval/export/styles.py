"""The named styles of the exported document (``word/styles.xml``), built from a report's LayoutSettings.

Chinese fonts go in ``w:rFonts/@w:eastAsia`` of each style (python-docx's ``font.name`` sets only the
Latin slots); Latin letters and digits use the Latin font setting. Runs repeat their character
formatting (see :func:`run_properties`) so that text pasted into another document keeps its fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from selfeval.domain import layout
from selfeval.domain.document import Role
from selfeval.domain.layout import LayoutSettings
from selfeval.export.ooxml import el, half_points, pt_to_twips, to_bytes, xml_safe
from selfeval.export.page import page_geometry

NORMAL = "Normal"
TITLE = "Title"
HEADING = {1: "Heading1", 2: "Heading2", 3: "Heading3"}
SIGNATURE = "Signature"
DATE = "Date"
FOOTER = "Footer"
RUNIN = "RunIn"  # character style of the run-in level-3 heading ("1.基层治理提质增效。")
DEFAULT_FONT = "DefaultParagraphFont"

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
        return xml_safe(settings.font(name))

    latin = xml_safe(settings.latin_font)
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


def run_properties(parent: etree._Element | None, fmt: RunFormat, *, style: str = "") -> etree._Element:
    """``w:rPr`` in schema order: rStyle, rFonts, b, bCs, color, sz, szCs."""
    rpr = el(parent, "rPr")
    if style:
        el(rpr, "rStyle", val=style)
    # hint="eastAsia": ambiguous characters (“”‘’…—·) take the Chinese font, as typed with a Chinese IME.
    el(rpr, "rFonts", ascii=fmt.latin, hAnsi=fmt.latin, eastAsia=fmt.east_asia, cs=fmt.latin, hint="eastAsia")
    if fmt.bold:
        el(rpr, "b")
        el(rpr, "bCs")
    el(rpr, "color", val=layout.TEXT_COLOR)
    if fmt.spacing_twips:
        el(rpr, "spacing", val=str(fmt.spacing_twips))
    size = half_points(fmt.size_pt)
    el(rpr, "sz", val=size)
    el(rpr, "szCs", val=size)
    return rpr


def line_spacing_twips(settings: LayoutSettings) -> int:
    return pt_to_twips(settings.line_spacing_pt)


def first_line_indent(parent: etree._Element, chars: int, char_pt: Decimal, **extra: str) -> etree._Element:
    """``w:ind`` with the first-line indent in characters AND twips (LibreOffice reads only twips)."""
    return el(parent, "ind", firstLineChars=str(chars * 100), firstLine=str(pt_to_twips(chars * char_pt)),
              **extra)


def _style(root, kind: str, sid: str, name: str, *, based_on: str = "", next_: str = "",
           default: bool = False, ui_priority: int | None = None, qformat: bool = True):
    attrs = {"type": kind, "styleId": sid}
    if default:
        attrs["default"] = "1"
    st = el(root, "style", **attrs)
    el(st, "name", val=name)
    if based_on:
        el(st, "basedOn", val=based_on)
    if next_:
        el(st, "next", val=next_)
    if ui_priority is not None:
        el(st, "uiPriority", val=str(ui_priority))
    if qformat:
        el(st, "qFormat")
    return st


def _style_rpr(st, fmt: RunFormat) -> None:
    rpr = el(st, "rPr")
    el(rpr, "rFonts", ascii=fmt.latin, hAnsi=fmt.latin, eastAsia=fmt.east_asia, cs=fmt.latin, hint="eastAsia")
    # Explicit on/off so that a bold setting never leaks into styles based on this one.
    el(rpr, "b", val="1" if fmt.bold else "0")
    el(rpr, "bCs", val="1" if fmt.bold else "0")
    el(rpr, "color", val=layout.TEXT_COLOR)
    el(rpr, "spacing", val=str(fmt.spacing_twips))
    size = half_points(fmt.size_pt)
    el(rpr, "sz", val=size)
    el(rpr, "szCs", val=size)


def build_styles(settings: LayoutSettings) -> etree._Element:
    formats = run_formats(settings)
    spacing = str(line_spacing_twips(settings))
    root = el(None, "styles")

    defaults = el(root, "docDefaults")
    latin = formats[NORMAL].latin
    rpr = el(el(defaults, "rPrDefault"), "rPr")
    el(rpr, "rFonts", ascii=latin, hAnsi=latin, eastAsia=formats[NORMAL].east_asia, cs=latin)
    size = half_points(layout.BODY_SIZE_PT)
    el(rpr, "sz", val=size)
    el(rpr, "szCs", val=size)
    el(rpr, "lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = el(el(defaults, "pPrDefault"), "pPr")
    el(ppr, "spacing", before="0", after="0", line=spacing, lineRule="exact")

    # Normal: the body paragraph (7.3.3): indented 2 characters, justified, exact line spacing.
    st = _style(root, "paragraph", NORMAL, "Normal", default=True, ui_priority=0)
    ppr = el(st, "pPr")
    el(ppr, "widowControl", val="0")  # a page is always 22 full lines
    el(ppr, "autoSpaceDE", val="0")  # no extra space between Chinese and Latin/digits: 28 per line
    el(ppr, "autoSpaceDN", val="0")
    el(ppr, "snapToGrid", val="0")  # see PageGeometry.body_char_spacing
    el(ppr, "spacing", before="0", after="0", line=spacing, lineRule="exact")
    first_line_indent(ppr, layout.FIRST_LINE_INDENT_CHARS, page_geometry().body_char_width_pt)
    el(ppr, "jc", val="both")
    _style_rpr(st, formats[NORMAL])

    # Title (7.3.1): centred, not on the character grid (a 22 pt character would take two cells), one
    # blank line below (7.3.2). Not in the outline: the navigation pane lists the numbered headings.
    st = _style(root, "paragraph", TITLE, "Title", based_on=NORMAL, next_=NORMAL, ui_priority=10)
    ppr = el(st, "pPr")
    el(ppr, "keepNext")
    el(ppr, "snapToGrid", val="0")
    after_lines = layout.TITLE_SPACE_AFTER_LINES
    el(ppr, "spacing", after=str(after_lines * line_spacing_twips(settings)), afterLines=str(after_lines * 100))
    el(ppr, "ind", firstLineChars="0", firstLine="0")
    el(ppr, "jc", val="center")
    _style_rpr(st, formats[TITLE])

    # Headings (7.3.3): indented like the body; outline levels 0-2 for Word's navigation pane.
    for level, sid in HEADING.items():
        st = _style(root, "paragraph", sid, f"heading {level}", based_on=NORMAL, next_=NORMAL, ui_priority=9)
        ppr = el(st, "pPr")
        el(ppr, "keepNext")
        el(ppr, "outlineLvl", val=str(level - 1))
        _style_rpr(st, formats[sid])

    # Signature and date (7.3.5): right-aligned; the right indents depend on the text (see signature.py).
    for sid, name in ((SIGNATURE, "Signature"), (DATE, "Date")):
        st = _style(root, "paragraph", sid, name, based_on=NORMAL, next_=NORMAL, ui_priority=99, qformat=False)
        el(el(st, "pPr"), "jc", val="right")
        _style_rpr(st, formats[sid])

    # Footer (7.5): the page number; cancels Normal's first-line indent, off the grid, its own size high.
    st = _style(root, "paragraph", FOOTER, "footer", based_on=NORMAL, ui_priority=99, qformat=False)
    ppr = el(st, "pPr")
    el(ppr, "snapToGrid", val="0")
    el(ppr, "spacing", before="0", after="0", line=str(pt_to_twips(layout.PAGE_NUMBER_LINE_PT)), lineRule="exact")
    el(ppr, "ind", firstLineChars="0", firstLine="0")
    _style_rpr(st, formats[FOOTER])

    _style(root, "character", DEFAULT_FONT, "Default Paragraph Font", default=True, ui_priority=1,
           qformat=False)
    st = _style(root, "character", RUNIN, "段首小标题", based_on=DEFAULT_FONT, ui_priority=99)
    _style_rpr(st, formats[RUNIN])
    return root


def styles_xml(settings: LayoutSettings) -> bytes:
    return to_bytes(build_styles(settings))

