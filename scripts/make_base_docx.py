#!/usr/bin/env python3
"""Build resources/docx/base.docx, the document the .docx export opens with python-docx, reproducibly.

Starts from python-docx's default template (``docx.Document()``) and makes it right for a Chinese
official document: the named styles and the page come from the export's own functions with the
default layout settings (styles.apply_styles, page.setup_section, footers.write_footers); the parts
python-docx has no API for are replaced here: the settings (odd/even footers, zh-CN theme language,
compatibility mode 15), the theme (its East Asian fonts were Japanese: ＭＳ 明朝/ＭＳ ゴシック), the font
table (the official fonts with their fallback names) and the extended properties. What a generated
document should not carry is dropped (thumbnail, customXml, stylesWithEffects, numbering, the 160
built-in styles and latent styles). Same input, same bytes: zip entries carry a fixed date.

    .venv/bin/python scripts/make_base_docx.py [OUT]      # default: resources/docx/base.docx
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

import docx  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from lxml import etree  # noqa: E402

from selfeval.domain import layout  # noqa: E402
from selfeval.domain.layout import LayoutSettings  # noqa: E402
from selfeval.export.footers import write_footers  # noqa: E402
from selfeval.export.package import set_core_properties, stable_bytes  # noqa: E402
from selfeval.export.page import setup_section  # noqa: E402
from selfeval.export.styles import DEFAULT_FONT, NORMAL, apply_styles  # noqa: E402

FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
# Parts of the default template a generated document should not carry.
DROPPED = {RT.CUSTOM_XML, RT.NUMBERING, RT.THUMBNAIL,
           "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}

# The fonts the document names, with what a PC without them should use (w:altName) and their GB2312
# charset (86); Word and WPS read w:altName when substituting.
FONT_TABLE = (
    (layout.DEFAULT_LATIN_FONT, "", "00", "roman", "variable"),
    (layout.BODY_FONT, "仿宋", "86", "modern", "fixed"),
    (layout.TITLE_FONT, "宋体", "86", "script", "fixed"),
    (layout.HEADING1_FONT, "SimHei", "86", "modern", "fixed"),
    (layout.HEADING2_FONT, "楷体", "86", "modern", "fixed"),
    (layout.PAGE_NUMBER_FONT, "SimSun", "86", "auto", "variable"),
    ("仿宋", "FangSong", "86", "modern", "fixed"),
    ("楷体", "KaiTi", "86", "modern", "fixed"),
)


def w(tag: str) -> str:
    return "{%s}%s" % (W_NS, tag)


def settings_xml() -> bytes:
    root = etree.Element(w("settings"), nsmap={"w": W_NS})
    etree.SubElement(root, w("zoom"), {w("percent"): "100"})
    # one grid character: Word's default tab stop in a Chinese document is two characters
    etree.SubElement(root, w("defaultTabStop"), {w("val"): str(int(layout.BODY_SIZE_PT * 20 * 2))})
    etree.SubElement(root, w("evenAndOddHeaders"))  # 7.5: odd pages right, even pages left
    etree.SubElement(root, w("characterSpacingControl"), {w("val"): "doNotCompress"})
    compat = etree.SubElement(root, w("compat"))
    etree.SubElement(compat, w("useFELayout"))
    for name, val in (("compatibilityMode", "15"), ("overrideTableStyleFontSizeAndJustification", "1"),
                      ("enableOpenTypeFeatures", "1"), ("doNotFlipMirrorIndents", "1")):
        etree.SubElement(compat, w("compatSetting"), {
            w("name"): name, w("uri"): "http://schemas.microsoft.com/office/word", w("val"): val})
    etree.SubElement(root, w("themeFontLang"), {w("val"): "en-US", w("eastAsia"): "zh-CN"})
    mapping = {k: k for k in ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
                              "hyperlink", "followedHyperlink")}
    mapping.update(bg1="light1", t1="dark1", bg2="light2", t2="dark2")
    etree.SubElement(root, w("clrSchemeMapping"), {w(k): v for k, v in mapping.items()})
    etree.SubElement(root, w("decimalSymbol"), {w("val"): "."})
    etree.SubElement(root, w("listSeparator"), {w("val"): ","})
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")


def font_table_xml() -> bytes:
    root = etree.Element(w("fonts"), nsmap={"w": W_NS})
    for name, alt, charset, family, pitch in FONT_TABLE:
        font = etree.SubElement(root, w("font"), {w("name"): name})
        if alt:
            etree.SubElement(font, w("altName"), {w("val"): alt})
        etree.SubElement(font, w("charset"), {w("val"): charset})
        etree.SubElement(font, w("family"), {w("val"): family})
        etree.SubElement(font, w("pitch"), {w("val"): pitch})
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")


def theme_xml(original: bytes) -> bytes:
    """The theme's fonts: Times New Roman for Latin, 黑体/宋体 for East Asian text, no Japanese."""
    text = original.decode("utf-8")
    for kind, latin, east_asia in (("majorFont", layout.DEFAULT_LATIN_FONT, layout.HEADING1_FONT),
                                   ("minorFont", layout.DEFAULT_LATIN_FONT, layout.PAGE_NUMBER_FONT)):
        start, end = text.index(f"<a:{kind}>"), text.index(f"</a:{kind}>")
        block = text[start:end]
        block = re.sub(r'<a:latin typeface="[^"]*"', f'<a:latin typeface="{latin}"', block)
        block = re.sub(r'<a:ea typeface="[^"]*"', f'<a:ea typeface="{east_asia}"', block)
        block = re.sub(r'\s*<a:font script="Jpan" typeface="[^"]*"/>', "", block)
        block = re.sub(r'<a:font script="Hans" typeface="[^"]*"/>',
                       f'<a:font script="Hans" typeface="{east_asia}"/>', block)
        text = text[:start] + block + text[end:]
    return text.encode("utf-8")


