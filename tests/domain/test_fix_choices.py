"""A fix that rewrites several places asks first: places naming a past event are unticked by default."""

from __future__ import annotations

import pytest

from selfeval.domain.carry import next_year_report
from selfeval.app.check import check_report
from selfeval.domain.fix_choices import fix_choices, past_event
from selfeval.bundled.samples import bundled_sample


def span(text: str, word: str = "2024年度") -> tuple[str, int, int]:
    start = text.index(word)
    return text, start, start + len(word)


@pytest.mark.parametrize("text, why", [
    ("街道各项工作获得2024年度荔湾区最美党群服务中心称号", "获奖或称号"),
    ("获得A、B、2024年度广州市红棉老兵志愿服务队", "获奖或称号"),  # further along the list of prizes
    ("社区被评为2024年度先进单位", "获奖或称号"),
    ("2024年度书香社区奖由区委颁发", "获奖或称号"),
    ("按照《2024年度绩效管理办法》执行", "书名号"),
    ("开展“2024年度文明家庭”评选", "引号"),
    ("截至2024年度末，已完成", "截至"),
])
def test_past_events_are_recognised(text, why):
    assert why in past_event(*span(text))


@pytest.mark.parametrize("text", [
    "昌华街道办事处2024年度单位指标已用金额合计7663.69万元",
    "2024年度部门整体支出绩效目标如下",
    "完成2024年度重点任务，获得群众好评。",  # the prize comes after, in another clause
])
def test_this_years_facts_are_ticked(text):
    assert past_event(*span(text)) == ""


def test_the_year_fix_on_the_sample_leaves_its_prizes_alone():
    last = bundled_sample()
    report = next_year_report(last)
    fix = next(f.fix for f in check_report(report).findings if f.rule == "year.stale")
    choices = fix_choices(report, fix)
    assert len(choices) == 5
    ticked = [c for c in choices if c.ticked]
    assert [c.place.section for c in ticked] == ["efficiency"]  # 昌华街道办事处2024年度单位指标…
    assert all("获奖或称号" in c.why for c in choices if not c.ticked)
    assert "获得【2024年度】荔湾区最美" in choices[0].context
