"""The 自评表 on landscape pages (template option, GB/T 9704 §8), read back from the .docx: its own
section, the sheet turned (margins and grid turned with it), page numbers where the portrait pages have
them, header rows repeated; the layout check passes for both orientations. One LibreOffice rendering
checks where the numbers really print."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from selfeval.domain import layout
from selfeval.export import ooxml
from selfeval.export.layout_check import check_layout, failures
from selfeval.export.package import docx_bytes
from selfeval.export.page import page_geometry
from selfeval.export.package import table_docx_bytes
from selfeval.bundled.report_table import table_of
from selfeval.bundled.samples import bundled_sample

MM = Decimal("25.4") / 72  # mm per pt


@pytest.fixture(scope="module")
def sample():
    report = bundled_sample()
    return report, table_of(report)


@pytest.fixture(scope="module")
def landscape(sample):
    report, table = sample
    return docx.Document(io.BytesIO(docx_bytes(report, table=table, landscape=True)))


def _mm(length) -> Decimal:
    return (Decimal(int(length)) / 36000).quantize(Decimal("0.1"))


def test_the_table_has_a_landscape_section_of_its_own_and_the_text_stays_portrait(landscape):
    table_section, text_section = landscape.sections
    assert table_section.orientation == WD_ORIENT.LANDSCAPE and text_section.orientation == WD_ORIENT.PORTRAIT
    assert (_mm(table_section.page_width), _mm(table_section.page_height)) == (297, 210)
    assert (_mm(text_section.page_width), _mm(text_section.page_height)) == (210, 297)
    assert text_section.start_type == WD_SECTION.NEW_PAGE
    # the sheet turned: top = the portrait 订口, left = the portrait bottom, right = the portrait top
    turned = [_mm(getattr(table_section, f"{side}_margin")) for side in ("top", "bottom", "left", "right")]
    portrait = [_mm(getattr(text_section, f"{side}_margin")) for side in ("left", "right", "bottom", "top")]
    assert turned == portrait == [28, 26, 35, 37]
    # the text block is the same 156 × 225 mm on the sheet
    assert _mm(table_section.page_height) - turned[0] - turned[1] == 156
    assert _mm(table_section.page_width) - turned[2] - turned[3] == 225
    # the grid keeps its pitches: a line of text is as high and as wide on the sheet as on portrait pages
    assert ooxml.doc_grid(table_section._sectPr) == ooxml.doc_grid(text_section._sectPr)
    body = [p for p in landscape.paragraphs if p.text.strip()]
    assert not body[0].paragraph_format.page_break_before  # the section break starts the page already


def test_the_tables_fill_the_landscape_text_block_and_repeat_their_header_rows(landscape):
    head, indicators = landscape.tables
    width = page_geometry(landscape=True).text_width
    for table in (head, indicators):
        total = sum(int(column.width) for column in table.columns) // 635
        assert abs(total - width) <= len(table.columns)  # twips, rounded per column
    assert indicators.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in indicators.rows)


def _number(footer) -> tuple[dict, Paragraph]:
    boxes = ooxml.turned_text_boxes(footer._element)
    assert len(boxes) == 1
    [p] = boxes[0]["paragraphs"]
    return boxes[0], Paragraph(p, footer)


def test_landscape_page_numbers_print_where_the_portrait_pages_have_them(landscape):
    table_section, text_section = landscape.sections
    assert not table_section.footer.is_linked_to_previous and not text_section.footer.is_linked_to_previous
    assert landscape.settings.odd_and_even_pages_header_footer
    # The portrait pages' number line on the sheet (mm): across the text block, 7 mm below it, 4号 high.
    left, right = _mm(text_section.left_margin), _mm(text_section.page_width) - _mm(text_section.right_margin)
    bottom = _mm(text_section.page_height) - _mm(text_section.footer_distance)
    top = bottom - (layout.PAGE_NUMBER_SIZE_PT * MM).quantize(Decimal("0.1"))
    assert top == _mm(text_section.page_height) - _mm(text_section.bottom_margin) + 7
    sheet_height = _mm(text_section.page_height)
    for footer, portrait_footer, align in ((table_section.footer, text_section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                                           (table_section.even_page_footer, text_section.even_page_footer,
                                            WD_ALIGN_PARAGRAPH.LEFT)):
        box, number = _number(footer)
        assert box["vertical"]  # reads down the landscape page: along the sheet's width
        x, y = (box["x"] * MM).quantize(Decimal("0.1")), (box["y"] * MM).quantize(Decimal("0.1"))
        w, h = (box["width"] * MM).quantize(Decimal("0.1")), (box["height"] * MM).quantize(Decimal("0.1"))
        # turned back onto the portrait sheet: landscape (X, Y) is portrait (Y, sheet height - X)
        assert (y, y + h) == (left, right)
        assert abs((sheet_height - x - w) - top) <= Decimal("0.1") and abs((sheet_height - x) - bottom) <= Decimal("0.1")
        # the same paragraph as the portrait pages' number: 「— PAGE —」, 4号 宋体, one character in
        [portrait] = [p for p in portrait_footer.paragraphs if "{PAGE" in ooxml.field_text(p._p)]
        assert ooxml.field_text(number._p) == ooxml.field_text(portrait._p) == "— {PAGE} —"
        assert number.alignment == portrait.alignment == align
        assert number.paragraph_format.left_indent == portrait.paragraph_format.left_indent
        assert number.paragraph_format.right_indent == portrait.paragraph_format.right_indent
        assert [(r.font.size, r.font.name) for r in number.runs] == [(r.font.size, r.font.name) for r in portrait.runs]
        assert number.runs[0].font.size.pt == 14 and number.runs[0].font.name == "宋体"


@pytest.mark.parametrize("landscape_pages", [False, True])
def test_the_layout_check_passes_for_both_orientations(tmp_path, sample, landscape_pages):
    report, table = sample
    path = tmp_path / "out.docx"
    path.write_bytes(docx_bytes(report, table=table, landscape=landscape_pages))
    findings = check_layout(path)
    assert not failures(findings), [f.message for f in failures(findings)]
    assert any(f.clause == "8" for f in findings) is landscape_pages


def test_the_table_alone_on_landscape_pages_passes_the_layout_check(tmp_path, sample):
    report, table = sample
    path = tmp_path / "table.docx"
    path.write_bytes(table_docx_bytes(report, table, landscape=True))
    doc = docx.Document(str(path))
    assert [s.orientation for s in doc.sections] == [WD_ORIENT.LANDSCAPE]
    findings = check_layout(path)
    assert findings and not failures(findings), [f.message for f in failures(findings)]


def test_the_layout_check_finds_a_landscape_page_number_out_of_place(tmp_path, sample):
    report, table = sample
    data = docx_bytes(report, table=table, landscape=True)
    doc = docx.Document(io.BytesIO(data))
    for shape in doc.sections[0].footer._element.iter("{urn:schemas-microsoft-com:vml}shape"):
        shape.set("style", shape.get("style").replace("margin-top:", "margin-top:1").replace(
            "layout-flow:vertical", "layout-flow:horizontal"))
    path = tmp_path / "moved.docx"
    doc.save(str(path))
    bad = failures(check_layout(path))
    assert [f.subject for f in bad] == ["第 1 节（横向）单页页码"]
    assert "位置与其他页的页码不一致" in bad[0].detail


@pytest.mark.slow
def test_libreoffice_prints_the_landscape_numbers_where_the_portrait_pages_have_them(office_env, sample, tmp_path):
    """Each page's 「— N —」 boxes, read from LibreOffice's PDF and turned back onto the portrait sheet,
    cover the same place as on portrait pages (odd right, even left)."""
    import pypdfium2 as pdfium

    from selfeval.export.convert import docx_to_pdf

    report, table = sample
    pdf = pdfium.PdfDocument(docx_to_pdf(docx_bytes(report, table=table, landscape=True), cache_dir=tmp_path))
    places = {}
    for index in range(len(pdf)):
        page = pdf[index]
        width, height = page.get_size()
        text = page.get_textpage()
        number = str(index + 1)
        boxes = []
        for i in range(text.count_chars()):
            if text.get_text_range(i, 1) in ("—", number) and (width > height and text.get_charbox(i)[0] < 100
                                                                or width < height and text.get_charbox(i)[1] < 80):
                boxes.append(text.get_charbox(i))
        assert boxes, index
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        # PDF y runs up. Landscape: the distance from its top edge is the sheet's x, from its left edge
        # the height above the sheet's bottom; portrait: x, and y above the bottom.
        if width > height:
            places[index + 1] = ("landscape", height - y1, height - y0, x0, x1)
        else:
            places[index + 1] = ("portrait", x0, x1, y0, y1)
    kinds = [places[n][0] for n in sorted(places)]
    assert kinds[:2] == ["landscape", "landscape"] and set(kinds[2:]) == {"portrait"}
    for landscape_page, portrait_page in ((1, 3), (2, 4)):
        got, want = places[landscape_page][1:], places[portrait_page][1:]
        assert all(abs(a - b) < 2 for a, b in zip(got, want)), (got, want)  # pt on the sheet


def test_the_landscape_documents_are_valid_ooxml(tmp_path, sample):
    from openxml_audit import OpenXmlValidator

    report, table = sample
    for name, data in (("both.docx", docx_bytes(report, table=table, landscape=True)),
                       ("table.docx", table_docx_bytes(report, table, landscape=True))):
        path = tmp_path / name
        path.write_bytes(data)
        assert [str(e) for e in OpenXmlValidator().validate(str(path)).errors] == [], name
