"""文件 > 备份到… / 从备份恢复…, and the automatic backup of the day when the app starts.

The window calls these with itself: they use its session (``window.session``: pending typing is saved
first, the open report is closed before a restore), its status bar and ``dialogs`` for every question.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from selfeval.domain.errors import UserError
from selfeval.ui.widgets import dialogs, last_folders

BACKUP_FILTER = "数据库备份 (*.db);;所有文件 (*)"
STATUS_MS = 8000

def _start(path: Path | None) -> Path:
    """The folder the last backup went to or came from (a USB stick), remembered across starts."""
    return last_folders.start(last_folders.BACKUP, path.parent if path else None)


def daily_backup(window) -> Path | None:
    """The automatic backup of the day (at most one a day, a few kept beside the database). A failure
    is a status-bar notice: the user can go on working."""
    from selfeval.store.backups import backup_daily

    store = window.session.store
    if store.read_only:
        return None
    try:
        made = backup_daily(store.path)
    except UserError as exc:
        window.statusBar().showMessage(f"今天的自动备份未能完成：{exc}", STATUS_MS)
        return None
    if made is not None:
        window.statusBar().showMessage(f"已自动备份数据库（{made.parent}）。", STATUS_MS)
    return made


def backup_to(window) -> Path | None:
    """Asks for a file (e.g. on a USB stick) and copies the whole database there (``app.backup``)."""
    from selfeval.app.backup import backup_session

    session = window.session
    if not session.flush():
        dialogs.error(window, "无法备份", session.unsaved_text("再备份"))
        return None
    db_path = session.store.path
    name = f"{db_path.stem}-备份-{dt.datetime.now():%Y%m%d-%H%M}{db_path.suffix or '.db'}"
    target = dialogs.ask_save_path(window, "备份到", _start(None) / name, BACKUP_FILTER)
    if target is None:
        return None
    last_folders.remember(last_folders.BACKUP, target)
    try:
        written = backup_session(session, target)
    except UserError as exc:
        dialogs.error(window, "无法备份", str(exc))
        return None
    window.statusBar().showMessage(f"已备份到：{written}", STATUS_MS)
    dialogs.inform(window, "备份完成", f"整个数据库（全部报告及其历史）已备份到：\n{written}\n\n"
                                       "需要时可用“文件 > 从备份恢复…”恢复。")
    return written


def restore_backup(window) -> bool:
    """Asks for a backup, confirms, and has ``app.backup.restore_session`` replace the database with it; then
    opens the report edited last (or, when the restore failed, the one that was open)."""
    from selfeval.app.backup import READ_ONLY_TEXT, ReopenFailed, check_backup, restore_session

    session = window.session
    store = session.store
    if store.read_only:
        dialogs.warn(window, "只读", READ_ONLY_TEXT)
        return False
    source = dialogs.ask_open_path(window, "从备份恢复", _start(store.path), BACKUP_FILTER)
    if source is None:
        return False
    last_folders.remember(last_folders.BACKUP, source)
    try:
        check_backup(source)
    except UserError as exc:
        dialogs.error(window, "无法恢复", str(exc))
        return False
    if not dialogs.ask_yes_no(window, "从备份恢复",
                              f"用备份“{source.name}”替换当前数据库中的全部报告吗？\n"
                              "当前的数据库会先自动备份到数据库旁的 backups 文件夹，需要时可以再恢复回来。"):
        return False
    was_open = session.report_id
    try:
        restored = restore_session(session, source)
    except ReopenFailed as exc:
        dialogs.error(window, "无法重新打开数据库", str(exc))
        return False
    except UserError as exc:
        dialogs.error(window, "无法恢复", str(exc))
        if was_open is not None and session.report_id is None:
            window.open_report(was_open)
        return False
    if restored.latest is not None:
        window.open_report(restored.latest)
    text = f"已从备份“{source.name}”恢复数据库，其中有 {restored.reports} 份报告。"
    if restored.saved is not None:
        text += f"\n\n恢复前的数据库已备份到：\n{restored.saved}"
    window.statusBar().showMessage(f"已从备份“{source.name}”恢复数据库。", STATUS_MS)
    dialogs.inform(window, "恢复完成", text)
    return True
