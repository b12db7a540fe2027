"""Page, margins, grid, footers and settings of the exported file (GB/T 9704 5.1, 5.2, 7.5)."""

from decimal import Decimal

import docx
import pytest

from selfeval.domain import layout
from selfeval.export.page import page_geometry

from export_helpers import NS, attr

MM = Decimal("25.4") / 1440  # mm per twip


def _mm(twips) -> Decimal:
    return Decimal(int(twips)) * MM


def test_a4_and_margins_read_back_with_python_docx(sample_docx):
    section = docx.Document(str(sample_docx)).sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.05)
    assert section.page_height.mm == pytest.approx(297, abs=0.05)
    assert section.top_margin.mm == pytest.approx(37, abs=0.05)
    assert section.bottom_margin.mm == pytest.approx(35, abs=0.05)
    assert section.left_margin.mm == pytest.approx(28, abs=0.05)
    assert section.right_margin.mm == pytest.approx(26, abs=0.05)


def test_doc_grid_is_22_lines_of_28_characters(sample_pkg):
    sect = sample_pkg.document.find(".//w:body/w:sectPr", NS)
    grid = sect.find("w:docGrid", NS)
    assert attr(grid, "type") == "linesAndChars"
    pitch, char_space = int(attr(grid, "linePitch")), int(attr(grid, "charSpace"))
    mar, size = sect.find("w:pgMar", NS), sect.find("w:pgSz", NS)
    text_height = int(attr(size, "h")) - int(attr(mar, "top")) - int(attr(mar, "bottom"))
    text_width_pt = Decimal(int(attr(size, "w")) - int(attr(mar, "left")) - int(attr(mar, "right"))) / 20
    # 22 lines fill the 225 mm text block: the 22nd fits, a 23rd does not
    assert 22 * pitch <= text_height < 23 * pitch
    # 28 grid characters of 16 pt (+ charSpace/4096 pt) fill the 156 mm line, a 29th does not fit
    char_pitch = Decimal(16) + Decimal(char_space) / 4096
    assert 28 * char_pitch <= text_width_pt < 29 * char_pitch
    assert pitch == 579 and char_space == -842


def test_body_characters_are_condensed_so_28_fit_without_the_grid(sample_pkg):
    """LibreOffice does not compress characters onto the grid: the text itself must fit 28 a line."""
    g = page_geometry()
    width_pt = Decimal(g.text_width) / 20
    normal = sample_pkg.style("Normal")
    assert attr(normal.find("w:pPr/w:snapToGrid", NS), "val") == "0"
    spacing = int(attr(normal.find("w:rPr/w:spacing", NS), "val"))
    advance = Decimal(16) + Decimal(spacing) / 20
    assert 28 * advance <= width_pt < 29 * advance
    assert spacing == -8  # -0.4 pt: from there LibreOffice 7.4 puts 28 on a line (test_render.py)


def test_footer_distance_puts_the_page_number_7mm_below_the_text_block(sample_pkg):
    mar = sample_pkg.document.find(".//w:body/w:sectPr/w:pgMar", NS)
    footer_mm = _mm(attr(mar, "footer"))
    number_height_mm = layout.PAGE_NUMBER_SIZE_PT * Decimal("25.4") / 72
    top_of_number = footer_mm + number_height_mm  # from the bottom edge of the page
    assert abs(_mm(attr(mar, "bottom")) - top_of_number - 7) < Decimal("0.05")


def test_odd_and_even_footers(sample_docx, sample_pkg):
    settings = sample_pkg.xml("word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    section = docx.Document(str(sample_docx)).sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text == "— 1 —" and even.text == "— 1 —"  # "1": the PAGE field's cached result
    for part, jc, side in (("word/footer1.xml", "right", "right"), ("word/footer2.xml", "left", "left")):
        p = sample_pkg.xml(part).find("w:p", NS)
        assert p.xpath(".//w:instrText/text()", namespaces=NS) == [" PAGE "]
        ppr = p.find("w:pPr", NS)
        assert attr(ppr.find("w:jc", NS), "val") == jc
        ind = ppr.find("w:ind", NS)
        assert attr(ind, side) == "280"  # one 14 pt character in from the edge
        assert attr(ind, "firstLine") == "0" and attr(ind, "firstLineChars") == "0"
        for rpr in p.findall("w:r/w:rPr", NS):
            fonts = rpr.find("w:rFonts", NS)
            assert {attr(fonts, k) for k in ("ascii", "hAnsi", "eastAsia")} == {"宋体"}
            assert attr(rpr.find("w:sz", NS), "val") == "28"
    refs = {attr(r, "type") for r in sample_pkg.document.findall(".//w:sectPr/w:footerReference", NS)}
    assert refs == {"default", "even"}


def test_footer_style_cancels_the_first_line_indent(sample_pkg):
    footer = sample_pkg.style("Footer")
    ind = footer.find("w:pPr/w:ind", NS)
    assert attr(ind, "firstLine") == "0" and attr(ind, "firstLineChars") == "0"
    assert attr(footer.find("w:basedOn", NS), "val") == "Normal"


def test_sectpr_children_in_schema_order(sample_pkg):
    order = ["footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc", "pgBorders",
             "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection",
             "bidi", "rtlGutter", "docGrid"]
    sect = sample_pkg.document.find(".//w:body/w:sectPr", NS)
    tags = [c.tag.split("}")[1] for c in sect]
    assert [order.index(t) for t in tags] == sorted(order.index(t) for t in tags)
