"""The database file went away under the window (deleted, moved, replaced: a file manager, a sync client, an
antivirus quarantine). Nothing is lost: the window still has the file open and keeps what was typed in memory.
This asks once where to save it all (「另存到…」, written from the open connection with SQLite's backup API);
the window then goes on with the new file."""

from __future__ import annotations

from pathlib import Path

from selfeval.ui.widgets import dialogs

TITLE = "数据库文件已不在原处"
CHOICES = ["另存到…", "稍后"]
DB_FILTER = "数据库文件 (*.db);;所有文件 (*)"


def offer_save_as(window) -> bool:
    """Asks (once per call) and saves; True when the window now works on a new file."""
    session = window.session
    problem = session.file_problem or session.check_file()
    if problem is None:
        return False
    choice = dialogs.ask_buttons(window, TITLE, f"{problem}\n\n在保存为新文件之前，请不要关闭本窗口。", CHOICES)
    if choice != 0:
        window.statusBar().showMessage("尚未另存：本窗口的内容只在内存中，关闭窗口前会再次询问。", 20000)
        return False
    old = session.store.path
    target = dialogs.ask_save_path(window, "另存到", old.parent / f"{old.stem}-另存{old.suffix or '.db'}", DB_FILTER)
    if target is None:
        return False
    if not session.save_as(Path(target)):
        return False
    window.statusBar().showMessage(f"已另存到：{session.store.path}。以后的修改都保存在这个文件中。", 20000)
    dialogs.inform(window, "已另存", f"全部报告及其历史已保存到：\n{session.store.path}\n\n本窗口以后的修改都保存在这个文件中。")
    return True
