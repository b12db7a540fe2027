"""The window on a damaged database file: what can still be read is shown read-only, and one question
offers the two ways out: restore the newest whole automatic backup, or recover what SQLite can read
into a new file (store/recover.py). Either way the window then starts again on a whole file.

Every question goes through ``dialogs`` (tests answer them there).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from selfeval.domain.errors import UserError
from selfeval.ui.widgets import dialogs

TITLE = "数据文件已损坏"
RESTORE = "恢复最近的完整备份"
RECOVER = "抢救到新文件…"
VIEW = "只读查看"
DB_FILTER = "数据库文件 (*.db);;所有文件 (*)"


def message(path: Path, backup: Path | None, salvage: str) -> str:
    text = (f"数据文件“{path}”已损坏（部分数据页无法读取），为免损坏扩散，本窗口以只读方式显示还能读出的内容"
            f"（{salvage}）。\n\n")
    if backup is not None:
        text += (f"可以：\n• 恢复最近的完整备份：{backup.name}（{backup.parent}），"
                 "损坏的文件会先另存到 backups 文件夹；\n")
    else:
        text += "没有找到完整的自动备份。可以：\n"
    text += "• 把还能读出的内容抢救到一个新文件，之后在新文件中继续编辑。"
    return text


def offer(window, path: Path, backup: Path | None, salvage: str, restart: Callable[[Path], None],
          *, app_lock_is_ours: bool = True) -> str | None:
    """Asks what to do; does it. ``restart(db_path)`` starts the window again on a whole file. Returns
    "restored", "recovered" or None (the user keeps looking, read-only)."""
    labels = ([f"{RESTORE}（{_day(backup)}）"] if backup is not None else []) + [RECOVER, VIEW]
    choice = dialogs.ask_buttons(window, TITLE, message(path, backup, salvage), labels, default=0)
    if choice is None or labels[choice] == VIEW:
        window.statusBar().showMessage("数据文件已损坏：只读显示。可用“文件 > 从备份恢复…”或重新打开程序处理。")
        return None
    if backup is not None and choice == 0:
        return _restore(window, path, backup, restart, app_lock_is_ours)
    return _recover(window, path, restart)


def _day(backup: Path) -> str:
    stamp = backup.stem.rsplit("-", 2)
    return f"{stamp[-2][:4]}-{stamp[-2][4:6]}-{stamp[-2][6:]}" if len(stamp) == 3 and len(stamp[-2]) == 8 else backup.name


def _restore(window, path: Path, backup: Path, restart, app_lock_is_ours: bool) -> str | None:
    from selfeval.store.backups import restore_from

    try:
        saved = restore_from(backup, path, app_lock_is_ours=app_lock_is_ours)
    except UserError as exc:
        dialogs.error(window, "无法恢复", str(exc))
        return None
    text = f"已从备份“{backup.name}”恢复数据文件。"
    if saved is not None:
        text += f"\n\n损坏的文件已另存为：\n{saved}"
    dialogs.inform(window, "恢复完成", text)
    restart(path)
    return "restored"


def _recover(window, path: Path, restart) -> str | None:
    from selfeval.store.recover import recover_file

    start = path.with_name(f"{path.stem}-抢救{path.suffix or '.db'}")
    target = dialogs.ask_save_path(window, "抢救到新文件", start, DB_FILTER)
    if target is None:
        return None
    try:
        result = recover_file(path, target)
    except UserError as exc:
        dialogs.error(window, "无法抢救", str(exc))
        return None
    dialogs.inform(window, "抢救完成", f"{result.describe()}。\n\n已写入新文件：\n{target}\n\n"
                                       "窗口将打开这个新文件；损坏的文件保持原样。")
    restart(target)
    return "recovered"
