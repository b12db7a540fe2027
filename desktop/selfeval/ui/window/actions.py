"""The window's actions (with their shortcuts), its menus and its toolbar, and the shortcut list of F1."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QToolBar, QWidget

READ_ONLY_BANNER = "只读：修改不会保存"
READ_ONLY_TIP = "数据文件正被另一个窗口使用（或文件、所在文件夹不能写入）。本窗口可以查看和导出，但不会保存任何修改。"
BANNER_STYLE = ("background: #fff4ce; color: #5c4400; border: 1px solid #e0c97a; border-radius: 3px;"
                " padding: 2px 8px; margin-right: 6px;")

# Every key a clerk can use, as the F1 dialog lists them: the window's and the section editors'.
SHORTCUTS_HELP = (
    ("Ctrl+O", "报告管理"),
    ("Ctrl+E", "导出 Word 文档"),
    ("Ctrl+Z", "撤销（整份报告，会切换到修改所在的标签页）"),
    ("Ctrl+Y / Ctrl+Shift+Z", "重做"),
    ("Ctrl+H", "历史版本"),
    ("F9", "显示或隐藏预览"),
    ("Ctrl+Tab / Ctrl+PgDn", "下一个标签页"),
    ("Ctrl+Shift+Tab / Ctrl+PgUp", "上一个标签页"),
    ("Ctrl+Enter", "在当前条目后新增一条"),
    ("Alt+↑ / Alt+↓", "上移 / 下移当前条目"),
    ("Ctrl+Shift+Delete", "删除当前条目"),
    ("F1", "关于与快捷键"),
    ("Ctrl+Q", "退出"),
)


@dataclass
class WindowActions:
    reports: QAction
    export: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    history: QAction
    next_tab: QAction
    prev_tab: QAction
    preview: QAction
    about: QAction

    def report_wide(self) -> tuple[QAction, ...]:
        """The actions whose keys text fields would otherwise keep for themselves (see window_keys)."""
        return (self.undo, self.redo, self.next_tab, self.prev_tab)


def _action(window: QMainWindow, text: str, slot: Callable, shortcuts: tuple[str, ...] = (),
            tip: str = "") -> QAction:
    action = QAction(text, window)
    plain = text.split("(")[0]
    action.setIconText(plain)  # the toolbar shows "报告管理", not "报告管理(O)…"
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])  # a QAction's default: the whole window
    shown = " / ".join(shortcuts)
    action.setToolTip(f"{tip or plain}（{shown}）" if shown else (tip or text))
    action.setStatusTip(tip or plain)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_actions(window) -> WindowActions:
    """The actions, connected to the window's commands."""
    actions = WindowActions(
        reports=_action(window, "报告管理(&O)…", window.open_reports_dialog, ("Ctrl+O",),
                        "打开、新建、导入、重命名或删除报告"),
        export=_action(window, "导出 Word(&E)…", window.export, ("Ctrl+E",), "按 GB/T 9704-2012 格式导出 .docx 文件"),
        quit=_action(window, "退出(&X)", window.close, ("Ctrl+Q",)),
        undo=_action(window, "撤销(&U)", window.undo, ("Ctrl+Z",)),
        redo=_action(window, "重做(&R)", window.redo, ("Ctrl+Y", "Ctrl+Shift+Z")),
        history=_action(window, "历史版本(&H)…", window.show_history, ("Ctrl+H",), "查看并恢复本报告的历史版本"),
        next_tab=_action(window, "下一个标签页", lambda: window.tabs.next(1), ("Ctrl+Tab", "Ctrl+PgDown")),
        prev_tab=_action(window, "上一个标签页", lambda: window.tabs.next(-1), ("Ctrl+Shift+Tab", "Ctrl+PgUp")),
        preview=_action(window, "显示预览(&P)", window.set_preview_shown, ("F9",), "在编辑区右侧显示导出后的正文"),
        about=_action(window, "关于与快捷键(&A)", window.show_about, ("F1",)),
    )
    actions.preview.setCheckable(True)
    return actions


def build_menus(window: QMainWindow, a: WindowActions) -> dict[str, object]:
    menu = window.menuBar()
    file_menu = menu.addMenu("文件(&F)")
    for action in (a.reports, a.export, None, a.quit):
        file_menu.addSeparator() if action is None else file_menu.addAction(action)
    edit_menu = menu.addMenu("编辑(&E)")
    for action in (a.undo, a.redo, None, a.history):
        edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
    view_menu = menu.addMenu("查看(&V)")
    for action in (a.preview, None, a.next_tab, a.prev_tab):
        view_menu.addSeparator() if action is None else view_menu.addAction(action)
    help_menu = menu.addMenu("帮助(&H)")
    help_menu.addAction(a.about)
    return {"file": file_menu, "edit": edit_menu, "view": view_menu, "help": help_menu}


def build_toolbar(window: QMainWindow, a: WindowActions, read_only: bool) -> tuple[QToolBar, QAction]:
    """The toolbar (text only) and the action of its read-only banner (shown when ``read_only``)."""
    toolbar = QToolBar("工具栏", window)
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    for action in (a.reports, a.export, None, a.undo, a.redo, a.history):
        toolbar.addSeparator() if action is None else toolbar.addAction(action)
    # Read-only: said in the toolbar row, so that it costs the editors no height.
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    banner = QLabel(READ_ONLY_BANNER)
    banner.setObjectName("readOnlyBanner")
    banner.setStyleSheet(BANNER_STYLE)
    banner.setToolTip(READ_ONLY_TIP)
    banner_action = toolbar.addWidget(banner)
    banner_action.setVisible(read_only)
    window.addToolBar(toolbar)
    return toolbar, banner_action
