"""The main window: a 基本信息 tab and one tab per content section, built from the report's own data.

Every edit goes through the AutoSaver into ``store.apply``; undo, redo, history and export first save
what is pending. The store is the truth: after undo/redo/restore the editors are reloaded from it, and
only the editors whose section changed are touched (the others keep their cursor).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

# ``Qt`` (the namespace) is reached as ``QtCore.Qt`` where it is used, never imported here: PySide creates
# its 92 enums when it is first touched (≈ 15 ms), and nothing before the first paint needs them.
from PySide6 import QtCore
from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from selfeval.domain.errors import UserError
from selfeval.domain.model import Report, Section
from selfeval.domain.text import char_count
from selfeval.store.operations import CreateReport, RestoreState, SetField, SetSection
from selfeval.ui.widgets import dialogs
from selfeval.ui.autosave import AutoSaver
from selfeval.ui.views.basic_info_tab import BasicInfoTab
from selfeval.ui.window.window_keys import WindowKeys

APP_TITLE = "绩效自评编制工具"
BASIC_TAB_LABEL = "基本信息"
# Fits a 1366×768 screen with a taskbar and the window frame even at 125 % scaling (1093×614 logical
# pixels); every tab scrolls, so nothing below this is cut off.
MINIMUM_WIDTH = 760
MINIMUM_HEIGHT = 480
DEFAULT_WIDTH = 1280
DEFAULT_HEIGHT = 720
# Below this window width (logical pixels) editor and preview do not both fit side by side: the preview
# hides itself (F9 still shows it). 1366×768 at 125 % leaves 1093, at 150 % 910.
PREVIEW_MIN_WINDOW_WIDTH = 1000
PREVIEW_AUTO_HIDDEN = "窗口较窄，预览已隐藏；按 F9 可显示。"
STATUS_MESSAGE_MS = 8000
COUNT_DELAY_MS = 300
READ_ONLY_BANNER = "只读：修改不会保存"
READ_ONLY_TIP = "数据文件正被另一个窗口使用（或所在文件夹不能写入）。本窗口可以查看和导出，但不会保存任何修改。"
BANNER_STYLE = ("background: #fff4ce; color: #5c4400; border: 1px solid #e0c97a; border-radius: 3px;"
                " padding: 2px 8px; margin-right: 6px;")

SHORTCUTS_HELP = (
    ("Ctrl+O", "报告管理"),
    ("Ctrl+E", "导出 Word 文档"),
    ("Ctrl+Z", "撤销"),
    ("Ctrl+Y / Ctrl+Shift+Z", "重做"),
    ("Ctrl+H", "历史版本"),
    ("F9", "显示或隐藏预览"),
    ("Ctrl+Tab / Ctrl+PgDn", "下一个标签页"),
    ("Ctrl+Shift+Tab / Ctrl+PgUp", "上一个标签页"),
    ("F1", "关于与快捷键"),
)


def _seq(text: str) -> QKeySequence:
    return QKeySequence(text)


class MainWindow(QMainWindow):
    report_opened = Signal(int)
    report_closed = Signal()

    def __init__(self, store, settings, *, editor_factory: Callable | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self._editor_for = editor_factory  # None: selfeval.ui.editors, imported when a section is first shown
        self.report_id: int | None = None
        self.report: Report | None = None
        self._editors: dict[str, QWidget] = {}  # built so far
        # All section editors by key; looking one up builds it (tabs are built when first shown).
        self.editors: Mapping[str, QWidget] = _EditorMap(self)
        self.tab_keys: list[str | None] = []  # None: the 基本信息 tab
        self.basic_tab: BasicInfoTab | None = None
        self._rebuilding = False
        self._closed = False
        # The preview: what the user chose (remembered), and whether they asked for it at a narrow width.
        self._preview_wanted = settings.preview_shown() if settings is not None else True
        self._preview_forced = False
        self._wide: bool | None = None

        self.autosaver = AutoSaver(store, self)
        self.autosaver.saved.connect(self._on_saved)
        self.autosaver.failed.connect(self._on_save_failed)
        self.autosaver.applied.connect(lambda _rec: self._update_actions())

        # Counting all sections costs a few ms: done once typing pauses, never per keystroke.
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._update_count)

        self._build_actions()
        self._build_central()
        self._build_status_bar()
        self.setMinimumSize(MINIMUM_WIDTH, MINIMUM_HEIGHT)
        self.resize(*default_size(self.screen().availableGeometry().size() if self.screen() else None))
        self._restore_geometry()
        self._wide = self._is_wide()
        self._sync_preview_action()

        self.keys = WindowKeys(self)
        for action in (self.act_undo, self.act_redo, self.act_next_tab, self.act_prev_tab):
            self.keys.bind(action)
        # Application-wide hooks (the keys filter sees every event of every widget) are installed once
        # the window has painted: nobody can type before that, and they cost start-up time.
        self._app_hooks = False
        self._painted = False
        self._update_title()
        self._update_actions()

    # Construction ---------------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return bool(getattr(self.store, "read_only", False))

    def _action(self, text: str, slot, shortcuts: tuple[str, ...] = (), tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setIconText(text.split("(")[0])  # the toolbar shows "报告管理", not "报告管理(O)…"
        if shortcuts:
            action.setShortcuts([_seq(s) for s in shortcuts])  # a QAction's default: the whole window
        shown = " / ".join(shortcuts)
        action.setToolTip(f"{tip or text.split('(')[0]}（{shown}）" if shown else (tip or text))
        action.setStatusTip(tip or text.split("(")[0])
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.act_reports = self._action("报告管理(&O)…", self.open_reports_dialog, ("Ctrl+O",),
                                        "打开、新建、导入、重命名或删除报告")
        self.act_export = self._action("导出 Word(&E)…", self.export, ("Ctrl+E",),
                                       "按 GB/T 9704-2012 格式导出 .docx 文件")
        self.act_quit = self._action("退出(&X)", self.close, ("Ctrl+Q",))
        self.act_undo = self._action("撤销(&U)", self.undo, ("Ctrl+Z",))
        self.act_redo = self._action("重做(&R)", self.redo, ("Ctrl+Y", "Ctrl+Shift+Z"))
        self.act_history = self._action("历史版本(&H)…", self.show_history, ("Ctrl+H",),
                                        "查看并恢复本报告的历史版本")
        self.act_next_tab = self._action("下一个标签页", self.next_tab, ("Ctrl+Tab", "Ctrl+PgDown"))
        self.act_prev_tab = self._action("上一个标签页", self.previous_tab, ("Ctrl+Shift+Tab", "Ctrl+PgUp"))
        self.act_preview = self._action("显示预览(&P)", self.set_preview_shown, ("F9",),
                                        "在编辑区右侧显示导出后的正文")
        self.act_preview.setCheckable(True)
        self.act_about = self._action("关于与快捷键(&A)", self.show_about, ("F1",))

        menu = self.menuBar()
        file_menu = menu.addMenu("文件(&F)")
        file_menu.addAction(self.act_reports)
        file_menu.addAction(self.act_export)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = menu.addMenu("编辑(&E)")
        edit_menu.addAction(self.act_undo)
        edit_menu.addAction(self.act_redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_history)
        view_menu = self.view_menu = menu.addMenu("查看(&V)")
        view_menu.addAction(self.act_preview)
        view_menu.addSeparator()
        view_menu.addAction(self.act_next_tab)
        view_menu.addAction(self.act_prev_tab)
        help_menu = menu.addMenu("帮助(&H)")
        help_menu.addAction(self.act_about)

        toolbar = QToolBar("工具栏", self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)  # text only: the actions have no icons
        for action in (self.act_reports, self.act_export, None, self.act_undo, self.act_redo,
                       self.act_history):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        # Read-only: said in the toolbar row, so that it costs the editors no height.
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.read_only_banner = QLabel(READ_ONLY_BANNER)
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setStyleSheet(BANNER_STYLE)
        self.read_only_banner.setToolTip(READ_ONLY_TIP)
        self.read_only_action = toolbar.addWidget(self.read_only_banner)
        self.read_only_action.setVisible(self.read_only)
        self.addToolBar(toolbar)  # at the top
        self.toolbar = toolbar

    def _build_central(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        # Tab labels are never elided (the Windows and Linux styles' default); scroll buttons instead.
        self.tabs.currentChanged.connect(self._tab_changed)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self._empty_page: QWidget | None = None  # built when there is no report to show
        self.setCentralWidget(self.stack)

    @property
    def empty_page(self) -> QWidget:
        """The page shown when no report is open (built on first use: most starts open a report)."""
        if self._empty_page is None:
            page = QWidget()
            empty_layout = QVBoxLayout(page)
            empty_layout.addStretch(1)
            self.empty_label = QLabel("当前没有打开的报告。")
            self.empty_label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            empty_layout.addWidget(self.empty_label)
            self.empty_reports_button = QPushButton("报告管理（新建、导入或打开报告）…")
            self.empty_reports_button.clicked.connect(self.open_reports_dialog)
            self.empty_sample_button = QPushButton("添加示例报告（2024 年度昌华街道）")
            self.empty_sample_button.clicked.connect(self.add_sample_report)
            self.empty_sample_button.setEnabled(not self.read_only)
            for button in (self.empty_reports_button, self.empty_sample_button):
                empty_layout.addWidget(button, 0, QtCore.Qt.AlignmentFlag.AlignHCenter)
            empty_layout.addStretch(2)
            self.stack.addWidget(page)
            self._empty_page = page
        return self._empty_page

    def show_empty_page(self) -> None:
        """No report is open: say so and offer the reports dialog and the sample."""
        self.stack.setCurrentWidget(self.empty_page)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.count_label = QLabel()
        self.saved_label = QLabel()
        self.saved_label.setMinimumWidth(self.saved_label.fontMetrics().horizontalAdvance("已保存 00:00:00  "))
        bar.addPermanentWidget(self.count_label)
        bar.addPermanentWidget(self.saved_label)

    def _restore_geometry(self) -> None:
        if self.settings is None:
            return
        geometry = self.settings.window_geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    # Opening reports ------------------------------------------------------------------------------
    def open_report(self, report_id: int) -> bool:
        """Shows ``report_id``; on a missing report says so and keeps what was shown."""
        if not self.flush():
            return False
        try:
            report = self.store.load(report_id)
            info = self.store.info(report_id)
        except UserError as exc:
            dialogs.error(self, "无法打开报告", str(exc))
            return False
        if getattr(info, "deleted_at", None) is not None:
            dialogs.warn(self, "无法打开报告", "该报告已在回收站中，请先在“报告管理”中恢复。")
            return False
        self.report_id = report_id
        self.report = report
        self.autosaver.last_saved = _local(getattr(info, "updated_at", None))
        self._build_tabs(report, keep_key=None)
        self.stack.setCurrentWidget(self.tabs)
        if self.settings is not None:
            self.settings.set_last_report(self.store.path, report_id)
        self._update_title()
        self._update_actions()
        self._show_saved_state()
        self.report_opened.emit(report_id)
        return True

    def close_report(self) -> None:
        self.flush()
        self.report_id = None
        self.report = None
        self._clear_tabs()
        self.show_empty_page()
        self._update_title()
        self._update_actions()
        self._show_saved_state()
        self.report_closed.emit()

    def _clear_tabs(self) -> None:
        self._rebuilding = True
        try:
            while self.tabs.count():
                page = self.tabs.widget(0)
                self.tabs.removeTab(0)
                page.deleteLater()
        finally:
            self._rebuilding = False
        self._editors.clear()
        self.tab_keys.clear()

    def _build_tabs(self, report: Report, keep_key: str | None | bool) -> None:
        """(Re)creates the tabs of ``report``; ``keep_key`` is the tab to show again (False: the first).

        A tab's content is built the first time it is shown (``_ensure_page``): opening a report costs
        one editor, not all of them.
        """
        self._clear_tabs()
        self.basic_tab = None
        self._rebuilding = True
        try:
            self.tabs.addTab(_empty_scroll(), BASIC_TAB_LABEL)
            self.tabs.setTabToolTip(0, "单位名称、年度、标题、联系人、落款和排版设置")
            self.tab_keys.append(None)
            for section in report.content_sections():
                index = self.tabs.addTab(_SectionPage(), section.heading or section.key)
                self.tabs.setTabToolTip(index, section.hint or section.heading)
                self.tab_keys.append(section.key)
        finally:
            self._rebuilding = False
        index = self.tab_keys.index(keep_key) if keep_key in self.tab_keys else 0
        if keep_key is False:
            index = 0
        self._ensure_page(index)
        self.tabs.setCurrentIndex(index)
        self._update_count()

    def _ensure_page(self, index: int) -> QWidget | None:
        """The content of tab ``index``, built now if it has not been shown yet."""
        if not 0 <= index < len(self.tab_keys) or self.report is None:
            return None
        key = self.tab_keys[index]
        if key is None:
            if self.basic_tab is None:
                tab = BasicInfoTab()
                tab.set_report(self.report)
                tab.set_read_only(self.read_only)
                tab.field_changed.connect(self._field_changed)
                self.tabs.widget(index).setWidget(tab)
                self.basic_tab = tab
            return self.basic_tab
        if key not in self._editors:
            editor = self._make_editor(self.report.section(key))
            self.tabs.widget(index).setWidget(editor)
            self._editors[key] = editor
        return self._editors[key]

    def editor(self, key: str) -> QWidget:
        """The editor of section ``key`` (built if its tab has not been shown yet)."""
        return self._ensure_page(self.tab_keys.index(key))

    def basic_info(self) -> BasicInfoTab:
        return self._ensure_page(0)

    def _make_editor(self, section: Section) -> QWidget:
        if self._editor_for is None:
            from selfeval.ui.editors import editor_for

            self._editor_for = editor_for
        cls = self._editor_for(section.kind)
        editor = cls(None)
        editor.set_preview_visible(self.preview_shown())  # first: a hidden preview is not built
        editor.set_section(section)
        editor.set_read_only(self.read_only)
        editor.changed.connect(partial(self._section_changed, section.key))
        editor.notice.connect(self._notice)
        return editor

    # Saving ---------------------------------------------------------------------------------------
    def _section_changed(self, key: str) -> None:
        if self.report_id is None or self.read_only:
            return
        editor = self._editors.get(key)
        if editor is None:
            return
        report_id = self.report_id
        self.autosaver.schedule(f"section:{key}", lambda: SetSection(report_id, editor.section()))
        self._edit_pending()
        self._count_timer.start()

    def _field_changed(self, name: str) -> None:
        if self.report_id is None or self.read_only:
            return
        report_id = self.report_id
        tab = self.basic_tab
        self.autosaver.schedule(f"field:{name}", lambda: SetField(report_id, name, tab.value(name)))
        self._edit_pending()
        if name in ("unit_name", "unit_short", "year", "title_override"):
            self._update_title(pending_tab=tab)

    def _edit_pending(self) -> None:
        """An unsaved edit can be undone (it is saved first) and ends any redo; no database query here."""
        self._show_saved_state(pending=True)
        self.act_undo.setEnabled(True)
        self.act_redo.setEnabled(False)

    def flush(self) -> bool:
        """Saves pending edits now; False when they could not be saved (the user was told)."""
        return self.autosaver.flush()

    def _on_saved(self, when) -> None:
        self._show_saved_state()
        self._update_actions()

    def _on_save_failed(self, message: str) -> None:
        self._show_saved_state()
        dialogs.error(self, "保存失败", message)

    def _show_saved_state(self, pending: bool = False) -> None:
        if self.read_only:
            self.saved_label.setText("只读")
            self.saved_label.setToolTip("文件正被另一个窗口使用，本窗口不会保存任何修改。")
            return
        if self.autosaver.last_error and self.autosaver.pending:
            self.saved_label.setText("未保存")
            self.saved_label.setToolTip(self.autosaver.last_error)
            return
        if pending:
            self.saved_label.setText("正在保存…")
            return
        when = self.autosaver.last_saved
        self.saved_label.setText(f"已保存 {when:%H:%M:%S}" if when else "")
        self.saved_label.setToolTip("所有修改都会在一秒内自动保存。")

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if self.autosaver.pending and old is not None and old.window() is self:
            self.flush()

    def _app_state_changed(self, state) -> None:
        if state != QtCore.Qt.ApplicationState.ApplicationActive and self.autosaver.pending:
            self.flush()

    def _tab_changed(self, index: int) -> None:
        if self._rebuilding:
            return
        self._ensure_page(index)
        self.flush()
        self._update_count()

    # Undo, redo, history -------------------------------------------------------------------------------
    def undo(self) -> None:
        self._step(self.store.undo, "已撤销")

    def redo(self) -> None:
        self._step(self.store.redo, "已重做")

    def _step(self, do, verb: str) -> None:
        if self.report_id is None or self.read_only or not self.flush():
            return
        try:
            record = do(self.report_id)
        except UserError as exc:
            dialogs.error(self, "操作失败", str(exc))
            return
        if record is not None:
            self.reload_from_store()
            self.statusBar().showMessage(f"{verb}：{record.summary}", STATUS_MESSAGE_MS)
        self._update_actions()

    def reload_from_store(self) -> None:
        """Shows the store's version of the report, touching only the editors whose section changed."""
        if self.report_id is None:
            return
        try:
            report = self.store.load(self.report_id)
        except UserError as exc:
            dialogs.error(self, "无法读取报告", str(exc))
            return
        self.autosaver.discard()
        sections = report.content_sections()
        same_shape = self.report is not None and _shape(self.report) == _shape(report)
        if not same_shape:
            keep = self.tab_keys[self.tabs.currentIndex()] if self.tabs.count() else False
            self.report = report
            self._build_tabs(report, keep_key=keep)
        else:
            self.report = report
            for section in sections:
                editor = self._editors.get(section.key)  # tabs not shown yet are built from self.report
                if editor is not None and editor.section().to_dict() != section.to_dict():
                    editor.set_section(section)
            if self.basic_tab is not None:
                self.basic_tab.set_report(report)
        self._update_title()
        self._update_count()

    def show_history(self) -> None:
        if self.report_id is None or not self.flush():
            return
        from selfeval.ui.views.history_dialog import HistoryDialog

        headings = {s.key: s.heading for s in self.report.sections} if self.report else {}
        dialog = HistoryDialog(self.store, self.report_id, headings, read_only=self.read_only, parent=self)
        dialog.exec()
        op_id = dialog.chosen_op_id
        dialog.deleteLater()
        if op_id is not None:
            self.restore_state(op_id)

    def restore_state(self, op_id: int) -> bool:
        if self.report_id is None or self.read_only or not self.flush():
            return False
        try:
            record = self.store.apply(RestoreState(self.report_id, op_id))
        except UserError as exc:
            dialogs.error(self, "无法恢复", str(exc))
            return False
        self.reload_from_store()
        self._update_actions()
        if record is not None:
            self.statusBar().showMessage(f"已恢复历史版本：{record.summary}（可撤销）", STATUS_MESSAGE_MS)
        else:
            self.statusBar().showMessage("所选版本与当前内容相同，无需恢复。", STATUS_MESSAGE_MS)
        return True

    # Export, reports -------------------------------------------------------------------------------------
    def export(self) -> None:
        if self.report_id is None or not self.flush():
            return
        try:
            report = self.store.load(self.report_id)
        except UserError as exc:
            dialogs.error(self, "导出失败", str(exc))
            return
        from selfeval.ui.views import export_action

        written = export_action.export_report(self, report, self.settings)
        if written is not None:
            self.statusBar().showMessage(f"已导出：{written}", STATUS_MESSAGE_MS)

    def open_reports_dialog(self) -> None:
        if not self.flush():
            return
        from selfeval.ui.views.reports_dialog import ReportsDialog

        dialog = ReportsDialog(self.store, self, current_report_id=self.report_id)
        dialog.exec()
        chosen = getattr(dialog, "chosen_report_id", None)
        dialog.deleteLater()
        if chosen is not None and chosen != self.report_id:
            self.open_report(chosen)
            return
        self._after_reports_changed()

    def _after_reports_changed(self) -> None:
        """The reports dialog may have renamed or deleted the open report: follow the store."""
        if self.report_id is None:
            return
        try:
            info = self.store.info(self.report_id)
        except UserError:
            info = None
        if info is None or getattr(info, "deleted_at", None) is not None:
            self.close_report()
            self.statusBar().showMessage("原来打开的报告已删除。", STATUS_MESSAGE_MS)
            return
        self.reload_from_store()
        self._update_actions()

    def add_sample_report(self) -> int | None:
        if self.read_only:
            dialogs.warn(self, "只读", "文件以只读方式打开，不能添加报告。")
            return None
        from selfeval.samples import bundled_sample

        try:
            record = self.store.apply(CreateReport(bundled_sample(), note="示例报告"))
        except UserError as exc:
            dialogs.error(self, "无法添加示例报告", str(exc))
            return None
        if record is None or record.report_id is None:
            return None
        self.open_report(record.report_id)
        return record.report_id

    def offer_first_report(self) -> None:
        """The file holds no report: offer the sample or the reports dialog."""
        if self.read_only:
            return
        choice = dialogs.ask_choice(
            self, "还没有报告", "此数据文件中还没有报告，请选择：",
            ["添加示例报告（2024 年度昌华街道），先看看效果", "新建或导入报告…"], 0,
        )
        if choice == 0:
            self.add_sample_report()
        elif choice == 1:
            self.open_reports_dialog()

    # Preview ----------------------------------------------------------------------------------------------
    def preview_shown(self) -> bool:
        """The preview beside the editors: as the user chose, unless the window is too narrow for it."""
        return self._preview_wanted and (self._is_wide() or self._preview_forced)

    def set_preview_shown(self, shown: bool) -> None:
        """The user's choice (查看 > 显示预览, F9): remembered; showing it at a narrow width is honoured."""
        self._preview_wanted = bool(shown)
        self._preview_forced = bool(shown) and not self._is_wide()
        if self.settings is not None:
            self.settings.set_preview_shown(self._preview_wanted)
        self._apply_preview()

    def _is_wide(self) -> bool:
        return self.width() >= PREVIEW_MIN_WINDOW_WIDTH

    def _apply_preview(self) -> None:
        shown = self.preview_shown()
        for editor in self._editors.values():
            if hasattr(editor, "set_preview_visible"):
                editor.set_preview_visible(shown)
        self._sync_preview_action()

    def _sync_preview_action(self) -> None:
        blocked = self.act_preview.blockSignals(True)
        self.act_preview.setChecked(self.preview_shown())
        self.act_preview.blockSignals(blocked)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        wide = self._is_wide()
        if wide == self._wide:
            return
        self._wide = wide
        if wide:
            self._preview_forced = False
        self._apply_preview()
        if not wide and self._preview_wanted and self.isVisible():
            self.statusBar().showMessage(PREVIEW_AUTO_HIDDEN, STATUS_MESSAGE_MS)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.install_app_hooks)

    def install_app_hooks(self) -> None:
        """Report-wide keys in every text field, saving when the focus leaves the window or the app
        goes to the background. Done after the first paint; tests of a hidden window call it."""
        if self._app_hooks or self._closed:
            return
        app = QApplication.instance()
        app.installEventFilter(self.keys)
        app.focusChanged.connect(self._focus_changed)
        app.applicationStateChanged.connect(self._app_state_changed)
        self._app_hooks = True

    def _remove_app_hooks(self) -> None:
        if not self._app_hooks:
            return
        app = QApplication.instance()
        app.removeEventFilter(self.keys)
        app.focusChanged.disconnect(self._focus_changed)
        app.applicationStateChanged.disconnect(self._app_state_changed)
        self._app_hooks = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.report_id is None:
            self.show_empty_page()
        super().showEvent(event)
        if not event.spontaneous() and self._preview_wanted and not self.preview_shown() and self.report_id is not None:
            self.statusBar().showMessage(PREVIEW_AUTO_HIDDEN, STATUS_MESSAGE_MS)

    # Tabs, counts, title, actions ----------------------------------------------------------------------
    def next_tab(self) -> None:
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count())

    def previous_tab(self) -> None:
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count())

    def current_key(self) -> str | None:
        index = self.tabs.currentIndex()
        return self.tab_keys[index] if 0 <= index < len(self.tab_keys) else None

    def select_section(self, key: str | None) -> None:
        if key in self.tab_keys:
            self.tabs.setCurrentIndex(self.tab_keys.index(key))

    def _update_count(self) -> None:
        self._count_timer.stop()
        if self.report_id is None:
            self.count_label.setText("")
            return
        counts = {}
        for k in self.tab_keys:
            if k is None:
                continue
            editor = self._editors.get(k)
            if editor is not None:
                counts[k] = int(editor.char_count())
            elif self.report is not None:
                counts[k] = char_count(self.report.section(k).plain_text())
        total = sum(counts.values())
        key = self.current_key()
        for k, n in counts.items():
            index = self.tab_keys.index(k)
            hint = self.report.section(k).hint if self.report is not None else ""
            self.tabs.setTabToolTip(index, f"{n} 字" + (f"\n{hint}" if hint else ""))
        if key is None:
            self.count_label.setText(f"全文 {total} 字")
        else:
            self.count_label.setText(f"本节 {counts.get(key, 0)} 字 · 全文 {total} 字")

    def _update_title(self, pending_tab: BasicInfoTab | None = None) -> None:
        parts = []
        if self.report is not None:
            title = self.report.title
            if pending_tab is not None:
                draft = self.report.copy()
                draft.unit_name = pending_tab.value("unit_name")
                draft.unit_short = pending_tab.value("unit_short")
                draft.year = pending_tab.value("year")
                draft.title_override = pending_tab.value("title_override")
                title = draft.title
            parts.append(title)
        parts.append(APP_TITLE)
        title = " - ".join(parts)
        if self.read_only:
            title += "（只读）"
        self.setWindowTitle(title)

    def _update_actions(self) -> None:
        has = self.report_id is not None
        writable = has and not self.read_only
        try:
            can_undo = writable and (self.autosaver.pending or self.store.can_undo(self.report_id))
            can_redo = writable and self.store.can_redo(self.report_id)
        except UserError:
            can_undo = can_redo = False
        self.act_undo.setEnabled(bool(can_undo))
        self.act_redo.setEnabled(bool(can_redo))
        self.act_export.setEnabled(has)
        self.act_history.setEnabled(has)
        self.act_next_tab.setEnabled(has)
        self.act_prev_tab.setEnabled(has)
        if self._empty_page is not None:
            self.empty_sample_button.setEnabled(not self.read_only)

    def _notice(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MESSAGE_MS)

    def show_about(self) -> None:
        keys = "\n".join(f"{k}：{v}" for k, v in SHORTCUTS_HELP)
        dialogs.inform(
            self, "关于",
            f"{APP_TITLE}\n编制部门整体支出绩效自评表说明，并按 GB/T 9704-2012 导出 Word 文档。\n"
            f"所有修改自动保存到：\n{self.store.path}\n\n快捷键：\n{keys}",
        )

    # Closing --------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self._closed:
            event.accept()
            return
        if not self.flush():
            if not dialogs.ask_yes_no(self, "有内容未能保存",
                                      "最近的修改未能保存到数据库文件。仍要关闭窗口吗？关闭后这些修改将丢失。"):
                event.ignore()
                return
            self.autosaver.discard()
        if self.settings is not None:
            self.settings.set_window(self.saveGeometry(), self.saveState())
            self.settings.sync()
        self._remove_app_hooks()
        self._closed = True
        event.accept()


