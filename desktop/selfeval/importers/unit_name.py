"""Guessing the unit's full name (单位全称) from the text: 「广州市荔湾区人民政府昌华街道办事处」."""

from __future__ import annotations

import re

from selfeval.importers.lines import UNIT_SUFFIXES

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Suffixes a full name ends with, longest first so that 「办事处」 wins over 「处」.
_FULL_NAME_SUFFIXES = tuple(sorted(
    {"办事处", "委员会", "办公室", "管理局", "中心", "学校", "医院", "研究院", "局", "委", "厅", "院", "馆"},
    key=len, reverse=True))
MAX_UNIT_NAME_CHARS = 40


def guess_unit_name(text: str, unit_short: str, signature: str = "") -> str:
    """The longest run of Chinese characters that contains the short name and ends like a unit name
    (…办事处, …局, …委员会, …中心, …学校, …医院); the signature line if it is one; else ""."""
    if signature and (not unit_short or unit_short in signature) and signature.endswith(UNIT_SUFFIXES):
        return signature
    if not unit_short:
        return ""
    best = ""
    for run in _CJK_RUN.finditer(text):
        word = run.group(0)
        start = word.find(unit_short)
        while start >= 0:
            candidate = _name_in(word, start + len(unit_short))
            if candidate and len(candidate) > len(best) and len(candidate) <= MAX_UNIT_NAME_CHARS:
                best = candidate
            start = word.find(unit_short, start + 1)
    return best if best != unit_short else ""


def _name_in(word: str, after: int) -> str:
    """The part of ``word`` from its start to the first unit suffix at or after ``after``."""
    ends = []
    for suffix in _FULL_NAME_SUFFIXES:
        pos = word.find(suffix, max(after - len(suffix), 0))
        if pos >= 0:
            ends.append(pos + len(suffix))
    if not ends:
        return ""
    return word[: min(ends)]
