"""Reading the 自评表 from a Word document's tables: the form ``export/table_docx.py`` writes (the national column
layout: the header and budget table, then 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施, with a
评分标准 column before the last for a framework's table),
whether this program wrote it or a clerk typed it in Word. Each cell is read as if typed in the 自评表 tab
(``domain.table.rows.set_cell``) onto the report's own indicator tree; problems are listed in Chinese.
The 说明's text import (``file_import``) keeps reading tables as paragraphs; this reads the numbers."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from decimal import Decimal
from typing import NamedTuple

from selfeval.domain.table.form import BUDGET_HEADERS, GOALS_LABELS, HEADER_LABELS, INDICATOR_HEADERS, RULE_HEADER
from selfeval.domain.table.model import BudgetRowKey, Indicator, Override, SelfEvalTable
from selfeval.domain.table.rows import CellError, RowRef, parse_budget_cell, parse_cell_number, set_cell
from selfeval.domain.table.scoring import points, score_table
from selfeval.domain.text import clean_text
from selfeval.importers.errors import ImportError_
from selfeval.importers.safe_zip import check_package

# "≥5000人次", "=100%", "9170万元": the nature, the number and the unit of a quantitative cell.
_VALUE = re.compile(r"^(?P<nature>[=≥≤]|>=|<=)?\s*(?P<num>\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>\S{0,10})$")
_REASON = "得分说明："
_WITH_RULES = INDICATOR_HEADERS[:-1] + (RULE_HEADER, INDICATOR_HEADERS[-1])
TOTAL_LABEL = "总分"


def _open(data: bytes):
    """python-docx's document, after the package is checked (zip bombs); ``ImportError_`` for a damaged file."""
    import docx

    check_package(data)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-docx and zipfile raise many kinds for a damaged package
        raise ImportError_("Word 文档已损坏或不完整，无法读取。") from None


def _text(cell) -> str:
    return clean_text(cell.text).text.strip()


def _rows(table) -> list[list[str]]:
    """Each row's cells as text; a merged cell repeats in every grid column (and row) it covers."""
    return [[_text(c) for c in row.cells] for row in table.rows]


class DocxTable(NamedTuple):
    table: SelfEvalTable | None  # None: the document has no 自评表
    problems: list[str]  # what could not be read (the caller then uses none of it)
    unit_name: str = ""  # 部门（单位）名称 as the form states it
    year: int | None = None  # from 「（2024年度）」


_YEAR = re.compile(r"^（(\d{4})年度）$")


def read_table_docx(data: bytes, base: SelfEvalTable) -> DocxTable:
    """The 自评表 of the document (on ``base``'s tree and rules), with the unit and year its form states."""
    document = _open(data)
    head = body = None
    for t in document.tables:
        rows = _rows(t)
        if head is None and any(r[1:4] == list(BUDGET_HEADERS[1:4]) for r in rows):
            head = rows
        if body is None and rows and rows[0][:len(INDICATOR_HEADERS)] == list(INDICATOR_HEADERS):
            body = rows
        elif body is None and rows and rows[0][:len(INDICATOR_HEADERS) + 1] == list(_WITH_RULES):
            body = rows  # a framework's table: its 评分标准 column read back (rules.rule_from_words)
    if head is None and body is None:
        return DocxTable(None, [])
    problems: list[str] = []
    table = base
    unit, year = "", None
    if head is not None:
        table = _head(head, table, problems)
        for row in head:
            if row and row[0] == HEADER_LABELS[0][0] and len(row) > 1:
                unit = row[1]
            found = _YEAR.match(row[0]) if row else None
            if found:
                year = int(found.group(1))
    if body is not None:
        table = _on_framework(table, body)
        table = _body(body, table, problems, with_rules=body[0][:len(_WITH_RULES)] == list(_WITH_RULES))
    return DocxTable(table, problems, unit, year)


def _head(rows: list[list[str]], table: SelfEvalTable, problems: list[str]) -> SelfEvalTable:
    labels = {key.label: key for key in BudgetRowKey}
    budget = table.budget
    for i, row in enumerate(rows):
        if row and row[0] == HEADER_LABELS[0][0] and HEADER_LABELS[0][1] in row:
            at = row.index(HEADER_LABELS[0][1])
            table = replace(table, supervisor=next((c for c in row[at + 1:] if c != HEADER_LABELS[0][1]), ""))
        elif row and row[0] in labels:
            key = labels[row[0]]
            try:
                values = {attr: parse_budget_cell(row[1 + j], f"“{key.label}”的{BUDGET_HEADERS[1 + j]}")
                          for j, attr in enumerate(("initial", "budget", "spent"))}
                budget = budget.with_row(replace(budget.row(key), **values))
            except (CellError, IndexError) as exc:
                problems.append(f"自评表“{key.label}”：{exc}")
        elif row and row[0] == GOALS_LABELS[0] and GOALS_LABELS[1] in row and i + 1 < len(rows):
            values = rows[i + 1]
            table = replace(table, goal_expected=values[1] if len(values) > 1 else "",
                            goal_achieved=values[-1] if len(values) > 4 else "")
    return table.with_budget(budget)


