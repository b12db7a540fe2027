"""Checks across units (the batch 审核 adds them to every unit's own 审核): the same sentence in several units'
说明 (template text left in, or copied from a neighbour), a unit's figures far from its 主管部门's, and a
submission whose year is not the 汇总's."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from selfeval.domain.figures import format_decimal
from selfeval.domain.model import Report

# A sentence worth comparing: long enough that two units would not write it by chance.
MIN_SENTENCE_CHARS = 20
# A unit's 全年预算数 this many times above or below its 主管部门's median: a slip of 元/万元, or a wrong row.
FAR_FACTOR = Decimal(10)
MIN_UNITS_FOR_MEDIAN = 3
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class CrossFinding:
    """A finding of the batch 审核 that needs more than one unit to see."""

    unit_id: int
    rule: str  # "summary.copied_sentence", "summary.far_from_department", "summary.year", "summary.over_department"
    severity: str  # 错误 / 警告 / 提示 (the check engine's Severity values)
    place: str  # in words: 「说明 · 存在的主要问题」, 「自评表 · 全年预算数」, 「基本信息 · 年度」
    message: str
    excerpt: str = ""


def sentences(report: Report) -> Iterable[tuple[str, str]]:
    """(section heading, sentence) of the 说明, white space dropped; sentences naming the unit are its own."""
    names = {n for n in (report.unit_name.strip(), report.unit_short.strip()) if n}
    for section in report.sections:
        for part in _SENTENCE.findall(section.plain_text()):
            text = _SPACE.sub("", part)
            if len(text) >= MIN_SENTENCE_CHARS and not any(n in text for n in names):
                yield section.heading, text


def copied_sentences(reports: dict[int, Report], *, min_units: int = 2, shown: int = 3) -> list[CrossFinding]:
    """One finding per unit whose 说明 shares sentences with other units' (each sentence counted once per unit)."""
    owners: dict[str, set[int]] = defaultdict(set)
    where: dict[tuple[int, str], str] = {}
    for uid, report in reports.items():
        for heading, text in sentences(report):
            owners[text].add(uid)
            where.setdefault((uid, text), heading)
    shared: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for text, units in owners.items():
        if len(units) >= min_units:
            for uid in units:
                shared[uid].append((text, len(units) - 1))
    found = []
    for uid, items in shared.items():
        items.sort(key=lambda t: (-t[1], t[0]))
        text, others = items[0]
        heading = where[(uid, text)]
        more = f"等 {len(items)} 句" if len(items) > 1 else ""
        severity = "警告" if others >= 2 or len(items) >= 3 else "提示"
        found.append(CrossFinding(
            uid, "summary.copied_sentence", severity, f"说明 · {heading}",
            f"“{_short(text)}”{more}与另外 {others} 个单位的说明完全相同（可能是模板文字未改或照抄），请核对。",
            text))
    return found


def _median(values: list[Decimal]) -> Decimal:
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def far_from_department(units: list[tuple[int, str, str, Decimal | None]]) -> list[CrossFinding]:
    """``units``: (id, unit name, 主管部门, 全年预算数 in 万元). A unit whose budget is ``FAR_FACTOR`` times its
    department's median or more (or as many times less), and the department's own report (the unit whose
    name is the department's) with a budget smaller than its units' sum."""
    by_dept: dict[str, list[tuple[int, str, Decimal]]] = defaultdict(list)
    for uid, name, dept, budget in units:
        if dept and budget is not None and budget > 0:
            by_dept[dept].append((uid, name, budget))
    found = []
    for dept, members in by_dept.items():
        own = [m for m in members if m[1] == dept]
        others = [m for m in members if m[1] != dept]
        if own and others:
            total = sum((m[2] for m in others), Decimal(0))
            if own[0][2] < total:
                found.append(CrossFinding(own[0][0], "summary.over_department", "警告", "自评表 · 全年预算数",
                                          f"本部门全年预算数 {format_decimal(own[0][2])} 万元，小于所属 {len(others)} 个"
                                          f"单位之和 {format_decimal(total)} 万元，请核对。"))
        if len(others) < MIN_UNITS_FOR_MEDIAN:
            continue
        median = _median([m[2] for m in others])
        for uid, name, budget in others:
            if budget >= median * FAR_FACTOR or budget * FAR_FACTOR <= median:
                way = "高出" if budget > median else "低于"
                found.append(CrossFinding(
                    uid, "summary.far_from_department", "警告", "自评表 · 全年预算数",
                    f"全年预算数 {format_decimal(budget)} 万元，{way}{dept}所属单位的中位数"
                    f"（{format_decimal(median.quantize(Decimal('0.01')))} 万元）10 倍以上：是否把元当成了万元？"))
    return found


def main_year(years: Iterable[int]) -> int | None:
    """The year most submissions are of: the 汇总's year."""
    counted = Counter(y for y in years if y)
    return counted.most_common(1)[0][0] if counted else None


def year_findings(units: list[tuple[int, int, int | None]], year: int | None) -> list[CrossFinding]:
    """``units``: (id, report year, year the file was made or None). A report of another year than the
    汇总's; a file made before the year it reports on had ended."""
    found = []
    for uid, report_year, made in units:
        if year is not None and report_year != year:
            found.append(CrossFinding(uid, "summary.year", "错误", "基本信息 · 年度",
                                      f"报送的是 {report_year} 年度的报告，本汇总为 {year} 年度。"))
        elif made is not None and made <= report_year:
            found.append(CrossFinding(uid, "summary.year_early", "提示", "基本信息 · 年度",
                                      f"{report_year} 年度的报告于 {made} 年制作，年度尚未结束，数字可能不全。"))
    return found


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
