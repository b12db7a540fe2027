"""Export of hostile reports to hostile places: the .docx is valid (openxml-audit), python-docx reads it
back, and a place that cannot take it gives one Chinese sentence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from openxml_audit import OpenXmlValidator
from robust_support import one_chinese_line, run

from selfeval.domain.document import report_text
from selfeval.domain.model import Entry, Report, Section, SectionKind
from selfeval.export import ExportError, export_docx
from selfeval.export.docx_writer import docx_target
from selfeval.bundled.samples import bundled_sample
from selfeval.bundled.templates import bundled_templates, get_template

# Every C0 and C1 control, lone surrogates, non-characters, BOM and zero-width marks, line and paragraph
# separators, emoji with modifiers and joiners, a flag, CJK extension B–G ideographs, private use
# planes, XML's own specials, and a combining mark with nothing to combine with.
HOSTILE = ("".join(chr(c) for c in range(0x20)) + "\x7f" + "".join(chr(c) for c in range(0x80, 0xA0))
           + "\ud800\udfff\ufffe\uffff\ufeff\u200b\u200d\u2060\u2028\u2029"
           + "😀👍🏽👨‍👩‍👧🇨🇳" + "𠀀𠀁𪚥𫟼𫠠𬺰𰀀𰻞" + "\U000F0000\U0010FFFF" + "&<>\"']]>&amp;" + "\u0301")
RARE_CJK = "𠀀𠀁𪚥𫟼𫠠𬺰𰀀𰻞"  # extensions B, C, D, E, F, G: four bytes in UTF-8, two UTF-16 units


def _audit(path: Path) -> list[str]:
    return [str(e) for e in OpenXmlValidator().validate(str(path)).errors]


def _paragraphs(path: Path) -> list[str]:
    """The paragraphs read back by python-docx; the title's line breaks (where the export wraps it)
    taken out."""
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    return [texts[0].replace("\n", "")] + texts[1:]


def _hostile_report() -> Report:
    def nasty(text: str) -> str:
        return text + HOSTILE + text

    report = get_template().new_report(unit_short=nasty("街道"), year=2024)
    report.unit_name = nasty("全称")
    report.signature = nasty("落款")
    report.sign_date = dt.date(2025, 3, 1)
    for section in report.sections:
        section.heading = nasty(section.heading)
        section.intro = nasty("引言")
        section.entries = [Entry(nasty("要点"), nasty("正文") + "\n" + nasty("第二段"))]
        for figure in list(section.figures):
            section.set_figure(figure.with_value(Decimal("12.34"), figure.unit))
        if section.figures:
            section.entries.append(Entry("", "{已用金额}，{" + HOSTILE[:6] + "}"))
    return report


def test_control_characters_emoji_and_rare_cjk_everywhere_export_valid_and_read_back(tmp_path: Path) -> None:
    path = export_docx(_hostile_report(), tmp_path / "hostile.docx")
    assert _audit(path) == []
    texts = _paragraphs(path)
    whole = "\n".join(texts)
    assert RARE_CJK in whole and "😀👍🏽👨‍👩‍👧🇨🇳" in whole and "&<>\"']]>&amp;" in whole
    for word in ("落款", "2025年3月1日", "引言", "要点", "正文", "第二段", "12.34万元"):
        assert word in whole, word
    # nothing XML cannot hold got through (python-docx would have refused to parse it anyway)
    assert not any(ch in whole for ch in "\x00\x01\x08\x0b\x0c\x1f\ud800\udfff\ufffe\uffff")


def test_a_report_with_every_section_empty_exports_its_headings_only(tmp_path: Path) -> None:
    for template_id in sorted(bundled_templates()):
        report = get_template(template_id).new_report()
        path = export_docx(report, tmp_path / f"{template_id}.docx")
        assert _audit(path) == [], template_id
        assert _paragraphs(path) == report_text(report).split("\n")


@pytest.mark.slow  # 10,000 items through export and read-back: a minute on a loaded machine
def test_ten_thousand_items_export_and_read_back_with_their_numbers(tmp_path: Path) -> None:
    """Past 「九十九是」 the numbering goes on (一百是, 一百零一是 … 一万是) instead of failing the export."""
    report = bundled_sample()
    goals, problems = report.section("goals"), report.section("problems")
    goals.inline, problems.inline = True, False
    goals.entries = [Entry("", f"第{i}条目标。") for i in range(1, 10_001)]
    problems.entries = [Entry(f"问题{i}：", "说明。") for i in range(1, 10_001)]
    path = export_docx(report, tmp_path / "10k.docx")
    texts = _paragraphs(path)
    assert texts == report_text(report).split("\n")
    run_on = next(t for t in texts if t.startswith("一是第1条目标。"))
    assert "九十九是第99条目标。一百是第100条目标。一百零一是第101条目标。" in run_on
    assert run_on.endswith("九千九百九十九是第9999条目标。一万是第10000条目标。")
    assert "一百一十是问题110：说明。" in texts and "一万是问题10000：说明。" in texts


def test_past_ninety_nine_items_and_headings_the_package_is_still_valid(tmp_path: Path) -> None:
    report = Report(unit_short="测试", year=2024)
    items = [Entry("", f"{i}。") for i in range(1, 121)]
    report.sections = [Section("first", "标题", 1, SectionKind.ITEMS, entries=items)]
    report.sections += [Section(f"b{i}", f"二级{i}", 2, SectionKind.PARAGRAPHS, entries=[Entry("", "甲。")])
                        for i in range(1, 111)]
    report.sections += [Section(f"a{i}", f"一级{i}", 1, SectionKind.PARAGRAPHS) for i in range(2, 106)]
    path = export_docx(report, tmp_path / "many.docx")
    assert _audit(path) == []
    texts = _paragraphs(path)
    assert texts == report_text(report).split("\n")
    assert "一百一十九是119。" in texts and "一百二十是120。" in texts
    assert "（九十九）二级99" in texts and "（一百）二级100" in texts and "（一百一十）二级110" in texts
    assert texts[-1] == "一百零五、一级105"


def test_a_section_level_outside_the_outline_prints_as_the_nearest_level(tmp_path: Path) -> None:
    """Levels come from the templates (1–3); a hand-edited database may hold others: export anyway."""
    report = Report(unit_short="测试", year=2024)
    report.sections = [Section("a", "零级", 0, SectionKind.PARAGRAPHS, entries=[Entry("", "甲。")]),
                       Section("b", "四级", 4, SectionKind.PARAGRAPHS, entries=[Entry("", "乙。")]),
                       Section("c", "九级", 9, SectionKind.PARAGRAPHS, entries=[Entry("", "丙。")])]
    path = export_docx(report, tmp_path / "levels.docx")
    assert _audit(path) == []
    assert _paragraphs(path)[1:] == ["一、零级", "甲。", "1.四级", "乙。", "2.九级", "丙。"]


@pytest.mark.parametrize("asked, written", [
    ("说明", "说明.docx"),
    ("说明.txt", "说明.txt.docx"),  # never a Word document under a name that opens it in Notepad
    ("说明.doc", "说明.doc.docx"),
    ("昌华街道2024.11.25", "昌华街道2024.11.25.docx"),
    ("说明. ", "说明.docx"),  # Windows drops trailing dots and spaces anyway
    ("说明.DOCX", "说明.DOCX"),
    ("说明.docx", "说明.docx"),
])
def test_the_export_is_always_a_docx_file(tmp_path: Path, asked: str, written: str) -> None:
    assert docx_target(tmp_path / asked) == tmp_path / written
    out = export_docx(bundled_sample(), tmp_path / asked)
    assert out == tmp_path / written and out.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == [written]


def test_the_cli_says_when_it_added_the_suffix(tmp_path: Path) -> None:
    db = tmp_path / "data.db"
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    result = run(tmp_path, "--db", str(db), "export", "1", "-o", "说明.txt")
    assert result.code == 0, result.err
    assert result.last_line == str(tmp_path / "说明.txt.docx")
    assert result.err.strip() == "文件名“说明.txt”不以 .docx 结尾，已保存为“说明.txt.docx”。"
    assert not (tmp_path / "说明.txt").exists()
    plain = run(tmp_path, "--db", str(db), "export", "1", "-o", "说明.docx")
    assert plain.code == 0 and plain.err == ""


def test_a_chinese_file_name_with_spaces_is_written_as_asked(tmp_path: Path) -> None:
    folder = tmp_path / "导出 文件夹"
    folder.mkdir()
    out = export_docx(bundled_sample(), folder / "2024年度 昌华街道 自评说明（定稿）.docx")
    assert out.name == "2024年度 昌华街道 自评说明（定稿）.docx" and _audit(out) == []


def test_a_name_or_path_too_long_is_one_chinese_sentence_and_writes_nothing(tmp_path: Path) -> None:
    for target in (tmp_path / ("长" * 100 + ".docx"),
                   tmp_path / "/".join(["d" * 200] * 25) / "x.docx"):  # past PATH_MAX
        with pytest.raises(ExportError, match="过长"):
            export_docx(bundled_sample(), target)
    assert list(tmp_path.iterdir()) == []
    db = tmp_path / "data.db"
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    line = one_chinese_line(run(tmp_path, "--db", str(db), "export", "1", "-o", "长" * 100 + ".docx"))
    assert "过长" in line


def test_a_signature_longer_than_a_line_keeps_the_date_inside_the_text_block(tmp_path: Path) -> None:
    """Two units signing in one field (30 characters): the signature wraps, and the date, which would
    start two characters right of the signature's first character, stays on the page."""
    from selfeval.domain import layout
    from selfeval.export.signature import signature_indents
    from selfeval.export.title_lines import text_width_em

    date = "2025年3月1日"
    joint = "中共广州市荔湾区委员会办公室广州市荔湾区人民政府昌华街道办事处"
    indents = signature_indents(joint, date)
    assert indents.signature == layout.SIGNATURE_RIGHT_INDENT_CHARS
    # the date starts inside the line, after the first-line indent the signature styles keep
    assert indents.date + len(date) + layout.FIRST_LINE_INDENT_CHARS <= layout.CHARS_PER_LINE
    for fits in ("广州市荔湾区人民政府昌华街道办事处", "长" * 24):  # a signature on one line: 7.3.5.3 as before
        assert signature_indents(fits, date).date == 2 + text_width_em(fits) - 2 - text_width_em(date)
    report = bundled_sample()
    report.signature, report.sign_date = joint, dt.date(2025, 3, 1)
    path = export_docx(report, tmp_path / "joint.docx")
    assert _audit(path) == [] and _paragraphs(path)[-2:] == [joint, date]
