"""The report's tabs: 基本信息 first, then the 自评表 (key ``TABLE_KEY``), then one per content section (from
the report's own outline).

A tab's editor is built the first time the tab is shown and dropped again once ``KEEP_BUILT`` other tabs
have been shown since (and nothing of it is waiting to be saved), so a report of hundreds of sections costs
the memory of a few editors. Character counts are kept per section and recounted only for the section
that changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QPlainTextEdit, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from selfeval.domain.model import Report, Section
from selfeval.domain.text import char_count
from selfeval.session.edit_session import Reload
from selfeval.ui.views.basic_info_tab import BasicInfoTab

BASIC_TAB_LABEL = "基本信息"
BASIC_TAB_TIP = "单位名称、年度、标题、联系人、落款和排版设置"
# the 自评表 tab's key (section keys never start with ":"); text_fields.TABLE_SECTION names the same, so that
# a find's place is a tab key (not imported here: text_fields is not on the way to the first paint)
TABLE_KEY = ":table"
TABLE_TAB_LABEL = "自评表"
TABLE_TAB_TIP = "预算执行情况、年度总体目标、绩效指标、自评得分和等级"
KEEP_BUILT = 8  # section editors kept built besides the current one (recently shown tabs)
COUNT_DELAY_MS = 300  # typing pauses this long before the section is recounted


class ReportTabs(QTabWidget):
    section_edited = Signal(str)  # key: the editor of that section changed
    section_replaced = Signal(object, str)  # a Section to save at once, as one undoable step (a figure's home)
    field_edited = Signal(str)  # a report field changed on the 基本信息 tab ("table": on the 自评表 tab)
    notice = Signal(str)  # an editor has something to say in the status bar
    counts_changed = Signal()
    shown = Signal()  # the user switched to another tab (not emitted while the tabs are rebuilt)

    def __init__(self, make_editor: Callable[[Section], QWidget], current_report: Callable[[], Report | None],
                 parent: QWidget | None = None) -> None:
        """``current_report()`` is the report as it stands now (the session's, with every saved edit):
        an editor built or rebuilt later starts from it."""
        super().__init__(parent)
        self.setDocumentMode(True)
        self.setUsesScrollButtons(True)  # tab labels are never elided: scroll buttons instead
        self._make_editor = make_editor
        self._current_report = current_report
        self.report: Report | None = None  # as shown when the tabs were (re)built or last reloaded
        self.keys: list[str | None] = []  # None: the 基本信息 tab; TABLE_KEY: the 自评表 tab
        self.basic_tab: BasicInfoTab | None = None
        self.table_tab = None  # the 自评表 tab (ui.views.table_tab.TableTab), built when first shown
        self._built: dict[str, QWidget] = {}  # section editors built so far
        self.compared = None  # last year's values (year_over_year.LastYear) the sections' quotes compare with
        self._recent: list[str] = []  # keys of built editors, most recently shown last
        self.read_only = False
        self.preview_shown = True
        self._rebuilding = False
        self._settled = False  # after_first_paint has run
        self.counts: dict[str, int] = {}
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._recount_dirty)
        self._dirty: set[str] = set()
        # All section editors by key; looking one up builds it.
        self.editors: Mapping[str, QWidget] = _EditorMap(self)
        self.currentChanged.connect(self._shown)

    # The report -------------------------------------------------------------------------------------
    def show_report(self, report: Report, keep_key: str | None | bool = False) -> None:
        """(Re)creates the tabs of ``report``; ``keep_key`` is the tab to show again (False: the first)."""
        self.clear_report()
        self.report = report
        self._rebuilding = True
        try:
            self.addTab(_basic_page(), BASIC_TAB_LABEL)
            self.setTabToolTip(0, BASIC_TAB_TIP)
            if self._settled:
                _no_focus(self.widget(0))
            self.keys.append(None)
            self.addTab(_basic_page(), TABLE_TAB_LABEL)
            self.setTabToolTip(1, TABLE_TAB_TIP)
            if self._settled:
                _no_focus(self.widget(1))
            self.keys.append(TABLE_KEY)
            for section in report.content_sections():
                self.addTab(_SectionPage(), section.heading or section.key)
                self.keys.append(section.key)
        finally:
            self._rebuilding = False
        self.counts = {s.key: char_count(s.plain_text()) for s in report.content_sections()}
        self._update_tooltips(self.counts)
        index = self.keys.index(keep_key) if keep_key is not False and keep_key in self.keys else 0
        self.page(index)
        self.setCurrentIndex(index)
        self.counts_changed.emit()

    def clear_report(self) -> None:
        self._rebuilding = True
        try:
            while self.count():
                page = self.widget(0)
                self.removeTab(0)
                page.deleteLater()
        finally:
            self._rebuilding = False
        self._built.clear()
        self._recent.clear()
        self._dirty.clear()
        self._count_timer.stop()
        self.keys.clear()
        self.counts.clear()
        self.basic_tab = None
        self.table_tab = None
        self.report = None

    def update_report(self, change: Reload) -> None:
        """Shows the store's version after an undo, a restore…: only what changed is touched."""
        if change.shape or self.report is None:
            self.show_report(change.report, keep_key=self.current_key() if self.count() else False)
            return
        self.report = change.report
        for key in change.sections:
            editor = self._built.get(key)
            if editor is not None:
                editor.set_section(change.report.section(key))
            self.counts[key] = char_count(change.report.section(key).plain_text())
        if change.fields and self.basic_tab is not None:
            self.basic_tab.set_report(change.report)
        if change.fields and self.table_tab is not None:
            self.table_tab.set_report(change.report)
        if change.fields:
            self.set_table(change.report.table)
        self._update_tooltips({k: self.counts[k] for k in change.sections})
        self.counts_changed.emit()

    def reveal(self, change: Reload, key: str | None = None, field: str | None = None) -> None:
        """Shows what ``change`` changed: the tab of section ``key`` (else the first changed section, else
        基本信息 and its ``field``), with the cursor where the text first differs."""
        if key is None or key not in self.keys:
            key = next((k for k in self.keys if k in change.sections), None)
        if key is None and field == "table":
            self.select(TABLE_KEY)
            if self.table_tab is not None:
                self.table_tab.focus_table()
            return
        if key is None:
            self.select(None)
            if field is not None and self.basic_tab is not None:
                self.basic_tab.focus_field(field)
            return
        from selfeval.domain.section_diff import first_change

        self.select(key)
        editor = self.editor(key)
        old_section = _section_or_none(change.previous, key)
        found = first_change(old_section, change.report.section(key)) if old_section is not None else None
        if found is None:
            return
        text, offset = found
        for box in editor.findChildren(QWidget):
            if not isinstance(box, (QLineEdit, QPlainTextEdit)) or (box.isReadOnly() and not self.read_only):
                continue
            current = box.text() if isinstance(box, QLineEdit) else box.toPlainText()
            if current == text:
                box.setFocus()
                if isinstance(box, QLineEdit):
                    box.setCursorPosition(offset)
                else:
                    cursor = box.textCursor()
                    cursor.setPosition(min(offset, len(text)))
                    box.setTextCursor(cursor)
                    box.ensureCursorVisible()
                scroll = getattr(editor, "scroll", None)
                if isinstance(scroll, QScrollArea):
                    scroll.ensureWidgetVisible(box)
                return

    # Pages and editors --------------------------------------------------------------------------------
    def page(self, index: int) -> QWidget | None:
        """The content of tab ``index``, built now if it has not been (or is no longer) built."""
        report = self._current_report()
        if not 0 <= index < len(self.keys) or report is None:
            return None
        key = self.keys[index]
        if key is None:
            if self.basic_tab is None:
                tab = BasicInfoTab()
                tab.set_report(report)
                tab.set_read_only(self.read_only)
                tab.field_changed.connect(self.field_edited)
                self.widget(index).setWidget(tab)
                self.basic_tab = tab
            return self.basic_tab
        if key == TABLE_KEY:
            if self.table_tab is None:
                from selfeval.ui.views.table_tab import TableTab

                tab = TableTab()
                tab.set_report(report)
                tab.set_read_only(self.read_only)
                tab.changed.connect(lambda: self.field_edited.emit("table"))
                self.widget(index).setWidget(tab)
                self.table_tab = tab
            return self.table_tab
        editor = self._built.get(key)
        if editor is None:
            section = report.section(key)
            editor = self._make_editor(section)
            editor.set_preview_visible(self.preview_shown)  # first: a hidden preview is never built
            editor.set_table(report.table, self.compared)  # before the section: it shows what the table provides
            editor.set_section(section)
            editor.set_read_only(self.read_only)
            editor.changed.connect(partial(self._edited, key))
            editor.notice.connect(self.notice)
            if hasattr(editor, "home_changed"):
                editor.home_changed.connect(self.section_replaced)
            self.widget(index).setWidget(editor)
            self._built[key] = editor
        if key in self._recent:
            self._recent.remove(key)
        self._recent.append(key)
        return editor

    def set_table(self, table) -> None:
        """The report's 自评表 changed (an edit saved, an undo): the built editors quote the new one."""
        for editor in self._built.values():
            editor.set_table(table, self.compared)

    def editor(self, key: str) -> QWidget:
        """The editor of section ``key`` (built if needed)."""
        return self.page(self.keys.index(key))

    def built(self) -> dict[str, QWidget]:
        """The section editors that exist now, by key."""
        return dict(self._built)

    def basic_info(self) -> BasicInfoTab:
        return self.page(0)

    def drop_hidden_editors(self) -> None:
        """Frees the editors of tabs not shown recently (call only when nothing is waiting to be saved:
        a pending save reads its editor)."""
        current = self.current_key()
        while len(self._recent) > KEEP_BUILT + 1:
            key = next((k for k in self._recent if k != current), None)
            if key is None:
                break
            self._recent.remove(key)
            editor = self._built.pop(key)
            self._dirty.discard(key)
            self.widget(self.keys.index(key)).takeWidget()
            editor.deleteLater()

    def current_key(self) -> str | None:
        index = self.currentIndex()
        return self.keys[index] if 0 <= index < len(self.keys) else None

    def select(self, key: str | None) -> None:
        if key in self.keys:
            self.setCurrentIndex(self.keys.index(key))

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only

    def set_preview_shown(self, shown: bool) -> None:
        self.preview_shown = shown
        for editor in self._built.values():
            editor.set_preview_visible(shown)

    def after_first_paint(self) -> None:
        """What can wait until the window shows: the 基本信息 page's scroll area takes no keyboard focus
        (Tab goes from field to field, never to an invisible stop). Qt's enums cost ~15-90 ms to create,
        which the first paint should not wait for."""
        self._settled = True
        for index in range(min(self.count(), 2)):  # 基本信息 and 自评表: scrolled pages
            _no_focus(self.widget(index))

    def next(self, step: int = 1) -> None:
        if self.count():
            self.setCurrentIndex((self.currentIndex() + step) % self.count())

    # Counting ---------------------------------------------------------------------------------------------
    @property
    def total_count(self) -> int:
        return sum(self.counts.values())

    def recount_now(self) -> None:
        self._count_timer.stop()
        self._recount_dirty()

    def _edited(self, key: str) -> None:
        self.section_edited.emit(key)
        self._dirty.add(key)
        self._count_timer.start()

    def _recount_dirty(self) -> None:
        if not self._dirty:
            return
        changed = {}
        for key in self._dirty:
            editor = self._built.get(key)
            if editor is not None:
                changed[key] = int(editor.char_count())
        self._dirty.clear()
        self.counts.update(changed)
        self._update_tooltips(changed)
        self.counts_changed.emit()

    def _update_tooltips(self, counts: dict[str, int]) -> None:
        if self.report is None:
            return
        for key, n in counts.items():
            hint = self.report.section(key).hint
            self.setTabToolTip(self.keys.index(key), f"{n} 字" + (f"\n{hint}" if hint else ""))

    def _shown(self, index: int) -> None:
        if not self._rebuilding:
            self.page(index)
            self.shown.emit()


class _EditorMap(Mapping):
    def __init__(self, tabs: ReportTabs) -> None:
        self._tabs = tabs

    def __getitem__(self, key: str) -> QWidget:
        if key is None or key == TABLE_KEY or key not in self._tabs.keys:
            raise KeyError(key)
        return self._tabs.editor(key)

    def __iter__(self):
        return iter([k for k in self._tabs.keys if k is not None and k != TABLE_KEY])

    def __len__(self) -> int:
        return len(list(iter(self)))


def _basic_page() -> QScrollArea:
    """The 基本信息 tab page (a form, scrolled as a whole); its content is set when first shown."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


def _section_or_none(report: Report | None, key: str) -> Section | None:
    if report is None:
        return None
    try:
        return report.section(key)
    except KeyError:
        return None


def _no_focus(widget: QWidget) -> None:
    from PySide6.QtCore import Qt

    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)


class _SectionPage(QWidget):
    """A section tab page: holds its editor. It does not scroll: the editor's own editing column is the
    one scrolling level."""

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._widget: QWidget | None = None

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 - same name as QScrollArea's
        self._layout.addWidget(widget)
        widget.show()  # at once, as QScrollArea.setWidget does (a layout would show it only later)
        self._widget = widget

    def takeWidget(self) -> QWidget | None:  # noqa: N802 - same name as QScrollArea's
        widget, self._widget = self._widget, None
        if widget is not None:
            self._layout.removeWidget(widget)
        return widget

    def widget(self) -> QWidget | None:
        return self._widget
