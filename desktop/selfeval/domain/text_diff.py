"""Which characters differ between two versions of a text, for showing a merge to a person: Chinese has no
spaces to split words at, so the comparison is by character (``difflib.SequenceMatcher``), first sentence by
sentence (a sentence moved or rewritten whole stays one change, and long sections stay fast), then
character by character inside the sentences that changed. A run of one or two unchanged characters between
two changes (「的」, 「，」) is counted into the change, so that the highlight reads as whole words."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

Span = tuple[int, int]  # [start, end) in the text

_SENTENCE = re.compile(r"[^。！？；!?;\n]*[。！？；!?;\n]?")
SMALL_ISLAND = 2  # unchanged characters between two changes that are shown as part of the change


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s]


def changed_spans(old: str, new: str) -> tuple[list[Span], list[Span]]:
    """The spans of ``old`` that are gone and of ``new`` that are new (sorted, not overlapping)."""
    a, b = sentences(old), sentences(new)
    gone: list[Span] = []
    came: list[Span] = []
    starts_a, starts_b = _starts(a), _starts(b)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        sa, ea = starts_a[i1], starts_a[i2]
        sb, eb = starts_b[j1], starts_b[j2]
        if tag == "replace":
            inner_a, inner_b = _char_spans(old[sa:ea], new[sb:eb])
            gone += [(sa + s, sa + e) for s, e in inner_a]
            came += [(sb + s, sb + e) for s, e in inner_b]
        elif tag == "delete":
            gone.append((sa, ea))
        else:
            came.append((sb, eb))
    return _merged(gone), _merged(came)


def _starts(parts: list[str]) -> list[int]:
    starts = [0]
    for p in parts:
        starts.append(starts[-1] + len(p))
    return starts


def _char_spans(a: str, b: str) -> tuple[list[Span], list[Span]]:
    gone, came = [], []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            gone.append((i1, i2))
        if tag in ("replace", "insert"):
            came.append((j1, j2))
    return _absorb_islands(gone), _absorb_islands(came)


def _absorb_islands(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in spans:
        if out and s - out[-1][1] <= SMALL_ISLAND:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _merged(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in sorted(x for x in spans if x[1] > x[0]):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out
