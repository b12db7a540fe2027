"""An exchange file is untrusted input: anyone can change one and compute its checksum again.

Before anything of it is merged or stored, ``checked(exchange)`` holds it to what the program itself
could have written: the JSON no deeper than ``MAX_DEPTH`` (checked on the parsed document, without
recursion), years within the year rule (2000–2100, or 0 for a report without one yet), every amount,
score and weight a finite Decimal within the 自评表's limits (no Infinity, NaN, 1e400), every number an
id could be within SQLite's integers, every text of the right type and length, and cleaned as typed text
is (``domain.text.clean_text``: control characters, bidirectional controls, terminal codes). The first
field that breaks a rule is named in one Chinese line; nothing of the file is stored.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from selfeval.domain.errors import UserError
from selfeval.domain.fields import MIN_YEAR, MAX_YEAR, REPORT_FIELDS, TEXT, TEXT_FIELDS
from selfeval.domain.figures import Figure
from selfeval.domain.model import Entry, Report, Section
from selfeval.domain.text import MAX_SECTION_CHARS, clean_text
from selfeval.exchange.errors import ExchangeError

MAX_DEPTH = 32  # the program writes at most about 10 levels (document › content › report › table › …)
MAX_ID = 2**63 - 1  # SQLite's largest integer
MAX_KEY_CHARS = 200  # a section key, a table item key, a history hash
MAX_HEADING_CHARS = 500
MAX_SECTIONS = 1000
MAX_ENTRIES = 10_000
MAX_HISTORY = 1_000_000
MAX_SECTION_LEVEL = 9


def refused(field: str, problem: str) -> ExchangeError:
    return ExchangeError(f"交换文件中的“{field}”{problem}，该文件不是本程序正常导出的，未导入任何内容。")


def check_depth(document: Any, limit: int = MAX_DEPTH) -> None:
    """Raises ExchangeError when the JSON document nests deeper than ``limit`` (walked without recursion)."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            raise ExchangeError(f"交换文件的结构嵌套超过 {limit} 层，该文件不是本程序正常导出的，未导入任何内容。")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def whole_number(value: Any, field: str, low: int = 0, high: int = MAX_ID) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise refused(field, f"应为 {low} 至 {high} 之间的整数")
    return value


def year(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not (value == 0 or MIN_YEAR <= value <= MAX_YEAR):
        shown = str(value) if isinstance(value, int) and len(str(value)) <= 20 else "过大或不是数字"
        raise refused(field, f"（{shown}）不是 {MIN_YEAR} 至 {MAX_YEAR} 之间的年份")
    return value


def text(value: Any, field: str, limit: int, *, multiline: bool = False) -> str:
    """``value`` as typed text would be stored: a str, cleaned, at most ``limit`` characters."""
    if not isinstance(value, str):
        raise refused(field, "不是文字")
    if len(value) > limit:
        raise refused(field, f"超过 {limit} 个字")
    return clean_text(value, multiline=multiline).text


def amount(value: Decimal | None, field: str) -> None:
    from selfeval.domain.table.checks import MAX_MAGNITUDE

    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite() or abs(value) >= MAX_MAGNITUDE:
        raise refused(field, "的数值超出了可以处理的范围（不能是无穷大、非数字或过大的数）")


def _figure(fig: Figure, where: str) -> Figure:
    field = f"{where} › 数字“{fig.name}”"
    amount(fig.value, field)
    return fig._replace(name=text(fig.name, field, MAX_KEY_CHARS), unit=text(fig.unit, field, MAX_KEY_CHARS),
                        formula=text(fig.formula, field, MAX_HEADING_CHARS),
                        source=text(fig.source, field, MAX_HEADING_CHARS))


def _section(section: Section) -> Section:
    key = text(section.key, "章节代号", MAX_KEY_CHARS)
    where = f"章节“{section.heading if isinstance(section.heading, str) else key}”"[:MAX_HEADING_CHARS]
    if len(section.entries) > MAX_ENTRIES or len(section.figures) > MAX_ENTRIES:
        raise refused(where, f"的条目超过 {MAX_ENTRIES} 条")
    whole_number(section.level, f"{where} › 级别", 1, MAX_SECTION_LEVEL)
    entries = [Entry(text(e.lead, f"{where} › 条目", MAX_HEADING_CHARS),
                     text(e.text, f"{where} › 条目", MAX_SECTION_CHARS, multiline=True)) for e in section.entries]
    prompts = {text(k, f"{where} › 提示", MAX_KEY_CHARS): text(v, f"{where} › 提示", MAX_HEADING_CHARS, multiline=True)
               for k, v in section.prompts.items()}
    return section.copy_with(
        key=key, heading=text(section.heading, f"{where} › 标题", MAX_HEADING_CHARS),
        intro=text(section.intro, f"{where} › 导语", MAX_SECTION_CHARS, multiline=True),
        hint=text(section.hint, f"{where} › 说明", MAX_SECTION_CHARS, multiline=True),
        entries=entries, figures=[_figure(f, where) for f in section.figures], prompts=prompts)


def _decimals(value: Any) -> list[Decimal | None]:
    """Every Decimal in a table's dataclass tree (weights, scores, rules' percentages, amounts)."""
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Decimal):
            found.append(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
        elif isinstance(item, (tuple, list)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return found


def _table(report: Report) -> None:
    from selfeval.domain.table.checks import table_errors

    try:
        table = report.table
    except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError):
        raise refused("自评表", "无法读取（数值或结构不对）") from None
    for value in _decimals(table):
        amount(value, "自评表")
    errors = table_errors(table)
    if errors:
        raise refused("自评表", f"有误：{errors[0].rstrip('。')}")


def checked_report(report: Report) -> Report:
    """``report`` as the program could have written it, text cleaned; ExchangeError naming the first bad field."""
    if len(report.sections) > MAX_SECTIONS:
        raise refused("章节", f"超过 {MAX_SECTIONS} 个")
    changes: dict[str, Any] = {}
    for field in REPORT_FIELDS:
        if field.kind == TEXT and field.name in TEXT_FIELDS:
            changes[field.name] = text(getattr(report, field.name), field.label, field.max_chars)
    year(report.year, "报告 › 年度")
    if not isinstance(report.template_id, str) or len(report.template_id) > MAX_KEY_CHARS:
        raise refused("大纲模板", "不对")
    _table(report)
    try:
        REPORT_FIELDS_BY_NAME["explanations"].validate(report.explanations)
    except (UserError, TypeError):
        raise refused("审核说明", "含有无法保存的内容") from None
    changes["sections"] = [_section(s) for s in report.sections]
    return report.copy_with(**changes)


REPORT_FIELDS_BY_NAME = {f.name: f for f in REPORT_FIELDS}


def histories(value: dict[str, tuple[str, ...]], field: str) -> None:
    if len(value) > MAX_HISTORY:
        raise refused(field, "过多")
    for key, hashes in value.items():
        if len(key) > MAX_KEY_CHARS or len(hashes) > MAX_HISTORY:
            raise refused(field, "过长")
        if any(len(h) > MAX_KEY_CHARS for h in hashes):
            raise refused(field, "过长")
