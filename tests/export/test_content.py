"""What the document says: the report's text paragraph for paragraph, the title, signature and date."""

import io
import re
import zipfile
from decimal import Decimal

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loop import examples
from lxml import etree
from export_helpers import NS, SIGN_DATE, SIGNATURE, Package, attr, sample_report

from selfeval.domain.document import report_text
from selfeval.domain.model import Entry, Report, Section, SectionKind
from selfeval.domain.text import split_paragraphs
from selfeval.export import export_docx
from selfeval.export.package import docx_bytes
from selfeval.export.signature import signature_indents
from selfeval.export.title_lines import break_title


def _texts(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_text_equals_report_text(sample_docx):
    paragraphs = _texts(sample_docx)
    expected = report_text(sample_report()).split("\n")
    # the title is one paragraph broken into centred lines
    assert [paragraphs[0].replace("\n", "")] + paragraphs[1:] == expected
    assert paragraphs[0] == "2024年度昌华街道\n部门整体支出绩效自评表说明"


def test_signature_and_date_per_7_3_5(signed_docx, signed_pkg):
    paragraphs = _texts(signed_docx)
    assert paragraphs[-3:] == ["", SIGNATURE, "2025年3月1日"]
    paras = signed_pkg.body_paragraphs()
    sig, date = paras[-2], paras[-1]
    assert attr(sig.find("w:pPr/w:pStyle", NS), "val") == "Signature"
    assert attr(date.find("w:pPr/w:pStyle", NS), "val") == "Date"
    assert attr(signed_pkg.style("Signature").find("w:pPr/w:jc", NS), "val") == "right"
    # 右空二字; the date's first character two characters right of the signature's first
    assert attr(sig.find("w:pPr/w:ind", NS), "rightChars") == "200"
    sig_width, date_width = Decimal(17), Decimal(6)  # 17 characters; "2025年3月1日" = 4 half + 4 full
    date_right = Decimal(attr(date.find("w:pPr/w:ind", NS), "rightChars")) / 100
    assert (2 + sig_width) - (date_right + date_width) == 2
    assert attr(date.find("w:pPr/w:ind", NS), "right") == str(int(date_right * Decimal("15.6") * 20))


def test_a_date_longer_than_the_signature_is_itself_two_characters_in():
    indents = signature_indents("某局", "2025年12月31日")  # 2 ems; the date 7 ems
    assert indents.date == 2
    # signature start (from the right) = date start + 2
    assert indents.signature + 2 == indents.date + 7 + 2
    assert signature_indents("", "2025年3月1日").date == 2
    assert signature_indents("某局", "").signature == 2


def test_signature_alone_and_no_signature(tmp_path):
    report = sample_report()
    report.signature = SIGNATURE
    texts = _texts(export_docx(report, tmp_path / "sig.docx"))
    assert texts[-2:] == ["", SIGNATURE]
    report.signature, report.sign_date = "", SIGN_DATE
    assert _texts(export_docx(report, tmp_path / "date.docx"))[-2:] == ["", "2025年3月1日"]
    report.sign_date = None
    assert _texts(export_docx(report, tmp_path / "none.docx"))[-1] == report_text(report).split("\n")[-1]


@pytest.mark.parametrize("title,lines", [
    ("2024年度昌华街道部门整体支出绩效自评表说明", ["2024年度昌华街道", "部门整体支出绩效自评表说明"]),
    ("2024年度昌华街道说明", ["2024年度昌华街道说明"]),
    ("关于2024年度部门整体支出绩效自评情况的说明", ["关于2024年度部门整体支出", "绩效自评情况的说明"]),
])
def test_long_titles_break_into_even_lines_keeping_words(title, lines):
    assert break_title(title, Decimal(20), ("昌华街道",)) == lines


def test_title_lines_never_exceed_the_line_and_keep_all_text():
    title = "（" + "测试" * 25 + "）"
    lines = break_title(title, Decimal(20))
    assert "".join(lines) == title
    assert all(len(line) <= 20 for line in lines)
    assert not any(line.startswith("）") or line.endswith("（") for line in lines)
    huge = "标题" * 1000  # too many ways to break: left to the word processor, text intact
    assert "".join(break_title(huge, Decimal(20))) == huge


def test_control_characters_and_lone_surrogates_never_crash_the_export(tmp_path):
    report = sample_report()
    goals = report.section("goals")
    goals.entries = [Entry("铃声\x07", "换行\x0b分页\x0c结束\ud800。"), Entry("", "坏\udfff字\x00符\ufffe。")]
    report.title_override = "标题\x07含\ud83d控制符"
    report.signature = "单位\x0c名称"
    path = export_docx(report, tmp_path / "bad.docx")
    texts = _texts(path)
    assert texts[0] == "标题含控制符"
    assert "一是铃声。换行分页结束。二是坏字符。" in texts
    assert texts[-1] == "单位名称"
    raw = Package(path)._raw["word/document.xml"].decode("utf-8")
    assert not any(ch in raw for ch in "\x07\x0b\x0c\x00")


def test_tabs_and_line_breaks_inside_text_stay_in_their_paragraph(tmp_path):
    report = sample_report()
    report.section("goals").entries = [Entry("", "甲\t乙")]
    report.title_override = "第一行\r\n第二\t行"
    pkg = Package(export_docx(report, tmp_path / "tabs.docx"))
    goals = [p for p in pkg.body_paragraphs() if "甲" in "".join(p.itertext())]
    assert len(goals) == 1 and goals[0].find(".//w:tab", NS) is not None
    assert "".join(pkg.body_paragraphs()[0].itertext()) == "第一行第二行"


def test_an_empty_report_and_a_long_section_export(tmp_path):
    empty = export_docx(Report(), tmp_path / "empty.docx")
    assert _texts(empty) == [Report().title]
    report = sample_report()
    report.section("goals").entries = [Entry("", "长" * 200_000)]
    texts = _texts(export_docx(report, tmp_path / "long.docx"))
    assert "一是" + "长" * 200_000 in texts


def test_settings_do_not_change_the_text(tmp_path):
    report = sample_report()
    report.layout = report.layout._replace(level2_bold=True, use_fallback_fonts=True,
                                        line_spacing_pt=Decimal(28))
    texts = _texts(export_docx(report, tmp_path / "variant.docx"))
    assert [texts[0].replace("\n", "")] + texts[1:] == report_text(report).split("\n")


def test_font_names_with_control_characters_are_cleaned(tmp_path):
    report = sample_report()
    report.layout = report.layout._replace(latin_font="Times\x07 New Roman", body_font="仿宋\x0b_GB2312")
    pkg = Package(export_docx(report, tmp_path / "fonts.docx"))
    fonts = pkg.style("Normal").find("w:rPr/w:rFonts", NS)
    assert attr(fonts, "ascii") == "Times New Roman" and attr(fonts, "eastAsia") == "仿宋_GB2312"


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=80))
def test_any_text_exports_and_reads_back_without_the_illegal_characters(text):
    report = Report(unit_short="测试", year=2024)
    report.sections = [Section("s", "标题", 1, SectionKind.PARAGRAPHS, entries=[Entry("", text)])]
    data = docx_bytes(report)
    document = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    paragraphs = document.findall(".//w:body/w:p", NS)
    # tabs and line breaks are kept as w:tab/w:br inside the paragraph, so compare without them
    got = ["".join(p.xpath(".//w:t/text()", namespaces=NS)) for p in paragraphs[2:]]
    want = [_ILLEGAL.sub("", para).replace("\t", "").replace("\r", "").replace("\n", "")
            for para in split_paragraphs(text)]
    assert got == want


def test_fallback_names_with_control_characters_are_cleaned(tmp_path):
    report = sample_report()
    fallbacks = dict(report.layout.fallbacks, **{"仿宋_GB2312": ("仿\x07宋",)})
    report.layout = report.layout._replace(use_fallback_fonts=True, fallbacks=fallbacks)
    pkg = Package(export_docx(report, tmp_path / "fallback.docx"))
    assert attr(pkg.style("Normal").find("w:rPr/w:rFonts", NS), "eastAsia") == "仿宋"


def test_export_is_deterministic_and_import_then_export_equals_the_bundled_sample():
    import datetime as dt

    from selfeval.importers import import_text_file
    from selfeval.bundled.samples import sample_text_path

    when = dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.timezone.utc)
    bundled = docx_bytes(sample_report(), when=when)
    assert docx_bytes(sample_report(), when=when) == bundled
    imported = import_text_file(sample_text_path()).report
    assert docx_bytes(imported, when=when) == bundled
