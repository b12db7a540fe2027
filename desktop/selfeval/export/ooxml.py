"""The few WordprocessingML settings python-docx has no API for, in one place.

Everything else the export writes goes through python-docx's document API (styles, paragraphs, runs,
sections, footers, core properties). What is here, and why:

- ``w:rFonts/@w:eastAsia`` (and ``@w:cs``, ``@w:hint``): python-docx's ``font.name`` sets only the
  Latin slots, so Chinese text would fall back to the theme font;
- ``w:rPr/w:spacing``: condensed character spacing (28 characters of 3号 on a line, see page.py);
- ``w:ind/@w:firstLineChars``, ``@w:rightChars``, ``w:spacing/@w:afterLines``: indents and spacing
  counted in characters and lines, as Word shows them;
- ``w:snapToGrid``, ``w:autoSpaceDE``/``w:autoSpaceDN``, ``w:outlineLvl``: grid and outline switches;
- ``w:docGrid``: the 22 × 28 document grid;
- the PAGE field (``w:fldChar``/``w:instrText``);
- the page number of a landscape table page (GB/T 9704 §8): a VML text box placed on the page from its
  footer, its text turned a quarter (``v:shape`` with ``layout-flow:vertical``);
- ``w:docDefaults``: the document-wide default fonts and language;
- tables (the 自评表): ``w:tblBorders`` (full single borders without a table style), ``w:tcBorders`` (none
  round its title rows), ``w:tblHeader`` (header
  rows repeated on every page) and ``w:cantSplit`` (no row split across pages);
- reading the same (and fields) back from any .docx, for the layout check.
"""

from __future__ import annotations

import re
from decimal import Decimal

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE/U+FFFF) and lone surrogates, which
# cannot be encoded at all. The editor cleans text on input; this is the writer's last defence.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


# Children of w:rPr and w:pPr that come after the ones set here (schema order, ECMA-376 17.3.2.28 / 17.3.1.26).
_RPR_AFTER_FONTS = ("w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
                    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish",
                    "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
                    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl",
                    "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _child(parent, tag: str, successors: tuple[str, ...]):
    """``parent``'s ``tag`` child, added in schema order when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert_element_before(found, *successors)
    return found


_TRPR_ORDER = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
               "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
_TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def set_row_flags(row, *, header: bool = False) -> None:
    """A table row that never splits across pages (``w:cantSplit``) and, for ``header``, repeats at the top of
    every page the table runs on (``w:tblHeader``)."""
    trpr = row._tr.get_or_add_trPr()
    tags = ("w:cantSplit", "w:tblHeader") if header else ("w:cantSplit",)
    for tag in tags:
        _child(trpr, tag, _TRPR_ORDER[_TRPR_ORDER.index(tag) + 1:])


def set_table_borders(table, size_eighths: int = 4) -> None:
    """Single black borders round every cell (``w:tblBorders``), as the official form prints."""
    borders = _child(table._tbl.tblPr, "w:tblBorders", _TBLPR_AFTER_BORDERS)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):  # in schema order
        line = borders.find(qn(f"w:{edge}"))
        if line is None:
            line = OxmlElement(f"w:{edge}")
            borders.append(line)
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), str(size_eighths))
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")


def clear_cell_borders(cell, edges: tuple[str, ...] = ("top", "left", "right")) -> None:
    """No border on these edges of ``cell`` (``w:tcBorders``): the title rows above the 自评表's grid."""
    tcpr = cell._tc.get_or_add_tcPr()
    borders = tcpr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        tcpr.insert_element_before(borders, "w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText",
                                   "w:vAlign", "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge",
                                   "w:tcPrChange")
    for edge in ("top", "left", "bottom", "right"):  # schema order
        if edge in edges and borders.find(qn(f"w:{edge}")) is None:
            line = OxmlElement(f"w:{edge}")
            line.set(qn("w:val"), "nil")
            borders.append(line)


def _ppr_child(ppr, tag: str):
    return _child(ppr, tag, _PPR_ORDER[_PPR_ORDER.index(tag) + 1:])


def set_fonts(rpr, latin: str, east_asia: str) -> None:
    """All four font slots of ``w:rFonts``; hint="eastAsia": ambiguous characters (“”‘’…—·) take the
    Chinese font, as typed with a Chinese input method."""
    fonts = rpr.get_or_add_rFonts()
    for slot, name in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
        fonts.set(qn(f"w:{slot}"), name)
    fonts.set(qn("w:hint"), "eastAsia")


def set_char_spacing(rpr, twips: int) -> None:
    """``w:rPr/w:spacing``: condensed (negative) or expanded character spacing."""
    _child(rpr, "w:spacing", _RPR_AFTER_FONTS[_RPR_AFTER_FONTS.index("w:spacing") + 1:]).set(qn("w:val"), str(twips))


def set_indent_chars(ppr, *, first_line: int | None = None, right: int | None = None) -> None:
    """Indents in hundredths of a character, beside the twips python-docx writes (Word reads these,
    LibreOffice the twips)."""
    ind = _ppr_child(ppr, "w:ind")
    if first_line is not None:
        ind.set(qn("w:firstLineChars"), str(first_line))
    if right is not None:
        ind.set(qn("w:rightChars"), str(right))


def set_space_after_lines(ppr, hundredths: int) -> None:
    _ppr_child(ppr, "w:spacing").set(qn("w:afterLines"), str(hundredths))


def set_switch(ppr, tag: str, on: bool) -> None:
    """An on/off paragraph property written explicitly (``w:snapToGrid``, ``w:autoSpaceDE`` …)."""
    _ppr_child(ppr, tag).set(qn("w:val"), "1" if on else "0")


def set_outline_level(ppr, level: int) -> None:
    """Outline level (0 = level 1) for Word's navigation pane."""
    _ppr_child(ppr, "w:outlineLvl").set(qn("w:val"), str(level))


def set_doc_grid(sect_pr, line_pitch: int, char_space: int) -> None:
    """The document grid: lines and characters (``w:docGrid``)."""
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)  # the last child sectPr may have before w:printerSettings/w:sectPrChange
    for name in list(grid.attrib):
        del grid.attrib[name]
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch))
    grid.set(qn("w:charSpace"), str(char_space))


