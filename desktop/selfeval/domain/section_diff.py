"""Where a section changed: the first text that differs, so the window can show an undone change."""

from __future__ import annotations

from selfeval.domain.model import Section


def _texts(section: Section) -> list[str]:
    """The section's editable texts in the order an editor shows them."""
    texts = [section.intro]
    for entry in section.entries:
        texts += [entry.lead, entry.text]
    return texts


def first_change(old: Section, new: Section) -> tuple[str, int] | None:
    """``(text, offset)``: the first of ``new``'s texts that differs from ``old``'s and the position of
    its first differing character; None when the texts are the same (only figures changed)."""
    old_texts, new_texts = _texts(old), _texts(new)
    for i, text in enumerate(new_texts):
        before = old_texts[i] if i < len(old_texts) else None
        if text != before:
            if before is None:
                return text, 0
            offset = next((k for k, (a, b) in enumerate(zip(before, text)) if a != b), min(len(before), len(text)))
            return text, offset
    if len(old_texts) > len(new_texts):  # entries removed at the end: show the last remaining text
        return new_texts[-1], len(new_texts[-1])
    return None
