"""Rules against last year's report of the same unit (the caller passes it in): key figures that
changed by more than the template's threshold or changed unit, and sentences copied unchanged."""

from __future__ import annotations

import re
from collections.abc import Iterator

from selfeval.domain.checks.context import CheckContext
from selfeval.domain.checks.findings import Finding, Severity
from selfeval.domain.figures import FigureKind, format_decimal, round_percent
from selfeval.domain.model import Report
from selfeval.domain.text_fields import Place, report_fields, section_fields

_SENTENCE = re.compile(r"[^。！？；!?;\n]{1,2000}[。！？；!?;]?")
_SPACE = re.compile(r"\s+")


def check(ctx: CheckContext) -> Iterator[Finding]:
    yield from _year_quotes(ctx)
    last = ctx.last_year
    if last is None:
        return
    yield from _figures(ctx, last)
    yield from _copied(ctx, last)


def _figures(ctx: CheckContext, last: Report) -> Iterator[Finding]:
    before = {(s.key, f.name): (s, f) for s in last.sections for f in s.figures}
    for section in ctx.report.sections:
        for figure in section.figures:
            found = before.get((section.key, figure.name))
            if found is None:
                continue
            last_section, old = found
            now_value = figure.value if figure.value is not None else section.computed(figure)
            old_value = old.value if old.value is not None else last_section.computed(old)
            if now_value is None or old_value is None or not (now_value.is_finite() and old_value.is_finite()):
                continue  # not filled in, or damaged (NaN in a hand-edited file)
            excerpt = figure.render() if figure.value is not None else format_decimal(
                round_percent(now_value)) + figure.unit
            place = Place(section.key, None, "figure", figure.name, 0, len(excerpt))
            old_text = old.render() if old.value is not None else format_decimal(round_percent(old_value)) + old.unit
            if figure.unit != old.unit:
                yield Finding("year.unit_changed", Severity.WARNING,
                              f"数据“{figure.name}”上年为 {old_text}，今年为 {excerpt}，单位由“{old.unit}”"
                              f"改为“{figure.unit}”，请核对单位。", place, excerpt)
                continue
            if figure.kind is FigureKind.PERCENT:
                change = abs(now_value - old_value)  # percentage points
                threshold = ctx.settings.year_change_points
                said = f"变化 {format_decimal(round_percent(change))} 个百分点"
                limit = f"{format_decimal(threshold)} 个百分点"
            else:
                if old_value == 0:
                    continue
                change = abs(now_value - old_value) / abs(old_value) * 100
                threshold = ctx.settings.year_change_percent
                said = f"变化 {format_decimal(round_percent(change))}%"
                limit = f"{format_decimal(threshold)}%"
            if change > threshold:
                yield Finding("year.figure_changed", Severity.HINT,
                              f"数据“{figure.name}”上年为 {old_text}，今年为 {excerpt}，{said}，"
                              f"超过 {limit}，请确认无误。", place, excerpt)


def _sentences(text: str, min_chars: int) -> Iterator[tuple[int, int, str]]:
    for m in _SENTENCE.finditer(text):
        key = _SPACE.sub("", m.group(0))
        if len(key) >= min_chars:
            yield m.start(), m.end(), key


def _copied(ctx: CheckContext, last: Report) -> Iterator[Finding]:
    min_chars = ctx.settings.copied_sentence_min_chars
    old: set[str] = set()
    for field in report_fields(last):
        old.update(key for _, _, key in _sentences(field.text, min_chars))
    for section in last.sections:
        for field in section_fields(section):
            old.update(key for _, _, key in _sentences(field.text, min_chars))
    if not old:
        return
    for field in ctx.section_texts:
        for start, end, key in _sentences(field.text, min_chars):
            if key in old:
                shown = field.text[start:end]
                yield Finding("year.copied_sentence", Severity.HINT,
                              "与上年相同，请确认已更新。", field.place.at(start, end), shown)


def _year_quotes(ctx: CheckContext) -> Iterator[Finding]:
    """A quote of the change against last year (「{执行率较上年}」) that cannot be computed: no report of the
    unit a year earlier, or a value missing in either year's 自评表. The text prints 【名称】 until then."""
    from selfeval.domain.model import PLACEHOLDER_RE
    from selfeval.domain.table.year_over_year import year_quote_names

    names = set(year_quote_names())
    figures = {s.key: s.figure_map() for s in ctx.report.sections}
    last, year = ctx.last_year, ctx.report.year
    for field in ctx.section_texts:
        for m in PLACEHOLDER_RE.finditer(field.text):
            name = m.group(1)
            if name not in names:
                continue
            figure = figures.get(field.place.section, {}).get(name)
            if figure is not None and figure.value is not None:
                continue
            what = "执行率" if name.startswith("执行率") else "自评得分"
            before = f"{year - 1}年度" if year else "上年"
            if last is None:
                why = (f"本数据库中没有本单位{before}的报告，无法计算“{what}较上年”的变化，正文印为【{name}】。"
                       "请导入或建立上年的报告（单位全称相同），或改写这句。")
            else:
                why = (f"本年或{before}的自评表没有{what}，无法计算“{what}较上年”的变化，正文印为【{name}】。"
                       "请先填好自评表。")
            place = field.place.at(m.start(), m.end())
            yield Finding("year.no_comparison", Severity.WARNING, why, place, m.group(0))