def add_page_field(paragraph, style_run) -> None:
    """A complex PAGE field with "1" as its cached result; ``style_run(run)`` formats each run."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        style_run(run)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def set_doc_defaults(styles_element, *, latin: str, east_asia: str, size_half_points: int,
                     line_twips: int) -> None:
    """``w:docDefaults``: default fonts, size and language (zh-CN), no space around paragraphs."""
    old = styles_element.find(qn("w:docDefaults"))
    if old is not None:
        styles_element.remove(old)
    defaults = OxmlElement("w:docDefaults")
    rpr = OxmlElement("w:rPr")
    defaults.append(_wrap("w:rPrDefault", rpr))
    fonts = OxmlElement("w:rFonts")
    for slot, name in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
        fonts.set(qn(f"w:{slot}"), name)
    rpr.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(size_half_points))
        rpr.append(size)
    lang = OxmlElement("w:lang")
    for slot, value in (("val", "en-US"), ("eastAsia", "zh-CN"), ("bidi", "ar-SA")):
        lang.set(qn(f"w:{slot}"), value)
    rpr.append(lang)
    ppr = OxmlElement("w:pPr")
    defaults.append(_wrap("w:pPrDefault", ppr))
    spacing = OxmlElement("w:spacing")
    for slot, value in (("before", "0"), ("after", "0"), ("line", str(line_twips)), ("lineRule", "exact")):
        spacing.set(qn(f"w:{slot}"), value)
    ppr.append(spacing)
    styles_element.insert(0, defaults)


def _wrap(tag: str, child):
    outer = OxmlElement(tag)
    outer.append(child)
    return outer


# Reading what python-docx does not expose (layout_check.py reads any .docx through these).

def font_slot(rpr, slot: str = "eastAsia") -> tuple[str | None, str | None]:
    """``(font name, theme font)`` of one ``w:rFonts`` slot; both None when the layer leaves it open."""
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is None:
        return None, None
    theme = fonts.get(qn({"eastAsia": "w:eastAsiaTheme", "ascii": "w:asciiTheme"}[slot]))
    return fonts.get(qn(f"w:{slot}")), theme


def size_half_points(rpr) -> int | None:
    size = rpr.find(qn("w:sz")) if rpr is not None else None
    return None if size is None else int(size.get(qn("w:val")))


def char_spacing(rpr) -> int | None:
    spacing = rpr.find(qn("w:spacing")) if rpr is not None else None
    return None if spacing is None else int(spacing.get(qn("w:val"), "0"))


def first_line_chars(ppr) -> int | None:
    """``w:ind/@w:firstLineChars`` (hundredths of a character), or minus ``@w:hangingChars``."""
    ind = ppr.find(qn("w:ind")) if ppr is not None else None
    if ind is None:
        return None
    if ind.get(qn("w:firstLineChars")) is not None:
        return int(ind.get(qn("w:firstLineChars")))
    if ind.get(qn("w:hangingChars")) is not None:
        return -int(ind.get(qn("w:hangingChars")))
    return None


def switch(ppr, tag: str) -> bool | None:
    found = ppr.find(qn(tag)) if ppr is not None else None
    if found is None:
        return None
    return found.get(qn("w:val"), "1") not in ("0", "false", "off")


def doc_grid(sect_pr) -> tuple[str, int, int]:
    """``(type, linePitch, charSpace)`` of the section's grid ("default" when there is none)."""
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        return "default", 0, 0
    return (grid.get(qn("w:type"), "default"), int(grid.get(qn("w:linePitch"), "0")),
            int(grid.get(qn("w:charSpace"), "0")))


