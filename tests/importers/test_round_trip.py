"""Property: for any report the outline can hold, importing its printed text prints the same text."""

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loop import examples

from selfeval.domain.document import report_text
from selfeval.domain.figures import FigureKind
from selfeval.domain.model import Entry, Report, SectionKind
from selfeval.importers import import_text
from selfeval.bundled.templates import get_template

# Chinese words without numerals, 「是」 or brackets, so no generated line starts like a heading or an item.
ALPHABET = "预算管理绩效目标完成资金项目社区街道服务建设工作推进落实加强提升发展改革机制制度规范单位部门考核评价支出执行"
TEMPLATES = ["liwan-street-2024", "basic-info-2024"]

words = st.text(alphabet=ALPHABET, min_size=2, max_size=8)


@st.composite
def sentences(draw, end="。"):
    """A sentence with a comma inside (so it is never taken for a theme's lead), ending in 「。」."""
    return draw(words) + "，" + draw(words) + draw(st.sampled_from(["", "，" + draw(words)])) + end


@st.composite
def paragraph(draw):
    return "".join(draw(st.lists(sentences(), min_size=1, max_size=3)))


@st.composite
def entry_text(draw):
    return "\n".join(draw(st.lists(paragraph(), min_size=1, max_size=3)))


@st.composite
def item_entry(draw, leads: bool):
    lead = ""
    if leads and draw(st.booleans()):
        lead = draw(words) + draw(st.sampled_from(["：", "。"]))
    return Entry(lead=lead, text=draw(entry_text()))


@st.composite
def theme_entry(draw):
    lead = draw(st.text(alphabet=ALPHABET, min_size=4, max_size=12)) + "。"
    return Entry(lead=lead, text=draw(st.one_of(st.just(""), entry_text())))


@st.composite
def figure_entry(draw, section):
    """A paragraph naming the section's figures with values: "…已用金额{已用金额}，…"."""
    parts = [draw(sentences())]
    for fig in section.figures:
        if draw(st.booleans()):
            value = draw(st.decimals(min_value=0, max_value=Decimal("99999999"), places=2))
            unit = fig.unit if fig.kind is FigureKind.PERCENT else draw(st.sampled_from(["元", "万元", "亿元"]))
            section.set_figure(fig.with_value(value, unit))
            parts.append(f"{fig.name}{{{fig.name}}}，{draw(words)}。")
    return Entry(text="".join(parts))


@st.composite
def reports(draw) -> Report:
    template = get_template(draw(st.sampled_from(TEMPLATES)))
    report = template.new_report(unit_short=draw(words) + "街道", year=draw(st.integers(2000, 2099)))
    for section in report.sections:
        spec = template.spec(section.key)
        kind = section.kind
        if kind is SectionKind.GROUP:
            section.intro = "\n".join(draw(st.lists(paragraph(), max_size=2)))
            continue
        if kind in (SectionKind.ITEMS, SectionKind.THEMES):
            # The report, not the template, says whether the entries run on in one paragraph.
            section.inline = draw(st.booleans())
        if kind is SectionKind.ITEMS:
            section.entries = draw(st.lists(item_entry(spec.leads), max_size=4))
            if section.entries and draw(st.booleans()):
                section.intro = draw(st.one_of(paragraph(), sentences(end="：")))
        elif kind is SectionKind.THEMES:
            section.entries = draw(st.lists(theme_entry(), max_size=4))
        elif kind is SectionKind.FIGURES:
            section.entries = [draw(figure_entry(section))] + draw(
                st.lists(entry_text().map(lambda t: Entry(text=t)), max_size=2))
        else:
            section.entries = draw(st.lists(paragraph().map(lambda t: Entry(text=t)), max_size=3))
    if draw(st.booleans()):
        report.signature = report.unit_short + "办事处"
        report.sign_date = draw(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
    return report


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_import_of_the_printed_text_prints_the_same_text(report):
    text = report_text(report)
    again = import_text(text, get_template(report.template_id)).report
    assert report_text(again) == text
    assert (again.year, again.unit_short, again.title_override) == (report.year, report.unit_short, "")
    assert (again.signature, again.sign_date) == (report.signature, report.sign_date)
    assert not any(s.extra for s in again.sections)


@settings(max_examples=examples(40), deadline=None)
@given(reports())
def test_importing_twice_gives_the_same_report(report):
    template = get_template(report.template_id)
    once = import_text(report_text(report), template).report
    twice = import_text(report_text(once), template).report
    assert twice.to_dict() == once.to_dict()