class _EditorMap(Mapping):
    def __init__(self, window: "MainWindow") -> None:
        self._window = window

    def __getitem__(self, key: str) -> QWidget:
        if key is None or key not in self._window.tab_keys:
            raise KeyError(key)
        return self._window.editor(key)

    def __iter__(self):
        return iter([k for k in self._window.tab_keys if k is not None])

    def __len__(self) -> int:
        return len([k for k in self._window.tab_keys if k is not None])


def _empty_scroll() -> QScrollArea:
    """The 基本信息 tab page (a form, scrolled as a whole); its content is set when first shown."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


class _SectionPage(QWidget):
    """A section tab page: holds its editor, set when the tab is first shown. It does not scroll: the
    editor's own editing column is the one scrolling level."""

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._widget: QWidget | None = None

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 - same name as QScrollArea's
        self._layout.addWidget(widget)
        widget.show()  # at once, as QScrollArea.setWidget does (a layout would show it only later)
        self._widget = widget

    def widget(self) -> QWidget | None:
        return self._widget


def default_size(available: QSize | None) -> tuple[int, int]:
    """The first-run window size: DEFAULT_* or, on a small screen, most of what is available."""
    if available is None or available.isEmpty():
        return DEFAULT_WIDTH, DEFAULT_HEIGHT
    width = min(DEFAULT_WIDTH, int(available.width() * 0.96))
    height = min(DEFAULT_HEIGHT, int(available.height() * 0.92))
    return max(width, MINIMUM_WIDTH), max(height, MINIMUM_HEIGHT)


def _shape(report: Report) -> list[tuple[str, str, str]]:
    """What the tabs are built from: a change here rebuilds them."""
    return [(s.key, s.kind.value, s.heading) for s in report.content_sections()]


def _local(when):
    """A stored (UTC) time as a naive local time, for "已保存 HH:MM:SS"."""
    if when is None:
        return None
    try:
        return when.astimezone().replace(tzinfo=None)
    except (ValueError, OverflowError):
        return None
