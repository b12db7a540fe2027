"""Rule: the report's year against the years written in its title and text.

"2024年度…" in a 2025 report is a leftover of last year's text (警告, with the replace that fixes
every such place); "2024年…" there is pointed out (提示). Comparisons ("较2024年度增长", "与2024年相比",
"2024年以来") and later years (plans: "2026年度预算") are left alone.

A cut-off date "截至2023年12月31日" / "截至2023年底" in a 2024 report is a warning too: the report states
its figures as at the end of its own year, so an older cut-off is last year's sentence left in (fix:
"截至2024年…"). Unless it is itself compared with ("较截至2023年末增加", "与截至2023年底相比") or names
what was carried over from before the year ("截至2023年12月31日的结转结余", "上年末").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selfeval.domain.checks.context import CheckContext
from selfeval.domain.checks.findings import Finding, Fix, Severity
from selfeval.domain.text_fields import Place


def past_event(text: str, start: int, end: int) -> str:
    from selfeval.domain.fix_choices import past_event as named

    return named(text, start, end)

_YEAR = re.compile(r"(?<![\d０-９])((?:19|20)\d\d)\s?年(度?)")
# Words before the year that make it a comparison or a starting point.
_BEFORE = re.compile(r"(?:较|比|同比|相比|对比|相较|与|和|自|从|于|截至|截止|截止到|至|到|上年|去年)\s?$")
# Words after "N年/N年度" that make it a comparison, a span or a reference, not this year's fact.
_AFTER = re.compile(r"^(?:同期|相比|比较|以来|起|底|末|初|版|的基础上|基础上|至|到|—|-|～|~|相较|对比)")


# A cut-off date: 截至/截止(到) + year ("截至2023年12月31日", "截止到2023年底", "截至2023年度末").
_CUTOFF = re.compile(r"(截至|截止到|截止)\s?((?:19|20)\d\d)\s?年(度?)")
# Before the cut-off: it is the thing compared with or a starting point.
_CUTOFF_BEFORE = re.compile(r"(?:较|比|同比|相比|对比|相较|与|和|同|自|从|由)\s?$")
# In the same clause after it: a comparison; in the same sentence: a balance brought forward.
_CUTOFF_CLAUSE = re.compile(r"相比|比较|对比|相较|同期")
_CUTOFF_SENTENCE = re.compile(r"结转|结余|上年末|上年底")
_CLAUSE_END = re.compile(r"[，。；！？,;\n]")
_SENTENCE_END = re.compile(r"[。；！？;\n]")


def _cutoff_is_reference(text: str, start: int, end: int) -> bool:
    if _CUTOFF_BEFORE.search(text, max(0, start - 3), start):
        return True
    clause, sentence = _CLAUSE_END.search(text, end), _SENTENCE_END.search(text, end)
    return bool(_CUTOFF_CLAUSE.search(text, end, clause.start() if clause else len(text))
                or _CUTOFF_SENTENCE.search(text, end, sentence.start() if sentence else len(text)))


def _stale_cutoffs(text: str, year: int) -> Iterator[re.Match]:
    for m in _CUTOFF.finditer(text):
        if int(m.group(2)) < year and not _cutoff_is_reference(text, m.start(), m.end()):
            yield m


def _comparison(text: str, start: int, end: int) -> bool:
    return bool(_BEFORE.search(text, max(0, start - 4), start) or _AFTER.match(text[end:end + 5]))


def check(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    year = report.year
    if not year:
        return
    title_years = {int(m.group(1)) for m in _YEAR.finditer(report.title)}
    if report.title_override and title_years and year not in title_years:
        excerpt = ",".join(f"{y}年" for y in sorted(title_years))
        yield Finding("year.title", Severity.ERROR,
                      f"标题中的年份（{excerpt}）与报告年度 {year} 年不一致，请在基本信息中改正标题。",
                      Place("", None, "title_override", "", 0, len(report.title_override)), report.title_override)

    stale: list[tuple[Place, str, int]] = []
    cutoffs: list[tuple[Place, str, str]] = []  # place, "截至2023年", "截至2024年"
    for field in ctx.all_texts:
        if field.place.field == "title_override" or "年" not in field.text:
            continue
        for m in _stale_cutoffs(field.text, year):
            cutoffs.append((field.place.at(m.start(), m.end()), m.group(0), f"{m.group(1)}{year}年{m.group(3)}"))
        for m in _YEAR.finditer(field.text):
            written = int(m.group(1))
            if written >= year or _comparison(field.text, m.start(), m.end()):
                continue
            stale.append((field.place.at(m.start(), m.end()), m.group(0), written))
    by_text: dict[str, list[Place]] = {}
    for place, excerpt, _ in stale:
        by_text.setdefault(excerpt, []).append(place)
    texts = {f.place.field_id: f.text for f in ctx.all_texts}
    for place, excerpt, written in stale:
        if excerpt.endswith("年度"):
            fix = Fix(excerpt, f"{year}年度", tuple(by_text[excerpt]))
            why = past_event(texts[place.field_id], place.start, place.end)
            if why:  # a prize won, a title, a point in time: most likely right as it stands
                yield Finding("year.stale", Severity.HINT,
                              f"此处“{excerpt}”像是{why}，一般应保留原年份；如确是沿用上年的文字，可{fix.label}"
                              "（逐处确认时此处默认不改）。", place, excerpt, fix=fix)
                continue
            yield Finding("year.stale", Severity.WARNING,
                          f"本报告为 {year} 年度，此处写的是“{excerpt}”，可能是沿用上年的文字。"
                          f"如需改正，可{fix.label}。", place, excerpt, fix=fix)
        elif written == year - 1:
            yield Finding("year.previous", Severity.HINT,
                          f"本报告为 {year} 年度，此处写的是“{excerpt}”，请确认不是沿用上年的文字。", place, excerpt)
    by_cutoff: dict[str, list[Place]] = {}
    for place, excerpt, _ in cutoffs:
        by_cutoff.setdefault(excerpt, []).append(place)
    for place, excerpt, replacement in cutoffs:
        fix = Fix(excerpt, replacement, tuple(by_cutoff[excerpt]))
        yield Finding("year.stale", Severity.WARNING,
                      f"本报告为 {year} 年度，此处的统计截止时间写的是“{excerpt}…”，早于本年度，"
                      f"可能是沿用上年的文字。如需改正，可{fix.label}。", place, excerpt, fix=fix)
