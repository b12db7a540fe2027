"""The approximate page count from the layout numbers: lines of 28, pages of 22, headings kept with
their text. (That it agrees with LibreOffice on the sample: tests/export/test_convert.py.)"""

from decimal import Decimal

import pytest

from selfeval.domain.document import Block, Role
from selfeval.domain.pagination import (PageEstimate, block_lines, estimate_pages, estimate_report_pages,
                                        paragraph_lines, text_width_em)
from selfeval.bundled.samples import bundled_sample


@pytest.mark.parametrize("text,lines", [
    ("字" * 26, 1),  # 2 characters of indent + 26
    ("字" * 27, 2),
    ("字" * 54, 2),
    ("字" * 55, 3),
    ("", 1),
])
def test_body_lines_of_28_after_the_two_character_indent(text, lines):
    assert paragraph_lines(text, 2) == lines


def test_half_width_letters_and_digits_take_half_a_cell():
    assert text_width_em("2024年") == Decimal(3)
    assert paragraph_lines("1" * 52, 2) == 1
    assert paragraph_lines("1" * 20 + "字" * 17, 2) == 2  # 10 + 17 + 2 = 29


def test_a_number_is_not_split_across_lines():
    assert paragraph_lines("字" * 25 + "2058", 2) == 2  # 25 + 2 fits by width, but the word moves
    assert paragraph_lines("字" * 24 + "2058", 2) == 1


def test_closing_punctuation_never_starts_a_line_and_a_comma_may_hang():
    assert paragraph_lines("字" * 26 + "，字", 2) == 2  # the comma hangs; "字" starts line 2
    assert paragraph_lines("字" * 26 + "，", 2) == 1
    assert paragraph_lines("字" * 26 + "”字", 2) == 2  # the quote pulls its character down
    assert paragraph_lines("字" * 25 + "“字", 2) == 2  # an opening quote goes down with what it opens


def test_title_lines_and_the_blank_line_below_it():
    assert block_lines(Block(Role.TITLE, "字" * 20)) == 2  # one line of 20 + 1 blank (7.3.2)
    assert block_lines(Block(Role.TITLE, "2024年度昌华街道部门整体支出绩效自评表说明")) == 3
    assert block_lines(Block(Role.BLANK, "")) == 1


def test_pages_of_22_lines():
    body = [Block(Role.BODY, "字" * 26)] * 22
    assert estimate_pages(body) == PageEstimate(1, 22)
    assert estimate_pages(body + [Block(Role.BODY, "字")]) == PageEstimate(2, 1)
    assert estimate_pages(body[:11]).last_page_fill == Decimal("0.50")


def test_a_heading_moves_to_the_next_page_with_its_text():
    lines_21 = [Block(Role.BODY, "字" * 26)] * 21
    pages = estimate_pages(lines_21 + [Block(Role.HEADING1, "一、标题"), Block(Role.BODY, "字" * 26)])
    assert pages == PageEstimate(2, 2)  # line 22 stays empty
    pages = estimate_pages(lines_21[:20] + [Block(Role.HEADING1, "一、标题"), Block(Role.BODY, "字" * 26)])
    assert pages == PageEstimate(1, 22)


def test_the_sample_is_six_pages_with_sixteen_lines_on_the_last():
    estimate = estimate_report_pages(bundled_sample())
    assert estimate == PageEstimate(6, 16)
    assert estimate.last_page_fill == Decimal("0.73")
