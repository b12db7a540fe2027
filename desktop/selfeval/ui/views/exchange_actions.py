"""报告管理's 导出交换文件… and 导入交换文件…: the questions around the exchange workflow (``app.exchange``). Every change goes
through the session (``run_op``); every question through ``dialogs`` and ``exchange_dialogs``."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QWidget

from selfeval.domain.errors import UserError
from selfeval.domain.report_factory import display_name
from selfeval.session.edit_session import EditSession
from selfeval.ui.views import exchange_dialogs
from selfeval.domain.text_spacing import spaced
from selfeval.ui.widgets import dialogs, last_folders

EXCHANGE_FILTER = "交换文件 (*.selfeval);;所有文件 (*)"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')

def _saved(parent: QWidget | None, session: EditSession, title: str) -> bool:
    """Pending typing saved first: the merge must compare against what is on the screen."""
    if session.flush():
        return True
    dialogs.error(parent, title, session.unsaved_text())
    return False


def pack(parent: QWidget | None, session: EditSession, report_id: int) -> Path | None:
    """Asks which sections and where; writes the exchange file. The file written, or None."""
    from selfeval.app.exchange import pack_file

    if not _saved(parent, session, "无法导出交换文件"):
        return None
    store = session.store
    try:
        report = store.load(report_id)
    except UserError as exc:
        dialogs.error(parent, "无法导出交换文件", str(exc))
        return None
    accepted, keys = exchange_dialogs.ask_sections(parent, report)
    if not accepted:
        return None
    name = _UNSAFE.sub("", f"{report.year or ''}{report.unit_short or report.unit_name}") or "报告"
    suffix = "" if keys is None else "-部分章节"
    start = last_folders.start(last_folders.EXCHANGE) / f"{name}{suffix}.selfeval"
    target = dialogs.ask_save_path(parent, "导出交换文件", start, EXCHANGE_FILTER)
    if target is None:
        return None
    last_folders.remember(last_folders.EXCHANGE, target)
    try:
        written = pack_file(store, report_id, keys, target).path
    except UserError as exc:
        dialogs.error(parent, "无法导出交换文件", str(exc))
        return None
    sections = [k for k in keys or [] if k != exchange_dialogs.TABLE_KEY]
    what = "整份报告" if keys is None else "、".join(
        ([f"{len(sections)} 个章节"] if sections else []) + (["自评表"] if exchange_dialogs.TABLE_KEY in keys else []))
    dialogs.inform(parent, "已导出交换文件", f"已把{spaced(what)}导出到：\n{written}\n\n对方在本程序的“报告管理”中"
                                            "“导入交换文件”即可合并；对方改好后也可以同样导出交回。")
    return written


def unpack(parent: QWidget | None, session: EditSession) -> tuple[int, bool] | None:
    """Asks for an exchange file and merges it. ``(report_id, created)``, or None when nothing was done."""

    path = dialogs.ask_open_path(parent, "导入交换文件", last_folders.start(last_folders.EXCHANGE), EXCHANGE_FILTER)
    if path is None:
        return None
    last_folders.remember(last_folders.EXCHANGE, path)
    return unpack_file(parent, session, Path(path))


def unpack_file(parent: QWidget | None, session: EditSession, path: Path) -> tuple[int, bool] | None:
    """Merges the exchange file ``path`` (from the dialog, or double-clicked: ``selfeval --open FILE``), asking
    per conflicting section. ``(report_id, created)``, or None when nothing was done."""
    from selfeval.app.exchange import merge, merged_lines, plan_merge, read_exchange_file

    if not _saved(parent, session, "无法导入交换文件"):
        return None
    try:
        unpacking = plan_merge(session.store, read_exchange_file(path))
    except UserError as exc:
        dialogs.error(parent, "无法导入交换文件", str(exc))
        return None
    exchange, plan = unpacking.exchange, unpacking.plan
    origin = exchange.origin
    name = display_name(origin.unit_short, origin.unit_name, origin.year)

    def apply(op):
        return session.run_op(op, "无法导入交换文件")

    if plan.new_report:
        part = "" if exchange.whole else ("\n该交换文件只含部分章节（"
                                          + "、".join(f"“{s.heading or s.key}”" for s in exchange.report.sections)
                                          + "），其余章节将标为“由其他科室填写”。")
        if not dialogs.ask_yes_no(parent, "导入交换文件", f"数据库中还没有“{name}”的报告。\n"
                                  f"要把交换文件“{exchange.name}”（{origin.describe()}）导入为新报告吗？{part}"):
            return None
        record = merge(unpacking, apply)
        return None if record is None else (record.report_id, True)
    choices = None
    if plan.conflicts:
        choices = exchange_dialogs.resolve_conflicts(parent, plan)
        if choices is None:
            return None
    if plan.operation(choices) is None:
        dialogs.inform(parent, "导入交换文件", f"“{name}”的报告已包含交换文件“{exchange.name}”的内容，无需修改。")
        return plan.target_id, False
    record = merge(unpacking, apply, choices)
    if record is None:
        return None
    dialogs.inform(parent, "已合并交换文件", f"已把交换文件“{exchange.name}”合并到“{name}”的报告"
                                            "（可以撤销，历史版本中也有记录）：\n" + "\n".join(merged_lines(unpacking, choices)))
    return plan.target_id, False
