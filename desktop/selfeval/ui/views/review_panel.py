"""The 审核 panel: the check engine's findings on the report as it stands on screen, refreshed while the
clerk types (debounced), with the counts in the status bar; double-click or Enter shows the place.

The checks (``selfeval.domain.checks``) are imported when the panel first refreshes, which is after the
window's first paint (the panel is built by ``MainWindow.install_app_hooks``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFontDatabase, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QDockWidget, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
    QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from selfeval.domain.fields import TABLE_FIELD
from selfeval.domain.model import Report
from selfeval.domain.text_fields import Place, field_text

DEBOUNCE_MS = 600  # after the last change, the checks run once
PANEL_WIDTH = 300
SEVERITY_COLOURS = {"错误": "#c42b1c", "警告": "#9d5d00", "提示": "#005fb8"}
SEVERITY_MARKS = {"错误": "✖", "警告": "▲", "提示": "●"}
FINDING_ROLE = Qt.ItemDataRole.UserRole


def counts_text(result) -> str:
    """「错误 N · 警告 N · 提示 N」: the open findings (explained and dismissed ones do not count)."""
    from selfeval.domain.checks import Severity

    return " · ".join(f"{s.value} {result.count(s)}" for s in Severity)


def finding_text(finding, report: Report | None) -> str:
    """The list's text of a finding: severity and place, the message, the flagged text."""
    mark = SEVERITY_MARKS[finding.severity.value]
    head = f"{mark} {finding.severity.value} · {finding.place.label(report)}"
    if finding.status.label:
        head += f"（{finding.status.label}）"
    lines = [head, finding.message]
    if finding.excerpt.strip():
        excerpt = finding.excerpt if len(finding.excerpt) <= 40 else finding.excerpt[:40] + "…"
        lines.append(f"“{excerpt}”")
    return "\n".join(lines)


def finding_item(finding, report: Report | None) -> QListWidgetItem:
    """A list row for ``finding``, in its severity's colour (grey once explained or dismissed)."""
    item = QListWidgetItem(finding_text(finding, report))
    item.setData(FINDING_ROLE, finding)
    item.setToolTip(finding.message)
    colour = QColor(SEVERITY_COLOURS[finding.severity.value] if finding.counts else "#707070")
    item.setForeground(QBrush(colour))
    return item


class FindingList(QListWidget):
    """The findings; Enter on one is a double-click. Not a Tab stop (Tab walks the tab's fields): a click
    or showing the panel with F7 puts the focus here."""

    chosen = Signal(object)  # Finding

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAccessibleName("审核结果")
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.itemDoubleClicked.connect(self._choose)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self._choose(self.currentItem())
            return
        super().keyPressEvent(event)

    def _choose(self, item: QListWidgetItem) -> None:
        finding = item.data(FINDING_ROLE)
        if finding is not None:
            self.chosen.emit(finding)