def _on_framework(table: SelfEvalTable, body: list[list[str]]) -> SelfEvalTable:
    """``table`` moved onto the bundled framework the document's 一级/二级 names belong to, when they are not the
    report's own (a unit on another framework: the tree and the rules are the framework's)."""
    from selfeval.bundled.frameworks import bundled_frameworks
    from selfeval.domain.table.template import detect_framework, switch_framework

    rows = [r for r in body[1:] if r and r[0] and r[0] != TOTAL_LABEL]
    groups = list(dict.fromkeys(r[0] for r in rows))
    if all(g in {x.name for x in table.groups} for g in groups):
        return table
    categories = list(dict.fromkeys(r[1] for r in rows if len(r) > 1 and r[1]))
    names = [r[2] for r in rows if len(r) > 2 and r[2]]
    framework = detect_framework(bundled_frameworks().values(), groups, categories, names)
    return table if framework is None else switch_framework(table, framework)[0]


def _split(text: str) -> tuple[str, str, str] | None:
    """(nature, number, unit) of a quantitative cell, or None for a qualitative one."""
    found = _VALUE.match(text.replace(" ", ""))
    if not found:
        return None
    return found.group("nature") or "", found.group("num").replace(",", "").replace("，", ""), found.group("unit")


def _body(rows: list[list[str]], table: SelfEvalTable, problems: list[str], *, with_rules: bool) -> SelfEvalTable:
    groups = {g.name: gi for gi, g in enumerate(table.groups)}
    table = replace(table, groups=tuple(replace(g, categories=tuple(replace(c, indicators=()) for c in g.categories))
                                        for g in table.groups))
    scores = []
    for n, row in enumerate(rows[1:], start=2):
        if not row or row[0] == TOTAL_LABEL:
            break
        row = row + [""] * (len(_WITH_RULES) - len(row))
        if with_rules:
            group_name, category_name, name, target, actual, weight, score, rule, analysis = row[:9]
        else:
            (group_name, category_name, name, target, actual, weight, score, analysis), rule = row[:8], ""
        if not name and not target and not actual:
            continue
        # a narrow (portrait) column prints a level's name over lines: 「产出\n指标」
        group_name, category_name = group_name.replace("\n", ""), category_name.replace("\n", "")
        if group_name not in groups:
            problems.append(f"自评表第 {n} 行：一级指标“{group_name}”不在本报告的指标体系中。")
            continue
        gi = groups[group_name]
        names = [c.name for c in table.groups[gi].categories]
        if category_name not in names:
            problems.append(f"自评表第 {n} 行：二级指标“{category_name}”不在“{group_name}”之下。")
            continue
        ci = names.index(category_name)
        reason = ""
        if _REASON in analysis:
            analysis, _, reason = analysis.partition(_REASON)
            analysis = analysis.strip()
        rows_before = table.groups[gi].categories[ci].indicators
        ref = RowRef(gi, ci, len(rows_before))
        table = table.with_indicators(gi, ci, rows_before + (Indicator(),))
        split_target, split_actual = _split(target), _split(actual)
        cells = [("name", name)]
        if split_target is not None and split_target[0]:
            cells += [("nature", split_target[0]), ("unit", split_target[2]), ("target", split_target[1]),
                      ("actual", split_actual[1] if split_actual else actual)]
        elif not target and (not actual or split_actual is not None):  # the form prints no nature without a target
            if split_actual is not None:
                cells += [("unit", split_actual[2]), ("actual", split_actual[1])]
        else:
            cells += [("nature", "定性"), ("target", target), ("actual", actual)]
        cells += [("weight", weight), ("analysis", analysis)] + ([("rule", rule)] if rule else [])
        try:
            for key, value in cells:
                table, ref = set_cell(table, ref, key, value)
        except CellError as exc:
            problems.append(f"自评表第 {n} 行（{name}）：{exc}")
            continue
        scores.append((n, ref, score, reason.strip()))
    computed = score_table(table)
    flat = [RowRef(gi, ci, ii) for gi, g in enumerate(table.groups) for ci, c in enumerate(g.categories)
            for ii in range(len(c.indicators))]
    for n, ref, score, reason in scores:
        if not score.endswith("*"):
            continue  # a score the rules give: computed again from the cells
        try:
            value = parse_cell_number(score.rstrip("*"), "分", what="得分")
        except CellError as exc:
            problems.append(f"自评表第 {n} 行：{exc}")
            continue
        rule = computed.indicators[flat.index(ref)].computed
        if value is None or (rule is not None and points(rule) == value and not reason):
            continue
        rows_now = list(table.groups[ref.group].categories[ref.category].indicators)
        rows_now[ref.index] = replace(rows_now[ref.index], override=Override(Decimal(value), reason))
        table = table.with_indicators(ref.group, ref.category, tuple(rows_now))
    return table


def without_table(data: bytes) -> bytes:
    """The document without its 自评表 (the form's tables and the empty paragraphs between them), so that the 说明's
    import reads the 说明 alone; the document unchanged when it has no 自评表."""
    document = _open(data)
    dropped = 0
    for t in document.tables:
        rows = _rows(t)
        if any(r[1:4] == list(BUDGET_HEADERS[1:4]) for r in rows) or (rows and (
                rows[0][:len(INDICATOR_HEADERS)] == list(INDICATOR_HEADERS)
                or rows[0][:len(_WITH_RULES)] == list(_WITH_RULES))):
            element = t._tbl
            after = element.getnext()
            element.getparent().remove(element)
            dropped += 1
            if after is not None and after.tag.endswith("}p") and not "".join(after.itertext()).strip():
                after.getparent().remove(after)
    if not dropped:
        return data
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
