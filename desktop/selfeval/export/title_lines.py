"""Breaking a long title into centred lines (GB/T 9704 7.3.1).

"回行时，要做到词意完整，排列对称，长短适宜": a title wider than the text block is broken where no word
is split and the lines are as even as possible (top line no longer than the next: a trapezoid), rather
than left to the word processor, which fills the first line and leaves a word or two on the second.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import lru_cache
from itertools import combinations

from selfeval.domain.pagination import NO_LINE_END as _NO_LINE_END
from selfeval.domain.pagination import NO_LINE_START as _NO_LINE_START
from selfeval.domain.pagination import char_width_em, text_width_em

# Words of the titles in use that must stay on one line; the unit's names are added per report.
KEEP_TOGETHER = ("部门整体支出", "绩效自评表", "绩效自评报告", "自评报告", "说明", "年度", "关于")
_NUMBER_YEAR = re.compile(r"[0-9０-９]+年度?|[A-Za-z0-9０-９.%]+")


__all__ = ["break_title", "char_width_em", "text_width_em"]


def break_title(title: str, max_em: Decimal, keep_together: tuple[str, ...] = ()) -> list[str]:
    """The title's lines: one if it fits, else the most even split that keeps words whole."""
    title = title.strip()
    total = text_width_em(title)
    if total <= max_em or len(title) < 2:
        return [title]
    return list(_best_split(title, max_em, tuple(keep_together) + KEEP_TOGETHER))


@lru_cache(maxsize=64)
def _best_split(title: str, max_em: Decimal, words: tuple[str, ...]) -> tuple[str, ...]:
    n = len(title)
    widths = [char_width_em(c) for c in title]
    prefix = [Decimal(0)]
    for wd in widths:
        prefix.append(prefix[-1] + wd)

    inside: set[int] = set()  # break positions (before index i) that would split a word
    spans = [(m.start(), m.end()) for m in _NUMBER_YEAR.finditer(title)]
    for word in words:
        word = word.strip()
        if len(word) < 2:
            continue
        start = title.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = title.find(word, start + 1)
    for a, b in spans:
        inside.update(range(a + 1, b))
    legal = [i for i in range(1, n)
             if title[i] not in _NO_LINE_START and title[i - 1] not in _NO_LINE_END and title[i] != " "]
    preferred = [i for i in legal if i not in inside]

    for candidates in (preferred, legal, list(range(1, n))):
        lines = _split(title, prefix, candidates, max_em)
        if lines:
            return lines
    return (title,)


def _split(title: str, prefix: list[Decimal], candidates: list[int], max_em: Decimal) -> tuple[str, ...] | None:
    """Fewest lines; then the narrowest widest line; then the most even; then top lines not wider."""
    n = len(title)
    min_lines = math.ceil(prefix[n] / max_em)
    for count in range(min_lines, min_lines + 3):
        if count - 1 > len(candidates) or math.comb(len(candidates), count - 1) > _MAX_TRIES:
            return None
        best = None
        for inner in combinations(candidates, count - 1):
            cuts = (0, *inner, n)
            widths = [prefix[b] - prefix[a] for a, b in zip(cuts, cuts[1:])]
            if max(widths) > max_em:
                continue
            inverted = sum(1 for a, b in zip(widths, widths[1:]) if a > b)
            rank = (max(widths), sum(wd * wd for wd in widths), inverted)
            if best is None or rank < best[0]:
                best = (rank, cuts)
        if best is not None:
            cuts = best[1]
            return tuple(title[a:b].strip() for a, b in zip(cuts, cuts[1:]))
    return None


# More ways to break than this (a title of many lines): leave the breaking to the word processor.
_MAX_TRIES = 20_000