class ReviewPanel(QDockWidget):
    """A dock on the window's right: the findings of the open report and the counts in the status bar."""

    refreshed = Signal()

    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__("审核", parent or window)
        self.setObjectName("review_dock")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.window_ = window
        self.session = window.session
        self.tabs = window.tabs
        self.fonts = frozenset(QFontDatabase.families())
        self.result = None  # the last CheckResult
        self._edited_sections: set[str] = set()
        self._edited_fields: set[str] = set()
        self._last_year: tuple[tuple, Report | None] | None = None  # (report id, unit, year) → report
        self._stopped = False

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list = FindingList(body)
        self.list.chosen.connect(self.show_finding)
        layout.addWidget(self.list, 1)
        self.fix_button = QPushButton(body)
        self.fix_button.setVisible(False)
        self.fix_button.clicked.connect(self.apply_fix)
        self.list.currentItemChanged.connect(lambda _item, _old: self._show_fix())
        layout.addWidget(self.fix_button)
        self.setWidget(body)
        self.setMinimumWidth(220)
        self.resize(PANEL_WIDTH, self.height())

        self.count_label = QLabel()
        self.count_label.setObjectName("reviewCounts")
        window.statusBar().insertPermanentWidget(0, self.count_label)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh_now)
        self.session.applied.connect(lambda _record: self.schedule())
        self.session.reloaded.connect(lambda _change: self.schedule())
        self.session.opened.connect(lambda _id, _report: self.schedule())
        self.session.closed.connect(self.schedule)
        self.tabs.section_edited.connect(self._section_edited)
        self.tabs.field_edited.connect(self._field_edited)
        self.visibilityChanged.connect(lambda shown: shown and self.schedule())

    # Refreshing -------------------------------------------------------------------------------------
    def _section_edited(self, key: str) -> None:
        self._edited_sections.add(key)
        self.schedule()

    def _field_edited(self, name: str) -> None:
        self._edited_fields.add(name)
        self.schedule()

    def schedule(self) -> None:
        """Checks again ``DEBOUNCE_MS`` after the last change (typing restarts the wait)."""
        if not self._stopped:
            self.timer.start()

    def stop(self) -> None:
        """The window closes (the store is closed next): no more checks."""
        self._stopped = True
        self.timer.stop()

    def current_report(self) -> Report | None:
        """The report as it stands on screen: the saved one with the typing not saved yet."""
        report = self.session.report
        if report is None:
            return None
        if not self.session.pending:
            self._edited_sections.clear()
            self._edited_fields.clear()
            return report
        draft = report.copy()
        built = self.tabs.built()
        for key in self._edited_sections:
            editor = built.get(key)
            if editor is not None and key in [s.key for s in draft.sections]:
                section = editor.section()
                draft.sections = [section if s.key == key else s for s in draft.sections]
        for name in self._edited_fields:
            if name == TABLE_FIELD:  # the 自评表 tab's
                if self.tabs.table_tab is not None:
                    draft.table = self.tabs.table_tab.table()
            elif self.tabs.basic_tab is not None:
                setattr(draft, name, self.tabs.basic_tab.value(name))
        return draft

    def refresh_now(self) -> None:
        """Runs the checks on the report on screen and shows the findings and the counts."""
        self.timer.stop()
        report = self.current_report()
        if report is None:
            self.result = None
            self.list.clear()
            self.summary.setText("没有打开的报告。")
            self.count_label.setText("")
            self.refreshed.emit()
            return
        self.result = self.check(report)
        self._fill(report)
        self.refreshed.emit()

    def check(self, report: Report):
        from selfeval.checking import check_settings
        from selfeval.domain.checks import run_checks

        return run_checks(report, check_settings(report.template_id), fonts=self.fonts,
                          last_year=self._previous_year(report))

    def _previous_year(self, report: Report) -> Report | None:
        from selfeval.checking import previous_year_id

        key = (self.session.report_id, report.unit_name.strip(), report.year)
        if self._last_year is None or self._last_year[0] != key:
            store = self.session.store
            found = previous_year_id(report, store.list_reports())
            self._last_year = (key, store.load(found) if found is not None else None)
        return self._last_year[1]

    def _fill(self, report: Report) -> None:
        current = self.list.currentItem()
        current_key = current.data(FINDING_ROLE).key if current is not None else None
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        # 错误 first, then 警告, then 提示; explained or dismissed ones last (each in reading order).
        for finding in sorted(self.result.findings, key=lambda f: (not f.counts, f.severity.rank)):
            item = finding_item(finding, report)
            self.list.addItem(item)
            if finding.key == current_key:
                self.list.setCurrentItem(item)
        self.list.setUpdatesEnabled(True)
        self._show_fix()
        counts = counts_text(self.result)
        self.count_label.setText(counts)
        self.summary.setText(counts if self.result.findings else "未发现问题。")

    def current_finding(self):
        item = self.list.currentItem()
        return item.data(FINDING_ROLE) if item is not None else None

    def _show_fix(self) -> None:
        finding = self.current_finding()
        fix = finding.fix if finding is not None else None
        self.fix_button.setVisible(fix is not None)
        if fix is not None:
            self.fix_button.setText(fix.label)
            self.fix_button.setEnabled(not self.session.read_only)

    def apply_fix(self) -> int | None:
        """The selected finding's suggested fix (「将 N 处“2024年度”改为“2025年度”」): one replace-all step."""
        from selfeval.ui.views.find_replace_dialog import replace_in_report

        finding = self.current_finding()
        if finding is None or finding.fix is None:
            return None
        fix = finding.fix
        count = replace_in_report(self.session, fix.find, fix.replacement, fix.places)
        if count:
            self.window_.notify(f"已将 {count} 处“{fix.find}”改为“{fix.replacement}”（可撤销）。")
        self.refresh_now()
        return count

    # Showing a place --------------------------------------------------------------------------------
    def show_finding(self, finding) -> None:
        show_place(self.tabs, finding.place, finding.excerpt)


