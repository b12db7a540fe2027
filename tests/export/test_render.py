"""The sample as LibreOffice prints it, through the product's own converter: 28 characters a line,
22 lines a page, the page numbers, 6 pages. Slow (one LibreOffice conversion per run)."""

import re

import pypdfium2 as pdfium
import pytest

HANGING = "，。、；：！？"  # the marks Word lets hang past a full line (w:overflowPunct)
HEADING = re.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）")


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’—…·"


def page_texts(pdf: bytes) -> list[list[str]]:
    """Each page's non-empty lines as the PDF lays them out, spaces dropped."""
    doc = pdfium.PdfDocument(pdf)
    pages = []
    for page in doc:
        text = page.get_textpage()
        lines = text.get_text_range().replace("\r\n", "\n").split("\n")
        pages.append([line.replace(" ", "") for line in lines if line.strip()])
        text.close()
    doc.close()
    return pages


@pytest.mark.slow
def test_sample_prints_as_22_lines_of_28_characters(sample_pdf):
    pages = page_texts(sample_pdf)
    assert len(pages) == 6  # 3195 characters in 20 paragraphs on a 22 × 28 grid
    hanging: list[str] = []
    for number, lines in enumerate(pages, start=1):
        assert lines[-1] == f"—{number}—"  # the page number, last on the page
        body = lines[:-1]
        if 1 < number < len(pages):  # full pages: 22 lines, or 21 when a heading moved on with its text
            following = pages[number][0]
            assert len(body) == 22 or (len(body) == 21 and HEADING.match(following)), (number, len(body))
        full_cjk = [line for line in body if all(_is_cjk(ch) for ch in line)]
        # 28 characters in the grid; a comma or stop after the 28th hangs into the margin (printed)
        assert all(len(line.removesuffix(line[-1] if line[-1] in HANGING else "")) <= 28 for line in full_cjk)
        hanging += [line[-5:] for line in body if len(line) == 29 and line[-1] in HANGING]
    # the two commas that fall after a full line of the sample are printed (LibreOffice once dropped them)
    assert hanging == ["阶层人士，", "研学地图，"]
    # wrapped paragraphs fill whole lines: most pure-Chinese lines on a full page hold exactly 28
    assert sum(1 for line in pages[1] if len(line) == 28 and all(_is_cjk(ch) for ch in line)) >= 5
    assert pages[0][:2] == ["2024年度昌华街道", "部门整体支出绩效自评表说明"]


# A body paragraph whose lines 2-4 hold 28 characters and then a mark (，。、) that Word hangs into the
# right margin (w:overflowPunct): the first line holds 26 after the 2-character indent.
_LINES = ("为提高财政资金使用效益，街道对照年度绩效目标逐项开展", "自评工作，对预算编制、执行、监督各个环节进行全面梳理分析",
          "重点核查项目资金的拨付进度、使用范围和实际产出效果等情况", "对发现的问题逐条建立整改台账，并明确责任人和完成时限要求")
_MARKS = "，。、"


@pytest.mark.slow
def test_a_mark_after_the_28th_character_of_a_line_is_printed(office_env, tmp_path):
    import shutil
    import subprocess

    from selfeval.bundled.samples import bundled_sample
    from selfeval.export.convert import docx_to_pdf
    from selfeval.export.package import docx_bytes

    assert [len(line) for line in _LINES] == [26, 28, 28, 28]
    paragraph = _LINES[0] + "".join(line + mark for line, mark in zip(_LINES[1:], _MARKS)) + "确保整改到位。"
    report = bundled_sample()
    report.sections[0].intro = paragraph  # 一、绩效自评情况: its text comes first
    pdf = tmp_path / "hanging.pdf"
    pdf.write_bytes(docx_to_pdf(docx_bytes(report), cache_dir=tmp_path / "cache"))
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed: scripts/bootstrap.sh installs it"
    text = subprocess.run([pdftotext, "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    lines = [line.replace(" ", "") for line in text.splitlines()]
    for line, mark in zip(_LINES[1:], _MARKS):
        assert line + mark in lines, (line + mark, lines)  # the whole line, mark and all, on one printed line
