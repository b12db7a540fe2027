"""The report-field registry: one description per field, used for JSON, validation and labels."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from selfeval.domain.fields import FIELDS, REPORT_FIELDS, TEXT_FIELDS, FieldValueError, report_field
from selfeval.domain.layout import LayoutSettings
from selfeval.domain.model import Report
from selfeval.domain.report_factory import ReportFieldError, parse_year
from selfeval.bundled.samples import bundled_sample
from selfeval.store import summaries


def test_every_field_round_trips_through_its_json_form():
    report = bundled_sample()
    report.sign_date = dt.date(2025, 3, 1)
    report.layout = LayoutSettings(line_spacing_pt=Decimal(29))
    data = report.to_dict()
    for field in REPORT_FIELDS:
        assert field.load(data[field.name]) == getattr(report, field.name)
    assert Report.from_dict(data) == report


def test_missing_values_load_as_defaults():
    report = Report.from_dict({"format": 1})
    assert report.year == 0 and report.sign_date is None and report.layout == LayoutSettings()
    assert all(getattr(report, name) == "" for name in TEXT_FIELDS)


def test_validation_separates_user_mistakes_from_programming_errors():
    with pytest.raises(FieldValueError, match="年度应在 2000 至 2100 之间"):
        report_field("year").validate(1999)
    with pytest.raises(TypeError):
        report_field("year").validate("2024")
    with pytest.raises(TypeError):
        report_field("sign_date").validate(dt.datetime(2025, 1, 1))
    with pytest.raises(ValueError):
        report_field("sections")
    assert report_field("sign_date").validate(dt.date(2025, 3, 1)) == "2025-03-01"
    assert report_field("layout").validate(LayoutSettings()) == LayoutSettings().to_dict()


def test_the_year_rule_is_the_same_for_typing_and_for_saving():
    assert parse_year("2100") == 2100 and report_field("year").validate(2100) == 2100
    with pytest.raises(ReportFieldError):
        parse_year("2101")
    with pytest.raises(FieldValueError):
        report_field("year").validate(2101)


def test_history_names_every_field_by_its_label():
    for field in REPORT_FIELDS:
        assert summaries.set_field(field.name) == f"修改{field.label}"
    assert FIELDS["unit_name"].label == "单位全称"
