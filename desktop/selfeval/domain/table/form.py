"""The printed 自评表 form (self-eval-table.md §1): its title and column heads, shared by the .docx and the
page estimate (``table_pages``); and the .xlsx sheet's heads and layout, shared by its export and its import."""

from __future__ import annotations

from dataclasses import dataclass

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


def indicator_widths(table, landscape: bool) -> tuple[int, ...]:
    """The indicator table's column widths in parts of the text width (domain.layout)."""
    from selfeval.domain import layout

    if has_rules(table):
        return layout.TABLE_INDICATOR_WIDTHS_RULES_LANDSCAPE if landscape else layout.TABLE_INDICATOR_WIDTHS_RULES
    return layout.TABLE_INDICATOR_WIDTHS_LANDSCAPE if landscape else layout.TABLE_INDICATOR_WIDTHS


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
