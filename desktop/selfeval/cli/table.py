"""Plain-text tables that line up with Chinese characters (two columns wide each)."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [display_width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    lines = ["  ".join(pad(c, widths[i]) for i, c in enumerate(headers)).rstrip()]
    lines += ["  ".join(pad(c, widths[i]) for i, c in enumerate(row)).rstrip() for row in rows]
    return "\n".join(lines)
