"""``check_layout`` / ``selfeval check-layout``: any .docx against the GB/T 9704 numbers, one Chinese line
per deviation with its clause. Our exports pass; a plain python-docx document and targeted damage fail."""

from decimal import Decimal

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from export_helpers import sample_report

from cli_runner import CHINESE, run
from selfeval.export import export_docx
from selfeval.export.layout_check import LayoutCheckError, check_layout, failures, report_lines


def _failed(path) -> dict[str, str]:
    return {f.subject: f.message for f in failures(check_layout(path))}


@pytest.mark.parametrize("which", ["sample_docx", "signed_docx"])
def test_our_exports_pass_every_check(which, request):
    findings = check_layout(request.getfixturevalue(which))
    assert failures(findings) == [] and len(findings) >= 16
    clauses = {f.clause for f in findings}
    assert {"5.1", "5.2.1", "5.2.3", "7.3.1", "7.3.3", "7.5"} <= clauses


def test_layout_settings_variants_pass(tmp_path):
    report = sample_report()
    report.layout = report.layout._replace(level2_bold=True, level3_bold=True,
                                        line_spacing_pt=Decimal(29), latin_font="Arial")
    assert _failed(export_docx(report, tmp_path / "variant.docx")) == {}
    report.layout = report.layout._replace(line_spacing_pt=Decimal(28))
    assert _failed(export_docx(report, tmp_path / "28.docx")) == {}


@pytest.fixture(scope="module")
def plain_docx(tmp_path_factory):
    """A document made with python-docx's defaults, as a clerk's colleague might."""
    d = docx.Document()
    d.add_paragraph("2024年度某单位部门整体支出绩效自评表说明")
    d.add_paragraph("一、部门基本情况")
    d.add_paragraph("（一）部门职能")
    d.add_paragraph("本单位主要职责是……" * 8)
    path = tmp_path_factory.mktemp("plain") / "plain.docx"
    d.save(path)
    return path


def test_a_plain_python_docx_document_fails_with_sensible_messages(plain_docx):
    failed = _failed(plain_docx)
    assert set(failed) == {"纸张", "上边距（天头）", "下边距", "左边距（订口）", "右边距", "每页行数", "每行字数",
                           "标题", "一级标题（“一、”）", "二级标题（“（一）”）", "正文", "页码"}
    assert failed["纸张"] == "纸张：页面为 215.9×279.4 毫米，应为 A4 纵向 210×297 毫米（GB/T 9704-2012 5.1）"
    assert failed["上边距（天头）"] == "上边距（天头）：为 25.4 毫米，应为 37 毫米（GB/T 9704-2012 5.2.1）"
    assert "应为 22 行" in failed["每页行数"] and "应为 28 字" in failed["每行字数"]
    assert "应为小标宋" in failed["标题"] and "应为 22 磅（二号）" in failed["标题"] and "未居中" in failed["标题"]
    assert "应为黑体" in failed["一级标题（“一、”）"] and "应为楷体" in failed["二级标题（“（一）”）"]
    body = failed["正文"]
    assert "应为仿宋" in body and "应为固定值 28～29 磅" in body and "首行缩进 0 字，应为 2 字" in body
    assert body.endswith("（GB/T 9704-2012 7.3.3）")
    assert failed["页码"].startswith("页码：页脚中没有页码")
    for message in failed.values():
        assert "\n" not in message and CHINESE.search(message)


def _damage(src, dst, change) -> dict[str, str]:
    d = docx.Document(str(src))
    change(d)
    d.save(dst)
    return _failed(dst)


def _first_body(d):
    return next(p for p in d.paragraphs[1:] if p.text and not p.text.startswith(("一、", "（")))


@pytest.mark.parametrize("change,subjects,words", [
    (lambda d: setattr(d.sections[0], "top_margin", Mm(25)), {"上边距（天头）", "每页行数"}, "为 25 毫米，应为 37 毫米"),
    (lambda d: setattr(d.sections[0], "page_height", Mm(280)), {"纸张", "每页行数"}, "210×280"),
    (lambda d: setattr(_first_body(d).runs[0].font, "size", Pt(14)), {"正文", "每行字数"},
     "字号为 14 磅（四号）"),
    (lambda d: setattr(d.styles["Normal"].paragraph_format, "line_spacing", 2.0),
     {"每页行数", "一级标题（“一、”）", "二级标题（“（一）”）", "正文"}, "“2 倍行距”"),
    (lambda d: setattr(d.sections[0].footer.paragraphs[0], "alignment", WD_ALIGN_PARAGRAPH.CENTER),
     {"单页页码"}, "未居右"),
    (lambda d: setattr(d.settings, "odd_and_even_pages_header_footer", False), {"双页页码"}, "奇偶页不同"),
    (lambda d: d.paragraphs[0].runs[0]._r.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "宋体"), {"标题"}, "“宋体”"),
])
def test_each_deviation_is_reported_alone(sample_docx, tmp_path, change, subjects, words):
    failed = _damage(sample_docx, tmp_path / "damaged.docx", change)
    assert set(failed) == subjects
    assert any(words in message for message in failed.values()), failed


def test_unreadable_files_are_a_chinese_user_error(tmp_path):
    text = tmp_path / "说明.docx"
    text.write_text("不是 Word 文档", encoding="utf-8")
    with pytest.raises(LayoutCheckError) as err:
        check_layout(text)
    assert "不是有效的 Word 文档" in str(err.value)
    with pytest.raises(LayoutCheckError, match="找不到文件"):
        check_layout(tmp_path / "没有.docx")
    with pytest.raises(LayoutCheckError, match="文件夹"):
        check_layout(tmp_path)


def test_report_lines_end_with_a_summary(sample_docx, plain_docx):
    ok = report_lines(check_layout(sample_docx), "sample.docx")
    assert ok == ["“sample.docx”符合 GB/T 9704-2012《党政机关公文格式》：共检查 16 项，全部通过。"]
    bad = report_lines(check_layout(plain_docx), "plain.docx")
    assert len(bad) == 13 and bad[-1].startswith("“plain.docx”：共检查 12 项，12 项不符合")


def test_cli_check_layout_exit_codes(tmp_path, sample_docx, plain_docx):
    good = run(tmp_path, "check-layout", str(sample_docx))
    assert good.code == 0 and "全部通过" in good.out and good.err == ""
    bad = run(tmp_path, "check-layout", str(plain_docx))
    assert bad.code == 1 and len(bad.out.strip().splitlines()) == 13
    assert "（GB/T 9704-2012 5.1）" in bad.out
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    result = run(tmp_path, "check-layout", str(broken))
    assert result.code == 2 and "不是有效的 Word 文档" in result.err and result.out == ""
