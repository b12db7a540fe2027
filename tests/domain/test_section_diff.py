from __future__ import annotations

from selfeval.domain.model import Entry, Section, SectionKind
from selfeval.domain.section_diff import first_change


def _section(*texts: str, intro: str = "") -> Section:
    return Section("s", "标题", 1, SectionKind.ITEMS, intro=intro, entries=[Entry(text=t) for t in texts])


def test_the_first_changed_text_and_character():
    assert first_change(_section("甲乙丙", "丁戊"), _section("甲乙丙", "丁己戊")) == ("丁己戊", 1)
    assert first_change(_section("abc"), _section("abcd")) == ("abcd", 3)
    assert first_change(_section("x", intro="引"), _section("x", intro="引言")) == ("引言", 1)


def test_an_added_entry_and_a_removed_one():
    assert first_change(_section("a"), _section("a", "新")) == ("", 0)  # the new entry's lead comes first
    assert first_change(_section("a", "b"), _section("a")) == ("a", 1)


def test_no_text_change():
    assert first_change(_section("a"), _section("a")) is None
