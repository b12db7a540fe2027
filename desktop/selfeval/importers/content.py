"""The body of one section, from its paragraphs, per section kind: the inverse of
``selfeval.domain.document.section_blocks``, so that the section prints as it was written.
"""

from __future__ import annotations

import re
from decimal import Decimal

from selfeval.domain.document import section_blocks
from selfeval.domain.figures import MONEY_UNITS, FigureKind
from selfeval.domain.model import Entry, Section, SectionKind
from selfeval.domain.numbering import parse_heading, split_items
from selfeval.domain.outline import SectionSpec

# A lead phrase ("目标设定与实际需求脱节：") is the text up to the first of these, when short enough.
LEAD_STOPS = "：:。"
MAX_LEAD_CHARS = 30
# A theme's lead is a short sentence of Chinese words only: "党建引领激发动能。"
MAX_THEME_LEAD_CHARS = 15
_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)]*")
_CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,}$")
_NUMBER = r"(?P<num>\d+(?:\.\d+)?)"
_UNITS_BY_KIND = {
    FigureKind.MONEY: tuple(sorted(MONEY_UNITS, key=len, reverse=True)),
    FigureKind.PERCENT: ("%", "％"),
}


def fill_section(section: Section, spec: SectionSpec | None, paragraphs: list[str],
                 notices: list[str]) -> bool:
    """Set the intro, entries and figures of ``section`` from its paragraphs (in place); whether the
    section now prints them exactly as written."""
    kind = section.kind
    leads = bool(spec and spec.leads)
    if not paragraphs:
        return True
    if kind is SectionKind.GROUP:
        section.intro = "\n".join(paragraphs)
        return True
    if kind is SectionKind.ITEMS:
        section.intro, section.entries = parse_items(paragraphs, leads)
    elif kind is SectionKind.THEMES:
        section.intro, section.entries = parse_themes(paragraphs)
    elif kind is SectionKind.SUBHEADS:
        section.intro, section.entries = parse_subheads(paragraphs)
    else:
        section.entries = [Entry(text=p) for p in paragraphs]
    if kind is SectionKind.FIGURES and spec is not None:
        extract_figures(section, spec, notices)
    return choose_inline(section, paragraphs)


def choose_inline(section: Section, paragraphs: list[str]) -> bool:
    """Keep the template's choice of one paragraph for all entries or one each, unless only the
    other choice prints the paragraphs as they were written; whether either does."""
    if _prints_as(section, paragraphs):
        return True
    section.inline = not section.inline
    if not _prints_as(section, paragraphs):
        section.inline = not section.inline
        return False
    return True


def _prints_as(section: Section, paragraphs: list[str]) -> bool:
    return [b.full_text for b in section_blocks(section)] == paragraphs


def split_lead(text: str) -> tuple[str, str]:
    """("lead：", "rest") when the text starts with a short phrase ended by 「：」 or 「。」 and more
    text follows it in the same paragraph; else ("", text)."""
    for i, ch in enumerate(text[: MAX_LEAD_CHARS]):
        if ch in LEAD_STOPS:
            lead, rest = text[: i + 1], text[i + 1:]
            if rest and len(lead) > 1:
                return lead, rest
            break
    return "", text


def _entry(text: str, leads: bool) -> Entry:
    """An entry from ``"first paragraph\\nfurther\\n…"``; the lead is taken from the first paragraph."""
    first, sep, more = text.partition("\n")
    lead, rest = split_lead(first) if leads else ("", first)
    return Entry(lead=lead, text=rest + sep + more)


def parse_items(paragraphs: list[str], leads: bool) -> tuple[str, list[Entry]]:
    """一是…二是…: the markers count up across paragraphs; text after the last item's paragraph
    continues that item as further paragraphs."""
    intro, items = split_items("\n".join(paragraphs))
    entries = [_entry(item.strip("\n"), leads) for item in items]
    return intro.strip("\n"), entries


