"""One overview row per unit (its report scored and checked alone), and the totals under the table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from selfeval.domain.figures import FigureKind, format_decimal, round_percent
from selfeval.domain.model import Report
from selfeval.domain.table.figures import in_unit, source_amount
from selfeval.domain.table.model import SelfEvalTable
from selfeval.domain.table.scoring import GRADES, score_table
from selfeval.domain.text import char_count

UNFINISHED = "未完成"
GRADE_ORDER = tuple(name for _, name in GRADES) + (UNFINISHED,)  # 优 良 中 差 未完成
LOW_RATE = Decimal(90)
HUNDRED = Decimal(100)

# A 说明 figure that states a value of the table's 年度资金总额 row, by its name (reports made before figures
# carried a ``source``, or a figure the clerk named himself).
FIGURE_SOURCES = {"已用金额": "全年执行数", "执行数": "全年执行数", "全年执行数": "全年执行数", "支出金额": "全年执行数",
                  "预算金额": "全年预算数", "预算数": "全年预算数", "全年预算数": "全年预算数",
                  "年初预算数": "年初预算数", "执行率": "执行率", "预算执行率": "执行率"}

AGREE, DISAGREE, NOT_COMPARED = "一致", "不一致", "—"


@dataclass(frozen=True)
class Agreement:
    """Whether the 说明's figures say what the 自评表 says."""

    status: str  # 一致 / 不一致 / —
    details: tuple[str, ...] = ()  # one sentence per figure that disagrees


@dataclass(frozen=True)
class UnitRow:
    id: int
    unit: str
    department: str
    year: int
    score: Decimal | None  # None: the 自评表 is not complete (「未完成」)
    grade: str  # 优/良/中/差 or 未完成
    budget: Decimal | None  # 全年预算数, 万元
    spent: Decimal | None  # 全年执行数, 万元
    rate: Decimal | None  # 执行率 in percent
    errors: int
    warnings: int
    hints: int
    words: int
    agreement: Agreement
    submitted: dt.date
    source_name: str = ""
    incomplete: tuple[str, ...] = field(default=(), compare=False)  # why the score is 未完成
    cross_errors: int = 0  # 错误 / 警告 of the cross-unit checks (copied sentences, far figures, year)
    cross_warnings: int = 0

    @property
    def score_text(self) -> str:
        return UNFINISHED if self.score is None else format_decimal(self.score)

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{format_decimal(round_percent(self.rate, 2))}%"


