from hypothesis import given
from hypothesis import strategies as st

from selfeval.domain.text import MAX_SECTION_CHARS, char_count, clean_text, split_paragraphs, tidy_spacing


def test_word_control_characters_are_removed_with_a_notice():
    cleaned = clean_text("一是\x07加强\x0b管理\x0c。\x00")
    assert cleaned.text == "一是加强\n管理\n。"
    assert cleaned.changed and all(any("\u4e00" <= c <= "\u9fff" for c in n) for n in cleaned.notices)


def test_lone_surrogates_are_removed():
    cleaned = clean_text("预算\ud800执行\udfff率")
    assert cleaned.text == "预算执行率"
    assert cleaned.notices


def test_crlf_becomes_paragraphs():
    cleaned = clean_text("第一段。\r\n第二段。\r第三段。")
    assert split_paragraphs(cleaned.text) == ["第一段。", "第二段。", "第三段。"]
    assert not cleaned.notices


def test_single_line_fields_are_joined():
    cleaned = clean_text("昌华\n街道", multiline=False)
    assert cleaned.text == "昌华街道" and cleaned.notices


def test_huge_text_is_capped_not_crashing():
    cleaned = clean_text("字" * (MAX_SECTION_CHARS + 10))
    assert len(cleaned.text) == MAX_SECTION_CHARS and cleaned.notices


def test_two_hundred_thousand_characters_pass_unchanged():
    text = "预算执行。" * 40_000
    assert clean_text(text).text == text


def test_tidy_spacing_drops_pdf_spaces_but_keeps_latin_ones():
    assert tidy_spacing("2024 年度昌华街道 说明") == "2024年度昌华街道说明"
    assert tidy_spacing("以五大板块 24 期阅读") == "以五大板块24期阅读"
    assert tidy_spacing("Times New Roman 字体") == "Times New Roman字体"


def test_char_count_ignores_white_space():
    assert char_count("一是 加强\n管理。") == 7


@given(st.text())
def test_clean_text_output_has_no_controls(text):
    out = clean_text(text).text
    assert all(ch == "\n" or ord(ch) >= 0x20 for ch in out)
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in out)
    assert "\r" not in out


def test_char_count_knows_every_kind_of_white_space():
    import sys

    from selfeval.domain.text import WHITESPACE, char_count

    assert set(WHITESPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert char_count("一是 加强\u3000建设，\n\t二是\u00a0完善。") == 12
    assert char_count("") == 0 and char_count(" \u2028\u3000") == 0