def split_sentences(paragraph: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        out.append(paragraph[start: m.end()])
        start = m.end()
    if start < len(paragraph):
        out.append(paragraph[start:])
    return out


def is_theme_lead(sentence: str) -> bool:
    return (len(sentence) <= MAX_THEME_LEAD_CHARS and sentence.endswith("。")
            and bool(_CJK_ONLY.match(sentence[:-1])))


def parse_themes(paragraphs: list[str]) -> tuple[str, list[Entry]]:
    """Run-in themes: a short sentence ("党建引领激发动能。") starts a theme, the sentences after it are
    its text. A paragraph that does not start with a theme continues the theme before it."""
    intro: list[str] = []
    # (lead, paragraphs of its text): joined at the end, so that long sections stay linear.
    found: list[tuple[str, list[str]]] = []
    for paragraph in paragraphs:
        chunks: list[tuple[str, list[str]]] = [("", [])]
        for sentence in split_sentences(paragraph):
            if is_theme_lead(sentence):
                chunks.append((sentence, []))
            else:
                chunks[-1][1].append(sentence)
        head_text = "".join(chunks[0][1])
        if head_text:
            if found:
                found[-1][1].append(head_text)
            elif len(chunks) == 1:
                intro.append(head_text)
            else:
                found.append(("", [head_text]))
        found += [(lead, ["".join(body)]) for lead, body in chunks[1:]]
    return "\n".join(intro), [Entry(lead=lead, text="\n".join(texts)) for lead, texts in found]


def subhead_rest(paragraph: str) -> str | None:
    """The text after 「1.」 when the paragraph starts a run-in sub-head, else None."""
    parsed = parse_heading(paragraph)
    if parsed is None or parsed[0] != 3:
        return None
    return parsed[2]


def parse_subheads(paragraphs: list[str]) -> tuple[str, list[Entry]]:
    """「1.基层治理提质增效。…」 paragraphs; the numbers are printed anew, in order."""
    intro: list[str] = []
    found: list[tuple[str, list[str]]] = []
    for paragraph in paragraphs:
        rest = subhead_rest(paragraph)
        if rest is not None:
            lead, text = split_lead(rest)
            found.append((lead, [text]))
        elif found:
            found[-1][1].append(paragraph)
        else:
            intro.append(paragraph)
    return "\n".join(intro), [Entry(lead=lead, text="\n".join(texts)) for lead, texts in found]


def extract_figures(section: Section, spec: SectionSpec, notices: list[str]) -> None:
    """For each figure with a pattern, the first "pattern 7663.69万元" in the text becomes ``{名称}``;
    the figure keeps the value and the unit as written (a wrong unit is for the checks to flag)."""
    found = []
    for fspec in spec.figures:
        if not fspec.pattern:
            continue
        units = _UNITS_BY_KIND.get(fspec.kind, (fspec.unit,))
        unit_rx = "|".join(re.escape(u) for u in units)
        rx = re.compile(rf"(?:{fspec.pattern})\s*{_NUMBER}(?P<unit>{unit_rx})")
        for entry in section.entries:
            m = rx.search(entry.text)
            if m is None:
                continue
            unit = m.group("unit")
            if unit == "％":
                unit = "%"
                notices.append(f"“{fspec.name}”中的全角百分号“％”已按“%”记录。")
            entry.text = entry.text[: m.start("num")] + "{" + fspec.name + "}" + entry.text[m.end("unit"):]
            figure = section.figure(fspec.name) or fspec.new_figure()
            section.set_figure(figure.with_value(Decimal(m.group("num")), unit))
            found.append(f"{fspec.name} {m.group('num')}{unit}")
            break
    if found:
        notices.append(f"已从“{section.heading}”中识别出数据：{'、'.join(found)}，请核对。")


def section_with_text(section: Section, text: str) -> Section:
    """A copy of ``section`` holding ``text`` (one paragraph a line), read as an import reads its kind: what a
    person settled on in a merge (both texts, or an edited one) becomes the section's content."""
    paragraphs = [p.strip() for p in text.replace("\r", "").split("\n") if p.strip()]
    fresh = section.copy_with(intro="", entries=[], figures=[])
    fill_section(fresh, None, paragraphs, [])
    return fresh
