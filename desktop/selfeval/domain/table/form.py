"""The printed 自评表 form (self-eval-table.md §1): its title and column heads, shared by the .docx and the
page estimate (``table_pages``); and the .xlsx sheet's heads and layout, shared by its export and its import."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from selfeval.domain.table.budget import BUDGET_HEADS

TITLE = "部门整体支出绩效自评表"
INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
BUDGET_HEADERS = ("",) + BUDGET_HEADS[:6]  # the printed form has no 改分理由 column
HEADER_LABELS = (("部门（单位）名称", "主管部门"), ("联系人", "联系电话"), ("自评总分", "等级"))
BUDGET_TITLE = "预算执行情况（万元）"
GOALS_LABELS = ("年度总体目标", "预期目标", "实际完成情况")

RULE_HEADER = "评分标准"


def has_rules(table) -> bool:
    """Whether any indicator carries a scoring rule of its own (a framework's): the printed table then has a
    「评分标准」 column; a table scored by 指标性质 alone prints the national form's eight columns."""
    return any(ind.rule is not None for _, _, ind in table.indicators())


def indicator_headers(table) -> tuple[str, ...]:
    if not has_rules(table):
        return INDICATOR_HEADERS
    return INDICATOR_HEADERS[:-1] + (RULE_HEADER, INDICATOR_HEADERS[-1])


def rule_cell(ind, rules) -> str:
    """The 评分标准 cell: the indicator's rule in words (scoring.rule_text)."""
    from selfeval.domain.table.scoring import rule_text

    return rule_text(ind, rules)


def analysis_cell(ind) -> str:
    """The last column of an indicator's printed row: the 偏差原因分析, and a hand score's reason."""
    text = ind.analysis
    if ind.override is not None and ind.override.reason.strip():
        text = (text + "\n" if text else "") + f"得分说明：{ind.override.reason.strip()}"
    return text


# The .xlsx sheet (export/table_xlsx.py writes it, importers/table_xlsx.py reads it back): its budget heads,
# where each block starts, its last column and the 总分 row's label, in one place for both.
SHEET_BUDGET_HEADERS = BUDGET_HEADS  # written once: domain/table/budget.py
SHEET_TOTAL_LABEL = "总分"


@dataclass(frozen=True)
class SheetLayout:
    """Where the sheet's blocks start (1-based rows); columns: A.. as ``rows.INDICATOR_COLUMNS`` (L: 评分标准, the
    rule in words, since issue 20; a file without it is still read)."""

    header_rows: tuple[int, int, int] = (3, 4, 5)  # 单位名称/主管部门, 联系人/电话, 总分/等级
    budget_header: int = 6  # C6.. SHEET_BUDGET_HEADERS; rows 7–10 the four budget rows (B: their labels)
    goals_header: int = 11  # B11 预期目标, G11 实际完成情况; row 12 their text
    indicator_header: int = 13  # A13..K13 INDICATOR_COLUMNS; rows below: one per tree row, then 总分

    @property
    def budget_rows(self) -> range:
        from selfeval.domain.table.model import BudgetRowKey

        return range(self.budget_header + 1, self.budget_header + 1 + len(BudgetRowKey))

    @property
    def goals_row(self) -> int:
        return self.goals_header + 1

    @property
    def last_column(self) -> int:
        """The sheet's last column (L): one per indicator column."""
        from selfeval.domain.table.rows import INDICATOR_COLUMNS

        return len(INDICATOR_COLUMNS)


SHEET_LAYOUT = SheetLayout()


# -- Column widths fitted to the content (issue 23) ---------------------------------------------------------
# The form is one table: the header block (名称 | value | 主管部门 | value), the budget block, the goals and the
# indicator rows each have their own columns, all as wide as the text block. Labels get the width their text
# needs on one line (「部门（单位）名称」, 「主管部门」, 「联系电话」, every 二级指标 up to CATEGORY_MAX_UNITS); the
# columns of free text share the rest.
SIGN_LABELS = ("填报人", "审核人", "单位负责人", "填报日期")
SEAL_LABEL = "单位（盖章）"
CATEGORY_MAX_UNITS = 7  # 「可持续影响指标」 on one line; 「服务对象满意度指标」 wraps
GROUP_SUFFIX = "指标"
FIT_SLACK_MM = Decimal("0.6")  # a fitted text never wraps on a rounding
# The least a column of free text gets (its head in two or three lines), in characters.
_LEAST_UNITS = {"name": 3, "target": 3, "actual": 3, "rule": 4, "analysis": 4}
_SHARE_FLOOR = 12  # characters every column counts as text, so that an empty table still has even columns


def text_units(text: str) -> Decimal:
    """A text's width in characters of the cell size: Chinese, full-width, 「“”‘’≥≤」 and 「%」 (wide
    in Chinese fonts) 1, the rest ½."""
    return sum((Decimal(1) if ord(ch) > 0x2E7F or ch in _WIDE else Decimal("0.5")) for ch in text) or Decimal(0)


_WIDE = frozenset("“”‘’…—≥≤×÷%")  # wide in the cell fonts (「%」 0.83 em in Times New Roman)


def fit_mm(units: Decimal | int) -> Decimal:
    """The width of a cell that holds ``units`` characters of the cell size on one line."""
    from selfeval.domain import layout

    return Decimal(units) * _char_mm() + 2 * layout.TABLE_CELL_MARGIN_MM + FIT_SLACK_MM


def _char_mm() -> Decimal:
    from selfeval.domain import layout

    return layout.TABLE_SIZE_PT * Decimal("25.4") / 72


def group_label(name: str, per_line: Decimal) -> str:
    """A 一级指标 as its narrow column prints it: 「产出\\n指标」 when the name does not fit one line."""
    if text_units(name) <= per_line or not name.endswith(GROUP_SUFFIX) or len(name) <= len(GROUP_SUFFIX):
        return name
    return name[: -len(GROUP_SUFFIX)] + "\n" + GROUP_SUFFIX


def sign_line(report) -> tuple[str, str]:
    """The two lines under the form: who filled, checked and answers for it (room to sign by hand), then
    the unit's seal and the date (the report's 落款日期 when set; else blanks for the day it is signed)."""
    gap = "\u3000" * 6
    names = f"{SIGN_LABELS[0]}：{gap}{SIGN_LABELS[1]}：{gap}{SIGN_LABELS[2]}：{gap}"
    when = report.sign_date
    date = f"{when.year}年{when.month}月{when.day}日" if when else f"{chr(0x3000) * 3}年{chr(0x3000) * 2}月{chr(0x3000) * 2}日"
    return names, f"{SEAL_LABEL}：{gap * 2}{SIGN_LABELS[3]}：{date}"


class FormWidths(NamedTuple):
    """Each block's column widths in mm (summing to the text width)."""

    head: tuple[Decimal, ...]  # 部门（单位）名称 | value | 主管部门 | value (联系人, 自评总分 rows alike)
    budget: tuple[Decimal, ...]  # BUDGET_HEADERS
    goals: tuple[Decimal, ...]  # 年度总体目标 | 预期目标 | 实际完成情况
    indicators: tuple[Decimal, ...]  # indicator_headers(table)
    group_units: Decimal  # characters per line of the 一级 column


def form_widths(table, width_mm: Decimal, landscape: bool) -> FormWidths:
    label = fit_mm(max(text_units(first) for first, _ in HEADER_LABELS))
    label2 = fit_mm(max(text_units(second) for _, second in HEADER_LABELS))
    rest = width_mm - label - label2
    head_value = (rest * Decimal("0.55")).quantize(Decimal("0.1"))
    head = (label, head_value, label2, rest - head_value)
    points = fit_mm(2)
    money_col = (width_mm - label - points) / 5
    budget = (label, money_col, money_col, money_col, points, money_col, width_mm - label - points - 4 * money_col)
    half = ((width_mm - label) / 2).quantize(Decimal("0.1"))
    goals = (label, half, width_mm - label - half)
    return FormWidths(head, budget, goals, *_indicator_widths(table, width_mm, landscape))


def _indicator_widths(table, width_mm: Decimal, landscape: bool) -> tuple[tuple[Decimal, ...], Decimal]:
    groups = [g.name for g in table.groups] or ["一级指标"]
    if landscape:
        group_units = max(text_units(name) for name in groups)
    else:  # 「产出\n指标」: the name without its suffix on the first line
        group_units = max(text_units(name[: -len(GROUP_SUFFIX)] if name.endswith(GROUP_SUFFIX) else name)
                          for name in groups)
        group_units = min(max(group_units, Decimal(2)), Decimal(4))
    categories = [c.name for g in table.groups for c in g.categories] or ["二级指标"]
    category_units = min(max(max(text_units(name) for name in categories), Decimal(2)), Decimal(CATEGORY_MAX_UNITS))
    weights = [ind.weight for _, _, ind in table.indicators() if ind.weight is not None]
    biggest = max(weights, default=Decimal(10))
    points_units = max(Decimal(2), text_units(_plain(biggest)))
    score_units = max(Decimal(2), text_units(f"{biggest:.2f}"))
    fixed = {"group": fit_mm(group_units), "category": fit_mm(category_units), "weight": fit_mm(points_units),
             "score": fit_mm(score_units)}
    keys = ["group", "category", "name", "target", "actual", "weight", "score"]
    keys += ["rule", "analysis"] if has_rules(table) else ["analysis"]
    shared = [k for k in keys if k not in fixed]
    # Each column of free text gets room for its head (in two or three lines), then the rest goes where the
    # text is: in proportion to each column's text over all rows (long 偏差原因分析 get the width they need).
    least = {k: fit_mm(_LEAST_UNITS[k]) for k in shared}
    content = {k: Decimal(_SHARE_FLOOR) for k in shared}
    for _, _, ind in table.indicators():
        texts = {"name": ind.name, "target": ind.target_label(), "actual": ind.actual_label(),
                 "analysis": analysis_cell(ind), "rule": rule_cell(ind, table.rules) if "rule" in content else ""}
        for k in shared:
            content[k] += text_units(texts[k])
    rest = width_mm - sum(fixed.values()) - sum(least.values())
    total = sum(content.values())
    widths = {k: least[k] + (rest * content[k] / total).quantize(Decimal("0.1")) for k in shared}
    widths["analysis"] += width_mm - sum(fixed.values()) - sum(widths.values())  # the rounding's remainder
    widths.update(fixed)
    return tuple(widths[k] for k in keys), group_units


def _plain(value: Decimal) -> str:
    from selfeval.domain.figures import format_decimal

    return format_decimal(value.normalize() if value == value.to_integral() else value)
