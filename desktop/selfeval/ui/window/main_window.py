"""The main window: a shell of actions, menus, toolbar and status bar over the edit session and the tabs. What
its menu commands do (undo, history, export, preview, reports, backup, find, about) is ``commands.py``.

The session (``selfeval.session``) owns the open report, saving, undo and every change; the tabs
(``report_tabs.py``) own the editors. The window connects them: an editor's change goes to the session
to be saved, the session's events (opened, reloaded, applied, failed, closed) come back to the tabs, the
title, the status bar and the actions. Nothing here talks to the store's write side.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from selfeval.domain.errors import UserError
from selfeval.domain.model import Report, Section
from selfeval.session.edit_session import EditSession, Reload
from selfeval.ui.window.actions import build_actions, build_menus, build_toolbar, install_shortcuts
from selfeval.ui.window.commands import STATUS_MESSAGE_MS, WindowCommands
from selfeval.ui.window.page_count import PageCount
from selfeval.ui.window.preview_policy import PREVIEW_AUTO_HIDDEN, PreviewPolicy
from selfeval.ui.window.report_tabs import ReportTabs
from selfeval.ui.window.save_status import FAILING_STYLE, save_state
from selfeval.ui.window.window_keys import WindowKeys
from selfeval.ui.widgets import dialogs, last_folders

APP_TITLE = "绩效自评编制工具"
# Fits a 1366×768 screen with a taskbar and the window frame even at 125 % scaling (1093×614 logical
# pixels); every tab scrolls, so nothing below this is cut off.
MINIMUM_WIDTH = 760
MINIMUM_HEIGHT = 480
DEFAULT_WIDTH = 1280
DEFAULT_HEIGHT = 720
FOREIGN_MESSAGE_MS = 20000
FOREIGN_CHECK_MS = 2000
REVIEW_MIN_WINDOW_WIDTH = 1200  # the 审核 panel is shown at the start from this width on


def qt_timer(parent) -> Callable:
    """The session's timer factory: a single-shot QTimer owned by ``parent``."""

    def make(callback) -> QTimer:
        timer = QTimer(parent)
        timer.setSingleShot(True)
        timer.timeout.connect(callback)
        return timer

    return make


# What the first change loads (warm_writer): the write side and what it imports.
WRITE_SIDE = ("selfeval.store.writing", "selfeval.store.operations", "selfeval.store.delta",
              "selfeval.store.replay", "selfeval.store.summaries", "sqlite_utils")


