"""Rule: doubled words and characters that are not reduplication ("公开公开", "的的").

The list of correct reduplication (常常, 人人, 研究研究 …) and of characters whose doubling is a slip
is data: ``resources/checks/reduplication.toml``, read by ``bundled.word_lists`` and handed to the rule in
``CheckSettings.reduplication`` (``app.check.check_settings``). Settings without it are refused, never
checked without the lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selfeval.domain.checks.context import CheckContext
from selfeval.domain.checks.findings import Finding, Severity
from selfeval.domain.checks.settings import WordLists, reduplication_of

# A run of 2–4 Chinese characters said twice in a row; bounded, so the search stays linear.
_DOUBLED_WORD = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
_DOUBLED_CHAR = re.compile(r"([\u4e00-\u9fff])\1")


__all__ = ["WordLists", "check", "doubled_spans"]


def _inside_legit(text: str, start: int, end: int, lists: WordLists) -> bool:
    """True if text[start:end] lies inside an occurrence of a listed word."""
    for word, offset in lists.containing.get(text[start:end], ()):
        at = start - offset
        if at >= 0 and text.startswith(word, at):
            return True
    return False


def _aabb(text: str, i: int) -> bool:
    """text[i] == text[i+1] is one half of an AABB form (家家户户, 实实在在)."""
    after = text[i + 2:i + 4]
    before = text[max(0, i - 2):i]
    return (len(after) == 2 and after[0] == after[1] and after[0] != text[i]) or (
        len(before) == 2 and before[0] == before[1] and before[0] != text[i])


def doubled_spans(text: str, lists: WordLists) -> list[tuple[int, int]]:
    """(start, end) of each doubled word or slip-doubled character in ``text`` (``lists``: the word lists)."""
    spans: list[tuple[int, int]] = []
    for m in _DOUBLED_WORD.finditer(text):
        unit = m.group(1)
        if len(set(unit)) == 1 or (len(unit) == 2 and unit[0] == "一"):  # 人人人人, 一步一步
            continue
        if _inside_legit(text, m.start(), m.end(), lists):
            continue
        if len(unit) == 2 and unit[0] == unit[1]:
            continue
        spans.append((m.start(), m.end()))
    covered = {i for s, e in spans for i in range(s, e)}
    for m in _DOUBLED_CHAR.finditer(text):
        i = m.start()
        if m.group(1) not in lists.typo_chars or i in covered:
            continue
        if _aabb(text, i) or _inside_legit(text, i, i + 2, lists):
            continue
        if text[i - 1:i + 1] in lists.words or text[i + 1:i + 3] in lists.words:
            continue  # a word meets its own character: 为了|了解, 针对|对象
        spans.append((i, i + 2))
    return sorted(spans)


def check(ctx: CheckContext) -> Iterator[Finding]:
    lists = reduplication_of(ctx.settings)
    for field in ctx.all_texts:
        for start, end in doubled_spans(field.text, lists):
            excerpt = field.text[start:end]
            half = excerpt[: len(excerpt) // 2]
            yield Finding("text.doubled_word", Severity.WARNING,
                          f"“{excerpt}”重复，可能多打了一遍，请改为“{half}”；如确属叠用，可在审核中说明。",
                          field.place.at(start, end), excerpt)
