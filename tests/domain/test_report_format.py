"""The report JSON's format version: read, upgraded step by step, a newer one refused in Chinese."""

from __future__ import annotations

import pytest
from selfeval.domain.model import Report
from selfeval.domain.report_format import FORMAT_VERSION, ReportFormatError, upgrade
from selfeval.bundled.samples import bundled_sample


def test_the_current_form_is_read_as_it_is():
    data = bundled_sample().to_dict()
    assert data["format"] == FORMAT_VERSION
    assert upgrade(data) is data


def test_older_forms_are_upgraded_one_step_at_a_time():
    calls = []

    def one_to_two(data):
        calls.append(1)
        data["contact"] = data.pop("person", "")
        return data

    def two_to_three(data):
        calls.append(2)
        data["contact"] = data["contact"].upper()
        return data

    old = {"format": 1, "person": "zhang"}
    new = upgrade(old, steps={1: one_to_two, 2: two_to_three}, current=3)
    assert new == {"format": 3, "contact": "ZHANG"} and calls == [1, 2]
    assert old == {"format": 1, "person": "zhang"}  # the caller's dict is left as it was


def test_a_missing_step_or_a_damaged_version_is_refused():
    with pytest.raises(ReportFormatError):
        upgrade({"format": 1}, steps={}, current=2)
    for bad in ("2", 0, True, None):
        with pytest.raises(ReportFormatError, match="无法识别"):
            upgrade({"format": bad})


def test_a_report_from_a_newer_program_is_refused_with_a_clear_message():
    data = bundled_sample().to_dict()
    data["format"] = FORMAT_VERSION + 1
    with pytest.raises(ReportFormatError, match="较新版本.*请升级本程序"):
        Report.from_dict(data)


def test_data_without_a_format_counts_as_the_first():
    assert Report.from_dict({"unit_short": "昌华街道"}).unit_short == "昌华街道"