def doc_defaults(styles_element):
    """``(w:rPr, w:pPr)`` of ``w:docDefaults`` (None where absent)."""
    rpr = styles_element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    ppr = styles_element.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    return rpr, ppr


def field_text(p) -> str:
    """A paragraph's text with each field shown as ``{INSTR}`` (its cached result left out)."""
    parts: list[str] = []
    in_result = False
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:instrText"), qn("w:fldChar"), qn("w:fldSimple")):
        tag = node.tag
        if tag == qn("w:fldChar"):
            kind = node.get(qn("w:fldCharType"))
            in_result = kind == "separate"
        elif tag == qn("w:instrText"):
            parts.append("{%s}" % (node.text or "").strip())
        elif tag == qn("w:fldSimple"):
            parts.append("{%s}" % (node.get(qn("w:instr")) or "").strip())
        elif in_result or _inside_simple_field(node, p):
            continue
        else:
            parts.append("\t" if tag == qn("w:tab") else node.text or "")
    return "".join(parts)


def _inside_simple_field(node, p) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not p:
        if parent.tag == qn("w:fldSimple"):
            return True
        parent = parent.getparent()
    return False


_V = "urn:schemas-microsoft-com:vml"
_O = "urn:schemas-microsoft-com:office:office"
# A VML text box: LibreOffice places a DrawingML (wps) box in a footer at the page's corner whatever its
# offsets, a VML one where it says; Word and WPS read both.
_TEXT_BOX = (
    '<w:pict xmlns:w="{w}" xmlns:v="{v}" xmlns:o="{o}">'
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
    '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
    '<v:shape id="{name}" type="#_x0000_t202" filled="f" stroked="f" style="position:absolute;'
    'margin-left:{x}pt;margin-top:{y}pt;width:{cx}pt;height:{cy}pt;z-index:1;'
    'mso-position-horizontal-relative:page;mso-position-vertical-relative:page;layout-flow:vertical">'
    '<v:textbox inset="0,0,0,0" style="layout-flow:vertical"><w:txbxContent><w:p/></w:txbxContent>'
    '</v:textbox></v:shape></w:pict>')
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STYLE_PT = re.compile(r"([-\w]+):\s*([-\d.]+)pt")


def add_turned_text_box(run, *, x: Decimal, y: Decimal, cx: Decimal, cy: Decimal, name: str):
    """A text box at (``x``, ``y``) pt from the page's corner, ``cx`` × ``cy`` pt, no border or fill, its
    text turned a quarter clockwise (it reads down the page), in ``run``; returns the box's paragraph."""
    from docx.oxml import parse_xml

    def pt(value: Decimal) -> str:
        return format(value.quantize(Decimal("0.01")), "f")

    drawing = parse_xml(_TEXT_BOX.format(w=_W, v=_V, o=_O, x=pt(x), y=pt(y), cx=pt(cx), cy=pt(cy), name=name))
    run._r.append(drawing)
    return drawing.find(".//" + qn("w:txbxContent")).find(qn("w:p"))


def turned_text_boxes(part_element) -> list[dict]:
    """Every page-placed VML text box of a header/footer part: its ``x``, ``y``, ``width``, ``height`` in
    pt from the page's corner, ``vertical`` (text turned a quarter) and its ``w:p`` elements."""
    boxes = []
    for shape in part_element.iter(f"{{{_V}}}shape"):
        style = shape.get("style", "")
        content = shape.find(".//" + qn("w:txbxContent"))
        numbers = {k: Decimal(v) for k, v in _STYLE_PT.findall(style)}
        if content is None or "mso-position-horizontal-relative:page" not in style:
            continue
        boxes.append({"x": numbers.get("margin-left"), "y": numbers.get("margin-top"),
                      "width": numbers.get("width"), "height": numbers.get("height"),
                      "vertical": "layout-flow:vertical" in style, "paragraphs": content.findall(qn("w:p"))})
    return boxes