def show_place(tabs, place: Place, excerpt: str = "") -> QWidget | None:
    """Selects the tab of ``place``, focuses its text box and selects the span; returns the box (None when
    the place has no box of its own, e.g. a figure or the layout)."""
    if not place.section:
        tabs.select(None)
        tab = tabs.basic_tab
        if tab is None:
            return None
        tab.focus_field(place.field)
        box = getattr(tab, place.field, None)
        if isinstance(box, QLineEdit):
            _select(box, place, excerpt)
            return box
        return None
    if place.section not in tabs.keys:
        return None
    tabs.select(place.section)
    editor = tabs.editor(place.section)
    box = _box_of(editor, place)
    if box is None:
        return None
    box.setFocus()
    _select(box, place, excerpt, field_text(tabs.report, place) if _has_field(tabs.report, place) else "")
    scroll = getattr(editor, "scroll", None)
    if isinstance(scroll, QScrollArea):
        scroll.ensureWidgetVisible(box)
    return box


def _has_field(report: Report | None, place: Place) -> bool:
    if report is None:
        return False
    try:
        field_text(report, place)
    except (KeyError, IndexError):
        return False
    return True


def _box_of(editor: QWidget, place: Place) -> QWidget | None:
    """The text box that shows ``place``'s field: an entry's lead or text, the intro, or the one text box
    of a paragraphs editor (which holds the whole section)."""
    rows: Callable | None = getattr(editor, "rows", None)
    if place.field in ("lead", "text") and rows is not None:
        entries = rows()
        if place.entry is not None and 0 <= place.entry < len(entries):
            return getattr(entries[place.entry], place.field)
        return None
    if place.field == "intro" and isinstance(getattr(editor, "intro", None), QPlainTextEdit):
        return editor.intro
    text = getattr(editor, "text", None)
    if isinstance(text, QPlainTextEdit) and place.field in ("intro", "lead", "text"):
        return text
    return None


def _select(box: QWidget, place: Place, excerpt: str, whole: str = "") -> None:
    """Selects the span in ``box``. The box may hold more than the field (a paragraphs editor shows the
    whole section): the field's text is found in it first, then the span inside it."""
    shown = box.text() if isinstance(box, QLineEdit) else box.toPlainText()
    offset = 0
    if shown[place.start:place.end] != excerpt and whole:
        found = shown.find(whole)
        offset = found if found >= 0 else 0
    start, end = offset + place.start, offset + place.end
    if shown[start:end] != excerpt and excerpt:
        found = shown.find(excerpt)
        if found >= 0:
            start, end = found, found + len(excerpt)
    start, end = min(start, len(shown)), min(end, len(shown))
    if isinstance(box, QLineEdit):
        box.setSelection(start, end - start)
        return
    cursor = box.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
    box.setTextCursor(cursor)
    box.ensureCursorVisible()
