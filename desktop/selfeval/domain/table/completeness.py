"""Grade only a complete table: until the 分值 add up to 100 and every indicator (and the 预算执行率) has a
score, the table has work left, not a grade. The header of the 自评表 tab, the .docx and the .xlsx show
「未完成」 and what is missing (``grade_text``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from selfeval.domain.figures import format_decimal
from selfeval.domain.table.model import TOTAL_POINTS, SelfEvalTable
from selfeval.domain.table.scoring import TableScore, score_table

UNFINISHED = "未完成"
MAX_NAMED = 3  # indicators named in the summary; the rest counted


@dataclass(frozen=True)
class Completeness:
    missing: tuple[str, ...]  # what is missing, in Chinese (empty: complete)
    brief: tuple[str, ...] = ()  # the same in a few characters each, for a printed cell: 「12项无分值」

    @property
    def complete(self) -> bool:
        return not self.missing

    def summary(self) -> str:
        """「分值合计 60 分（应为 100 分）；2 个指标尚无得分（群众满意度、上报网格事件）」."""
        return "；".join(self.missing)


def completeness(table: SelfEvalTable, score: TableScore | None = None) -> Completeness:
    score = score or score_table(table)
    missing: list[str] = []
    brief: list[str] = []
    if not table.indicators():
        missing.append("尚未填写三级指标")
        brief.append("无三级指标")
    given = table.budget.weight + sum((ind.weight for _, _, ind in table.indicators() if ind.weight is not None),
                                      Decimal(0))
    if table.indicators() and (given != TOTAL_POINTS or score.weights != TOTAL_POINTS):
        missing.append(f"分值合计 {format_decimal(given)} 分（应为 100 分）")
        brief.append(f"分值合计{format_decimal(given)}分")
    no_weight = [ind.name or "（未命名）" for _, _, ind in table.indicators() if ind.weight is None]
    if no_weight:
        missing.append(f"{len(no_weight)} 个指标尚无分值（{_names(no_weight)}）")
        brief.append(f"{len(no_weight)}项无分值")
    unscored = [ind.name or "（未命名）" for (_, _, ind), s in zip(table.indicators(), score.indicators)
                if ind.weight is not None and s.final is None]
    if unscored:
        missing.append(f"{len(unscored)} 个指标尚无得分（{_names(unscored)}）")
        brief.append(f"{len(unscored)}项无得分")
    if score.budget.final is None:
        missing.append("预算执行率尚无得分（全年预算数、全年执行数未填）")
        brief.append("执行率无得分")
    return Completeness(tuple(missing), tuple(brief))


def _names(names: list[str]) -> str:
    shown = "、".join(names[:MAX_NAMED])
    return shown + (f"等 {len(names)} 个" if len(names) > MAX_NAMED else "")


def grade_text(table: SelfEvalTable, score: TableScore | None = None) -> str:
    """等级 as the header prints it: the grade of a complete table, else 「未完成」."""
    score = score or score_table(table)
    return score.grade if completeness(table, score).complete else UNFINISHED


def grade_line(table: SelfEvalTable, score: TableScore | None = None) -> str:
    """The 总分 row's last cell as printed: 「等级：良」, or 「等级：未完成（分值合计60分，2项无得分）」."""
    score = score or score_table(table)
    missing = completeness(table, score)
    return f"等级：{score.grade}" if missing.complete else f"等级：{UNFINISHED}（{'，'.join(missing.brief)}）"
