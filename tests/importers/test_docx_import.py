"""Word documents written by others: each way of typing a 说明 in Word or WPS imports correctly."""

from __future__ import annotations

from pathlib import Path

from docx_builders import add, add_raw, new_document, run_xml, save, with_numbering

from selfeval.domain.document import report_text
from selfeval.importers import import_file, preview_file

TITLE = "2024年度某区财政局部门整体支出绩效自评报告"


def test_hand_numbered_headings_with_full_width_indents_and_line_breaks(tmp_path: Path):
    doc = new_document()
    add(doc, TITLE)
    add(doc, "一、部门基本情况")
    add(doc, "\u3000\u3000（一）职能")
    # a manual line break inside a sentence (the clerk wrapped it by hand) and one after a sentence
    p = add(doc, "\u3000\u3000负责全区财政收支")
    p.add_run().add_break()
    p.add_run("管理工作。")
    p.add_run().add_break()
    p.add_run("\u3000\u3000承担预算编制工作。")
    add(doc, "\u3000\u3000（二）机构设置及人员情况")
    add(doc, "\u3000\u3000内设机构8个。")
    add(doc, "二、存在的主要问题")
    add(doc, "\u3000\u3000一是目标不够细化：部分指标难以量化。")
    result = import_file(save(doc, tmp_path / "手工编号.docx"))
    report = result.report
    assert report.template_id == "basic-info-2024"
    assert (report.year, report.unit_short) == (2024, "某区财政局")
    assert [e.text for e in report.section("functions").entries] == ["负责全区财政收支管理工作。", "承担预算编制工作。"]
    assert report.section("organisation").entries[0].text == "内设机构8个。"
    assert report.section("problems").entries[0].lead == "目标不够细化："
    assert not any(s.extra for s in report.sections)
    assert any("手动换行" in n for n in result.notices)


def test_automatic_list_numbering_finds_the_headings_paragraph_text_does_not_show(tmp_path: Path):
    doc = new_document()
    with_numbering(doc)
    add(doc, TITLE)
    add(doc, "部门基本情况", num=(3, 0))
    add(doc, "职能", num=(3, 1))
    add(doc, "负责全区财政收支管理工作。")
    add(doc, "机构设置及人员情况", num=(3, 1))
    add(doc, "内设机构8个。")
    add(doc, "年度主要工作任务", num=(3, 1))
    add(doc, "一是做好预算编制。二是加强绩效管理。")
    add(doc, "绩效自评情况", num=(3, 0))
    add(doc, "全年预算数1000.5万元，全年执行数990.1万元，执行率98.96%。")
    add(doc, "存在的主要问题", num=(3, 0))
    add(doc, "一是目标设定不够细化：部分指标难以量化。")
    add(doc, "下一步改进措施", num=(3, 0))
    add(doc, "一是细化目标：提高绩效目标质量。")
    add(doc, "这一条带项目符号，不是标题。", num=(4, 0))
    path = save(doc, tmp_path / "自动编号.docx")
    assert "一、" not in "".join(p.text for p in __import__("docx").Document(str(path)).paragraphs)
    result = import_file(path)
    report = result.report
    assert report.template_id == "basic-info-2024"
    assert not any(s.extra for s in report.sections)
    lines = report_text(report).split("\n")
    assert lines[1:4] == ["一、部门基本情况", "（一）职能", "负责全区财政收支管理工作。"]
    assert "（三）年度主要工作任务" in lines and "四、下一步改进措施" in lines
    assert [e.text for e in report.section("tasks").entries] == ["做好预算编制。", "加强绩效管理。"]
    assert report.section("measures").entries[-1].text.endswith("这一条带项目符号，不是标题。")
    assert any("自动编号" in n for n in result.notices)


def test_numbering_restarts_deeper_levels_and_follows_the_style(tmp_path: Path):
    doc = new_document()
    with_numbering(doc)
    add(doc, TITLE)
    add(doc, "绩效自评情况", num=(3, 0))
    add(doc, "部门整体支出绩效目标", num=(3, 1))
    add(doc, "一是加强党建。")
    add(doc, "自评结论", num=(3, 1))
    add(doc, "一是完成了。")
    add(doc, "存在的主要问题", num=(3, 0))
    add(doc, "一是目标笼统。")
    report = import_file(save(doc, tmp_path / "编号.docx")).report
    lines = report_text(report).split("\n")
    assert lines[1:6] == ["一、绩效自评情况", "（一）部门整体支出绩效目标", "一是加强党建。", "（二）自评结论", "一是完成了。"]
    assert "二、存在的主要问题" in lines


