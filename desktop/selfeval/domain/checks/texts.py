"""Reading running text for the checks: statements, amounts (typed, or a ``{名称}`` figure standing for
one), character classes. Every pattern here is linear: no nested quantifiers, bounded repeats."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from selfeval.domain.figures import Amount, FigureKind, unit_kind
from selfeval.domain.model import PLACEHOLDER_RE, Section

CJK = "\u3400-\u4dbf\u4e00-\u9fff"

# A statement ends at 。！？； (or their half-width forms) or a line break; a sentence at 。！？ or a break.
_STATEMENT_END = re.compile(r"[。！？；!?;\n]")
_SENTENCE_END = re.compile(r"[。！？!?\n]")

# Counted things: "2058件", "64家"; money and percentages: figures.AMOUNT_IN_TEXT_RE's units.
COUNT_UNITS = "件家人个户项次套栋条名所处篇期场座台辆对"
_AMOUNT_RE = re.compile(
    r"(?<![\d.,０-９])(\d{1,15}(?:,\d{3}){0,5}(?:\.\d{1,10})?)\s?(亿元|万元|元|%|％|[" + COUNT_UNITS + "])")


def statements(text: str, ends: re.Pattern[str] = _STATEMENT_END) -> list[tuple[int, int]]:
    """(start, end) of each statement, its closing mark included."""
    spans, start = [], 0
    for m in ends.finditer(text):
        if m.end() - start > 1 or text[start:m.end()].strip():
            spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence (up to 。！？ or a line break; a sentence may hold several statements)."""
    return statements(text, _SENTENCE_END)


def group_by_span(items: list, spans: list[tuple[int, int]]) -> list[tuple[tuple[int, int], list]]:
    """``items`` (sorted by ``.start``) grouped by the span they start in; spans without items left out.
    One pass over both lists."""
    groups, i = [], 0
    for span in spans:
        while i < len(items) and items[i].start < span[0]:
            i += 1
        first = i
        while i < len(items) and items[i].start < span[1]:
            i += 1
        if i > first:
            groups.append((span, items[first:i]))
    return groups


@dataclass(frozen=True)
class TextAmount:
    start: int
    end: int
    amount: Amount
    figure: str = ""  # the figure's name when the amount stands in the text as {名称}

    @property
    def kind(self) -> FigureKind:
        return self.amount.kind

    @property
    def is_money(self) -> bool:
        return unit_kind(self.amount.unit) is FigureKind.MONEY

    @property
    def is_percent(self) -> bool:
        return self.amount.unit == "%"


def text_amounts(text: str, section: Section | None = None) -> list[TextAmount]:
    """Amounts as they stand in ``text``, spans in ``text``: typed ones, and ``{名称}`` figures of
    ``section`` that have a value (a derived rate without one takes its computed value)."""
    found = []
    for m in _AMOUNT_RE.finditer(text):
        unit = "%" if m.group(2) == "％" else m.group(2)
        try:
            value = Decimal(m.group(1).replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            continue
        found.append(TextAmount(m.start(), m.end(), Amount(value, unit)))
    if section is not None and section.figures and "{" in text:
        figures = section.figure_map()
        for m in PLACEHOLDER_RE.finditer(text):
            fig = figures.get(m.group(1))
            if fig is None:
                continue
            value = fig.value
            if value is None and fig.formula:
                value = section.computed(fig)
            if value is not None and value.is_finite():
                found.append(TextAmount(m.start(), m.end(), Amount(value, fig.unit), fig.name))
        found.sort(key=lambda a: a.start)
    return found
