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