class MainWindow(WindowCommands, QMainWindow):
    def __init__(self, store, settings, *, editor_factory: Callable | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store  # read side, for the dialogs' lists
        self.settings = settings
        last_folders.use(settings)
        self.session = EditSession(store, qt_timer(self))
        self._editor_for = editor_factory  # None: selfeval.ui.editors, imported when a section is first shown
        self._closed = False
        self._offering_save_as = False
        self._in_close = False
        self._app_hooks = False
        self._painted = False
        self.review = None  # the 审核 panel (views/review_panel), built after the first paint
        self.find_dialog = None  # views/find_replace_dialog, built on first use
        self._last_change: Reload | None = None  # what the latest reload changed (undo shows it)
        self._year_text = ""  # 基本信息's comparison with last year (views/basic_info_tab.set_year_comparison)
        self._last_year = None  # ((report id, unit, year), last year's Report or None): _last_year_report
        self._after_paint: list = []  # callbacks waiting for the first paint (after_first_paint)
        self.preview = PreviewPolicy(settings.preview_shown() if settings is not None else True)

        self.actions = build_actions(self)
        self.menus = build_menus(self, self.actions)
        self.toolbar, self.read_only_action = build_toolbar(self, self.actions, self.read_only)
        self.tabs = ReportTabs(self._make_editor, lambda: self.session.report)
        self.tabs.set_read_only(self.read_only)
        self.tabs.section_edited.connect(self._section_edited)
        self.tabs.section_replaced.connect(self._section_replaced)
        self.tabs.field_edited.connect(self._field_edited)
        self.tabs.notice.connect(self.notify)
        self.tabs.counts_changed.connect(self._show_count)
        self.tabs.shown.connect(self._tab_changed)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self._empty_page: QWidget | None = None  # built when there is no report to show
        self.setCentralWidget(self.stack)
        self._build_status_bar()
        self.page_count = PageCount(lambda: self.session.report, self, pages_of=self._export_pages)
        self.page_count.changed.connect(self._show_pages)
        self.preview_dialog = None

        session = self.session
        session.opened.connect(self._opened)
        session.closed.connect(self._closed_report)
        session.reloaded.connect(self._reloaded)
        session.applied.connect(lambda _record: self._update_actions())
        session.failed.connect(lambda title, message: dialogs.error(self, title, message))
        session.autosaver.state_changed.connect(self._show_saved_state)
        session.autosaver.saved.connect(lambda _when: self.page_count.schedule())
        session.autosaver.failed.connect(self._save_failed)
        session.autosaver.applied.connect(self._edit_applied)
        session.foreign.connect(self._foreign_change)
        session.file_gone.connect(self._file_gone)
        # Another program's commits are looked for before every save, when the window comes to the front,
        # and every few seconds while it is open (a cheap PRAGMA), so that what it wrote shows up.
        self._foreign_timer = QTimer(self)
        self._foreign_timer.setInterval(FOREIGN_CHECK_MS)
        self._foreign_timer.timeout.connect(self.session.check_foreign)

        self.setMinimumSize(MINIMUM_WIDTH, MINIMUM_HEIGHT)
        self.resize(*default_size(self.screen().availableGeometry().size() if self.screen() else None))
        self._restore_geometry()
        self.preview.resized(self.width())
        self.tabs.set_preview_shown(self.preview.shown())
        self._sync_preview_action()
        self.keys = WindowKeys(self)
        self._update_title()
        self._update_actions()

    # Construction ---------------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.session.read_only

    @property
    def report_id(self) -> int | None:
        return self.session.report_id

    @property
    def report(self) -> Report | None:
        return self.session.report

    @property
    def editors(self):
        return self.tabs.editors

    @property
    def empty_page(self) -> QWidget:
        """The page shown when no report is open (built on first use: most starts open a report)."""
        if self._empty_page is None:
            from PySide6.QtCore import Qt

            page = QWidget()
            layout = QVBoxLayout(page)
            layout.addStretch(1)
            self.empty_label = QLabel("当前没有打开的报告。")
            self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(self.empty_label)
            self.empty_reports_button = QPushButton("报告管理（新建、导入或打开报告）…")
            self.empty_reports_button.clicked.connect(self.open_reports_dialog)
            self.empty_sample_button = QPushButton("添加示例报告（2024 年度昌华街道）")
            self.empty_sample_button.clicked.connect(self.add_sample_report)
            self.empty_sample_button.setEnabled(not self.read_only)
            for button in (self.empty_reports_button, self.empty_sample_button):
                layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            layout.addStretch(2)
            self.stack.addWidget(page)
            self._empty_page = page
        return self._empty_page

    def show_empty_page(self) -> None:
        """No report is open: say so and offer the reports dialog and the sample."""
        self.stack.setCurrentWidget(self.empty_page)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.count_label = QLabel()
        self.pages_label = QLabel()
        self.saved_label = QLabel()
        self.saved_label.setMinimumWidth(self.saved_label.fontMetrics().horizontalAdvance("已保存 00:00:00  "))
        bar.addPermanentWidget(self.count_label)
        bar.addPermanentWidget(self.pages_label)
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

    def _preload_editors(self) -> None:
        """Imports the section editors once the window shows (about 60 ms of CPU), so that the first
        section tab the clerk opens only builds its editor."""
        if self._editor_for is None and not self._closed:
            self._load_editors()

    def _load_editors(self) -> None:
        from selfeval.ui.editors import editor_for

        self._editor_for = editor_for

    def _make_editor(self, section: Section) -> QWidget:
        if self._editor_for is None:
            self._load_editors()
        return self._editor_for(section.kind)(None)

    @staticmethod
    def report_window(store) -> MainWindow:
        """Another window over ``store`` (the 汇总 window's unit reports, read-only; handed to 报告管理, which
        hands it to ``SummaryWindow``, so that neither imports this module)."""
        return MainWindow(store, None)

    # Opening and closing reports --------------------------------------------------------------------
    def open_report(self, report_id: int) -> bool:
        """Shows ``report_id``; on a report that cannot be opened says so and keeps what was shown."""
        return self.session.open(report_id)

    def close_report(self) -> None:
        self.session.close()

    def _opened(self, report_id: int, report: Report) -> None:
        self.tabs.show_report(report)
        self.stack.setCurrentWidget(self.tabs)
        if self.settings is not None:
            self.settings.set_last_report(self.store.path, report_id)
        self._update_title()
        self._update_actions()
        self._show_saved_state()
        if self._app_hooks:
            self._compare_years()
            self._count_pages_now()
        else:  # the estimate lays out every section and reads the outline templates: after the first paint
            self.after_first_paint(self._compare_years)  # it reads the 自评表's modules: after it too
            self.after_first_paint(self._count_pages_now)

    def _compare_years(self) -> None:
        """基本信息's line with last year's 全年预算数, 执行率 and 自评得分 beside this year's (a report of the
        same unit one year earlier in this database), after opening and every reload (undo, a replace …)."""
        if self._closed:  # a late paint after the window (and its store) closed
            return
        text, compared = "", None
        report = self.report
        if report is not None:
            from selfeval.domain.table.year_over_year import comparison_line, last_year_values

            last = self._last_year_report(report)
            if last is not None:
                text = comparison_line(report.table, last.table, last.year)
                compared = last_year_values(last.table, last.year)
        self._year_text = text
        if self.tabs.basic_tab is not None:
            self.tabs.basic_tab.set_year_comparison(text)
        if compared != self.tabs.compared:  # the sections' 「{执行率较上年}」 quotes compare with it
            self.session.compare_years(compared)
            self.tabs.compared = compared
            if report is not None:
                self.tabs.set_table(report.table)

    def _last_year_report(self, report: Report) -> Report | None:
        """Last year's report of the open report's unit (looked up once per report, unit and year: a grid edit
        compares again without reading the database)."""
        from selfeval.app.check import previous_year_id

        key = (self.session.report_id, report.unit_name.strip(), report.year)
        if self._last_year is None or self._last_year[0] != key:
            try:
                found = previous_year_id(report, [i for i in self.store.list_reports()
                                                  if i.id != self.session.report_id])
                last = self.store.load(found) if found is not None else None
            except UserError:
                last = None
            self._last_year = (key, last)
        return self._last_year[1]

    def _count_pages_now(self) -> None:
        """The count for a report just opened, shown even when its text is the one shown before: the
        基本信息 tab is new and blank (opening another report from 报告管理 left its 页数 empty)."""
        self.page_count.update_now()
        self._show_pages(self.page_count.text)

    def _closed_report(self) -> None:
        self.tabs.clear_report()
        self.show_empty_page()
        self._update_title()
        self._update_actions()
        self._show_saved_state()
        self._show_count()
        self.page_count.update_now()

    def _reloaded(self, change: Reload) -> None:
        self._last_change = change
        self.tabs.update_report(change)
        self._compare_years()
        self._update_title()
        self._update_actions()
        self.page_count.schedule()

    # Typing -----------------------------------------------------------------------------------------
    def _section_edited(self, key: str) -> None:
        editor = self.tabs.built().get(key)
        if editor is not None:
            self.session.edit_section(key, editor.section)
            self._edit_pending()

    def _section_replaced(self, section, summary: str) -> None:
        """A figure linked to the table, kept apart or confirmed: one step of the log (undoable)."""
        from selfeval.store.operations import SetSection

        if self.session.report_id is not None:
            self.session.run_op(SetSection(self.session.report_id, section, step=summary), "无法修改数据来源")

    def _field_edited(self, name: str) -> None:
        if name == "table":
            table_tab = self.tabs.table_tab
            if table_tab is not None:
                self.session.edit_field(name, table_tab.table)
                self._edit_pending()
            return
        tab = self.tabs.basic_tab
        if tab is None:
            return
        self.session.edit_field(name, lambda: tab.value(name))
        self._edit_pending()
        if name in ("unit_name", "unit_short", "year", "title_override"):
            self._update_title(pending_tab=tab)

    def _edit_applied(self, record) -> None:
        """A typed edit was saved: one of the 自评表 reaches the sections that quote it."""
        if record is not None and record.field == "table" and self.session.report is not None:
            self.tabs.set_table(self.session.report.table)
            self._compare_years()  # 基本信息's comparison follows each grid edit

    def _edit_pending(self) -> None:
        """An unsaved edit can be undone (it is saved first) and ends any redo; no database query here."""
        self.actions.undo.setEnabled(not self.read_only)
        self.actions.redo.setEnabled(False)

    def flush(self) -> bool:
        """Saves pending edits now; False when they could not be saved (the status bar says why)."""
        return self.session.flush()

    def _save_failed(self, message: str) -> None:
        self.statusBar().showMessage(f"保存失败：{message} 程序会自动重试。", STATUS_MESSAGE_MS)

    def _show_saved_state(self) -> None:
        state = save_state(self.session.autosaver, self.read_only, self.session.file_problem)
        self.saved_label.setText(state.text)
        self.saved_label.setToolTip(state.tip)
        self.saved_label.setStyleSheet(FAILING_STYLE if state.failing else "")
        if not state.failing:
            self._update_actions()

    def _tab_changed(self) -> None:
        if self.flush():
            self.tabs.drop_hidden_editors()  # nothing pending reads them now
        self.tabs.recount_now()
        self._show_count()
        self._show_pages(self.page_count.text)
        if self.tabs.basic_tab is not None:
            self.tabs.basic_tab.set_year_comparison(self._year_text)

    def _focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        if self.session.pending and old is not None and old.window() is self:
            self.flush()

    def _app_state_changed(self, state) -> None:
        if state == type(state).ApplicationActive:
            self.session.check_foreign()
        elif self.session.pending:
            self.flush()

    def _file_gone(self, message: str) -> None:
        """The database file was deleted, moved or replaced under the window: say so, offer 「另存到…」 (after the
        current event, so that a save failing inside a dialog does not open another one on top)."""
        self.statusBar().showMessage(message, FOREIGN_MESSAGE_MS)
        if not self._in_close:
            QTimer.singleShot(0, self.offer_save_as)

    def offer_save_as(self) -> bool:
        if self._closed or self._offering_save_as:
            return False
        from selfeval.ui.views import file_gone

        self._offering_save_as = True
        try:
            saved = file_gone.offer_save_as(self)
        finally:
            self._offering_save_as = False
        if saved:
            self._update_title()
        return saved

    def _foreign_change(self, message: str) -> None:
        """Another program changed the open report and the window loaded it: say so (it stays a while)."""
        self.statusBar().showMessage(message, FOREIGN_MESSAGE_MS)

    # 审核 -------------------------------------------------------------------------------------------------
    def _build_review(self) -> None:
        from PySide6.QtCore import Qt

        from selfeval.ui.views.review_panel import ReviewPanel

        self.review = ReviewPanel(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.review)
        # Beside the editors it needs a wide window: at 125 % scaling and up it waits for F7.
        self._sync_review_action(self.width() >= REVIEW_MIN_WINDOW_WIDTH)
        self.review.setVisible(self.actions.review.isChecked())
        self.review.visibilityChanged.connect(self._review_visibility)
        self.review.schedule()

    def set_review_shown(self, shown: bool) -> None:
        """查看 > 审核结果 (F7); showing it puts the focus on its list."""
        if self.review is not None:
            self.review.setVisible(bool(shown))
            if shown:
                self.review.list.setFocus()

    def _review_visibility(self, visible: bool) -> None:
        if self.isVisible() and not self.isMinimized():  # its close button, not the window hiding
            self._sync_review_action(visible)

    def _sync_review_action(self, checked: bool) -> None:
        blocked = self.actions.review.blockSignals(True)
        self.actions.review.setChecked(checked)
        self.actions.review.blockSignals(blocked)

    # Preview ----------------------------------------------------------------------------------------------
    def preview_shown(self) -> bool:
        return self.preview.shown()

    def set_preview_shown(self, shown: bool) -> None:
        """The user's choice (查看 > 显示预览, F9): remembered; showing it at a narrow width is honoured."""
        self.preview.choose(bool(shown))
        if self.settings is not None:
            self.settings.set_preview_shown(self.preview.wanted)
        self.tabs.set_preview_shown(self.preview.shown())
        self._sync_preview_action()
        self.statusBar().clearMessage()  # a "预览已隐藏" said before is no longer true

    def _sync_preview_action(self) -> None:
        blocked = self.actions.preview.blockSignals(True)
        self.actions.preview.setChecked(self.preview.shown())
        self.actions.preview.blockSignals(blocked)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if not self.preview.resized(self.width()):
            return
        self.tabs.set_preview_shown(self.preview.shown())
        self._sync_preview_action()
        if self.preview.auto_hidden() and self.isVisible():
            self.statusBar().showMessage(PREVIEW_AUTO_HIDDEN, STATUS_MESSAGE_MS)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.report_id is None:
            self.show_empty_page()
        super().showEvent(event)
        if not event.spontaneous() and self.preview.auto_hidden() and self.report_id is not None:
            self.statusBar().showMessage(PREVIEW_AUTO_HIDDEN, STATUS_MESSAGE_MS)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.install_app_hooks)

    def install_app_hooks(self) -> None:
        """Report-wide keys in every text field, saving when the focus leaves the window or the app goes
        to the background, the actions' keys, and what else can wait for the first paint. Tests of a hidden
        window call it."""
        if self._app_hooks or self._closed:
            return
        install_shortcuts(self.actions)
        for action in self.actions.report_wide():
            self.keys.bind(action)
        app = QApplication.instance()
        self.keys.follow(None, app.focusWidget())
        app.focusChanged.connect(self.keys.follow)
        app.focusChanged.connect(self._focus_changed)
        app.applicationStateChanged.connect(self._app_state_changed)
        self.tabs.after_first_paint()
        if not self.read_only:
            self._foreign_timer.start()
        self._app_hooks = True
        self._build_review()
        from selfeval.ui.views import backup_actions

        backup_actions.daily_backup(self)
        self._after_paint.append(self._preload_editors)  # last: after the start's own notices and offers
        self._after_paint.append(self.warm_writer)
        waiting, self._after_paint = self._after_paint, []
        for callback in waiting:
            QTimer.singleShot(0, callback)

    def warm_writer(self) -> None:
        """Loads the store's write side (store/writing.py, the operations, the log's deltas, sqlite-utils)
        once the window shows, off the first paint's path: the first save after the start then takes as
        long as any other (it took ~300 ms more, past the ≤ 1 s promise; tests/bench/bench_first_save.py)."""
        if self.read_only or self._closed:
            return
        import importlib

        for name in WRITE_SIDE:
            importlib.import_module(name)
        self.store.db  # the sqlite-utils view the writer's transactions use  # noqa: B018

    def after_first_paint(self, callback, *, first: bool = False) -> None:
        """Runs ``callback`` once the window has painted (at once, through the event loop, if it has): the
        notices and offers of the start never delay the first paint. ``first``: before the callbacks
        already waiting."""
        if self._app_hooks:
            QTimer.singleShot(0, callback)
        elif first:
            self._after_paint.insert(0, callback)
        else:
            self._after_paint.append(callback)

    def _remove_app_hooks(self) -> None:
        if not self._app_hooks:
            return
        app = QApplication.instance()
        self.keys.follow(app.focusWidget(), None)
        app.focusChanged.disconnect(self.keys.follow)
        app.focusChanged.disconnect(self._focus_changed)
        app.applicationStateChanged.disconnect(self._app_state_changed)
        self._foreign_timer.stop()
        self.review.stop()
        self._app_hooks = False

    # Title, counts, actions ----------------------------------------------------------------------------
    def _show_count(self) -> None:
        if self.report_id is None:
            self.count_label.setText("")
            return
        total = self.tabs.total_count
        key = self.tabs.current_key()
        if key is None:
            self.count_label.setText(f"全文 {total} 字")
        else:
            self.count_label.setText(f"本节 {self.tabs.counts.get(key, 0)} 字 · 全文 {total} 字")

    def _update_title(self, pending_tab=None) -> None:
        parts = []
        if self.report is not None:
            title = self.report.title
            if pending_tab is not None:
                draft = self.report.copy()
                for name in ("unit_name", "unit_short", "year", "title_override"):
                    setattr(draft, name, pending_tab.value(name))
                title = draft.title
            parts.append(title)
        parts.append(APP_TITLE)
        title = " - ".join(parts)
        if self.read_only:
            title += "（只读）"
        self.setWindowTitle(title)

    def _update_actions(self) -> None:
        has = self.report_id is not None
        a = self.actions
        a.undo.setEnabled(self.session.can_undo())
        a.redo.setEnabled(self.session.can_redo())
        for action in (a.export, a.export_pdf, a.page_preview, a.history, a.next_tab, a.prev_tab, a.find, a.replace):
            action.setEnabled(has)
        if self._empty_page is not None:
            self.empty_sample_button.setEnabled(not self.read_only)

    def notify(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MESSAGE_MS)

    # Closing --------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self._closed:
            event.accept()
            return
        self._in_close = True  # the question comes from here, not from the file-gone notice as well
        try:
            gone = not self.read_only and self.session.check_file() is not None
        finally:
            self._in_close = False
        if gone and not self.offer_save_as():
            # The file went away: what the window holds is nowhere else.
            if not dialogs.ask_yes_no(self, "数据库文件已不在原处",
                                      "数据库文件已被删除、移走或替换，本窗口中的内容还没有另存。\n"
                                      "仍要关闭窗口吗？关闭后这些内容将丢失。"):
                event.ignore()
                return
            self.session.autosaver.discard()
        if not self.flush():
            if not dialogs.ask_yes_no(self, "有内容未能保存",
                                      f"最近的修改未能保存到数据库文件（{self.session.autosaver.last_error}）。\n"
                                      "仍要关闭窗口吗？关闭后这些修改将丢失。"):
                event.ignore()
                return
            self.session.autosaver.discard()
        if self.settings is not None:
            self.settings.set_window(self.saveGeometry(), self.saveState())
            self.settings.sync()
        self._remove_app_hooks()
        self._closed = True
        event.accept()


def default_size(available: QSize | None) -> tuple[int, int]:
    """The first-run window size: DEFAULT_* or, on a small screen, most of what is available."""
    if available is None or available.isEmpty():
        return DEFAULT_WIDTH, DEFAULT_HEIGHT
    width = min(DEFAULT_WIDTH, int(available.width() * 0.96))
    height = min(DEFAULT_HEIGHT, int(available.height() * 0.92))
    return max(width, MINIMUM_WIDTH), max(height, MINIMUM_HEIGHT)

