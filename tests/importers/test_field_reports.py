"""Reports of other units, laid out as they are published (tests/fixtures/reports, made by its
build_reports.py): a 街道, a 镇政府, a 局, a middle school, a hospital copied from a document-sharing
site, and a report laid out as a form; Word, WPS, Word with list numbering, PDF and text. Each keeps its
own outline (headings in its order, at its levels, in its words, nothing added), every paragraph once,
its unit name and 评价年度 in 基本信息, and raises no 错误 that is not a real slip."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from cli_runner import run

from selfeval.bundled.templates import get_template
from selfeval.app.check import check_settings
from selfeval.domain.checks import Severity, run_checks
from selfeval.domain.document import Role, report_blocks
from selfeval.domain.numbering import parse_heading
from selfeval.importers import import_file, import_text, preview_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
FILES = ["jiedao.docx", "zhen.docx", "zhen.pdf", "ju.docx", "ju.pdf", "school.docx", "school.pdf", "hospital.txt",
         "form.docx", "form.pdf"]
HEADING_ROLES = {Role.HEADING1: 1, Role.HEADING2: 2, Role.HEADING3: 3}


def expected(name: str) -> dict:
    return json.loads((FIXTURES / (name.split(".")[0] + ".expected.json")).read_text(encoding="utf-8"))


def printed_outline(blocks) -> tuple[list[list], list[str]]:
    headings = [[HEADING_ROLES[b.role], parse_heading(b.text)[2]] for b in blocks if b.role in HEADING_ROLES]
    body = [b.full_text for b in blocks if b.role is Role.BODY]
    return headings, body


@pytest.mark.parametrize("name", FILES)
def test_a_field_report_keeps_its_own_outline_every_paragraph_and_its_cover(name: str):
    want = expected(name)
    result = import_file(FIXTURES / name)
    report = result.report
    headings, body = printed_outline(report_blocks(report))
    assert headings == want["headings"]  # its order, levels and words; no heading added, none twice
    assert body == want["paragraphs"]  # every paragraph exactly once, in order
    assert (report.unit_name, report.year) == (want["unit_name"], want["year"])
    if want["contact_person"]:
        assert (report.contact_person, report.contact_phone) == (want["contact_person"], want["contact_phone"])
    assert not any(s.extra and s.heading for s in report.sections)  # no heading is second-class
    findings = run_checks(report, check_settings(report.template_id)).findings
    errors = [f"{f.rule}: {f.message}" for f in findings if f.severity is Severity.ERROR]
    assert errors == []


def test_roles_come_from_the_templates_synonyms_and_patterns():
    report = import_file(FIXTURES / "zhen.docx").report
    roles = {s.heading: s.key for s in report.sections}
    assert roles["机构与职能"] == "functions"
    assert roles["存在的主要问题及原因"] == "problems"
    assert roles["整改措施"] == "measures"
    assert roles["自评工作开展情况"].startswith("part-")  # no role: an ordinary section
    hospital = {s.heading: s.key for s in import_file(FIXTURES / "hospital.txt").report.sections}
    assert hospital["下一步工作计划"] == "measures" and hospital["其他需要说明的问题"].startswith("part-")


def test_the_year_is_the_evaluation_year_never_the_filling_date_and_the_unit_keeps_its_first_character():
    result = import_file(FIXTURES / "zhen.pdf")
    report = result.report
    assert report.year == 2024  # 填报日期 2025年10月29日
    assert report.unit_name == "徐闻县下桥镇人民政府"
    assert report.table.supervisor == "徐闻县人民政府"
    assert any("不作为评价年度" in n for n in result.notices)


def test_a_group_heading_over_sections_with_text_is_not_an_empty_required_section():
    report = import_file(FIXTURES / "school.docx", get_template("basic-info-2024")).report
    group = next(s for s in report.sections if s.heading == "绩效自评情况")
    assert group.kind.value == "group" and group.intro == ""  # its text is in 预算执行情况 and 绩效目标完成情况
    # The same heading given a content role by hand is still not empty: its sub-sections hold the text.
    preview = preview_file(FIXTURES / "school.docx", get_template("basic-info-2024"))
    token = next(p.token for p in preview.placements if p.text == "绩效自评情况")
    report = preview.with_mapping(token, "self_eval").report
    section = report.section("self_eval")
    assert section.heading == "绩效自评情况"
    findings = run_checks(report, check_settings(report.template_id)).findings
    assert not [f for f in findings if f.rule == "required.section_empty"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["jiedao.docx", "zhen.pdf", "hospital.txt", "form.docx"])
def test_import_export_check_through_the_cli(tmp_path: Path, name: str):
    want = expected(name)
    db = tmp_path / "reports.db"
    imported = run(tmp_path, "--db", str(db), "import", str(FIXTURES / name))
    assert imported.code == 0, imported.err
    report_id = imported.last_line
    out = tmp_path / "out.docx"
    exported = run(tmp_path, "--db", str(db), "export", report_id, "-o", str(out))
    assert exported.code == 0, exported.err
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    headings = [[parsed[0], parsed[2]] for text in paragraphs
                if (parsed := parse_heading(text)) is not None and [parsed[0], parsed[2]] in want["headings"]]
    assert headings == want["headings"]
    for paragraph in want["paragraphs"]:
        assert paragraphs.count(paragraph) == 1, paragraph
    checked = run(tmp_path, "--db", str(db), "check", report_id)
    assert checked.code == 0, checked.out + checked.err
    assert "错误 0 条" in checked.err
    listed = run(tmp_path, "--db", str(db), "list")
    assert want["unit_name"] in listed.out and str(want["year"]) in listed.out


def test_unnumbered_bold_headings_typed_in_body_style_are_headings_by_their_layout(tmp_path: Path):
    doc = docx.Document()
    doc.add_paragraph().add_run("某县农业农村局2024年度部门整体支出绩效自评报告").bold = True
    for text, bold in [("部门基本情况", True), ("（一）部门职能", False), ("负责全县农业农村工作。", False),
                       ("（二）机构设置", False), ("内设股室8个。", False),
                       ("存在的问题", True), ("（一）预算编制", False), ("编制不够精细。", False),
                       ("党建引领激发动能。", True), ("全年开展主题党日12次。", False)]:
        run = doc.add_paragraph().add_run(text)
        run.bold = bold
    doc.save(str(tmp_path / "wps.docx"))
    result = import_file(tmp_path / "wps.docx")
    headings, body = printed_outline(report_blocks(result.report))
    assert headings == [[1, "部门基本情况"], [2, "部门职能"], [2, "机构设置"], [1, "存在的问题"], [2, "预算编制"]]
    assert body == ["负责全县农业农村工作。", "内设股室8个。", "编制不够精细。", "党建引领激发动能。",
                    "全年开展主题党日12次。"]  # a bold sentence is text, not a heading
    assert any("加粗短句" in n for n in result.notices)


def test_a_heading_of_other_words_takes_its_role_from_its_text():
    text = ("某县水利局2024年度部门整体支出绩效自评报告\n一、工作开展情况\n全年完成水利工程12项。\n"
            "二、几点体会\n存在的主要问题是预算编制不够精细。\n三、今后打算\n针对上述问题，我局将加强预算管理。")
    report = import_text(text).report
    assert [(s.heading, s.key) for s in report.sections] == [
        ("工作开展情况", "part-1"), ("几点体会", "problems"), ("今后打算", "measures")]
    assert report.section("problems").heading == "几点体会"  # its words, not the role's
