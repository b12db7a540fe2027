"""The window's actions (with their shortcuts), its menus and its toolbar, and the shortcut list of F1."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar, QWidget

READ_ONLY_BANNER = "只读：修改不会保存"
READ_ONLY_TIP = "数据文件正被另一个窗口使用（或文件、所在文件夹不能写入）。本窗口可以查看和导出，但不会保存任何修改。"
BANNER_STYLE = ("background: #fff4ce; color: #5c4400; border: 1px solid #e0c97a; border-radius: 3px;"
                " padding: 2px 8px; margin-right: 6px;")

# Every key a clerk can use, as the F1 dialog lists them: the window's and the section editors'.
SHORTCUTS_HELP = (
    ("Ctrl+O", "报告管理"),
    ("Ctrl+E", "导出 Word 文档"),
    ("Ctrl+P", "打印预览（可打印、查看页数）"),
    ("Ctrl+Z", "撤销（整份报告，会切换到修改所在的标签页）"),
    ("Ctrl+Y / Ctrl+Shift+Z", "重做"),
    ("Ctrl+H", "历史版本"),
    ("Ctrl+F", "查找（整份报告）"),
    ("Ctrl+R", "替换（整份报告，全部替换可一次撤销）"),
    ("F9", "显示或隐藏预览"),
    ("F7", "显示或隐藏审核结果（双击或回车跳到问题所在）"),
    ("F2 / Delete（审核栏中）", "为所选警告或提示填写说明 / 撤回说明或忽略"),
    ("Ctrl+Tab / Ctrl+PgDn", "下一个标签页"),
    ("Ctrl+Shift+Tab / Ctrl+PgUp", "上一个标签页"),
    ("Ctrl+Enter", "在当前条目后新增一条"),
    ("Alt+↑ / Alt+↓", "上移 / 下移当前条目"),
    ("Ctrl+Shift+Delete", "删除当前条目"),
    ("F1", "关于与快捷键"),
    ("Ctrl+Q", "退出"),
)


# Each action: its text, its keys, its tooltip. The keys are given to the actions once the window has painted
# (``install_shortcuts``): nobody can press one before, and parsing them costs the start.
ACTIONS = {
    "reports": ("报告管理(&O)…", ("Ctrl+O",), "打开、新建、导入、重命名或删除报告"),
    "export": ("导出 Word(&E)…", ("Ctrl+E",), "按 GB/T 9704-2012 格式导出 .docx 文件"),
    "export_pdf": ("导出 PDF(&P)…", (), "由本机的 LibreOffice 转换为 PDF（与打印效果一致，可用于信息公开）"),
    "page_preview": ("打印预览(&V)…", ("Ctrl+P",), "按 A4 页面查看、打印"),
    "backup": ("备份到(&B)…", (), "把整个数据库备份到指定位置（如 U 盘）"),
    "restore_backup": ("从备份恢复(&R)…", (), "用备份替换当前数据库（恢复前自动备份当前数据库）"),
    "quit": ("退出(&X)", ("Ctrl+Q",), ""),
    "undo": ("撤销(&U)", ("Ctrl+Z",), ""),
    "redo": ("重做(&R)", ("Ctrl+Y", "Ctrl+Shift+Z"), ""),
    "history": ("历史版本(&H)…", ("Ctrl+H",), "查看并恢复本报告的历史版本"),
    "find": ("查找(&F)…", ("Ctrl+F",), "在整份报告（各章节和基本信息）中查找"),
    "replace": ("替换(&P)…", ("Ctrl+R",), "在整份报告中查找并替换，全部替换可一次撤销"),
    "next_tab": ("下一个标签页", ("Ctrl+Tab", "Ctrl+PgDown"), ""),
    "prev_tab": ("上一个标签页", ("Ctrl+Shift+Tab", "Ctrl+PgUp"), ""),
    "preview": ("显示预览(&P)", ("F9",), "在编辑区右侧显示导出后的正文"),
    "review": ("审核结果(&C)", ("F7",), "显示或隐藏审核结果：报告中可能有误的地方"),
    "about": ("关于与快捷键(&A)", ("F1",), ""),
}
# The actions whose keys text fields would otherwise keep for themselves (see window_keys).
REPORT_WIDE = ("undo", "redo", "next_tab", "prev_tab")


class WindowActions:
    """The window's actions by name (``ACTIONS``' keys)."""

    __slots__ = tuple(ACTIONS)

    def all(self) -> tuple[QAction, ...]:
        return tuple(getattr(self, name) for name in ACTIONS)

    def report_wide(self) -> tuple[QAction, ...]:
        return tuple(getattr(self, name) for name in REPORT_WIDE)


def _action(window: QMainWindow, name: str, slot: Callable) -> QAction:
    text, keys, tip = ACTIONS[name]
    # QAction(window) then setText: QAction(text, window) makes Shiboken weigh the QIcon overload (a str
    # converts to QIcon), which loads QIcon's class and its enums: about 2 ms before the first paint.
    action = QAction(window)
    action.setText(text)
    plain = text.split("(")[0]
    action.setIconText(plain)  # the toolbar shows "报告管理", not "报告管理(O)…"
    shown = " / ".join(keys)
    action.setToolTip(f"{tip or plain}（{shown}）" if shown else (tip or text))
    action.setStatusTip(tip or plain)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_actions(window) -> WindowActions:
    """The actions, connected to the window's commands (their keys come with ``install_shortcuts``)."""
    slots = {
        "reports": window.open_reports_dialog, "export": window.export, "quit": window.close,
        "backup": window.backup_to, "restore_backup": window.restore_backup,
        "export_pdf": window.export_pdf, "page_preview": window.show_page_preview,
        "undo": window.undo, "redo": window.redo, "history": window.show_history,
        "find": lambda: window.find_replace(False), "replace": lambda: window.find_replace(True),
        "next_tab": lambda: window.tabs.next(1), "prev_tab": lambda: window.tabs.next(-1),
        "preview": window.set_preview_shown, "review": window.set_review_shown, "about": window.show_about,
    }
    actions = WindowActions()
    for name in ACTIONS:
        setattr(actions, name, _action(window, name, slots[name]))
    actions.preview.setCheckable(True)
    actions.page_preview.setIconText("预览")
    actions.review.setCheckable(True)
    actions.review.setChecked(True)
    return actions


