"""The bundled sample reproduces the published 2024 昌华街道 text sentence for sentence (the text as
extracted from the PDF, kept in resources/samples: the tests need nothing outside the checkout)."""

import difflib
import hashlib
import re
from decimal import Decimal


from selfeval.domain.document import Role, report_blocks, report_text
from selfeval.domain.model import SectionKind
from selfeval.importers import import_text_file
from selfeval.bundled.samples import bundled_sample, sample_text_path

# sha256 of the extracted text as it was bundled: the text the fidelity tests hold the sample to.
BUNDLED_SHA256 = "15e2cc80ef1efb81b6f23824cd22cec19ab555835e8b8b78d715930c85f3addb"

# The four paragraphs the page breaks cut, as (end of the first piece, start of the second).
PAGE_BREAK_CUTS = [
    ("首席服务官工作", "方案》要求"),
    ("专职网", "格员走访巡查"),
    ("深化“泮", "塘新禧"),
    ("导致资源分散，", "难以形成合力"),
]


def expected_paragraphs() -> list[str]:
    """The bundled text as it should print: spaces from the PDF extraction dropped, the four cut
    paragraphs joined back, blank lines gone. Built here by hand, independently of the importer."""
    lines = [line.strip() for line in sample_text_path().read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    # "2024 年度…自评表 说明", "五大板块 24 期": spaces next to Chinese characters only.
    lines = [re.sub(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])", "", line) for line in lines]
    for end, start in PAGE_BREAK_CUTS:
        firsts = [i for i, line in enumerate(lines) if line.endswith(end)]
        assert len(firsts) == 1, f"cut ‘{end}’ not found exactly once"
        i = firsts[0]
        assert lines[i + 1].startswith(start)
        lines[i: i + 2] = [lines[i] + lines[i + 1]]
    return lines


def readable_diff(expected: list[str], actual: list[str]) -> str:
    return "\n".join(difflib.unified_diff(expected, actual, "bundled text", "report_text(bundled_sample())",
                                          lineterm="", n=0))


def test_the_bundled_text_is_unchanged_byte_for_byte():
    assert hashlib.sha256(sample_text_path().read_bytes()).hexdigest() == BUNDLED_SHA256


def test_importing_the_bundled_text_gives_the_bundled_sample():
    imported = import_text_file(sample_text_path()).report
    assert imported.to_dict() == bundled_sample().to_dict()


def test_the_sample_prints_the_bundled_text_paragraph_by_paragraph():
    expected = expected_paragraphs()
    actual = report_text(bundled_sample()).split("\n")
    assert actual == expected, "\n" + readable_diff(expected, actual)


def test_the_four_cut_paragraphs_are_whole_and_the_real_break_stays():
    paragraphs = report_text(bundled_sample()).split("\n")
    for end, start in PAGE_BREAK_CUTS:
        assert sum(end + start in p for p in paragraphs) == 1
    i = next(i for i, p in enumerate(paragraphs) if p.endswith("结果类指标。"))
    assert paragraphs[i + 1].startswith("建立绩效评价结果与下年度预算安排")


def test_sample_identity_and_outline():
    report = bundled_sample()
    assert (report.year, report.unit_short, report.unit_name) == (2024, "昌华街道", "广州市荔湾区人民政府昌华街道办事处")
    assert report.title == "2024年度昌华街道部门整体支出绩效自评表说明" and not report.title_override
    assert report.template_id == "liwan-street-2024"
    assert [s.key for s in report.sections] == [
        "self_eval", "goals", "conclusion", "performance", "efficiency", "problems", "measures"]
    assert not any(s.extra for s in report.sections)
    roles = [b.role for b in report_blocks(report)]
    assert roles.count(Role.HEADING1) == 3 and roles.count(Role.HEADING2) == 4


def test_sample_sections_hold_their_structure():
    report = bundled_sample()
    assert len(report.section("goals").entries) == 4 and report.section("goals").inline
    assert len(report.section("conclusion").entries) == 4
    performance = report.section("performance")
    assert performance.kind is SectionKind.THEMES
    assert [e.lead for e in performance.entries] == [
        "党建引领激发动能。", "招商引资有序实施。", "文旅名片持续擦亮。", "改革风尚迸发活力。"]
    # The awards run on in the last theme's paragraph, as in the text.
    assert "报道15篇。街道各项工作获得" in performance.entries[-1].text
    problems = report.section("problems")
    assert [e.lead for e in problems.entries] == ["目标设定与实际需求脱节：", "预算编制科学性有待加强：", "内部协同机制不畅："]
    assert "产生这些问题的原因" in problems.entries[-1].text
    measures = report.section("measures")
    assert not measures.inline
    assert [e.lead for e in measures.entries] == [
        "强化目标引领，提升预算编制的科学性：", "健全管理机制，促进全过程绩效管理。", "突出结果导向，强化绩效评价结果应用。"]
    assert measures.entries[-1].text.endswith("倒逼各部门提升资金使用效益。")


def test_management_efficiency_figures_keep_value_and_unit_as_written():
    section = bundled_sample().section("efficiency")
    spent, budget, rate = section.figure("已用金额"), section.figure("预算金额"), section.figure("执行率")
    assert (spent.value, spent.unit) == (Decimal("7663.69"), "万元")
    assert (budget.value, budget.unit) == (Decimal("7704.69"), "元")  # as written; a check flags it
    assert (rate.value, rate.unit) == (Decimal("99.47"), "%")
    assert isinstance(spent.value, Decimal) and isinstance(rate.value, Decimal)
    texts = [e.text for e in section.entries]
    assert any("已用金额合计{已用金额}" in t and "预算金额合计为{预算金额}" in t and "执行率{执行率}" in t for t in texts)
