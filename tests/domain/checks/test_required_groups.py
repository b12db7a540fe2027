"""A heading whose sub-sections hold the text (「二、绩效自评情况」 over 「（一）自评得分」…) is not an empty
required section, whatever its kind; a heading with nothing under it still is."""

from checks_support import SETTINGS as TEMPLATE_SETTINGS
from checks_support import of_rule

from selfeval.domain.checks import CheckSettings
from selfeval.domain.model import Entry, Report, Section, SectionKind

SETTINGS = CheckSettings(required_sections=frozenset({"self_eval", "score", "empty", "problems"}),
                         reduplication=TEMPLATE_SETTINGS.reduplication)


def _report(*sections: Section) -> Report:
    return Report(unit_name="某镇人民政府", unit_short="某镇", year=2024, sections=list(sections))


def test_a_heading_over_sub_sections_with_text_is_not_empty():
    report = _report(
        Section("self_eval", "绩效自评情况", 1, SectionKind.FIGURES),
        Section("score", "自评得分", 2, SectionKind.PARAGRAPHS, entries=[Entry(text="自评得分92.5分。")]),
        Section("problems", "存在的问题", 1, SectionKind.ITEMS, entries=[Entry(text="预算编制不细。")]),
    )
    assert of_rule(report, "required.section_empty", settings=SETTINGS) == []


def test_a_heading_with_nothing_under_it_or_only_empty_sub_sections_is_empty():
    report = _report(
        Section("self_eval", "绩效自评情况", 1, SectionKind.FIGURES),
        Section("empty", "自评得分", 2, SectionKind.PARAGRAPHS),
        Section("problems", "存在的问题", 1, SectionKind.ITEMS),
        Section("score", "其他", 2, SectionKind.PARAGRAPHS, entries=[Entry(text="无。")]),
    )
    found = [f.place.section for f in of_rule(report, "required.section_empty", settings=SETTINGS)]
    # 存在的问题's text is under it (其他); 绩效自评情况's only sub-section is empty, and so is that one
    assert found == ["self_eval", "empty"]
