"""Making reports from what the user types in the 报告管理 dialogs: checks and builders, no Qt.

The dialogs only collect text; everything that decides whether the text is acceptable, and what report
it gives, lives here so that it is tested headless.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from selfeval.domain.carry import figures_pending, figures_to_review, next_year_report
from selfeval.domain.errors import UserError
from selfeval.domain.fields import MAX_UNIT_NAME_CHARS, MAX_UNIT_SHORT_CHARS, MAX_YEAR, MIN_YEAR
from selfeval.domain.model import Report
from selfeval.domain.text import clean_text

if TYPE_CHECKING:  # only an annotation here; importing outline (and tomllib) costs the app's start-up
    from selfeval.domain.outline import OutlineTemplate


class ReportFieldError(UserError):
    """A unit name or a year the user typed cannot be used."""


def default_year(today: dt.date | None = None) -> int:
    """A self-evaluation is written early in the year about the year before."""
    return (today or dt.date.today()).year - 1


def parse_year(text: str | int) -> int:
    """The year the user typed (half- or full-width digits, an optional 「年」), checked."""
    raw = str(text).strip().translate(_FULL_WIDTH_DIGITS).removesuffix("年").removesuffix("年度").strip()
    if not raw:
        raise ReportFieldError("请填写年度。")
    if not raw.isascii() or not raw.isdigit():
        raise ReportFieldError(f"年度“{str(text).strip()}”不是有效的年份，请填写四位数字，例如 {default_year()}。")
    year = int(raw)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ReportFieldError(f"年度应在 {MIN_YEAR} 至 {MAX_YEAR} 之间。")
    return year


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def clean_unit_name(text: str) -> str:
    """单位全称: one line, control characters removed, required."""
    name = clean_text(text or "", multiline=False).text.strip()
    if not name:
        raise ReportFieldError("请填写单位全称。")
    if len(name) > MAX_UNIT_NAME_CHARS:
        raise ReportFieldError(f"单位全称不能超过 {MAX_UNIT_NAME_CHARS} 个字。")
    return name


def clean_unit_short(text: str, unit_name: str = "") -> str:
    """单位简称 (used in the title): one line; empty takes the full name."""
    short = clean_text(text or "", multiline=False).text.strip()
    if not short:
        short = unit_name.strip()
    if not short:
        raise ReportFieldError("请填写单位简称。")
    if len(short) > MAX_UNIT_SHORT_CHARS:
        raise ReportFieldError(f"单位简称不能超过 {MAX_UNIT_SHORT_CHARS} 个字。")
    return short


def new_report(template: OutlineTemplate, unit_name: str, unit_short: str, year: str | int) -> Report:
    """An empty report on ``template`` with the user's unit and year (checked, cleaned)."""
    name = clean_unit_name(unit_name)
    short = clean_unit_short(unit_short, name)
    return template.new_report(unit_name=name, unit_short=short, year=parse_year(year))


def carried_over(last: Report) -> tuple[Report, str]:
    """Next year's report from ``last`` and a Chinese sentence telling the user what to review."""
    if not last.year:
        raise ReportFieldError("所选报告没有填写年度，无法从上年报告新建；请先在“基本信息”中填写年度。")
    report = next_year_report(last)
    if report.year > MAX_YEAR:
        raise ReportFieldError(f"年度应在 {MIN_YEAR} 至 {MAX_YEAR} 之间。")
    review = len(figures_to_review(report))
    pending = len(figures_pending(report))
    message = f"已根据 {last.year} 年度报告新建 {report.year} 年度报告，正文和结构已全部复制。"
    if pending:
        message += (f"{pending} 项预算和指标数据已改为引用自评表，标记为“待填”：请在“自评表”页填写本年度的数值，"
                    "说明中随之更新。")
    if review:
        message += f"其中 {review} 项数据仍是上年数值，已标记为“待核对”，请逐项核对更新。"
    else:
        message += "请逐段核对并更新本年度的内容。"
    return report, message


def duplicated(report: Report) -> Report:
    """An independent copy of ``report`` (same unit and year; the list tells them apart by date)."""
    return report.copy()


def display_name(unit_short: str, unit_name: str, year: int) -> str:
    """How a report is named in messages: 「2024 年度 昌华街道」."""
    unit = unit_short or unit_name or "（未命名单位）"
    return f"{year} 年度 {unit}" if year else unit