def app_xml() -> bytes:
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.Element("{%s}Properties" % ns, nsmap={None: ns})
    for tag, text in (("Template", "Normal.dotm"), ("TotalTime", "0"), ("Application", "selfeval"),
                      ("DocSecurity", "0"), ("ScaleCrop", "false"), ("LinksUpToDate", "false"),
                      ("SharedDoc", "false"), ("HyperlinksChanged", "false")):
        etree.SubElement(root, "{%s}%s" % (ns, tag)).text = text
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")


def _drop_parts(doc) -> None:
    for rels in (doc.part.rels, doc.part.package.rels):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in DROPPED]:
            rels.pop(rid)


def _part(doc, reltype: str):
    return doc.part.part_related_by(reltype)


def _only_our_styles(doc) -> None:
    """Only Normal and Default Paragraph Font stay (emptied): apply_styles defines the rest."""
    styles = doc.styles
    for style in list(styles):
        if style.name in (NORMAL, DEFAULT_FONT):
            for tag in ("w:pPr", "w:rPr", "w:rsid"):
                for child in style.element.findall(qn(tag)):
                    style.element.remove(child)
        else:
            style.delete()
    latent = styles.element.find(qn("w:latentStyles"))
    if latent is not None:
        styles.element.remove(latent)


def build() -> bytes:
    doc = docx.Document()
    _drop_parts(doc)
    doc.part._settings_part._element = parse_xml(settings_xml())
    _part(doc, RT.FONT_TABLE)._blob = font_table_xml()
    theme = _part(doc, RT.THEME)
    theme._blob = theme_xml(theme.blob)
    doc.part.package.part_related_by(RT.EXTENDED_PROPERTIES)._blob = app_xml()
    sect = doc.sections[0]._sectPr
    for name in [n for n in sect.attrib if n.startswith(qn("w:rsid"))]:
        del sect.attrib[name]
    _only_our_styles(doc)
    default = LayoutSettings()
    styles = apply_styles(doc, default)
    setup_section(doc.sections[0])
    write_footers(doc, default, styles)
    set_core_properties(doc, "", "", FIXED_DATE)
    props = doc.core_properties
    props.comments = ""
    return stable_bytes(doc, FIXED_DATE)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "resources" / "docx" / "base.docx"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build())
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
