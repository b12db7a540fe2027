"""The Chinese one-line summaries of log rows, as the history dialog shows them."""

from __future__ import annotations

import datetime as dt

from selfeval.domain.fields import FIELDS


UNTITLED = "未命名报告"


def report_label(title: str) -> str:
    return f"“{title.strip() or UNTITLED}”"


def create(title: str, note: str = "") -> str:
    text = f"新建报告{report_label(title)}"
    return f"{text}（{note}）" if note else text


def set_field(field: str) -> str:
    known = FIELDS.get(field)
    return f"修改{known.label if known else field}"


def set_section(heading: str, key: str, added: bool) -> str:
    name = heading.strip() or key
    return f"新增“{name}”" if added else f"修改“{name}”"


def set_sections(source: str, headings: list[str]) -> str:
    names = "、".join(f"“{h.strip()}”" for h in headings)
    return f"从{source}导入（{names}）"


TABLE_LABEL = "自评表"  # the table among the sections an exchange file changed
FIGURES_INTO_TABLE = "升级：数字移入自评表"  # migration 0003's step in each report's history


def rename(unit_name: str, unit_short: str) -> str:
    return f"重命名为“{unit_short.strip() or unit_name.strip()}”（{unit_name.strip()}）"


def replace_text(find: str, replacement: str, count: int, everywhere: bool = True) -> str:
    if not everywhere:
        return f"替换“{find}”为“{replacement}”"
    return f"全部替换“{find}”为“{replacement}”（{count} 处）"


def explain(severity: str, subject: str, dismissed: bool) -> str:
    """「说明警告：“公开公开”」 / 「忽略提示：“…”」 (``subject``: the finding's words, e.g. “公开公开”)."""
    return f"{'忽略' if dismissed else '说明'}{severity or '问题'}：{subject}"


def withdraw(severity: str, subject: str, dismissed: bool) -> str:
    """「撤回说明：警告“公开公开”」 / 「撤回忽略：提示“…”」."""
    return f"撤回{'忽略' if dismissed else '说明'}：{severity}{subject}"


def delete(title: str) -> str:
    return f"将报告{report_label(title)}移入回收站"


def restore_report(title: str) -> str:
    return f"从回收站还原报告{report_label(title)}"


def purge(title: str) -> str:
    return f"彻底删除报告{report_label(title)}"


def restore_state(when: dt.datetime, target_summary: str) -> str:
    local = when.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    return f"恢复到 {local} 的版本（{target_summary}之后）"


def undo(target_summary: str) -> str:
    return f"撤销：{target_summary}"


def redo(target_summary: str) -> str:
    return f"重做：{target_summary}"
