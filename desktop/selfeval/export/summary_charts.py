"""The 汇总's charts as PNG images, drawn with Pillow (the command line must not load Qt; the window draws the
same ``domain.summary.charts.Chart`` with QPainter). Labels need a font with Chinese characters: fontconfig's
choice on Linux, the usual Windows fonts, else Pillow's own font and the bars are numbered instead of named."""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from selfeval.domain.summary.charts import COLOURS, Chart, axis_range

_WINDOWS_FONTS = ("msyh.ttc", "simhei.ttf", "simsun.ttc", "Deng.ttf")
_LINUX_FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/arphic/uming.ttc")


@functools.cache
def cjk_font_path() -> str | None:
    """A font file with Chinese characters on this computer, or None."""
    if sys.platform == "win32":
        folder = Path(os.environ.get("WINDIR", r"C:\\Windows")) / "Fonts"
        for name in _WINDOWS_FONTS:
            if (folder / name).is_file():
                return str(folder / name)
        return None
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(["fc-match", "-f", "%{file}", "sans-serif:lang=zh-cn"], capture_output=True,
                                   text=True, timeout=10).stdout.strip()
            if found and Path(found).is_file() and _has_chinese(found):
                return found
        except (OSError, subprocess.SubprocessError):
            pass
    return next((p for p in _LINUX_FONTS if Path(p).is_file()), None)


def _has_chinese(path: str) -> bool:
    from PIL import ImageFont

    try:
        font = ImageFont.truetype(path, 20)
        return font.getbbox("汇")[2] > 0 and font.getmask("汇").getbbox() is not None
    except OSError:
        return False


def _font(size: int):
    from PIL import ImageFont

    path = cjk_font_path()
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = COLOURS.get(colour, colour).lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def _fmt(value: float, unit: str) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".") if unit in ("%", "分") else f"{value:.0f}"
    return text + (unit if unit == "%" else "")


def chart_png(chart: Chart, width: int = 1600, scale: float = 2.0) -> bytes:
    """The chart as a PNG (``width`` pixels wide; ``scale``: pixels per point of text)."""
    from PIL import Image, ImageDraw

    named = cjk_font_path() is not None
    font, small, big = _font(int(11 * scale)), _font(int(9 * scale)), _font(int(13 * scale))
    pad = int(10 * scale)
    row = int(18 * scale)
    labelled = chart.labelled
    if chart.horizontal and labelled:
        label_w = int(min(max((small.getlength(b.label if named else f"{i + 1}") for i, b in enumerate(chart.bars)),
                              default=0) + pad, width * 0.42))
        height = int(pad * 4 + 30 * scale + row * max(len(chart.bars), 1) + 20 * scale)
    else:
        label_w = int(40 * scale)
        height = int(width * 0.5)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((pad, pad), chart.title + (f"（{chart.note}）" if chart.note else ""), fill=(0, 0, 0), font=big)
    top = int(pad * 2 + 18 * scale)
    low, high = axis_range(chart)
    if chart.horizontal and labelled:
        left, right, bottom = pad + label_w, width - pad * 4, height - int(20 * scale) - pad
        x = lambda v: left + (v - low) / (high - low) * (right - left)
        for i, bar in enumerate(chart.bars):
            y = top + i * row
            name = bar.label if named else str(i + 1)
            draw.text((left - pad // 2, y + row // 2), name, fill=(40, 40, 40), font=small, anchor="rm")
            x0, x1 = sorted((x(0), x(bar.value)))
            draw.rectangle((x0, y + row * 0.15, max(x1, x0 + 1), y + row * 0.85), fill=_rgb(bar.colour))
            draw.text((x1 + 4, y + row // 2), _fmt(bar.value, chart.unit), fill=(40, 40, 40), font=small, anchor="lm")
        for k, (value, label) in enumerate(chart.lines):
            draw.line((x(value), top - 4, x(value), bottom), fill=(120, 120, 120), width=max(1, int(scale)))
            if label:  # side by side lines (90 %, 100 %): labels either side of their line
                draw.text((x(value) + (4 if k % 2 else -4), bottom + 2), label, fill=(80, 80, 80), font=small,
                          anchor="lt" if k % 2 else "rt")
        draw.line((left, top - 4, left, bottom), fill=(0, 0, 0), width=max(1, int(scale)))
    else:
        left, right, bottom = pad + label_w, width - pad * 2, height - int(40 * scale)
        y = lambda v: bottom - (v - low) / (high - low) * (bottom - top)
        n = max(len(chart.bars), 1)
        step = (right - left) / n
        for i, bar in enumerate(chart.bars):
            x0 = left + i * step + (step * 0.15 if labelled else 0)
            x1 = left + (i + 1) * step - (step * 0.15 if labelled else 0)
            y0, y1 = sorted((y(0), y(bar.value)))
            draw.rectangle((x0, y0, max(x1 - 1, x0), max(y1, y0 + 1)), fill=_rgb(bar.colour))
            if labelled:
                draw.text(((x0 + x1) / 2, bottom + 4), bar.label, fill=(40, 40, 40), font=font, anchor="mt")
                draw.text(((x0 + x1) / 2, y0 - 4), _fmt(bar.value, chart.unit), fill=(40, 40, 40), font=font,
                          anchor="mb")
        if not labelled:
            draw.text(((left + right) / 2, bottom + 6), f"各单位（按数值从低到高排列，共 {len(chart.bars)} 个）",
                      fill=(40, 40, 40), font=small, anchor="mt")
        for value, label in chart.lines:
            draw.line((left, y(value), right, y(value)), fill=(120, 120, 120), width=max(1, int(scale)))
            if label:
                draw.text((left - 4, y(value)), label, fill=(80, 80, 80), font=small, anchor="rm")
        draw.line((left, bottom, right, bottom), fill=(0, 0, 0), width=max(1, int(scale)))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
