"""Draws the application icon (resources/icons/selfeval-{256,64,32}.png): a red square, a page, 「绩」.

    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/icons/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

RED = QColor("#b22222")
SIZES = (256, 64, 32)


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(RED)
    painter.drawRoundedRect(QRectF(size * 0.04, size * 0.04, size * 0.92, size * 0.92), size * 0.16, size * 0.16)
    page = QRectF(size * 0.22, size * 0.14, size * 0.56, size * 0.72)
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(page)
    font = QFont(["Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UMing CN"])
    font.setPixelSize(int(size * 0.36))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(RED)
    glyph_box = QRectF(page.x(), page.y() + size * 0.02, page.width(), page.height() * 0.62)
    painter.drawText(glyph_box, Qt.AlignmentFlag.AlignCenter, "绩")
    pen = QPen(QColor("#555555"))
    pen.setWidthF(max(1.0, size * 0.02))
    painter.setPen(pen)
    for i in range(3):
        y = int(page.y() + page.height() * 0.68 + i * size * 0.06)
        painter.drawLine(int(page.x() + size * 0.06), y, int(page.right() - size * 0.06), y)
    painter.end()
    return image


def main() -> None:
    app = QGuiApplication([])  # noqa: F841 - fonts need it
    for size in SIZES:
        draw(size).save(str(Path(__file__).with_name(f"selfeval-{size}.png")))


if __name__ == "__main__":
    main()
