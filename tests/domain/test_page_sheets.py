"""The approximate pages: the same count as the estimate, every character printed once, lines that fit."""

from selfeval.domain import layout
from selfeval.domain.document import Block, Role, report_blocks
from selfeval.domain.page_sheets import report_sheet_pages, sheet_pages
from selfeval.domain.pagination import estimate_pages, text_width_em, title_line_ems
from selfeval.bundled.samples import bundled_sample


def test_the_sample_lays_out_on_the_estimated_pages_with_every_character_once():
    report = bundled_sample()
    pages = report_sheet_pages(report)
    estimate = estimate_pages(report_blocks(report))
    assert len(pages) == estimate.pages == 6
    assert max(line.row for line in pages[-1]) + 1 == estimate.last_page_lines
    printed = "".join(line.text for page in pages for line in page)
    expected = "".join(b.full_text if b.role is not Role.TITLE else b.text.replace("\n", "")
                       for b in report_blocks(report) if b.role is not Role.BLANK)
    assert printed == expected
    for page in pages:
        rows = [line.row for line in page]
        assert rows == sorted(set(rows)) and all(0 <= r < layout.LINES_PER_PAGE for r in rows)


def test_lines_fit_the_grid_and_a_heading_stays_with_its_text():
    body = "这是正文" * 40
    blocks = [Block(Role.BODY, body)] * 5 + [Block(Role.HEADING1, "二、标题"), Block(Role.BODY, body)]
    pages = sheet_pages(blocks)
    for page in pages:
        for line in page:
            width = text_width_em(line.text) + line.indent_chars
            assert width <= layout.CHARS_PER_LINE
    heading_page = next(i for i, page in enumerate(pages) for line in page if line.role is Role.HEADING1)
    heading = next(line for line in pages[heading_page] if line.role is Role.HEADING1)
    assert heading.row < layout.LINES_PER_PAGE - 1  # never alone at a page's foot
    assert len(pages) == estimate_pages(blocks).pages


def test_title_lines_fill_the_title_width_and_run_in_headings_are_marked():
    title = Block(Role.TITLE, "某某街道" * 8)
    pages = sheet_pages([title, Block(Role.BODY, "正文。", runin="1.要点。")])
    titles = [line for line in pages[0] if line.role is Role.TITLE]
    assert len(titles) == 2 and text_width_em(titles[0].text) == title_line_ems()
    body = next(line for line in pages[0] if line.role is Role.BODY)
    assert body.runin_chars == len("1.要点。") and body.text == "1.要点。正文。"
    assert body.row == len(titles) + layout.TITLE_SPACE_AFTER_LINES
