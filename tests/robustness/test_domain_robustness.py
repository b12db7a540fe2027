"""Domain helpers that hostile input reached: numerals past 九十九, and OS errors told in Chinese."""

from __future__ import annotations

import errno
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfeval.domain.errors import os_error_reason
from selfeval.domain.numbering import MAX_NUMERAL, chinese_numeral, item_marker, parse_chinese_numeral

_DIGIT = dict(zip("零一二三四五六七八九", range(10)))
_UNIT = {"十": 10, "百": 100, "千": 1000}


def _read(numeral: str) -> int:
    """An independent reader of 十/百/千/万 numerals (for the property below)."""
    total, section, digit = 0, 0, 0
    for ch in numeral:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _UNIT:
            section += (digit or 1) * _UNIT[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10_000
            section = digit = 0
    return total + section + digit


@pytest.mark.parametrize("n, numeral", [
    (1, "一"), (10, "十"), (19, "十九"), (20, "二十"), (99, "九十九"), (100, "一百"), (101, "一百零一"),
    (110, "一百一十"), (119, "一百一十九"), (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"),
    (10_000, "一万"), (10_010, "一万零一十"), (10_100, "一万零一百"), (100_000, "十万"), (110_000, "十一万"),
    (123_456, "十二万三千四百五十六"),
])
def test_numerals_past_ninety_nine(n: int, numeral: str) -> None:
    assert chinese_numeral(n) == numeral
    assert item_marker(n) == numeral + "是"


@given(st.integers(1, MAX_NUMERAL))
def test_every_numeral_reads_back_as_its_number_and_has_no_doubled_zero(n: int) -> None:
    numeral = chinese_numeral(n)
    assert _read(numeral) == n
    assert "零零" not in numeral and not numeral.endswith("零") and not numeral.startswith("零")
    assert not numeral.startswith("一十")


def test_up_to_ninety_nine_the_parser_still_reads_what_is_printed() -> None:
    assert all(parse_chinese_numeral(chinese_numeral(n)) == n for n in range(1, 100))


@pytest.mark.parametrize("n", [0, -1, MAX_NUMERAL + 1])
def test_numerals_out_of_range_are_refused(n: int) -> None:
    with pytest.raises(ValueError):
        chinese_numeral(n)


@pytest.mark.parametrize("code", sorted(errno.errorcode))
def test_every_os_error_reason_is_chinese_and_never_the_system_text(code: int) -> None:
    reason = os_error_reason(OSError(code, "Some English system text", "/tmp/x"))
    assert re.search(r"[\u4e00-\u9fff]", reason) and "English" not in reason


def test_os_error_reasons_of_the_common_cases() -> None:
    assert os_error_reason(OSError(errno.ENAMETOOLONG, "File name too long")) == "文件名或路径过长"
    assert os_error_reason(PermissionError(errno.EACCES, "Permission denied")) == "没有访问权限"
    assert os_error_reason(OSError(errno.EROFS, "Read-only file system")) == "所在的磁盘是只读的"
    assert os_error_reason(PermissionError()) == "没有访问权限"  # no errno (as Windows may give)
    assert os_error_reason(OSError()) == "系统错误"


@pytest.mark.parametrize("spent, budget", [
    ("99999999999999999999999999999999999万元", "1元"),  # as an import may find it in the text
    ("7663.69万元", "0.0000000000000000000000000001元"),  # as a clerk may type it (parse_decimal takes it)
])
def test_a_rate_with_more_digits_than_decimal_holds_prints_instead_of_failing(tmp_path, spent, budget) -> None:
    """执行率 = 已用金额 / 预算金额 over a tiny budget: rounding it to 0.01 needs more than Decimal's 28
    digits; the preview, the checks, the import and the export used to fail on it."""
    from decimal import Decimal

    from selfeval.domain.document import report_text
    from selfeval.domain.figure_checks import figure_status
    from selfeval.domain.figures import parse_amount, round_percent
    from selfeval.export import export_docx
    from selfeval.importers import import_text

    text = ("2024年度昌华街道部门整体支出绩效自评表说明\n一、绩效自评情况\n（四）管理效率分析\n"
            f"单位指标已用金额合计{spent}，单位指标年度预算金额合计为{budget}，执行率{{执行率}}。")
    report = import_text(text).report
    section = report.section("efficiency")
    assert section.figure("预算金额").value == parse_amount(budget).value
    rate = section.computed(section.figure("执行率"))
    printed = [line for line in report_text(report).split("\n") if "执行率" in line][0]
    assert printed.endswith(f"执行率{round_percent(rate)}%。") and rate > Decimal("1E+30")
    assert "计算值" in figure_status(section, section.figure("执行率")).computed
    assert export_docx(report, tmp_path / "rate.docx").exists()


def test_round_percent_keeps_its_meaning_for_ordinary_and_non_finite_values() -> None:
    from decimal import Decimal

    from selfeval.domain.figures import round_percent

    assert round_percent(Decimal("99.4678")) == Decimal("99.47")
    assert round_percent(Decimal("99.4678"), 1) == Decimal("99.5")
    assert str(round_percent(Decimal("7.66369E+37"))) == "76636900000000000000000000000000000000.00"
    assert round_percent(Decimal("NaN")).is_nan() and round_percent(Decimal("Infinity")).is_infinite()
