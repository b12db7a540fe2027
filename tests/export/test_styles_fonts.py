"""Named styles, Chinese fonts through w:eastAsia, zh-CN, theme, sizes, indents, spacing, outline levels."""

from decimal import Decimal

import docx
import pytest
from export_helpers import NS, Package, attr, sample_report, wq

from selfeval.domain.document import Role, report_blocks
from selfeval.export import export_docx

STYLE_FONTS = {  # style id: (eastAsia, size in half-points)
    "Normal": ("仿宋_GB2312", "32"),
    "Title": ("方正小标宋简体", "44"),
    "Heading1": ("黑体", "32"),
    "Heading2": ("楷体_GB2312", "32"),
    "Heading3": ("仿宋_GB2312", "32"),
    "RunIn": ("仿宋_GB2312", "32"),
    "Footer": ("宋体", "28"),
}


def _fonts(rpr):
    f = rpr.find("w:rFonts", NS)
    return {k: attr(f, k) for k in ("ascii", "hAnsi", "eastAsia", "cs")}


@pytest.mark.parametrize("style_id", sorted(STYLE_FONTS))
def test_named_styles_carry_the_chinese_font_in_east_asia(sample_pkg, style_id):
    east_asia, size = STYLE_FONTS[style_id]
    rpr = sample_pkg.style(style_id).find("w:rPr", NS)
    fonts = _fonts(rpr)
    assert fonts["eastAsia"] == east_asia
    if style_id != "Footer":
        assert fonts["ascii"] == fonts["hAnsi"] == "Times New Roman"
    assert attr(rpr.find("w:sz", NS), "val") == size


def test_defaults_are_chinese_and_the_theme_has_no_japanese_fonts(sample_pkg):
    lang = sample_pkg.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert attr(lang, "eastAsia") == "zh-CN"
    settings = sample_pkg.xml("word/settings.xml")
    assert attr(settings.find("w:themeFontLang", NS), "eastAsia") == "zh-CN"
    theme = sample_pkg.xml("word/theme/theme1.xml")
    for kind in ("majorFont", "minorFont"):
        font = theme.find(f".//a:{kind}", NS)
        assert font.find("a:ea", NS).get("typeface") in ("黑体", "宋体")
        assert font.find("a:font[@script='Jpan']", NS) is None
    raw = sample_pkg._raw["word/theme/theme1.xml"].decode() + sample_pkg._raw["word/fontTable.xml"].decode()
    assert "ＭＳ" not in raw and "明朝" not in raw


def test_runs_repeat_their_fonts_and_sizes(sample_pkg):
    """Each run names its fonts, so that text pasted into another document keeps them."""
    paras = sample_pkg.body_paragraphs()
    expected = {None: "仿宋_GB2312", "Title": "方正小标宋简体", "Heading1": "黑体", "Heading2": "楷体_GB2312"}
    seen = set()
    for p in paras:
        style = p.find("w:pPr/w:pStyle", NS)
        sid = attr(style, "val") if style is not None else None
        for r in p.findall("w:r", NS):
            rpr = r.find("w:rPr", NS)
            assert _fonts(rpr)["eastAsia"] == expected[sid]
            assert attr(rpr.find("w:rFonts", NS), "hint") == "eastAsia"
            assert attr(rpr.find("w:sz", NS), "val") == ("44" if sid == "Title" else "32")
            seen.add(sid)
    assert seen == set(expected)


def test_body_indent_in_characters_and_twips_exact_spacing_justified(sample_docx, sample_pkg):
    ppr = sample_pkg.style("Normal").find("w:pPr", NS)
    ind = ppr.find("w:ind", NS)
    assert attr(ind, "firstLineChars") == "200"
    assert attr(ind, "firstLine") == "624"  # 2 × 15.6 pt (16 pt condensed by 0.4 pt)
    spacing = ppr.find("w:spacing", NS)
    assert (attr(spacing, "line"), attr(spacing, "lineRule")) == ("579", "exact")
    assert attr(ppr.find("w:jc", NS), "val") == "both"
    d = docx.Document(str(sample_docx))
    body = [p for p in d.paragraphs if p.style.name == "Normal" and p.text]
    assert body and all(p.paragraph_format.first_line_indent is None for p in body)  # from the style
    assert d.styles["Normal"].paragraph_format.line_spacing.pt == pytest.approx(28.95)


def test_title_is_centred_without_indent_and_one_line_above_the_text(sample_pkg):
    ppr = sample_pkg.style("Title").find("w:pPr", NS)
    assert attr(ppr.find("w:jc", NS), "val") == "center"
    ind = ppr.find("w:ind", NS)
    assert attr(ind, "firstLine") == "0" and attr(ind, "firstLineChars") == "0"
    assert attr(ppr.find("w:spacing", NS), "after") == "579"
    assert attr(ppr.find("w:snapToGrid", NS), "val") == "0"
    assert ppr.find("w:outlineLvl", NS) is None  # not in the navigation pane


