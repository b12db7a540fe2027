"""The 审核 panel: the check engine's findings on the report as it stands on screen, refreshed while the
clerk types (debounced), with the counts in the status bar; double-click or Enter shows the place. A 警告
or 提示 can be explained or dismissed with a reason (填写说明… F2 / 忽略… / 撤回 Delete, also in the context
menu): one undoable ``SetExplanation`` through the session; explanations whose finding is gone are
listed as 已失效 and can be withdrawn. A filter shows all, the open ones, the answered ones or the stale.

The checks (``selfeval.domain.checks``) are imported when the panel first refreshes, which is after the
window's first paint (the panel is built by ``MainWindow.install_app_hooks``). A finding's words are
``finding_text``; going to its place is ``navigation.show_place``.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFontDatabase, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDockWidget, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMenu,
    QPushButton, QVBoxLayout, QWidget,
)

from selfeval.domain.fix_choices import fix_choices
from selfeval.domain.fields import TABLE_FIELD
from selfeval.domain.model import Report
from selfeval.ui.views.finding_text import EXCERPT_CHARS, answer_line, counts_text, finding_text, short
from selfeval.ui.views.navigation import show_place

DEBOUNCE_MS = 600  # after the last change, the checks run once
PANEL_WIDTH = 300
SEVERITY_COLOURS = {"错误": "#c42b1c", "警告": "#9d5d00", "提示": "#005fb8"}
FINDING_ROLE = Qt.ItemDataRole.UserRole
STALE_ROLE = Qt.ItemDataRole.UserRole + 1  # (key, Explanation) of an explanation whose finding is gone
ANSWERED_COLOUR = "#707070"
# The panel's filter: (label, which rows).
FILTERS = (("全部", "all"), ("待处理", "open"), ("已说明 / 已忽略", "answered"), ("已失效的说明", "stale"))


def finding_item(finding, report: Report | None) -> QListWidgetItem:
    """A list row for ``finding``, in its severity's colour (grey once explained or dismissed; the
    explanation's whole text in the tooltip)."""
    item = QListWidgetItem(finding_text(finding, report))
    item.setData(FINDING_ROLE, finding)
    tip = finding.message
    if finding.explanation is not None:
        tip += f"\n\n{finding.status.label}：{finding.explanation.text}"
    item.setToolTip(tip)
    colour = QColor(SEVERITY_COLOURS[finding.severity.value] if finding.counts else ANSWERED_COLOUR)
    item.setForeground(QBrush(colour))
    return item


def stale_item(key: str, explanation) -> QListWidgetItem:
    """A row for an explanation whose finding is gone (the text was corrected): it can be withdrawn."""
    head = f"○ 已失效 · {explanation.severity or '问题'} · {explanation.place or '（位置不详）'}"
    lines = [head, explanation.message or "原来的问题已不存在。"]
    if explanation.excerpt.strip():
        lines.append(f"“{short(explanation.excerpt, EXCERPT_CHARS)}”")
    lines.append(answer_line(explanation))
    item = QListWidgetItem("\n".join(lines))
    item.setData(STALE_ROLE, (key, explanation))
    what = "忽略理由" if explanation.dismissed else "说明"
    item.setToolTip(f"这条{what}针对的问题已不存在（原文已修改），可以撤回。\n\n{explanation.text}")
    item.setForeground(QBrush(QColor(ANSWERED_COLOUR)))
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


