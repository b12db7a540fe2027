"""What the status bar says about saving: 已保存 HH:MM:SS, 正在保存…, or 未保存 while a failed save is retried."""

from __future__ import annotations

from selfeval.session.autosave import AutoSaver

SAVED_TIP = "所有修改都会在一秒内自动保存。"
READ_ONLY_TIP = "文件正被另一个窗口使用（或不能写入），本窗口不会保存任何修改。"
FAILING_STYLE = "color: #b00020; font-weight: bold;"


class SaveState:
    """The saved-state label's text and tooltip, and whether it shows a failure."""

    __slots__ = ("text", "tip", "failing")

    def __init__(self, text: str, tip: str, failing: bool = False) -> None:
        self.text, self.tip, self.failing = text, tip, failing


def save_state(saver: AutoSaver, read_only: bool, file_problem: str | None = None) -> SaveState:
    if read_only:
        return SaveState("只读", READ_ONLY_TIP)
    if file_problem:  # never 「已保存」 for a save no other program can read
        return SaveState("未保存：文件不在原处", file_problem, failing=True)
    if saver.last_error and saver.pending:
        seconds = max(1, round((saver.retry_ms or 0) / 1000))
        return SaveState(f"未保存，{seconds} 秒后自动重试",
                         f"{saver.last_error}\n您输入的内容仍在窗口中，程序会自动重试保存，请不要关闭窗口。",
                         failing=True)
    if saver.pending:
        return SaveState("正在保存…", SAVED_TIP)
    when = saver.last_saved
    return SaveState(f"已保存 {when:%H:%M:%S}" if when else "", SAVED_TIP)
