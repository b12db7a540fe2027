"""Import as a clerk really feeds it: odd encodings, odd paths, and reports of other outlines. Whatever
the outline, nothing the text says is dropped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loop import examples
from robust_support import one_chinese_line, run, sample_text_file

from selfeval.domain.document import report_text
from selfeval.domain.table.figures_into_table import as_read
from selfeval.importers import ImportError_, import_text, import_text_file
from selfeval.bundled.samples import bundled_sample
from selfeval.bundled.templates import bundled_templates, get_template


def _sample() -> str:
    return sample_text_file().read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "无BOM.txt"
    path.write_bytes(_sample().encode(encoding))
    result = import_text_file(path)
    assert result.report.to_dict() == import_text(_sample()).report.to_dict()
    assert "已按 UTF-16 编码读取文件。" in result.notices


@pytest.mark.parametrize("content", [
    bytes(range(256)) * 4,  # NULs on one side, but not text
    _sample().encode("utf-8")[:600] + b"\x00" + _sample().encode("utf-8")[600:1001],  # one NUL in UTF-8
    "绩效".encode("utf-16-le")[:-1] + b"\x00\x00\x00",  # odd length
])
def test_nul_bytes_that_are_not_utf16_text_are_still_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(content)
    with pytest.raises(ImportError_, match="不是纯文本"):
        import_text_file(path)


def test_a_path_with_chinese_characters_and_spaces_imports_through_the_cli(tmp_path: Path) -> None:
    folder = tmp_path / "我的 文档" / "2024 年 自评"
    folder.mkdir(parents=True)
    path = folder / "昌华街道 自评 说明 (定稿).txt"
    path.write_bytes(sample_text_file().read_bytes())
    db = tmp_path / "数据 库.db"
    result = run(tmp_path, "--db", str(db), "import", str(path))
    assert result.code == 0, result.err
    assert "已导入" in result.err and result.last_line == "1"


def test_a_name_too_long_for_the_file_system_is_one_chinese_line(tmp_path: Path) -> None:
    too_long = tmp_path / ("长" * 100 + ".txt")  # 300 bytes: more than a file name may hold
    with pytest.raises(ImportError_, match="过长"):
        import_text_file(too_long)
    db = tmp_path / "data.db"
    assert "过长" in one_chinese_line(run(tmp_path, "--db", str(db), "import", str(too_long)))
    assert not db.exists()


BASIC_INFO_REPORT = """2024年度某区财政局部门整体支出绩效自评报告
一、部门基本情况
(一)职能
负责全区财政收支管理工作。
(二)机构设置及人员情况
内设机构8个，行政编制40名。
(三)年度主要工作任务
一是做好预算编制。
二是加强绩效管理。
三是推进预算管理一体化改革。
二、绩效自评情况
全年预算数1000.5万元，全年执行数990.1万元，执行率98.96%。
三、存在的主要问题
一是目标设定不够细化：部分指标难以量化。
四、下一步改进措施
一是细化目标：提高绩效目标质量。
"""


def test_a_report_of_the_other_outline_maps_onto_it_with_half_width_parentheses() -> None:
    result = import_text(BASIC_INFO_REPORT, get_template("basic-info-2024"))
    report = result.report
    assert not any(s.extra for s in report.sections)
    assert report.unit_short == "某区财政局" and report.year == 2024 and not report.title_override
    assert [e.text for e in report.section("tasks").entries] == [
        "做好预算编制。", "加强绩效管理。", "推进预算管理一体化改革。"]
    assert report.section("functions").entries[0].text == "负责全区财政收支管理工作。"
    figures = {f.name: (f.value, f.unit) for f in report.section("self_eval").figures}
    assert str(figures["全年执行数"][0]) == "990.1" and figures["全年执行数"][1] == "万元"
    # printed back, the half-width 「(一)」 become the official 「（一）」 and the amounts, now quoting the 自评表,
    # print as it does (two decimals in 万元); nothing else changes
    assert report_text(report).split("\n") == BASIC_INFO_REPORT.replace("(一)", "（一）").replace(
        "(二)", "（二）").replace("(三)", "（三）").replace("1000.5万元", "1000.50万元").replace(
        "990.1万元", "990.10万元").strip().split("\n")


def test_the_same_report_under_the_street_outline_keeps_its_own_headings() -> None:
    result = import_text(BASIC_INFO_REPORT, get_template("liwan-street-2024"))
    assert not any(s.extra for s in result.report.sections)
    assert [s.heading for s in result.report.sections][:4] == ["部门基本情况", "职能", "机构设置及人员情况",
                                                               "年度主要工作任务"]
    # as under its own (where the amounts became figures quoting the 自评表, printed with its two decimals)
    assert as_read([report_text(result.report)]) == as_read([report_text(import_text(BASIC_INFO_REPORT).report)])


def test_the_same_heading_twice_keeps_both_texts_in_order() -> None:
    text = ("2024年度昌华街道部门整体支出绩效自评表说明\n一、绩效自评情况\n（二）自评结论\n一是完成甲。\n"
            "（二）自评结论\n一是补充的结论乙。\n二、存在的主要问题\n一是问题丙。")
    result = import_text(text)
    whole = report_text(result.report)
    assert whole.index("完成甲") < whole.index("补充的结论乙") < whole.index("问题丙")
    assert any("重复出现" in n for n in result.notices)


def test_items_one_per_line_with_a_line_cut_in_the_middle_stay_separate_items() -> None:
    text = ("2024年度昌华街道部门整体支出绩效自评表说明\n一、绩效自评情况\n（一）部门整体支出绩效目标\n"
            "一是加强党建。\n二是优化营商\n\n环境。\n三是推进社区微改造。\n")
    goals = import_text(text).report.section("goals")
    assert [e.text for e in goals.entries] == ["加强党建。", "优化营商环境。", "推进社区微改造。"]


# -- nothing is dropped, whatever the outline: a property over made-up reports -------------------------

_HEADING_MARKS = ["一、", "二、", "三、", "四、", "（一）", "（二）", "(三)", "（ 四 ）", "1.", "2．", "3、", "（1）", "(2)"]
_HEADINGS = ["绩效自评情况", "部门基本情况", "存在的主要问题", "下一步改进措施", "自评结论", "履职效能分析",
             "管理效率分析", "部门整体支出绩效目标", "资产管理情况", "其他需要说明的事项", "职能", "年度主要工作任务",
             "项目概况", "预算执行情况", "整改落实情况"]
_WORDS = ["加强", "党建", "引领", "优化", "营商", "环境", "推进", "社区", "微改造", "网格", "治理", "预算", "执行",
          "资金", "使用", "效益", "群众", "满意度", "2024年", "98.5%", "1234.56万元", "7704.69元", "“五约”",
          "《实施方案》", "（试行）", "A级", "GDP", "第一", "是否", "其中"]
_ITEMS = ["一是", "二是", "三是", "四是", "五是", "六是"]

_sentence = st.lists(st.sampled_from(_WORDS), min_size=2, max_size=7).map("".join)


@st.composite
def made_up_reports(draw) -> tuple[str, list[str]]:
    """A 说明 of random headings (known, unknown, every marker), paragraphs, item lists run on or one
    per line, blank lines; and the sentences it holds."""
    lines: list[str] = []
    sentences: list[str] = []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["2024年度昌华街道部门整体支出绩效自评表说明",
                                           "关于2023年度某单位绩效自评的说明", "某局2024年部门整体支出绩效自评报告"])))
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["heading", "items", "paragraph"]))
        if kind == "heading":
            lines.append(draw(st.sampled_from(_HEADING_MARKS)) + draw(st.sampled_from(_HEADINGS)))
        elif kind == "items":
            count = draw(st.integers(1, len(_ITEMS)))
            items = [draw(_sentence) + draw(st.sampled_from("。；")) for _ in range(count)]
            sentences += items
            marked = [marker + item for marker, item in zip(_ITEMS, items)]
            lines += marked if draw(st.booleans()) else ["".join(marked)]
        else:
            paragraph = ""
            for _ in range(draw(st.integers(1, 3))):
                sentence = draw(_sentence)
                sentences.append(sentence)
                paragraph += sentence + draw(st.sampled_from(["。", "；", "！", "？", "：", ""]))
            lines.append(paragraph)
        if draw(st.booleans()):
            lines.append("")
    return "\n".join(lines), sentences


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(made_up_reports(), st.sampled_from(sorted(bundled_templates())))
def test_every_sentence_of_any_made_up_report_is_in_the_imported_report(report, template_id) -> None:
    text, sentences = report
    imported = import_text(text, get_template(template_id)).report
    whole = _squash(report_text(imported))
    for sentence in sentences:
        assert _squash(sentence) in whole, sentence
    for line in text.split("\n"):
        for heading in _HEADINGS:
            if line.endswith(heading) and len(line) - len(heading) <= 5:
                assert heading in whole, line


def test_the_bundled_sample_under_the_other_outline_loses_no_sentence() -> None:
    text = _sample()
    imported = import_text(text, get_template("basic-info-2024")).report
    whole = _squash(report_text(imported))
    printed = report_text(bundled_sample())
    for line in printed.split("\n")[1:]:
        for sentence in re.split(r"(?<=[。；！？])", re.sub(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）", "", line)):
            assert _squash(sentence) in whole, sentence


def test_thousands_of_unknown_headings_keep_their_order_among_the_outline_sections() -> None:
    """Each unknown heading becomes an extra section right after the section before it in the text
    (the importer finds that place without searching the whole list each time: 58,000 headings, the
    most a 1,000,000-character file holds, import in about 3 s, where they used to take minutes)."""
    known = ["（一）部门整体支出绩效目标", "（二）自评结论", "二、存在的主要问题"]
    lines = ["2024年度昌华街道部门整体支出绩效自评表说明", "一、绩效自评情况"]
    expected = ["绩效自评情况"]
    for i in range(3000):
        if i % 1000 == 0:
            heading = known[i // 1000]
            lines.append(heading)
            expected.append(re.sub(r"^[（(]?[一二三][）)、]", "", heading))
        lines += [f"（九）未知标题{i}", f"正文{i}。"]
        expected.append(f"未知标题{i}")
    report = import_text("\n".join(lines)).report
    headings = [s.heading for s in report.sections]
    positions = [headings.index(h) for h in expected]
    assert positions == sorted(positions)
    keys = [s.key for s in report.sections]
    assert len(set(keys)) == len(keys)
    extra = next(s for s in report.sections if s.heading == "未知标题2999")
    assert extra.entries[0].text == "正文2999。"


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_or_a_device_is_refused_at_once_instead_of_blocking(tmp_path: Path) -> None:
    """Opening a pipe nobody writes to waits forever; /dev/zero never ends: neither is a text file."""
    import os

    fifo = tmp_path / "说明.txt"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(ImportError_, match="不是普通文件"):
            import_text_file(path)
    db = tmp_path / "data.db"
    assert "不是普通文件" in one_chinese_line(run(tmp_path, "--db", str(db), "import", str(fifo)))
    assert not db.exists()


@pytest.mark.parametrize("content", [
    b"\xef\xbb\xbf\r\n<!DOCTYPE html>\n<html><body><p>\xe4\xb8\x80\xe3\x80\x81</p></body></html>",
    "<html xmlns:o='urn:schemas-microsoft-com:office:office'><body>一、绩效自评情况</body></html>".encode("gbk"),
    b'<?xml version="1.0" encoding="UTF-8"?>\n<w:document/>',
])
def test_a_web_page_or_xml_saved_by_word_is_refused_with_what_to_do(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "说明.txt"
    path.write_bytes(content)
    with pytest.raises(ImportError_, match="网页.*另存为.*纯文本"):
        import_text_file(path)


def test_a_text_that_merely_mentions_html_is_still_imported(tmp_path: Path) -> None:
    path = tmp_path / "说明.txt"
    path.write_text("2024年度昌华街道部门整体支出绩效自评表说明\n一、绩效自评情况\n（一）自评结论\n"
                    "一是上线<html>网页版服务指南。", encoding="utf-8")
    assert "<html>" in report_text(import_text_file(path).report)


def test_a_utf8_file_with_a_character_cut_in_two_imports_with_the_damage_marked(tmp_path: Path) -> None:
    """A file cut or pasted together mid-character used to be refused as "binary": now every other
    character is kept, the damaged spot is 「\ufffd」 and the notice names the line."""
    data = _sample().encode("utf-8")
    cut = data.index("其中住宅".encode("utf-8")) + 1  # inside 其
    path = tmp_path / "损坏.txt"
    path.write_bytes(data[:cut] + data[cut + 2:])
    result = import_text_file(path)
    line = _sample()[: _sample().index("其中住宅")].count("\n") + 1
    assert f"文件第 {line} 行有无法识别的字节" in "".join(result.notices)
    whole = report_text(result.report)
    assert "\ufffd中住宅3406套" in whole
    assert whole.replace("\ufffd", "其") == report_text(import_text(_sample()).report)


def test_a_file_pasted_together_from_utf8_and_gbk_reads_each_line_in_its_own_encoding(tmp_path: Path) -> None:
    utf8_part = "2024年度昌华街道部门整体支出绩效自评表说明\n一、绩效自评情况\n（二）自评结论\n一是完成了党建任务。\n"
    gbk_part = "二、存在的主要问题\n一是预算编制不够精细。\n说\n"  # 「说」 alone is also a valid UTF-8 「˵」+1 byte
    path = tmp_path / "拼接.txt"
    path.write_bytes(utf8_part.encode("utf-8") + gbk_part.encode("gbk"))
    result = import_text_file(path)
    assert report_text(result.report) == report_text(import_text(utf8_part + gbk_part).report)
    assert any("混用了 UTF-8 和 GBK" in n for n in result.notices)
    assert not any("\ufffd" in n for n in result.notices)


def test_many_damaged_lines_are_not_taken_for_text(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(("一、绩效自评情况\n" + "正文\xff\xfe\xfd。\n" * 2).encode("utf-8", "surrogateescape")
                     + b"\xff\xfe\xfd\x80\n" * 10)
    with pytest.raises(ImportError_, match="不是纯文本"):
        import_text_file(path)
