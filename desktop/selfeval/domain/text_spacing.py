"""Spacing of numbers in the program's own Chinese sentences: one space between a Chinese character and an
Arabic number (「已把 2 个章节」, never 「已把2 个章节」), as the messages write them."""

from __future__ import annotations


def spaced(part: str) -> str:
    """``part`` to be put right after Chinese text: a leading space when it starts with a digit."""
    return f" {part}" if part[:1].isdigit() else part

