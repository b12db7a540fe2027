"""The sample as LibreOffice prints it (shared render tool): 28 characters a line, 22 lines a page,
the page numbers, and no more pages than the grid implies. Slow (a LibreOffice conversion)."""

import re
import subprocess
from pathlib import Path

import pytest

# The shared tools sit beside the checkout (../shared), in CI as on a developer machine.
RENDER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "render.sh"
HEADING = re.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）")


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’—…·"


@pytest.mark.slow
def test_sample_prints_as_22_lines_of_28_characters(sample_docx, tmp_path):
    proc = subprocess.run(["bash", str(RENDER), str(sample_docx), str(tmp_path), "20"], capture_output=True, text=True,
                          check=True)
    pages = int(proc.stdout.strip().splitlines()[-1])
    assert pages == 6  # 3195 characters in 20 paragraphs on a 22 × 28 grid
    pdf = tmp_path / f"{sample_docx.stem}.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page_texts = text.split("\f")[:pages]
    for number, page in enumerate(page_texts, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        assert lines[-1].replace(" ", "") == f"—{number}—"  # the page number, last on the page
        body = lines[:-1]
        if 1 < number < pages:  # full pages: 22 lines, or 21 when a heading moved on with its text
            following = page_texts[number].strip().splitlines()[0].replace(" ", "")
            assert len(body) == 22 or (len(body) == 21 and HEADING.match(following)), (number, len(body))
        full_cjk = [line for line in body if all(_is_cjk(ch) for ch in line.strip())]
        assert all(len(line.strip()) <= 28 for line in full_cjk)
    # wrapped paragraphs fill whole lines: most pure-Chinese lines on a full page hold exactly 28
    page2 = [line.strip() for line in page_texts[1].splitlines() if line.strip()]
    assert sum(1 for line in page2 if len(line) == 28 and all(_is_cjk(ch) for ch in line)) >= 5
    first = [line.strip() for line in page_texts[0].splitlines() if line.strip()]
    assert first[:2] == ["2024 年度昌华街道", "部门整体支出绩效自评表说明"] or first[:2] == [
        "2024年度昌华街道", "部门整体支出绩效自评表说明"]
