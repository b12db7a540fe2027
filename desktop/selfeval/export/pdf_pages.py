"""Reading a PDF made by the converter with pypdfium2: the page count, how full the last page is, and
pages rendered to images for the preview."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pypdfium2 as pdfium

from selfeval.domain import layout
from selfeval.export.convert import ConvertError


@dataclass(frozen=True)
class PdfPages:
    count: int
    last_page_fill: Decimal  # 0..1: how far down the text block the last page's text reaches


@dataclass(frozen=True)
class PageImage:
    """One rendered page: ``height`` rows of ``stride`` bytes, ``width`` pixels of RGB each."""

    width: int
    height: int
    stride: int
    rgb: bytes


def _open(pdf: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError:
        raise ConvertError("生成的 PDF 无法读取，请重新生成。") from None


def pdf_pages(pdf: bytes) -> PdfPages:
    doc = _open(pdf)
    try:
        count = len(doc)
        fill = _fill(doc[count - 1]) if count else Decimal(0)
    finally:
        doc.close()
    return PdfPages(count, fill)


def _fill(page) -> Decimal:
    """Lowest text of the text block (the page number below it does not count) over its height."""
    height = Decimal(str(page.get_height()))
    top = height - layout.mm_to_pt(layout.MARGIN_TOP_MM)
    block = layout.mm_to_pt(layout.TEXT_BLOCK_HEIGHT_MM)
    bottom = top - block
    text = page.get_textpage()
    try:
        lowest = None
        for i in range(text.count_rects()):
            _, rect_bottom, _, rect_top = (Decimal(str(v)) for v in text.get_rect(i))
            if rect_top > bottom:  # inside the text block
                lowest = rect_bottom if lowest is None else min(lowest, rect_bottom)
    finally:
        text.close()
    if lowest is None:
        return Decimal(0)
    fill = (top - lowest) / block
    return min(max(fill, Decimal(0)), Decimal(1)).quantize(Decimal("0.01"))


def render_page(pdf: bytes, index: int, dpi: int = 96) -> PageImage:
    """Page ``index`` (0-based) as an RGB image at ``dpi``."""
    doc = _open(pdf)
    try:
        page = doc[index]
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB, not BGR
        try:
            return PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
        finally:
            bitmap.close()
    finally:
        doc.close()
