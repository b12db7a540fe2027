"""Last year beside this year (issue 23, item 7): the change in words a 自评结论 uses."""

from dataclasses import replace
from decimal import Decimal

from selfeval.bundled.samples import bundled_sample
from selfeval.domain.table.model import SelfEvalTable
from selfeval.domain.table.year_over_year import change_words, comparison_line, rate_change

D = Decimal


def test_change_words():
    assert change_words(D("99.47"), D("98.27"), "个百分点") == "较上年提高 1.20 个百分点"
    assert change_words(D("90"), D("95.5"), "分") == "较上年降低 5.50 分"
    assert change_words(D("90"), D("90.00"), "分") == "与上年持平"
    assert change_words(None, D("90"), "分") == ""


def _with_spent(table, spent: str):
    total = replace(table.budget.total, spent=D(spent))
    return replace(table, budget=table.budget.with_row(total))


def test_rate_change_and_the_line():
    last = bundled_sample().table  # 7663.69 of 7704.69: 99.47%
    this = _with_spent(last, "7704.69")  # 100%
    assert rate_change(this, last) == "较上年提高 0.53 个百分点"
    line = comparison_line(this, last, 2024)
    assert line.startswith("上年（2024年度）与本年：全年预算数 7704.69 万元 → 7704.69 万元；")
    assert "执行率 99.47% → 100.00%（较上年提高 0.53 个百分点）" in line
    assert comparison_line(this, SelfEvalTable(), 2024) == ""  # last year's table never filled


def _quoting(text: str):
    from selfeval.bundled.samples import bundled_sample

    report = bundled_sample()
    report.year = 2025
    report.section("conclusion").intro = text
    return report


def test_the_change_as_a_figure_in_words_and_as_a_number():
    """Issue 23, item 7: 「{执行率较上年}」 / 「{自评得分较上年}」 print the change in a 自评结论's words, 「…数」 the bare
    number; live from this report's table, against the last-year values handed in."""
    from selfeval.domain.document import report_text
    from selfeval.domain.table.year_over_year import LastYear, last_year_values

    report = _quoting("执行率{执行率较上年}（{执行率较上年数}个百分点），得分{自评得分较上年}。")
    last = last_year_values(bundled_sample().table, 2024)
    assert last == LastYear(2024, bundled_sample().table.budget.total.rate, D("9.95"))
    assert "执行率持平（0.00个百分点），得分持平。" in report_text(report, last)
    report.table = _with_spent(report.table, "7704.69")  # 100%: the text follows the table
    assert "执行率提高 0.53 个百分点（0.53个百分点），得分提高 0.05 分。" in report_text(report, last)
    report.table = _with_spent(report.table, "7000")  # 90.85%
    assert "执行率降低 8.62 个百分点（8.62个百分点）" in report_text(report, last)
    assert "执行率【执行率较上年】（【执行率较上年数】个百分点）" in report_text(report)  # none handed in
    report.compared_with = last  # as the application hands it in; kept through copies
    assert "执行率降低 8.62 个百分点" in report_text(report.copy())
    assert last_year_values(SelfEvalTable(), 2024) is None  # last year's table never filled


def test_review_warns_when_there_is_nothing_to_compare_with():
    from selfeval.app.check import check_report

    report = _quoting("执行率{执行率较上年}。")
    found = [f for f in check_report(report).findings if f.rule == "year.no_comparison"]
    assert [f.severity.value for f in found] == ["警告"]
    assert "本数据库中没有本单位2024年度的报告" in found[0].message and found[0].excerpt == "{执行率较上年}"
    assert not [f for f in check_report(report, last_year=bundled_sample()).findings
                if f.rule == "year.no_comparison"]
    empty = bundled_sample()
    empty.table = SelfEvalTable()
    found = [f for f in check_report(report, last_year=empty).findings if f.rule == "year.no_comparison"]
    assert found and "自评表没有执行率" in found[0].message
