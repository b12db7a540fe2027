"""Report-wide find and replace (Ctrl+F / Ctrl+H): every occurrence of a string in the report's own
fields, each section's intro, entries and figures, and the 自评表's typed text (indicator names, 指标值 in
words, 偏差原因分析, 主管部门, 年度目标), with its place; replacing one or all of them.

Pure functions: the report passed in is never changed; a replace returns a new report, which the app
applies as one undoable operation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from selfeval.domain.errors import InvalidNumber, UserError
from selfeval.domain.figures import parse_amount, unit_kind
from selfeval.domain.model import Report
from selfeval.domain.text_fields import TABLE_SECTION, Place, all_fields, field_text


class FindReplaceError(UserError):
    """A replacement that cannot be made (the text changed meanwhile, a figure would stop being a number)."""


@dataclass(frozen=True)
class Match:
    place: Place  # the field and the span of the occurrence
    text: str  # the text found, as it stands


def find_all(report: Report, needle: str) -> list[Match]:
    """Every non-overlapping occurrence of ``needle`` (exact, case-sensitive), in reading order."""
    if not needle:
        return []
    matches = []
    for field in all_fields(report, table=True):
        text = field.text
        start = text.find(needle)
        while start >= 0:
            matches.append(Match(field.place.at(start, start + len(needle)), needle))
            start = text.find(needle, start + len(needle))
    return matches


def replace_one(report: Report, match: Match, replacement: str) -> Report:
    """The report with the occurrence ``match`` replaced (it must still stand there)."""
    return replace_matches(report, [match], replacement)


def replace_all(report: Report, needle: str, replacement: str,
                places: Iterable[Place] | None = None) -> tuple[Report, int]:
    """The report with every occurrence of ``needle`` replaced, and how many were.

    ``places``: only the occurrences at these places (a check's suggested fix names the ones it
    flagged, leaving e.g. "较2024年度增长" alone).
    """
    matches = find_all(report, needle)
    if places is not None:
        wanted = set(places)
        matches = [m for m in matches if m.place in wanted]
    if not matches:
        return report.copy(), 0
    return replace_matches(report, matches, replacement), len(matches)


def replace_matches(report: Report, matches: Iterable[Match], replacement: str) -> Report:
    """Replace the given occurrences; all or nothing (a FindReplaceError changes nothing)."""
    by_field: dict[tuple, list[Match]] = {}
    for m in matches:
        by_field.setdefault(m.place.field_id, []).append(m)
    new = report.copy()
    for group in by_field.values():
        place = group[0].place
        try:
            text = field_text(new, place)
        except (KeyError, IndexError):
            raise FindReplaceError(f"要替换的内容“{group[0].text}”已不在原处，请重新查找。") from None
        # From the end backwards, so earlier spans stay valid.
        for m in sorted(group, key=lambda m: m.place.start, reverse=True):
            if text[m.place.start:m.place.end] != m.text:
                raise FindReplaceError(f"要替换的内容“{m.text}”已被修改，请重新查找。")
            text = text[:m.place.start] + replacement + text[m.place.end:]
        _set_field(new, place, text)
    return new


def _set_field(report: Report, place: Place, text: str) -> None:
    if place.section == TABLE_SECTION:
        report.table = _table_with(report.table, place, text)
        return
    if not place.section:
        setattr(report, place.field, text)
        return
    section = report.section(place.section)
    if place.field == "intro":
        section.intro = text
    elif place.field == "figure":
        figure = section.figure(place.figure)
        try:
            amount = parse_amount(text, figure.unit)
        except InvalidNumber:
            raise FindReplaceError(f"替换后数据“{figure.name}”将变为“{text}”，不是有效的数值，未替换。") from None
        if unit_kind(amount.unit) is not figure.kind:
            raise FindReplaceError(f"替换后数据“{figure.name}”的单位将变为“{amount.unit}”，与原单位种类不同，未替换。")
        section.set_figure(figure.with_value(amount.value, amount.unit))
    elif place.field == "lead":
        section.entries[place.entry].lead = text
    else:
        section.entries[place.entry].text = text


def _table_with(table, place: Place, text: str):
    """The 自评表 with the text at ``place`` (its own text, or a 三级 row's) set to ``text``."""
    from dataclasses import replace

    if place.entry is None:
        return replace(table, **{place.field: text})
    k = 0
    groups = []
    for group in table.groups:
        categories = []
        for category in group.categories:
            indicators = list(category.indicators)
            if k <= place.entry < k + len(indicators):
                i = place.entry - k
                indicators[i] = replace(indicators[i], **{place.field: text})
            k += len(indicators)
            categories.append(replace(category, indicators=tuple(indicators)))
        groups.append(replace(group, categories=tuple(categories)))
    return replace(table, groups=tuple(groups))
