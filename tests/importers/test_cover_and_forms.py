"""The cover block read into 基本信息; form lines (label, value) and list items never glued; headings run
into one long line split; all as text, the way a clerk pastes or saves it."""

from __future__ import annotations

from selfeval.domain.document import report_text
from selfeval.importers import import_text
from selfeval.importers.cover import take_cover
from selfeval.importers.lines import heading_of, keeps_apart, split_runon


def test_cover_fields_one_or_several_a_line_and_a_label_above_its_value():
    lines = ["评价年度：2024年度", "评价单位（盖章）：岳阳县新开镇人民政府", "填报人：张颖　　联系电话：0730-7802036",
             "填报日期", "2025年3月2日", "岳阳县新开镇2024年度部门整体支出绩效自评报告", "一、部门基本情况"]
    cover, rest = take_cover(lines, stop=lambda line: heading_of(line) is not None)
    assert cover.fields == {"year": "2024年度", "unit_name": "岳阳县新开镇人民政府", "contact_person": "张颖",
                            "contact_phone": "0730-7802036", "filled_on": "2025年3月2日"}
    assert cover.year == 2024
    assert rest == ["岳阳县新开镇2024年度部门整体支出绩效自评报告", "一、部门基本情况"]


def test_the_year_is_the_evaluation_year_not_the_filling_date_nor_a_title_without_one():
    text = ("评价年度：2024\n填报日期：2025年10月29日\n某县财政局部门整体支出绩效自评报告\n"
            "一、部门基本情况\n负责全县财政工作。\n二、存在的问题\n一是预算编制不够精细。")
    result = import_text(text)
    report = result.report
    assert report.year == 2024 and report.unit_name == "某县财政局"
    assert report.sign_date is None  # a 填报日期 is not a 落款 that would print
    assert report_text(report).split("\n")[0] == "某县财政局部门整体支出绩效自评报告"
    assert "填报日期" not in report_text(report)


def test_a_title_year_and_a_cover_year_that_differ_take_the_cover_and_say_so():
    result = import_text("评价年度：2024年度\n某镇2023年度部门整体支出绩效自评报告\n一、基本情况\n全镇人口3万。")
    assert result.report.year == 2024
    assert any("与封面的评价年度 2024 不同" in n for n in result.notices)


def test_label_and_value_lines_of_a_form_are_not_glued():
    lines = ["联系人", "刘芳", "联络电话", "0730-6221234", "人员编制", "45", "职能职责概述",
             "负责全县传染病的预防控制", "年度主要工作内容", "任务1：完成免疫规划接种", "任务2：做好疫情监测"]
    text = "平江县疾病预防控制中心2024年度自评报告\n一、基本概况\n" + "\n".join(lines)
    report = import_text(text).report
    assert [e.text for s in report.sections for e in s.entries] == lines
    assert (report.contact_person, report.contact_phone) == ("刘芳", "0730-6221234")


def test_keeps_apart_and_a_cut_line_still_joins():
    assert keeps_apart("联系人", "刘芳") and keeps_apart("45", "实有人数") and keeps_apart("完成", "任务2：监测")
    assert keeps_apart("年度收入合计（万元）", "1236.58") and keeps_apart("……开展", "①教育质量")
    assert not keeps_apart("一是按照工作", "方案要求开展走访。")
    report = import_text("2024年度某街道说明\n一、存在的问题\n一是按照工作\n方案要求开展走访。").report
    assert report.sections[0].entries[0].text == "按照工作方案要求开展走访。"


def test_headings_run_into_one_long_line_are_split_and_a_sentence_with_a_list_is_not():
    line = ("一、基本情况（一）单位概况我院开放床位420张。（二）年度绩效目标完成诊疗28万人次。"
            "二、存在的问题及原因分析设备更新资金不足。三、下一步工作计划争取专项资金。四、其他需要说明的问题暂无。")
    assert split_runon(line) == ["一、基本情况", "（一）单位概况", "我院开放床位420张。", "（二）年度绩效目标",
                                 "完成诊疗28万人次。", "二、存在的问题及原因分析", "设备更新资金不足。",
                                 "三、下一步工作计划", "争取专项资金。", "四、其他需要说明的问题", "暂无。"]
    sentence = "主要做法有：一、加强学习；二、完善制度，规范管理。"
    assert split_runon(sentence) is None
    report = import_text("某医院2024年度自评报告\n" + line).report
    assert [s.heading for s in report.sections] == ["基本情况", "单位概况", "年度绩效目标", "存在的问题及原因分析",
                                                     "下一步工作计划", "其他需要说明的问题"]
    assert report.year == 2024 and report.unit_name == "某医院"


def test_a_form_laid_out_as_a_word_table_gives_its_cover_and_contacts(tmp_path):
    import docx

    from selfeval.importers import import_file

    doc = docx.Document()
    doc.add_paragraph("岳阳县2024年度部门整体支出绩效评价自评报告")
    cover = doc.add_table(rows=2, cols=2)
    for row, (label, value) in zip(cover.rows, [("部门（单位）名称", "岳阳县新开镇人民政府"), ("报告日期", "2025年4月1日")]):
        row.cells[0].text, row.cells[1].text = label, value
    doc.add_paragraph("一、部门（单位）基本概况")
    form = doc.add_table(rows=2, cols=4)
    for row, cells in zip(form.rows, [("联系人", "张颖慧", "联络电话", "0730-7802036"),
                                       ("人员编制", "128", "实有人数", "185")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    doc.add_paragraph("二、存在的问题")
    doc.add_paragraph("一是村级项目资金拨付进度偏慢。")
    doc.save(str(tmp_path / "form.docx"))
    result = import_file(tmp_path / "form.docx")
    report = result.report
    assert (report.unit_name, report.year) == ("岳阳县新开镇人民政府", 2024)
    assert (report.contact_person, report.contact_phone) == ("张颖慧", "0730-7802036")
    text = report_text(report)
    assert "报告日期" not in text and "部门（单位）名称" not in text  # the cover block is 基本信息
    assert "联系人　张颖慧　联络电话　0730-7802036" in text  # the form's rows stay in the text


def test_headings_printed_without_numbers_are_found_by_layout_and_by_role():
    text = ("某县第二小学2024年度部门整体支出绩效自评报告\n部门基本情况\n（一）职责职能\n实施小学义务教育。\n"
            "（二）机构设置\n内设机构3个。\n存在的问题\n一是公用经费不足。\n改进措施\n一是统筹安排经费。")
    result = import_text(text)
    sections = [(s.level, s.heading, s.key) for s in result.report.sections]
    assert sections == [(1, "部门基本情况", "basic"), (2, "职责职能", "functions"), (2, "机构设置", "organisation"),
                        (1, "存在的问题", "problems"), (1, "改进措施", "measures")]
    assert any("没有编号的标题" in n for n in result.notices)


def test_the_fields_at_the_foot_of_a_form_are_basic_information_too():
    text = ("某县林业局2024年度部门整体支出绩效自评报告\n一、部门基本情况\n负责全县林业工作。\n二、存在的问题\n"
            "一是资金到位偏晚。\n填报单位（盖章）：某县林业局\n填表人：王强　　联系电话：0736-1234567\n填报日期：2025年4月3日")
    result = import_text(text)
    report = result.report
    assert (report.unit_name, report.year) == ("某县林业局", 2024)
    assert (report.contact_person, report.contact_phone) == ("王强", "0736-1234567")
    assert report_text(report).split("\n")[-1] == "一是资金到位偏晚。"
