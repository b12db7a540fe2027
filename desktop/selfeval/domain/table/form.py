"""The printed 自评表 form (self-eval-table.md §1): its title and column heads, shared by the .docx and the
page estimate (``table_pages``)."""

from __future__ import annotations

TITLE = "部门整体支出绩效自评表"
INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
BUDGET_HEADERS = ("", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分")
HEADER_LABELS = (("部门（单位）名称", "主管部门"), ("联系人", "联系电话"), ("自评总分", "等级"))
BUDGET_TITLE = "预算执行情况（万元）"
GOALS_LABELS = ("年度总体目标", "预期目标", "实际完成情况")
