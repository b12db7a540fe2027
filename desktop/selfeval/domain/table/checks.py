"""What makes a 自评表 unusable as a value (``table_errors``), in Chinese: the store refuses such a table
(``SetField`` → ``FieldValueError``), the .xlsx import refuses its file. Things a clerk may leave half done
(weights not adding up to 100, a rate that cannot be computed) are findings of ``scoring.score_table``,
never errors.
"""

from __future__ import annotations

from decimal import Decimal

from selfeval.domain.table.model import Indicator, Override, SelfEvalTable

MAX_NAME_CHARS = 200  # an indicator name, a unit, a qualitative target: one line each
MAX_TEXT_CHARS = 5000  # 预期目标, 实际完成情况, 偏差原因分析: a few paragraphs
MAX_MAGNITUDE = Decimal("1e15")


def override_error(override: Override | None, weight: Decimal | None, what: str) -> str | None:
    """Why a hand-set score cannot stand, or None (a missing reason is a finding of the scoring, so that
    the score can be typed before its reason)."""
    if override is None:
        return None
    if override.score < 0:
        return f"{what}的得分不能为负数。"
    if weight is not None and override.score > weight:
        return f"{what}的得分 {override.score} 超过了分值 {weight}。"
    return None


def indicator_errors(ind: Indicator, where: str) -> list[str]:
    errors = []
    what = f"{where}“{ind.name}”" if ind.name else where
    for label, value in (("年度指标值", ind.target), ("实际完成值", ind.actual), ("分值", ind.weight)):
        if value is not None and (not value.is_finite() or abs(value) >= MAX_MAGNITUDE):
            errors.append(f"{what}的{label}超出了可以处理的范围。")
    if ind.weight is not None and ind.weight < 0:
        errors.append(f"{what}的分值不能为负数。")
    for label, text, limit in (("名称", ind.name, MAX_NAME_CHARS), ("度量单位", ind.unit, MAX_NAME_CHARS),
                               ("年度指标值", ind.target_text, MAX_NAME_CHARS),
                               ("偏差原因分析及改进措施", ind.analysis, MAX_TEXT_CHARS)):
        if len(text) > limit:
            errors.append(f"{what}的{label}不能超过 {limit} 个字。")
    problem = override_error(ind.override, ind.weight, what)
    if problem:
        errors.append(problem)
    return errors


def table_errors(table: SelfEvalTable) -> list[str]:
    """Every reason ``table`` cannot be stored, in Chinese; empty when it can."""
    errors = []
    for row in table.budget.rows:
        for label, value in (("年初预算数", row.initial), ("全年预算数", row.budget), ("全年执行数", row.spent)):
            if value is None:
                continue
            if not value.is_finite() or abs(value) >= MAX_MAGNITUDE:
                errors.append(f"{row.label}的{label}超出了可以处理的范围。")
            elif value < 0:
                errors.append(f"{row.label}的{label}不能为负数。")
    problem = override_error(table.budget.override, table.budget.weight, "预算执行率")
    if problem:
        errors.append(problem)
    for label, text in (("预期目标", table.goal_expected), ("实际完成情况", table.goal_achieved)):
        if len(text) > MAX_TEXT_CHARS:
            errors.append(f"年度总体目标的{label}不能超过 {MAX_TEXT_CHARS} 个字。")
    if len(table.supervisor) > MAX_NAME_CHARS:
        errors.append(f"主管部门不能超过 {MAX_NAME_CHARS} 个字。")
    for group in table.groups:
        for cat in group.categories:
            for ind in cat.indicators:
                errors += indicator_errors(ind, cat.name)
    return errors