def test_tracked_changes_keep_insertions_and_drop_deletions_and_comments_are_ignored(tmp_path: Path):
    doc = new_document()
    add(doc, "2024年度昌华街道部门整体支出绩效自评表说明")
    add(doc, "一、绩效自评情况")
    add(doc, "（一）自评结论")
    p = add_raw(doc, run_xml("一是完成了")
                + '<w:del w:id="1" w:author="科员" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>大部分</w:delText></w:r></w:del>'
                + '<w:ins w:id="2" w:author="科长" w:date="2025-01-02T00:00:00Z">' + run_xml("全部") + "</w:ins>"
                + run_xml("目标任务。"))
    runs = [r for r in doc.paragraphs[-1].runs]
    doc.add_comment(runs, text="这里的数字请再核对", author="科长")
    add(doc, "二、存在的主要问题")
    add(doc, "一是目标笼统。")
    assert p is not None
    result = import_file(save(doc, tmp_path / "修订.docx"))
    conclusion = result.report.section("conclusion")
    assert [e.text for e in conclusion.entries] == ["完成了全部目标任务。"]
    whole = report_text(result.report)
    assert "大部分" not in whole and "核对" not in whole
    notices = "".join(result.notices)
    assert "已接受 1 处插入，删去 1 处删除" in notices and "忽略文档中的 1 条批注" in notices


def test_table_text_is_kept_row_by_row(tmp_path: Path):
    doc = new_document()
    add(doc, "2024年度昌华街道部门整体支出绩效自评表说明")
    add(doc, "一、绩效自评情况")
    add(doc, "（四）管理效率分析")
    add(doc, "预算执行情况如下表。")
    table = doc.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, (("指标", "预算数", "执行数"), ("合计", "7704.69万元", "7663.69万元"))):
        for cell, value in zip(row.cells, values):
            cell.text = value
    add(doc, "二、存在的主要问题")
    add(doc, "一是目标笼统。")
    result = import_file(save(doc, tmp_path / "表格.docx"))
    efficiency = result.report.section("efficiency")
    texts = [e.text for e in efficiency.entries]
    assert texts[1:] == ["指标\u3000预算数\u3000执行数", "合计\u30007704.69万元\u30007663.69万元"]
    assert any("1 个表格" in n for n in result.notices)


def test_the_exported_sample_imports_back_to_the_same_report(tmp_path: Path, exported_sample: Path):
    from selfeval.bundled.samples import bundled_sample

    result = import_file(exported_sample)
    assert result.report.to_dict() == bundled_sample().to_dict()


def test_the_preview_of_a_word_file_names_its_format(exported_sample: Path):
    preview = preview_file(exported_sample)
    assert preview.source_format == "Word 文档"
    assert preview.summary_lines()[0] == f"文件：{exported_sample.name}（Word 文档）"


def test_headings_in_heading_styles_without_numbers_are_found(tmp_path: Path):
    doc = new_document()
    add(doc, TITLE, style="Heading 1")  # a title in a heading style is still the title
    add(doc, "部门基本情况", style="Heading 1")
    add(doc, "职能", style="Heading 2")
    add(doc, "负责全区财政收支管理工作。")
    add(doc, "机构设置及人员情况", style="Heading 2")
    add(doc, "内设机构8个。")
    add(doc, "存在的主要问题", style="Heading 1")
    add(doc, "一是目标笼统。")
    result = import_file(save(doc, tmp_path / "标题样式.docx"))
    report = result.report
    assert report.template_id == "basic-info-2024"
    assert (report.year, report.unit_short) == (2024, "某区财政局")
    assert report.section("organisation").entries[0].text == "内设机构8个。"
    assert report.section("problems").heading == "存在的主要问题"
    assert not any(s.extra for s in report.sections)
    assert any("标题样式识别出 4 个" in n for n in result.notices)