def money_text(value: Decimal | None) -> str:
    """An amount as the 自评表 prints it (two decimals), or 「—」."""
    return "—" if value is None else format_decimal(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def table_complete(table: SelfEvalTable) -> tuple[bool, tuple[str, ...]]:
    """A 自评表 whose total means something: budget and spent filled, indicators filled and weighted to 100."""
    missing = []
    total = table.budget.total
    if total.rate is None:
        missing.append("全年预算数或全年执行数未填")
    indicators = table.indicators()
    if not indicators:
        missing.append("没有三级指标")
    score = score_table(table)
    if score.weights != HUNDRED or any(
            sum((i.weight or 0 for c in g.categories for i in c.indicators), Decimal(0)) != g.weight
            for g in table.groups):
        missing.append("分值合计不是 100 分")
    if any(s.final is None for s in score.indicators):
        missing.append("有三级指标未填完成值")
    return not missing, tuple(missing)


def figures_agreement(report: Report, table: SelfEvalTable) -> Agreement:
    """Compare each 说明 figure that states a 自评表 value (by its ``source`` or its name) with the table."""
    compared, details = 0, []
    for section in report.sections:
        for fig in section.figures:
            source = fig.source or FIGURE_SOURCES.get(fig.name.strip())
            if not source or fig.value is None:
                continue
            amount = source_amount(table, source)
            if amount is None:
                continue
            compared += 1
            if fig.source:  # the text quotes the table: it prints the table's value
                continue
            value = in_unit(amount, fig.unit)
            if value is None:
                details.append(f"“{section.heading}”的{fig.name}单位为{fig.unit or '（无）'}，与自评表不可比。")
                continue
            if fig.kind is FigureKind.PERCENT or amount.unit == "%":
                exponent = fig.value.as_tuple().exponent
                places = max(0, -exponent) if isinstance(exponent, int) else 2
                value = round_percent(value, places)
            elif value.quantize(Decimal("0.01"), ROUND_HALF_UP) == fig.value.quantize(Decimal("0.01"), ROUND_HALF_UP):
                continue
            if value != fig.value:
                details.append(f"“{section.heading}”写{fig.name} {format_decimal(fig.value)}{fig.unit}，"
                               f"自评表为 {format_decimal(round_percent(amount.value, 2) if amount.unit == '%' else amount.value)}{amount.unit}。")
    if not compared:
        return Agreement(NOT_COMPARED)
    return Agreement(DISAGREE if details else AGREE, tuple(details))


def report_words(report: Report) -> int:
    """Characters of the 说明 as printed, as a clerk counts them (no white space)."""
    return sum(char_count(s.plain_text()) for s in report.sections)


def unit_row(row_id: int, report: Report, department: str, submitted: dt.date, counts: tuple[int, int, int],
             source_name: str = "") -> UnitRow:
    """The overview row of one unit. ``counts``: open 错误, 警告, 提示 of its 审核."""
    table = report.table
    total = table.budget.total
    complete, missing = table_complete(table)
    score = score_table(table) if complete else None
    return UnitRow(
        id=row_id, unit=report.unit_name, department=department or table.supervisor, year=report.year,
        score=None if score is None else score.total, grade=UNFINISHED if score is None else score.grade,
        budget=total.budget, spent=total.spent, rate=total.rate, errors=counts[0], warnings=counts[1],
        hints=counts[2], words=report_words(report), agreement=figures_agreement(report, table),
        submitted=submitted, source_name=source_name, incomplete=missing)


# -- filters and sorting ---------------------------------------------------------------------------------
FILTERS = {
    "errors": ("只看有错误的单位", lambda r: r.errors + r.cross_errors > 0),
    "low-rate": ("执行率低于 90%", lambda r: r.rate is not None and r.rate < LOW_RATE),
    "below-good": ("等级低于良（中、差或未完成）", lambda r: r.grade not in ("优", "良")),
}


def _none_last(value):
    return (value is None, value if value is not None else 0)


SORT_KEYS = {
    "单位": lambda r: r.unit,
    "主管部门": lambda r: (r.department, r.unit),
    "年度": lambda r: r.year,
    "总分": lambda r: _none_last(r.score),
    "等级": lambda r: GRADE_ORDER.index(r.grade) if r.grade in GRADE_ORDER else len(GRADE_ORDER),
    "预算数": lambda r: _none_last(r.budget),
    "执行数": lambda r: _none_last(r.spent),
    "执行率": lambda r: _none_last(r.rate),
    "错误": lambda r: r.errors + r.cross_errors,
    "警告": lambda r: r.warnings,
    "字数": lambda r: r.words,
    "报送日期": lambda r: r.submitted,
}


def filtered(rows: list[UnitRow], *names: str) -> list[UnitRow]:
    for name in names:
        test = FILTERS[name][1]
        rows = [r for r in rows if test(r)]
    return rows


def sorted_rows(rows: list[UnitRow], key: str, descending: bool = False) -> list[UnitRow]:
    return sorted(rows, key=SORT_KEYS[key], reverse=descending)


# -- totals ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Totals:
    units: int
    scored: int  # units whose 自评表 is complete
    grades: dict[str, int]  # 优 良 中 差 未完成 → number of units
    budget: Decimal  # 全年预算数 added up (万元)
    spent: Decimal
    rate: Decimal | None  # spent / budget over all units: the rate weighted by budget
    mean_rate: Decimal | None  # the plain mean of the units' rates
    mean_score: Decimal | None  # plain mean of the scored units' totals
    weighted_score: Decimal | None  # mean of the scores weighted by each unit's budget
    rate_range: tuple[Decimal, Decimal] | None
    score_range: tuple[Decimal, Decimal] | None
    errors: int
    warnings: int
    units_with_errors: int
    low_rate: int  # units under 90 %
    disagreeing: int  # units whose 说明 figures disagree with the table
    words: int
    departments: int

    def lines(self) -> list[str]:
        """The totals in words (under the table, in the CLI, in the 汇总报告)."""
        pct = lambda v: "—" if v is None else f"{format_decimal(round_percent(v, 2))}%"
        pts = lambda v: "—" if v is None else format_decimal(v.quantize(Decimal('0.01'), ROUND_HALF_UP))
        grades = "，".join(f"{g} {n} 个" for g, n in self.grades.items() if n)
        lines = [f"单位 {self.units} 个（主管部门 {self.departments} 个），已完成自评表 {self.scored} 个；等级：{grades or '—'}。",
                 f"全年预算数合计 {format_decimal(self.budget)} 万元，全年执行数合计 {format_decimal(self.spent)} 万元，"
                 f"总体执行率 {pct(self.rate)}（按预算加权；各单位简单平均 {pct(self.mean_rate)}）。",
                 f"平均自评得分 {pts(self.mean_score)} 分（按预算加权 {pts(self.weighted_score)} 分）。"]
        if self.rate_range:
            lines.append(f"执行率 {pct(self.rate_range[0])}～{pct(self.rate_range[1])}；执行率低于 90% 的单位 {self.low_rate} 个。")
        if self.score_range:
            lines.append(f"自评得分 {pts(self.score_range[0])}～{pts(self.score_range[1])} 分。")
        lines.append(f"审核（含跨单位检查）：错误 {self.errors} 条（{self.units_with_errors} 个单位），警告 {self.warnings} 条；"
                     f"说明与自评表数字不一致的单位 {self.disagreeing} 个。")
        return lines


def totals(rows: list[UnitRow]) -> Totals:
    budget = sum((r.budget for r in rows if r.budget is not None), Decimal(0))
    spent = sum((r.spent for r in rows if r.spent is not None), Decimal(0))
    both = [r for r in rows if r.budget is not None and r.spent is not None and r.budget > 0]
    b_both = sum((r.budget for r in both), Decimal(0))
    rate = sum((r.spent for r in both), Decimal(0)) / b_both * HUNDRED if b_both else None
    rates = [r.rate for r in rows if r.rate is not None]
    scored = [r for r in rows if r.score is not None]
    weighted = [r for r in scored if r.budget is not None and r.budget > 0]
    w_sum = sum((r.budget for r in weighted), Decimal(0))
    grades = {g: 0 for g in GRADE_ORDER}
    for r in rows:
        grades[r.grade] = grades.get(r.grade, 0) + 1
    return Totals(
        units=len(rows), scored=len(scored), grades=grades, budget=budget, spent=spent, rate=rate,
        mean_rate=sum(rates, Decimal(0)) / len(rates) if rates else None,
        mean_score=sum((r.score for r in scored), Decimal(0)) / len(scored) if scored else None,
        weighted_score=sum((r.score * r.budget for r in weighted), Decimal(0)) / w_sum if w_sum else None,
        rate_range=(min(rates), max(rates)) if rates else None,
        score_range=(min(r.score for r in scored), max(r.score for r in scored)) if scored else None,
        errors=sum(r.errors + r.cross_errors for r in rows), warnings=sum(r.warnings + r.cross_warnings for r in rows),
        units_with_errors=sum(1 for r in rows if r.errors + r.cross_errors), low_rate=sum(1 for r in rows if r.rate is not None and r.rate < LOW_RATE),
        disagreeing=sum(1 for r in rows if r.agreement.status == DISAGREE), words=sum(r.words for r in rows),
        departments=len({r.department for r in rows if r.department}))


@dataclass(frozen=True)
class DepartmentTotal:
    department: str
    units: int
    budget: Decimal
    spent: Decimal
    rate: Decimal | None  # weighted by budget
    mean_score: Decimal | None
    errors: int


def department_totals(rows: list[UnitRow]) -> list[DepartmentTotal]:
    """One line per 主管部门 (its units' sums; units without one under 「（未填主管部门）」), by name."""
    by_dept: dict[str, list[UnitRow]] = {}
    for r in rows:
        by_dept.setdefault(r.department or "（未填主管部门）", []).append(r)
    out = []
    for dept in sorted(by_dept):
        t = totals(by_dept[dept])
        out.append(DepartmentTotal(dept, t.units, t.budget, t.spent, t.rate, t.mean_score, t.errors))
    return out
