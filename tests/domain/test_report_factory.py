import datetime as dt
from decimal import Decimal

import pytest

from selfeval.domain.errors import UserError
from selfeval.domain.figures import Figure
from selfeval.domain.model import Entry, Report, SectionKind
from selfeval.domain.report_factory import (
    ReportFieldError, carried_over, clean_unit_name, clean_unit_short, default_year, display_name,
    duplicated, new_report, parse_year,
)
from selfeval.bundled.templates import bundled_templates, get_template


def test_default_year_is_last_year():
    assert default_year(dt.date(2025, 3, 1)) == 2024
    assert default_year(dt.date(2026, 1, 1)) == 2025


@pytest.mark.parametrize("text,year", [("2024", 2024), (" 2024 ", 2024), ("２０２４", 2024), ("2024年", 2024),
                                       ("2024年度", 2024), (2023, 2023)])
def test_parse_year_accepts(text, year):
    assert parse_year(text) == year


@pytest.mark.parametrize("text", ["", "   ", "二〇二四", "24x", "1999", "2101", "-2024", "20.24"])
def test_parse_year_refuses_with_chinese_message(text):
    with pytest.raises(ReportFieldError) as info:
        parse_year(text)
    assert isinstance(info.value, UserError)
    assert "年" in str(info.value)


def test_unit_names_are_cleaned_and_required():
    assert clean_unit_name("  广州市荔湾区人民政府\x07昌华街道办事处\n") == "广州市荔湾区人民政府昌华街道办事处"
    with pytest.raises(ReportFieldError, match="单位全称"):
        clean_unit_name(" \n ")
    with pytest.raises(ReportFieldError, match="不能超过"):
        clean_unit_name("长" * 81)
    assert clean_unit_short("", "昌华街道办事处") == "昌华街道办事处"
    assert clean_unit_short(" 昌华街道 ", "x") == "昌华街道"
    with pytest.raises(ReportFieldError, match="单位简称"):
        clean_unit_short("", "")
    with pytest.raises(ReportFieldError, match="不能超过"):
        clean_unit_short("短" * 31, "x")


def test_new_report_on_every_bundled_template():
    for template in bundled_templates().values():
        report = new_report(template, "广州市荔湾区人民政府昌华街道办事处", "昌华街道", "2024")
        assert report.template_id == template.id
        assert (report.unit_name, report.unit_short, report.year) == ("广州市荔湾区人民政府昌华街道办事处", "昌华街道", 2024)
        assert [s.key for s in report.sections] == [s.key for s in template.sections]
        assert "2024" in report.title and "昌华街道" in report.title


def test_new_report_refuses_bad_year_before_building():
    with pytest.raises(ReportFieldError):
        new_report(get_template(), "某单位", "", "明年")


def _last_year() -> Report:
    report = get_template().new_report(unit_name="某街道办事处", unit_short="某街道", year=2024)
    section = next(s for s in report.sections if s.kind is SectionKind.FIGURES)
    section.entries = [Entry(text="全年执行数为{全年执行数}。")]
    first = section.figures[0]
    section.set_figure(Figure(first.name, first.kind, first.unit, Decimal("7663.69")))
    items = next(s for s in report.sections if s.kind is SectionKind.ITEMS)
    items.entries = [Entry(lead="党建引领", text="持续深化。")]
    return report


def test_carried_over_moves_year_copies_text_and_marks_figures():
    last = _last_year()
    report, message = carried_over(last)
    assert report.year == 2025 and last.year == 2024
    assert [s.to_dict()["entries"] for s in report.sections] == [s.to_dict()["entries"] for s in last.sections]
    linked = [f for s in report.sections for f in s.figures if f.source == "全年执行数"]
    assert len(linked) == 1 and linked[0].value is None and not linked[0].review  # 待填, not last year's
    assert "2025" in message and "“待填”" in message and "3 项预算和指标数据已改为引用自评表" in message
    # the source report is not changed
    assert not any(f.review for s in last.sections for f in s.figures)


def test_carried_over_without_figures_says_to_review_text():
    last = get_template().new_report(unit_name="某单位", unit_short="某", year=2023)
    report, message = carried_over(last)
    assert report.year == 2024 and "待核对" not in message and "核对" in message


def test_carried_over_refuses_report_without_year():
    with pytest.raises(ReportFieldError, match="年度"):
        carried_over(Report(unit_name="x"))


def test_duplicated_is_independent():
    last = _last_year()
    copy = duplicated(last)
    assert copy.to_dict() == last.to_dict()
    copy.sections[0].heading = "改了"
    assert last.sections[0].heading != "改了"


def test_display_name():
    assert display_name("昌华街道", "全称", 2024) == "2024 年度 昌华街道"
    assert display_name("", "全称", 0) == "全称"
    assert display_name("", "", 0) == "（未命名单位）"
