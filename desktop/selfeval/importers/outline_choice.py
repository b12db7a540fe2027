"""Which outline template a report was written in, found from its headings, never assumed.

Each template is scored by how well its sections and the headings found cover each other: the
sections a heading matches (by heading or alias), over the template's sections plus the headings of
levels 1 and 2 that match none of them (level-3 lines are often run-in sub-heads, not outline
headings). The best score wins; a tie goes to the default template, then to the template id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from selfeval.domain.numbering import parse_heading
from selfeval.domain.outline import OutlineTemplate
from selfeval.importers.lines import MAX_HEADING_CHARS, Token

_RUNIN_STOP = re.compile(r"[：:。]")


@dataclass(frozen=True)
class FoundHeading:
    level: int
    text: str


@dataclass(frozen=True)
class TemplateScore:
    template: OutlineTemplate
    matched: tuple[str, ...]  # section keys some heading matched, in outline order
    unmatched: tuple[str, ...]  # level 1–2 headings no section of the template matches

    @property
    def score(self) -> Fraction:
        return Fraction(len(self.matched), len(self.template.sections) + len(self.unmatched))


@dataclass(frozen=True)
class OutlineChoice:
    template: OutlineTemplate
    forced: bool  # chosen by the user (--template, the preview), not by the score
    scores: tuple[TemplateScore, ...]  # best first
    headings: int  # how many headings were found

    @property
    def reason(self) -> str:
        """The notice that says which outline was chosen and why (Chinese)."""
        name = f"“{self.template.name}”（{self.template.id}）"
        if self.forced:
            return f"已按指定的大纲{name}导入。"
        if not self.headings or not self.scores[0].matched:
            return f"原文中没有与任何大纲栏目对应的标题，已按默认大纲{name}导入，请核对。"
        best = self.scores[0]
        text = (f"已按大纲{name}导入：原文的 {self.headings} 个标题中有 {len(best.matched)} 个"
                f"与该大纲的 {len(best.template.sections)} 个栏目对应")
        others = [f"“{s.template.name}”{len(s.matched)} 个" for s in self.scores[1:]]
        if others:
            text += f"（其他大纲：{'，'.join(others)}）"
        return text + "。"


def found_headings(tokens: list[Token]) -> list[FoundHeading]:
    """The headings of the source: heading lines, and outline-looking headings run into their text
    (「（一）部门整体支出绩效目标：一是…」, the part before the colon)."""
    out = []
    for token in tokens:
        parsed = parse_heading(token.text)
        if parsed is None or (token.heading is None and parsed[0] > 2):
            continue
        rest = parsed[2]
        m = _RUNIN_STOP.search(rest[: MAX_HEADING_CHARS + 1])
        if m is not None and m.start() > 0 and rest[m.end():].strip():
            out.append(FoundHeading(parsed[0], rest[: m.start()].strip()))
        elif token.heading is not None:
            out.append(FoundHeading(token.heading.level, token.heading.text))
    return out


def score_template(template: OutlineTemplate, headings: list[FoundHeading]) -> TemplateScore:
    """Sections of the template's outline the headings match (by heading or alias), against its
    sections plus the level 1–2 headings that take no role of it at all (a heading that only takes a
    role outside the outline, or one by pattern, counts for neither)."""
    matched: set[str] = set()
    unmatched: list[str] = []
    for heading in headings:
        spec = template.find(heading.text)
        if spec is not None and spec.in_outline:
            matched.add(spec.key)
        elif spec is None and heading.level <= 2 and template.role_for(heading.text) is None:
            unmatched.append(heading.text)
    in_order = tuple(s.key for s in template.sections if s.key in matched)
    return TemplateScore(template, in_order, tuple(unmatched))


def choose_outline(tokens: list[Token], templates: dict[str, OutlineTemplate], default_id: str,
                   forced: OutlineTemplate | None = None) -> OutlineChoice:
    headings = found_headings(tokens)
    scores = [score_template(t, headings) for t in templates.values()]
    scores.sort(key=lambda s: (-s.score, s.template.id != default_id, s.template.id))
    if forced is not None:
        return OutlineChoice(forced, True, tuple(scores), len(headings))
    best = scores[0] if scores and scores[0].matched else next(
        (s for s in scores if s.template.id == default_id), scores[0])
    ordered = (best, *[s for s in scores if s is not best])
    return OutlineChoice(best.template, False, ordered, len(headings))
