"""The approximate pages (no office suite): A4 pages drawn with QPainter from ``domain.page_sheets``,
every character on the 22 × 28 grid of GB/T 9704 in the fonts this PC has for the official names (the
layout's fallbacks when it lacks them), the title centred, page numbers 「— N —」 outside."""

from __future__ import annotations

import re
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from selfeval.domain import layout
from selfeval.domain.document import Role
from selfeval.domain.official_fonts import OFFICIAL_FONTS
from selfeval.domain.page_sheets import SheetLine, report_sheet_pages
from selfeval.domain.pagination import char_width_em, title_line_ems
from selfeval.ui.views.pdf_job import let_the_window_run

_TITLE_BREAKS = re.compile(r"[\t\r\n]+")  # as export/body.py: typed line ends do not count

_PT_PER_MM = 72 / 25.4


def _families(settings: layout.LayoutSettings, official: str) -> list[str]:
    """The family the .docx names, its other names and the layout's fallbacks: Qt takes the first installed."""
    names = [settings.font(official), official]
    names += next((list(f.other_names) for f in OFFICIAL_FONTS if f.name == official), [])
    names += list(settings.fallbacks.get(official, ()))
    return list(dict.fromkeys(names))


def _font(families: list[str], size_pt: Decimal, px_per_pt: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(families)
    font.setPixelSize(max(1, round(float(size_pt) * px_per_pt)))
    font.setBold(bold)
    return font


class PageDrawer:
    """Draws approximate pages at a scale (pixels per point) for one report's layout settings."""

    def __init__(self, settings: layout.LayoutSettings, px_per_pt: float) -> None:
        self.px = px_per_pt
        fam = lambda official: _families(settings, official)  # noqa: E731
        size = layout.BODY_SIZE_PT
        self.fonts = {
            Role.TITLE: _font(fam(settings.title_font), layout.TITLE_SIZE_PT, px_per_pt),
            Role.HEADING1: _font(fam(settings.heading1_font), size, px_per_pt),
            Role.HEADING2: _font(fam(settings.heading2_font), size, px_per_pt, settings.level2_bold),
            Role.HEADING3: _font(fam(settings.body_font), size, px_per_pt, settings.level3_bold),
            Role.BODY: _font(fam(settings.body_font), size, px_per_pt),
        }
        self.latin = _font([settings.latin_font, "Times New Roman", "Liberation Serif"], size, px_per_pt)
        self.number = _font(_families(settings, layout.PAGE_NUMBER_FONT) + ["SimSun", "Noto Serif CJK SC"],
                            layout.PAGE_NUMBER_SIZE_PT, px_per_pt)
        self.full = float(layout.BODY_SIZE_PT - layout.BODY_CHAR_CONDENSE_PT) * px_per_pt
        self.half = float(layout.BODY_SIZE_PT / 2 - layout.BODY_CHAR_CONDENSE_PT) * px_per_pt
        self.pitch = float(layout.grid_pitch_pt()) * px_per_pt
        self.left = float(layout.MARGIN_LEFT_MM) * _PT_PER_MM * px_per_pt
        self.top = float(layout.MARGIN_TOP_MM) * _PT_PER_MM * px_per_pt
        self.width = float(layout.TEXT_BLOCK_WIDTH_MM) * _PT_PER_MM * px_per_pt
        self.page_w = float(layout.PAGE_WIDTH_MM) * _PT_PER_MM * px_per_pt
        self.page_h = float(layout.PAGE_HEIGHT_MM) * _PT_PER_MM * px_per_pt

    def draw(self, painter: QPainter, lines: list[SheetLine], number: int) -> None:
        painter.fillRect(QRectF(0, 0, self.page_w, self.page_h), QColor("white"))
        painter.setPen(QColor("black"))
        for line in lines:
            if line.role is Role.TITLE:
                self._title(painter, line)
            else:
                self._line(painter, line)
            let_the_window_run()  # drawn in a job's thread: two QPainter calls a character
        self._page_number(painter, number)

    def _baseline(self, row: int) -> float:
        return self.top + (row + 0.8) * self.pitch

    def _title(self, painter: QPainter, line: SheetLine) -> None:
        painter.setFont(self.fonts[Role.TITLE])
        rect = QRectF(self.left, self.top + line.row * self.pitch, self.width, self.pitch)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom), line.text)

    def _line(self, painter: QPainter, line: SheetLine) -> None:
        advances = [self.full if char_width_em(ch) == 1 else self.half for ch in line.text]
        if line.right_indent_chars:  # signature and date: right-aligned, 右空二字
            x = self.left + self.width - line.right_indent_chars * self.full - sum(advances)
        else:
            x = self.left + line.indent_chars * self.full
        y = self._baseline(line.row)
        font = self.fonts.get(line.role, self.fonts[Role.BODY])
        for index, (ch, advance) in enumerate(zip(line.text, advances)):
            chosen = self.fonts[Role.HEADING3] if index < line.runin_chars else font
            painter.setFont(self.latin if ch.isascii() else chosen)
            painter.drawText(QPointF(x, y), ch)
            x += advance

    def _page_number(self, painter: QPainter, number: int) -> None:
        painter.setFont(self.number)
        dash = layout.PAGE_NUMBER_DASH
        text = f"{dash} {number} {dash}"
        size_px = float(layout.PAGE_NUMBER_SIZE_PT) * self.px
        top = self.top + float(layout.TEXT_BLOCK_HEIGHT_MM + layout.PAGE_NUMBER_BELOW_TEXT_MM) * _PT_PER_MM * self.px
        side = layout.PAGE_NUMBER_SIDE_CHARS * size_px
        rect = QRectF(self.left + side, top, self.width - 2 * side, size_px * 1.4)
        align = Qt.AlignmentFlag.AlignRight if number % 2 else Qt.AlignmentFlag.AlignLeft
        painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignTop), text)


def sheets(report) -> list[list[SheetLine]]:
    """The report's approximate pages, the title broken as the .docx export breaks it."""
    from selfeval.export.title_lines import break_title

    keep = tuple(x for x in (report.unit_name.strip(), report.unit_short.strip()) if x)
    return report_sheet_pages(report, lambda title: break_title(_TITLE_BREAKS.sub("", title),
                                                                Decimal(title_line_ems()), keep))


def approx_page_images(report, dpi: int) -> list[QImage]:
    """The report's approximate pages as images at ``dpi``."""
    drawer = PageDrawer(report.layout, dpi / 72)
    images = []
    for number, lines in enumerate(sheets(report), start=1):
        image = QImage(round(drawer.page_w), round(drawer.page_h), QImage.Format.Format_RGB888)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        drawer.draw(painter, lines, number)
        painter.end()
        images.append(image)
    return images
