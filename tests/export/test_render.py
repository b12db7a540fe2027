"""The sample as LibreOffice prints it, through the product's own converter: 28 characters a line,
22 lines a page, the page numbers, 6 pages. Slow (one LibreOffice conversion per run)."""

import re

import pypdfium2 as pdfium
import pytest

HEADING = re.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）")


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’—…·"


def page_texts(pdf: bytes) -> list[list[str]]:
    """Each page's non-empty lines as the PDF lays them out, spaces dropped."""
    doc = pdfium.PdfDocument(pdf)
    pages = []
    for page in doc:
        text = page.get_textpage()
        lines = text.get_text_range().replace("\r\n", "\n").split("\n")
        pages.append([line.replace(" ", "") for line in lines if line.strip()])
        text.close()
    doc.close()
    return pages


@pytest.mark.slow
def test_sample_prints_as_22_lines_of_28_characters(sample_pdf):
    pages = page_texts(sample_pdf)
    assert len(pages) == 6  # 3195 characters in 20 paragraphs on a 22 × 28 grid
    for number, lines in enumerate(pages, start=1):
        assert lines[-1] == f"—{number}—"  # the page number, last on the page
        body = lines[:-1]
        if 1 < number < len(pages):  # full pages: 22 lines, or 21 when a heading moved on with its text
            following = pages[number][0]
            assert len(body) == 22 or (len(body) == 21 and HEADING.match(following)), (number, len(body))
        full_cjk = [line for line in body if all(_is_cjk(ch) for ch in line)]
        assert all(len(line) <= 28 for line in full_cjk)
    # wrapped paragraphs fill whole lines: most pure-Chinese lines on a full page hold exactly 28
    assert sum(1 for line in pages[1] if len(line) == 28 and all(_is_cjk(ch) for ch in line)) >= 5
    assert pages[0][:2] == ["2024年度昌华街道", "部门整体支出绩效自评表说明"]