def install_shortcuts(actions: WindowActions) -> None:
    """Gives every action its keys (a QAction's shortcut works in the whole window)."""
    from PySide6.QtGui import QKeySequence  # after the first paint, as the keys are

    for name in ACTIONS:
        getattr(actions, name).setShortcuts([QKeySequence(k) for k in ACTIONS[name][1]])


def build_menus(window: QMainWindow, a: WindowActions) -> dict[str, object]:
    menu = window.menuBar()
    file_menu = menu.addMenu("文件(&F)")
    for action in (a.reports, a.export, a.export_pdf, None, a.page_preview, None, a.backup, a.restore_backup, None,
                   a.quit):
        file_menu.addSeparator() if action is None else file_menu.addAction(action)
    edit_menu = menu.addMenu("编辑(&E)")
    for action in (a.undo, a.redo, None, a.find, a.replace, None, a.history):
        edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
    view_menu = menu.addMenu("查看(&V)")
    for action in (a.preview, a.review, None, a.next_tab, a.prev_tab):
        view_menu.addSeparator() if action is None else view_menu.addAction(action)
    help_menu = menu.addMenu("帮助(&H)")
    help_menu.addAction(a.about)
    return {"file": file_menu, "edit": edit_menu, "view": view_menu, "help": help_menu}


def build_toolbar(window: QMainWindow, a: WindowActions, read_only: bool) -> tuple[QToolBar, QAction | None]:
    """The toolbar (text only) and, in a read-only window, the action of its read-only banner (a window
    stays read-only or writable for its life: the banner is only built where it shows, as its style
    sheet and spacer cost a writable window's start about 1 ms)."""
    toolbar = QToolBar("工具栏", window)
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    for action in (a.reports, a.export, a.page_preview, None, a.undo, a.redo, a.history):
        toolbar.addSeparator() if action is None else toolbar.addAction(action)
    banner_action = _read_only_banner(toolbar) if read_only else None
    window.addToolBar(toolbar)
    return toolbar, banner_action


def _read_only_banner(toolbar: QToolBar) -> QAction:
    """Read-only: said in the toolbar row, at its right end, so that it costs the editors no height."""
    from PySide6.QtWidgets import QSizePolicy

    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    banner = QLabel(READ_ONLY_BANNER)
    banner.setObjectName("readOnlyBanner")
    banner.setStyleSheet(BANNER_STYLE)
    banner.setToolTip(READ_ONLY_TIP)
    return toolbar.addWidget(banner)
