"""Three-way decisions for sections that two copies of a report changed apart (exchange files).

A section's *history* is the list of content hashes of the versions it went through, oldest first, the
current version last (``section_hash`` of ``Section.to_dict()``). Two copies part at the newest version
both have had: the *base*. Against it each section is decided: changed only on the other side (take
theirs), only here (keep mine), on both sides (a conflict the user settles), or not changed at all.
Histories made from content rather than from log ids work between copies of a database file as well
as between reports that only ever met through exchange files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from enum import Enum


def section_hash(section: dict) -> str:
    """The SHA-256 of a section's JSON form (``Section.to_dict()``), independent of key order."""
    text = json.dumps(section, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Decision(str, Enum):
    SAME = "same"  # both sides have the same text
    NEW = "new"  # the section is not here yet: taken
    THEIRS = "theirs"  # changed only on the other side since they parted: taken
    MINE = "mine"  # changed only here: kept
    CONFLICT = "conflict"  # changed on both sides (or no common version known): the user chooses

    @property
    def label(self) -> str:
        return {
            "same": "两边相同，无需改动",
            "new": "本机没有此章节，将采用对方的",
            "theirs": "只有对方改过，将采用对方的",
            "mine": "只有本机改过，保留本机的",
            "conflict": "两边都改过，需要选择",
        }[self.value]


def base_version(mine: Sequence[str], theirs: Sequence[str]) -> str | None:
    """The newest version both histories hold: of the versions in both, the one that first appeared
    last in ``mine`` (a version that came back later, e.g. by undo, counts where it first appeared,
    so that going back to old text is a change, not a return to the base). None: no common version."""
    theirs_set = set(theirs)
    first_seen: dict[str, int] = {}
    for i, h in enumerate(mine):
        first_seen.setdefault(h, i)
    common = [h for h in first_seen if h in theirs_set]
    return max(common, key=first_seen.__getitem__) if common else None


def decide(mine: Sequence[str] | None, theirs: Sequence[str]) -> Decision:
    """What to do with a section the other side sends. ``mine``/``theirs``: the histories (current
    version last); ``mine`` None or empty: the section is not here."""
    if not theirs:
        raise ValueError("the other side's history is empty")
    if not mine:
        return Decision.NEW
    if mine[-1] == theirs[-1]:
        return Decision.SAME
    base = base_version(mine, theirs)
    if base == mine[-1]:
        return Decision.THEIRS
    if base == theirs[-1]:
        return Decision.MINE
    return Decision.CONFLICT