def test_headings_have_outline_levels(sample_pkg):
    for level in (1, 2, 3):
        ppr = sample_pkg.style(f"Heading{level}").find("w:pPr", NS)
        assert attr(ppr.find("w:outlineLvl", NS), "val") == str(level - 1)
        assert ppr.find("w:keepNext", NS) is not None
    styles = {attr(p.find("w:pPr/w:pStyle", NS), "val") for p in sample_pkg.body_paragraphs()
              if p.find("w:pPr/w:pStyle", NS) is not None}
    assert {"Heading1", "Heading2"} <= styles


def test_ppr_and_rpr_children_in_schema_order(sample_pkg, signed_pkg):
    ppr_order = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
                 "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
                 "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
                 "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
                 "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
                 "rPr", "sectPr", "pPrChange"]
    rpr_order = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
                 "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
                 "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
                 "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish"]
    checked = 0
    for pkg in (sample_pkg, signed_pkg):
        for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
            root = pkg.xml(part)
            for name, order in (("pPr", ppr_order), ("rPr", rpr_order)):
                for el in root.iter(wq(name)):
                    tags = [c.tag.split("}")[1] for c in el]
                    positions = [order.index(t) for t in tags]
                    assert positions == sorted(positions) and len(set(tags)) == len(tags), (part, tags)
                    checked += 1
    assert checked > 100


def _export(tmp_path, name, **layout_changes) -> Package:
    report = sample_report()
    report.layout = report.layout._replace(**layout_changes)
    return Package(export_docx(report, tmp_path / f"{name}.docx"))


def test_line_spacing_setting_29pt(tmp_path):
    pkg = _export(tmp_path, "s29", line_spacing_pt=Decimal(29))
    spacing = pkg.style("Normal").find("w:pPr/w:spacing", NS)
    assert (attr(spacing, "line"), attr(spacing, "lineRule")) == ("580", "exact")
    assert attr(pkg.style("Title").find("w:pPr/w:spacing", NS), "after") == "580"


def test_bold_level2_and_level3_settings(tmp_path):
    plain = _export(tmp_path, "plain")
    assert attr(plain.style("Heading2").find("w:rPr/w:b", NS), "val") == "0"
    bold = _export(tmp_path, "bold", level2_bold=True, level3_bold=True)
    for sid in ("Heading2", "Heading3", "RunIn"):
        assert attr(bold.style(sid).find("w:rPr/w:b", NS), "val") in (None, "1", "true")  # <w:b/> is on
    assert attr(bold.style("Heading1").find("w:rPr/w:b", NS), "val") == "0"
    h2_runs = [p.find("w:r/w:rPr", NS) for p in bold.body_paragraphs()
               if p.find("w:pPr/w:pStyle[@w:val='Heading2']", NS) is not None]
    assert h2_runs and all(r.find("w:b", NS) is not None for r in h2_runs)
    body_runs = [p.find("w:r/w:rPr", NS) for p in bold.body_paragraphs() if p.find("w:pPr", NS) is None]
    assert body_runs and all(r.find("w:b", NS) is None for r in body_runs)


def test_fallback_fonts_and_latin_font_settings(tmp_path):
    pkg = _export(tmp_path, "fallback", use_fallback_fonts=True, latin_font="Arial")
    expected = {"Normal": "仿宋", "Title": "华文中宋", "Heading1": "SimHei", "Heading2": "楷体"}
    for sid, east_asia in expected.items():
        fonts = _fonts(pkg.style(sid).find("w:rPr", NS))
        assert fonts["eastAsia"] == east_asia
        assert fonts["ascii"] == fonts["hAnsi"] == "Arial"
    run_fonts = {_fonts(r)["eastAsia"] for r in pkg.document.iter(wq("rPr"))}
    assert "仿宋_GB2312" not in run_fonts and "仿宋" in run_fonts


def test_run_in_subheads_use_the_level3_style(tmp_path):
    from selfeval.domain.model import Entry, Section, SectionKind

    report = sample_report()
    report.sections.append(Section("sub", "重点工作", 2, SectionKind.SUBHEADS,
                                   entries=[Entry("基层治理提质增效", "网格全覆盖。")]))
    report.sections.append(Section("l3", "具体做法", 3, SectionKind.PARAGRAPHS, entries=[Entry("", "三级正文。")]))
    report.layout = report.layout._replace(level3_bold=True)
    pkg = Package(export_docx(report, tmp_path / "runin.docx"))
    runin = [p for p in pkg.body_paragraphs() if p.find("w:r/w:rPr/w:rStyle[@w:val='RunIn']", NS) is not None]
    assert len(runin) == 1
    runs = runin[0].findall("w:r", NS)
    assert "".join(runs[0].itertext()) == "1.基层治理提质增效。"
    assert runs[0].find("w:rPr/w:b", NS) is not None and runs[1].find("w:rPr/w:b", NS) is None
    assert "".join(runs[1].itertext()) == "网格全覆盖。"
    h3 = [p for p in pkg.body_paragraphs() if p.find("w:pPr/w:pStyle[@w:val='Heading3']", NS) is not None]
    assert ["".join(p.itertext()) for p in h3] == ["1.具体做法"]
    assert [b.role for b in report_blocks(report)].count(Role.HEADING3) == 1
