from decimal import Decimal

from selfeval.domain.figure_checks import REVIEW_TEXT, figure_status
from selfeval.bundled.samples import bundled_sample


def _efficiency():
    return bundled_sample().section("efficiency")


def test_the_sample_budget_in_yuan_is_flagged():
    section = _efficiency()
    status = figure_status(section, section.figure("执行率"))
    assert status.computed.startswith("计算值 994678.57%")
    assert any("单位不一致" in w and "99.47%" in w for w in status.warnings)
    assert any("不一致，请核对" in w for w in status.warnings)


def test_corrected_budget_gives_no_warning():
    section = _efficiency()
    section.set_figure(section.figure("预算金额").with_value(Decimal("7704.69"), "万元"))
    status = figure_status(section, section.figure("执行率"))
    assert status.computed == "计算值 99.47%" and status.warnings == ()


def test_a_stated_rate_that_does_not_match_is_flagged():
    section = _efficiency()
    section.set_figure(section.figure("预算金额").with_value(Decimal("7704.69"), "万元"))
    section.set_figure(section.figure("执行率").with_value(Decimal("97.47")))
    assert figure_status(section, section.figure("执行率")).warnings


def test_missing_inputs_and_review_mark():
    section = _efficiency()
    section.set_figure(section.figure("已用金额").with_value(None))
    rate = section.figure("执行率")
    status = figure_status(section, rate)
    assert "填写已用金额和预算金额后自动计算" in status.computed
    assert REVIEW_TEXT in figure_status(section, rate._replace(review=True)).text
