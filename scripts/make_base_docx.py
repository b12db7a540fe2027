#!/usr/bin/env python3
"""Build resources/docx/base.docx, the package the .docx export starts from, reproducibly.

Starts from python-docx's default template and rewrites what makes it wrong for a Chinese official
document: the styles (Chinese fonts through w:eastAsia, zh-CN, GB/T 9704 sizes and spacing), the theme
(its East Asian fonts were Japanese: ＭＳ 明朝/ＭＳ ゴシック), the settings (odd/even footers, zh-CN
theme language, compatibility mode 15), the font table (the official fonts with their fallback names)
and the footers; it drops what a generated document should not carry (thumbnail, customXml,
stylesWithEffects, numbering, rsids). Same input, same bytes: zip entries carry a fixed date.

    .venv/bin/python scripts/make_base_docx.py [OUT]      # default: resources/docx/base.docx
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

import docx  # noqa: E402  (python-docx: only its default template is used)
from lxml import etree  # noqa: E402

from selfeval.domain import layout  # noqa: E402
from selfeval.domain.layout import LayoutSettings  # noqa: E402
from selfeval.export.body import document_xml  # noqa: E402
from selfeval.export.footers import footer_xml  # noqa: E402
from selfeval.export.ooxml import W_NS, XML_DECLARATION  # noqa: E402
from selfeval.export.package import CORE, DOCUMENT, EVEN_FOOTER, ODD_FOOTER, STYLES, core_xml  # noqa: E402
from selfeval.export.page import EVEN_FOOTER_RID, ODD_FOOTER_RID  # noqa: E402
from selfeval.export.styles import styles_xml  # noqa: E402
from selfeval.domain.model import Report  # noqa: E402

FIXED_DATE = (2024, 1, 1, 0, 0, 0)
DEFAULT_TEMPLATE = Path(docx.__file__).parent / "templates" / "default.docx"

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"

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


def content_types_xml() -> bytes:
    overrides = {
        "/word/document.xml": f"{WML}.document.main+xml",
        "/word/styles.xml": f"{WML}.styles+xml",
        "/word/settings.xml": f"{WML}.settings+xml",
        "/word/webSettings.xml": f"{WML}.webSettings+xml",
        "/word/fontTable.xml": f"{WML}.fontTable+xml",
        "/word/footer1.xml": f"{WML}.footer+xml",
        "/word/footer2.xml": f"{WML}.footer+xml",
        "/word/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    root = etree.Element("{%s}Types" % CT, nsmap={None: CT})
    etree.SubElement(root, "{%s}Default" % CT, Extension="rels",
                     ContentType="application/vnd.openxmlformats-package.relationships+xml")
    etree.SubElement(root, "{%s}Default" % CT, Extension="xml", ContentType="application/xml")
    for part, ctype in overrides.items():
        etree.SubElement(root, "{%s}Override" % CT, PartName=part, ContentType=ctype)
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")


def rels_xml(rels: list[tuple[str, str, str]]) -> bytes:
    root = etree.Element("{%s}Relationships" % PKG_REL, nsmap={None: PKG_REL})
    for rid, kind, target in rels:
        etree.SubElement(root, "{%s}Relationship" % PKG_REL, Id=rid, Type=kind, Target=target)
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")


def app_xml() -> bytes:
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.Element("{%s}Properties" % ns, nsmap={None: ns})
    for tag, text in (("Template", "Normal.dotm"), ("TotalTime", "0"), ("Application", "selfeval"),
                      ("DocSecurity", "0"), ("ScaleCrop", "false"), ("LinksUpToDate", "false"),
                      ("SharedDoc", "false"), ("HyperlinksChanged", "false")):
        etree.SubElement(root, "{%s}%s" % (ns, tag)).text = text
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")


def build() -> bytes:
    import datetime as dt

    with zipfile.ZipFile(DEFAULT_TEMPLATE) as zf:
        original = {name: zf.read(name) for name in zf.namelist()}
    settings = LayoutSettings()
    empty = Report()
    parts = [
        ("[Content_Types].xml", content_types_xml()),
        ("_rels/.rels", rels_xml([
            ("rId1", f"{REL}/officeDocument", "word/document.xml"),
            ("rId2", f"{PKG_REL}/metadata/core-properties", "docProps/core.xml"),
            ("rId3", f"{REL}/extended-properties", "docProps/app.xml"),
        ])),
        (DOCUMENT, document_xml(empty, [])),
        ("word/_rels/document.xml.rels", rels_xml([
            ("rId1", f"{REL}/styles", "styles.xml"),
            ("rId2", f"{REL}/settings", "settings.xml"),
            ("rId3", f"{REL}/webSettings", "webSettings.xml"),
            ("rId4", f"{REL}/fontTable", "fontTable.xml"),
            ("rId5", f"{REL}/theme", "theme/theme1.xml"),
            (ODD_FOOTER_RID, f"{REL}/footer", "footer1.xml"),
            (EVEN_FOOTER_RID, f"{REL}/footer", "footer2.xml"),
        ])),
        (STYLES, styles_xml(settings)),
        ("word/settings.xml", settings_xml()),
        ("word/webSettings.xml", original["word/webSettings.xml"]),
        ("word/fontTable.xml", font_table_xml()),
        ("word/theme/theme1.xml", theme_xml(original["word/theme/theme1.xml"])),
        (ODD_FOOTER, footer_xml(True, settings)),
        (EVEN_FOOTER, footer_xml(False, settings)),
        (CORE, core_xml("", "", dt.datetime(*FIXED_DATE, tzinfo=dt.timezone.utc))),
        ("docProps/app.xml", app_xml()),
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, data)
    return buf.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "resources" / "docx" / "base.docx"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build())
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
