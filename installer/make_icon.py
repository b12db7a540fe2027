"""Packs the application icon (resources/icons/selfeval-{256,64,32}.png, drawn by
resources/icons/make_icons.py) into resources/icons/selfeval.ico for the Windows executables.

Sizes the PNGs do not hold (16, 24, 48, 128 px) are scaled down from the nearest larger one. The
.ico stores PNG-compressed images (read by Windows Vista and later). Run after the PNGs change and
keep the output in the repository:

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icon.py
"""

from __future__ import annotations

import re
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage

ICON_DIR = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICO = ICON_DIR / "selfeval.ico"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def source_pngs() -> dict[int, QImage]:
    found: dict[int, QImage] = {}
    for path in ICON_DIR.glob("selfeval-*.png"):
        match = re.fullmatch(r"selfeval-(\d+)\.png", path.name)
        image = QImage(str(path))
        if match and not image.isNull():
            found[int(match.group(1))] = image
    if not found:
        raise SystemExit(f"找不到图标图片 {ICON_DIR}/selfeval-*.png，请先运行 resources/icons/make_icons.py。")
    return found


def image_at(size: int, sources: dict[int, QImage]) -> QImage:
    if size in sources:
        return sources[size]
    larger = [s for s in sources if s > size] or [max(sources)]
    return sources[min(larger)].scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("PNG encoding failed")
    buffer.close()
    return bytes(data)


def ico_bytes(images: list[tuple[int, bytes]]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in images:
        dim = 0 if size >= 256 else size  # 0 stands for 256 in an icon directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage scaling needs it
    sources = source_pngs()
    ICO.write_bytes(ico_bytes([(size, png_bytes(image_at(size, sources))) for size in ICO_SIZES]))
    print(f"已生成 {ICO}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
