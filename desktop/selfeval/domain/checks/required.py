"""Rules: a required section left empty, an item with a lead phrase and no text, a section over its
length limit, and figure references (``{名称}``) that name no figure or a figure with no value (both
would print as they stand)."""

from __future__ import annotations

from collections.abc import Iterator

from selfeval.domain.checks.context import CheckContext
from selfeval.domain.checks.findings import Finding, Severity
from selfeval.domain.model import PLACEHOLDER_RE, Section, SectionKind
from selfeval.domain.text import char_count
from selfeval.domain.text_fields import Place, section_fields


def _is_empty(section: Section) -> bool:
    return not (section.intro.strip() or any(e.lead.strip() or e.text.strip() for e in section.entries))


def _children_hold_text(sections: list[Section], index: int) -> bool:
    """The sections under ``sections[index]`` (deeper levels, up to the next heading of its level or
    above) hold text: a heading that groups them is not empty (「二、绩效自评情况」 over 「（一）…」)."""
    level = sections[index].level
    for section in sections[index + 1:]:
        if section.level <= level and section.heading:
            return False
        if not _is_empty(section):
            return True
    return False


def check(ctx: CheckContext) -> Iterator[Finding]:
    required = ctx.settings.required_sections
    sections = ctx.report.sections
    for index, section in enumerate(sections):
        if section.kind is SectionKind.GROUP:
            continue
        wanted = (not section.extra) if required is None else section.key in required
        if wanted and _is_empty(section) and not _children_hold_text(sections, index):
            yield Finding("required.section_empty", Severity.ERROR,
                          f"“{section.heading}”还没有内容。这是必填栏目，请填写后再导出。",
                          Place(section.key, None, "intro"), "")
        for i, entry in enumerate(section.entries):
            if entry.lead.strip() and not entry.text.strip():
                yield Finding("required.entry_text_empty", Severity.WARNING,
                              f"第{i + 1}条只有要点“{entry.lead.strip()}”，还没有正文，导出后只印出要点。"
                              "请补写具体内容，或删去这一条。", Place(section.key, i, "text"), "")
        limit = ctx.settings.max_chars.get(section.key, 0)
        if limit:
            count = sum(char_count(f.text) for f in section_fields(section))
            if count > limit:
                yield Finding("required.section_too_long", Severity.HINT,
                              f"“{section.heading}”共 {count} 字，超过模板建议的 {limit} 字，请考虑精简。",
                              Place(section.key, None, "intro"), "")
        yield from _references(section)


def _references(section: Section) -> Iterator[Finding]:
    from selfeval.domain.table.year_over_year import NUMBER_SUFFIX, YEAR_QUOTES, ChangeFigure

    figures = section.figure_map()
    for field in section_fields(section):
        if "{" not in field.text:
            continue
        for m in PLACEHOLDER_RE.finditer(field.text):
            name = m.group(1)
            place = field.place.at(m.start(), m.end())
            figure = figures.get(name)
            if figure is None:
                yield Finding("figure.unknown_reference", Severity.ERROR,
                              f"“{m.group(0)}”没有对应的数据项，导出时会原样印出大括号。"
                              f"请在数据栏添加“{name}”，或改为实际的数值。", place, m.group(0))
            elif figure.value is None and section.computed(figure) is None:
                if isinstance(figure, ChangeFigure) or name.endswith(NUMBER_SUFFIX) and name[:-1] in YEAR_QUOTES:
                    continue  # a change against last year: cross_year says why it cannot be computed
                if figure.source:  # quotes the 自评表, whose cell is still empty: 待填
                    yield Finding("figure.empty_reference", Severity.ERROR,
                                  f"正文引用了数据“{name}”（待填：来自自评表），自评表中尚未填写，导出时会印成"
                                  f"“【{name}】”。请在“自评表”页填写。", place, m.group(0))
                    continue
                yield Finding("figure.empty_reference", Severity.ERROR,
                              f"正文引用了数据“{name}”，但还没有填写数值，导出时会印成“【{name}】”。"
                              f"请在数据栏填写“{name}”。", place, m.group(0))
