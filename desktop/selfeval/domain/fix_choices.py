"""A fix that rewrites several places asks first: each place with its context and a tick, unticked where
the text names a past event that the fix would turn into a false claim.

「将 5 处"2024年度"改为"2025年度"」 must not turn 「获得2024年度荔湾区最美党群服务中心」 (a prize won in 2024)
into a 2025 claim. A place is unticked by default when it stands in a phrase naming a past event:

- an award or title: 获得/荣获/获评/被评为… before it, or 奖/称号/荣誉/先进/示范 after it in the clause;
- a title in 《…》; a name in quotes (“…”, 「…」, "…");
- a point in time: 截至/截止 before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selfeval.domain.checks.findings import Fix
from selfeval.domain.model import Report
from selfeval.domain.text_fields import Place, field_text

CONTEXT_CHARS = 14
_CLAUSE_END = "，,。；;！!？?\n"
# An award verb anywhere earlier in the clause: 「获得A、B、2024年度C」 names prizes all along the list.
_AWARD_BEFORE = re.compile(r"获得|荣获|获评|被评为|评为|授予|入选|被列为")
_AWARD_AFTER = re.compile(r"^[^，。；！？\n]{0,30}?(?:奖|称号|荣誉|先进|示范|标兵|模范|表彰)")
_POINT_IN_TIME = re.compile(r"(?:截至|截止到|截止)\s?$")
_QUOTES = (("《", "》"), ("“", "”"), ("「", "」"), ("『", "』"), ('"', '"'))


@dataclass(frozen=True)
class FixChoice:
    place: Place
    context: str  # 「…获得【2024年度】荔湾区最美…」
    ticked: bool
    why: str = ""  # why it is unticked: 「获奖或称号（过去的事实）」


def past_event(text: str, start: int, end: int) -> str:
    """Why the span ``start:end`` of ``text`` names a past event (a Chinese phrase), or ""."""
    clause_start = max((text.rfind(c, 0, start) for c in _CLAUSE_END), default=-1) + 1
    before = text[clause_start:start]
    if _POINT_IN_TIME.search(text[max(0, start - 4):start]):
        return "“截至……”所指的时点"
    if _AWARD_BEFORE.search(before) or _AWARD_AFTER.match(text[end:]):
        return "获奖或称号（过去的事实）"
    for left, right in _QUOTES:
        opened = text.rfind(left, clause_start if left != "《" else 0, start)
        if opened < 0:
            continue
        if left == right:
            if text[clause_start:start].count(left) % 2 == 1:
                return "引号中的名称"
            continue
        closed = text.rfind(right, opened, start)
        if closed < 0 and right in text[end:]:
            return "书名号中的标题" if left == "《" else "引号中的名称"
    return ""


def fix_choices(report: Report, fix: Fix) -> list[FixChoice]:
    """Each place ``fix`` would change, with its context, ticked unless it names a past event."""
    choices = []
    for place in fix.places:
        text = field_text(report, place)
        start, end = place.start, place.end
        context = (("…" if start > CONTEXT_CHARS else "") + text[max(0, start - CONTEXT_CHARS):start]
                   + f"【{text[start:end]}】" + text[end:end + CONTEXT_CHARS]
                   + ("…" if end + CONTEXT_CHARS < len(text) else "")).replace("\n", " ")
        why = past_event(text, start, end)
        choices.append(FixChoice(place, context, not why, why))
    return choices