class ReviewList(FindingList):
    """The panel's list: F2 explains the selected finding, Delete withdraws its explanation; the context
    menu (right click, the Menu key or Shift+F10) offers every action."""

    explain_key = Signal()
    withdraw_key = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_F2 and self.currentItem() is not None:
            self.explain_key.emit()
            return
        if event.key() == Qt.Key.Key_Delete and self.currentItem() is not None:
            self.withdraw_key.emit()
            return
        super().keyPressEvent(event)


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
        self.filter = QComboBox(body)
        for label, _which in FILTERS:
            self.filter.addItem(label)
        self.filter.setAccessibleName("显示哪些审核结果")
        self.filter.setToolTip("显示全部、待处理、已说明或已忽略、已失效的说明")
        self.filter.currentIndexChanged.connect(lambda _i: self.result is not None and self._fill(self._shown))
        layout.addWidget(self.filter)
        self.list = ReviewList(body)
        self.list.chosen.connect(self.show_finding)
        self.list.explain_key.connect(lambda: self.answer_selected(dismissed=False))
        self.list.withdraw_key.connect(self.withdraw_selected)
        self.list.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.list, 1)
        answers = QHBoxLayout()
        self.explain_button = QPushButton("填写说明…", body)
        self.explain_button.setToolTip("为所选的警告或提示写明原因（F2）；说明后不再计数，可撤销")
        self.explain_button.clicked.connect(lambda: self.answer_selected(dismissed=False))
        self.dismiss_button = QPushButton("忽略…", body)
        self.dismiss_button.setToolTip("写明理由后忽略所选的警告或提示；忽略后不再计数，可撤销")
        self.dismiss_button.clicked.connect(lambda: self.answer_selected(dismissed=True))
        self.withdraw_button = QPushButton("撤回", body)
        self.withdraw_button.setToolTip("撤回所选问题的说明或忽略（Delete）")
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        for button in (self.explain_button, self.dismiss_button, self.withdraw_button):
            answers.addWidget(button)
        layout.addLayout(answers)
        self.fix_button = QPushButton(body)
        self.fix_button.setVisible(False)
        self.fix_button.clicked.connect(self.apply_fix)
        self.list.currentItemChanged.connect(lambda _item, _old: self._selection_changed())
        layout.addWidget(self.fix_button)
        self._shown: Report | None = None  # the report the list was filled from
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
        """The findings on ``report``, its 审核说明 marking those explained or dismissed."""
        from selfeval.app.check import check_report

        fonts = None if self._fonts_told() else self.fonts
        return check_report(report, fonts=fonts, last_year=self._previous_year(report))

    def _fonts_told(self) -> bool:
        """The start's 缺少公文字体 notice named these missing fonts: the panel's hint about them is quiet
        from then on (one notice, not a hint on every check)."""
        from selfeval.domain.official_fonts import missing_fonts, missing_key

        settings = getattr(self.window_, "settings", None)
        if settings is None:
            return False
        key = missing_key(missing_fonts(self.fonts))
        return bool(key) and settings.fonts_notice_key() == key

    def _previous_year(self, report: Report) -> Report | None:
        from selfeval.app.check import previous_year_id

        key = (self.session.report_id, report.unit_name.strip(), report.year)
        if self._last_year is None or self._last_year[0] != key:
            store = self.session.store
            found = previous_year_id(report, store.list_reports())
            self._last_year = (key, store.load(found) if found is not None else None)
        return self._last_year[1]

    def _fill(self, report: Report) -> None:
        self._shown = report
        current_key = self.current_key()
        which = FILTERS[self.filter.currentIndex()][1]
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        # 错误 first, then 警告, then 提示; explained or dismissed ones last (each in reading order); then
        # the explanations whose finding is gone.
        for finding in sorted(self.result.findings, key=lambda f: (not f.counts, f.severity.rank)):
            if which == "stale" or (which == "open" and not finding.counts) or (which == "answered" and finding.counts):
                continue
            item = finding_item(finding, report)
            self.list.addItem(item)
            if finding.key == current_key:
                self.list.setCurrentItem(item)
        if which in ("all", "stale"):
            for key, explanation in self.result.stale:
                item = stale_item(key, explanation)
                self.list.addItem(item)
                if key == current_key:
                    self.list.setCurrentItem(item)
        self.list.setUpdatesEnabled(True)
        self._selection_changed()
        counts = counts_text(self.result)
        self.count_label.setText(counts)
        answered = sum(1 for f in self.result.findings if not f.counts)
        extra = [f"已说明 / 已忽略 {answered}"] if answered else []
        extra += [f"已失效的说明 {len(self.result.stale)}"] if self.result.stale else []
        text = counts if self.result.findings else "未发现问题。"
        self.summary.setText("；".join([text, *extra]))

    def current_finding(self):
        item = self.list.currentItem()
        return item.data(FINDING_ROLE) if item is not None else None

    def current_stale(self):
        """(key, Explanation) of the selected 已失效 row, or None."""
        item = self.list.currentItem()
        return item.data(STALE_ROLE) if item is not None else None

    def current_key(self) -> str | None:
        finding, stale = self.current_finding(), self.current_stale()
        return finding.key if finding is not None else (stale[0] if stale is not None else None)

    # Explanations ---------------------------------------------------------------------------------------
    def _answerable(self, finding) -> bool:
        return finding is not None and finding.explainable and not self.session.read_only

    def _selection_changed(self) -> None:
        self._show_fix()
        finding = self.current_finding()
        answerable = self._answerable(finding)
        self.explain_button.setEnabled(answerable)
        self.dismiss_button.setEnabled(answerable)
        explained = finding is not None and finding.explanation is not None
        self.withdraw_button.setEnabled(not self.session.read_only and (explained or self.current_stale() is not None))
        self.explain_button.setText("修改说明…" if explained and not finding.explanation.dismissed else "填写说明…")

    def answer_selected(self, *, dismissed: bool) -> bool:
        """Asks for the explanation (or the reason to dismiss) of the selected 警告/提示 and stores it as
        one undoable step; False when there is nothing to answer, it was cancelled or it failed."""
        from selfeval.domain.checks.findings import NOT_EXPLAINABLE
        from selfeval.store import SetExplanation
        from selfeval.ui.views import explain_dialog

        finding = self.current_finding()
        if finding is None:
            return False
        if not finding.explainable:
            self.window_.notify(NOT_EXPLAINABLE)
            return False
        if not self._answerable(finding):
            return False
        previous = finding.explanation
        text = previous.text if previous is not None and previous.dismissed == dismissed else ""
        explanation = explain_dialog.ask_explanation(self, finding, self._shown, dismissed=dismissed, text=text)
        if explanation is None:
            return False
        record = self.session.run_op(SetExplanation(self.session.report_id, finding.key, explanation),
                                     "无法保存审核说明")
        self.refresh_now()
        return record is not None

    def withdraw_selected(self) -> bool:
        """Withdraws the explanation or dismissal of the selected finding, or a 已失效 one (undoable)."""
        from selfeval.store import SetExplanation

        finding, stale = self.current_finding(), self.current_stale()
        if finding is not None and finding.explanation is not None:
            key = finding.key
        elif stale is not None:
            key = stale[0]
        else:
            return False
        if self.session.read_only:
            return False
        record = self.session.run_op(SetExplanation(self.session.report_id, key, None), "无法撤回审核说明")
        self.refresh_now()
        return record is not None

    def context_menu(self) -> QMenu:
        """The selected row's actions: 转到, 填写说明…, 忽略…, 撤回 (those that apply are enabled)."""
        menu = QMenu(self.list)
        finding = self.current_finding()
        go = menu.addAction("转到问题所在（Enter）")
        go.setEnabled(finding is not None)
        go.triggered.connect(lambda: finding is not None and self.show_finding(finding))
        menu.addSeparator()
        for button, slot in ((self.explain_button, lambda: self.answer_selected(dismissed=False)),
                             (self.dismiss_button, lambda: self.answer_selected(dismissed=True)),
                             (self.withdraw_button, self.withdraw_selected)):
            action = menu.addAction(button.text())
            action.setEnabled(button.isEnabled())
            action.triggered.connect(slot)
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu()
        menu.exec(self.list.viewport().mapToGlobal(pos))
        menu.deleteLater()

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

        from selfeval.ui.views import fix_places_dialog

        finding = self.current_finding()
        if finding is None or finding.fix is None:
            return None
        fix = finding.fix
        places = fix.places
        if len(places) > 1 or any(not c.ticked for c in fix_choices(self.session.report, fix)):
            places = fix_places_dialog.ask(self, self.session.report, fix)  # asks first: place by place
            if not places:
                return None
        count = replace_in_report(self.session, fix.find, fix.replacement, places)
        if count:
            self.window_.notify(f"已将 {count} 处“{fix.find}”改为“{fix.replacement}”（可撤销）。")
        self.refresh_now()
        return count

    # Showing a place --------------------------------------------------------------------------------
    def show_finding(self, finding) -> None:
        show_place(self.tabs, finding.place, finding.excerpt)
