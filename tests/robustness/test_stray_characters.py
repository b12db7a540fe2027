"""Bidirectional controls and terminal colour codes are dropped by ``clean_text`` wherever text enters:
an import (title and body), and from there nothing of them reaches the .docx. (Paste and the 基本信息
fields: tests/ui/test_stray_characters_ui.py.)"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from robust_support import run, sample_text_file

from selfeval.domain.text import clean_text
from selfeval.export import export_docx
from selfeval.importers import import_text

BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
STRAY = ("\u202e", "\u200f", "\u2066", "\x1b", "[31m", "[0m", "[1;32m")


@pytest.mark.parametrize("char", list(BIDI))
def test_each_bidirectional_control_is_removed_with_a_notice(char):
    cleaned = clean_text(f"预算{char}执行率")
    assert cleaned.text == "预算执行率"
    assert any("文字方向" in n for n in cleaned.notices)


@pytest.mark.parametrize(("dirty", "clean"), [
    ("\x1b[31m错误\x1b[0m", "错误"),
    ("\x1b[1;32m完成\x1b[m", "完成"),
    ("[31m错误[0m", "错误"),  # the ESC already stripped by another tool
    ("[1;31m红[0m字", "红字"),
    ("\x1b]0;标题\x07正文", "正文"),  # a terminal title sequence
    ("\x1b]8;;http://x\x1b\\链接\x1b]8;;\x1b\\", "链接"),  # a terminal hyperlink
])
def test_terminal_colour_codes_and_their_remnants_are_removed(dirty, clean):
    cleaned = clean_text(dirty)
    assert cleaned.text == clean
    assert any("终端控制代码" in n for n in cleaned.notices)


@pytest.mark.parametrize("text", [
    "详见附件[1]。", "长度[5m]", "[mm]", "A[1m", "第[3]条", "[31]号文", "[m]", "x[2m3", "2024[1]m",
    "《预算法》[2014]第1号", "比例为[0.5m]",
])
def test_bracketed_text_that_only_looks_like_a_colour_code_stays(text):
    cleaned = clean_text(text)
    assert cleaned.text == text and not cleaned.notices


def _dirty_sample() -> str:
    lines = sample_text_file().read_text(encoding="utf-8").splitlines()
    # The title line and a body line, as a hostile or console-copied file would carry them.
    lines[0] = "\u202e\x1b[31m" + lines[0] + "\x1b[0m\u2066"
    body = next(i for i, line in enumerate(lines) if len(line) > 40)
    lines[body] = "[1;33m" + lines[body][:10] + "\u200f" + lines[body][10:] + "[0m"
    return "\n".join(lines)


def test_import_drops_them_from_the_title_and_the_body():
    clean = import_text(sample_text_file().read_text(encoding="utf-8")).report
    result = import_text(_dirty_sample())
    assert result.report.title == clean.title
    assert result.report.to_dict()["sections"] == clean.to_dict()["sections"]
    assert any("文字方向" in n for n in result.notices)
    assert any("终端控制代码" in n for n in result.notices)


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("word/document.xml").decode("utf-8")


def test_none_of_them_reaches_the_docx(tmp_path):
    out = export_docx(import_text(_dirty_sample()).report, tmp_path / "说明.docx")
    xml = _docx_text(out)
    for stray in STRAY:
        assert stray not in xml


def test_the_cli_import_and_export_carry_none_of_them(tmp_path):
    source = tmp_path / "说明.txt"
    source.write_text(_dirty_sample(), encoding="utf-8")
    db = tmp_path / "r.db"
    imported = run(tmp_path, "--db", str(db), "import", str(source))
    assert imported.code == 0, imported.err
    report_id = imported.out.strip().splitlines()[-1]
    listed = run(tmp_path, "--db", str(db), "list")
    assert not any(s in listed.out for s in STRAY)
    exported = run(tmp_path, "--db", str(db), "export", report_id, "-o", str(tmp_path / "out.docx"))
    assert exported.code == 0, exported.err
    xml = _docx_text(tmp_path / "out.docx")
    assert not any(s in xml for s in STRAY)


def test_text_being_typed_keeps_remnants_but_not_escapes():
    assert clean_text("长度[5m", remnants=False).text == "长度[5m"
    assert clean_text("\x1b[31m红\u202e", remnants=False).text == "红"
