"""Rule: the report's year against the years written in its title and text.

"2024年度…" in a 2025 report is a leftover of last year's text (警告, with the replace that fixes
every such place); "2024年…" there is pointed out (提示). Comparisons ("较2024年度增长", "与2024年相比",
"2024年以来") and later years (plans: "2026年度预算") are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selfeval.domain.checks.context import CheckContext
from selfeval.domain.checks.findings import Finding, Fix, Severity
from selfeval.domain.text_fields import Place

_YEAR = re.compile(r"(?<![\d０-９])((?:19|20)\d\d)\s?年(度?)")
# Words before the year that make it a comparison or a starting point.
_BEFORE = re.compile(r"(?:较|比|同比|相比|对比|相较|与|和|自|从|于|截至|截止|截止到|至|到|上年|去年)\s?$")
# Words after "N年/N年度" that make it a comparison, a span or a reference, not this year's fact.
_AFTER = re.compile(r"^(?:同期|相比|比较|以来|起|底|末|初|版|的基础上|基础上|至|到|—|-|～|~|相较|对比)")


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
    for field in ctx.all_texts:
        if field.place.field == "title_override" or "年" not in field.text:
            continue
        for m in _YEAR.finditer(field.text):
            written = int(m.group(1))
            if written >= year or _comparison(field.text, m.start(), m.end()):
                continue
            stale.append((field.place.at(m.start(), m.end()), m.group(0), written))
    by_text: dict[str, list[Place]] = {}
    for place, excerpt, _ in stale:
        by_text.setdefault(excerpt, []).append(place)
    for place, excerpt, written in stale:
        if excerpt.endswith("年度"):
            fix = Fix(excerpt, f"{year}年度", tuple(by_text[excerpt]))
            yield Finding("year.stale", Severity.WARNING,
                          f"本报告为 {year} 年度，此处写的是“{excerpt}”，可能是沿用上年的文字。"
                          f"如需改正，可{fix.label}。", place, excerpt, fix=fix)
        elif written == year - 1:
            yield Finding("year.previous", Severity.HINT,
                          f"本报告为 {year} 年度，此处写的是“{excerpt}”，请确认不是沿用上年的文字。", place, excerpt)
