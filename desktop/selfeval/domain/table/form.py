"""The printed 自评表 form (self-eval-table.md §1): its title and column heads, shared by the .docx and the
page estimate (``table_pages``)."""

from __future__ import annotations

TITLE = "部门整体支出绩效自评表"
INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
BUDGET_HEADERS = ("", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分")
HEADER_LABELS = (("部门（单位）名称", "主管部门"), ("联系人", "联系电话"), ("自评总分", "等级"))
BUDGET_TITLE = "预算执行情况（万元）"
GOALS_LABELS = ("年度总体目标", "预期目标", "实际完成情况")


def analysis_cell(ind, rules) -> str:
    """The last column of an indicator's printed row: its own rule in words (issue 20; rows scored by their
    指标性质 print none, as the national form), the 偏差原因分析, and a hand score's reason."""
    from selfeval.domain.table.scoring import rule_text

    text = ind.analysis
    if ind.rule is not None:
        text = f"评分标准：{rule_text(ind, rules)}" + ("\n" + text if text else "")
    if ind.override is not None and ind.override.reason.strip():
        text = (text + "\n" if text else "") + f"得分说明：{ind.override.reason.strip()}"
    return text
