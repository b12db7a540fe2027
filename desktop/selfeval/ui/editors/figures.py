"""FIGURES: named amounts and rates (with live computed rates and warnings) plus paragraphs that
reference them as ``{名称}``.

With the report's 自评表 (``set_table``), each figure says where its value comes from: a figure that
quotes a filled table cell shows the table's value, read-only (it is changed in the 自评表 tab); the
table's quantitative indicators can be inserted by name as well."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QMenu, QToolButton, QVBoxLayout

from selfeval.domain.figures import Figure
from selfeval.domain.model import PLACEHOLDER_RE, Section
from selfeval.domain.figure_checks import figure_status
from selfeval.domain.table import figure_homes
from selfeval.domain.table.figures import figure_origins, indicator_figures
from selfeval.ui.editors.paragraphs import ParagraphsEditor
from selfeval.ui.widgets.amount_field import AmountField

WARNING_STYLE = "color: #b00020;"
REVIEW_STYLE = "color: #8a5a00;"
STATUS_STYLE = "color: #333333;"
ORIGIN_STYLE = "color: #777777; font-size: 9pt;"
QUOTED_BACKGROUND = "#f0f0f0"  # a field showing the 自评表's value: greyed, not typed in
TABLE_VALUE_TIP = "此数值来自自评表，请在“自评表”页修改；正文和导出都使用自评表中的数值。"
TABLE_INDICATORS = "自评表指标"
YEAR_QUOTES_LABEL = "与上年比较（提高/降低 X 个百分点；“数”只印数字）"


class FiguresEditor(ParagraphsEditor):
    # A figure's home changed (引用自评表, 不引用自评表, 确认沿用): the whole section, saved as one undoable step.
    home_changed = Signal(object, str)  # the section, the step's summary for the history
    text_label = "正文（每行一段；{名称} 处导出时填入上方的数据）："
    text_placeholder = "在此填写正文，每行一段；用“插入数据”在光标处加入 {名称}……"

    def _build_above_text(self, layout: QVBoxLayout) -> None:
        self._figures: list[Figure] = []
        self._fields: dict[str, AmountField] = {}
        self._status_labels: dict[str, QLabel] = {}
        self._origin_labels: dict[str, QLabel] = {}
        self._linked: set[str] = set()  # figures showing the table's value (read-only)

        self.figures_box = QGroupBox("数据（金额、比率）", self)
        self.figures_grid = QGridLayout(self.figures_box)
        self.figures_grid.setColumnStretch(2, 1)
        layout.addWidget(self.figures_box)

        self.insert_menu = QMenu(self)
        self.insert_button = QToolButton(self)
        self.insert_button.setText("插入数据")
        self.insert_button.setToolTip("在正文光标处插入 {名称}，导出时替换为上方填写的数据")
        self.insert_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.insert_button.setMenu(self.insert_menu)
        self.insert_button.setStyleSheet("QToolButton { padding-right: 14px; }")  # room for the menu arrow
        self.text_header.addWidget(self.insert_button)

        self.placeholder_warning = QLabel(self)
        self.placeholder_warning.setObjectName("placeholderWarning")
        self.placeholder_warning.setStyleSheet(WARNING_STYLE)
        self.placeholder_warning.setWordWrap(True)
        self.placeholder_warning.hide()

    def _build(self, layout: QVBoxLayout) -> None:
        super()._build(layout)
        layout.addWidget(self.placeholder_warning)

    # -- load / collect ------------------------------------------------------------------------
    def _load(self, section: Section) -> None:
        super()._load(section)
        self._figures = list(section.figures)
        self._rebuild_fields()
        self._update_statuses()

    def _collect(self, section: Section) -> None:
        super()._collect(section)
        section.figures = list(self._figures)

    def _apply_read_only(self, read_only: bool) -> None:
        super()._apply_read_only(read_only)
        for name, field in self._fields.items():
            field.set_read_only(read_only or name in self._linked)
        self._update_insert_button()

    def _table_changed(self) -> None:
        self._show_origins()
        self._rebuild_menu()
        self._update_statuses()

    def _after_refresh(self, section: Section) -> None:
        known = set(self._quoting(section).figure_map())  # the table's indicators are known names too
        unknown = []
        for entry in section.entries:
            unknown += [m.group(1) for m in PLACEHOLDER_RE.finditer(entry.text) if m.group(1) not in known]
        unknown = list(dict.fromkeys(unknown))
        if unknown:
            names = "、".join("{" + n + "}" for n in unknown)
            self.placeholder_warning.setText(f"正文中的 {names} 不是本节的数据名称，导出时将原样保留。")
        self.placeholder_warning.setVisible(bool(unknown))

    # -- the figures panel ---------------------------------------------------------------------
    def field(self, name: str) -> AmountField:
        return self._fields[name]

    def status_text(self, name: str) -> str:
        return self._status_labels[name].text()

    def origin_text(self, name: str) -> str:
        """Where figure ``name``'s value comes from ("" without a 自评表)."""
        return self._origin_labels[name].text()

    def _rebuild_fields(self) -> None:
        while self.figures_grid.count():
            item = self.figures_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._fields.clear()
        self._status_labels.clear()
        self._origin_labels.clear()
        self._linked.clear()
        for index, figure in enumerate(self._figures):
            row = 2 * index  # the origin goes on the row below
            field = AmountField(figure.kind, figure.unit, self.figures_box, label=figure.name, show_error=False)
            field.set_amount(figure.value, figure.unit)
            if figure.formula:
                field.edit.setPlaceholderText("留空则用计算值")
            field.setToolTip(_own_tip(figure))
            field.edited.connect(lambda name=figure.name: self._on_figure_edited(name))
            field.error_changed.connect(lambda _message, name=figure.name: self._update_statuses())
            label = QLabel(f"{figure.name.replace('&', '&&')}：", self.figures_box)  # "&" is no mnemonic
            label.setBuddy(field.edit)
            status = QLabel(self.figures_box)
            status.setWordWrap(True)
            status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            origin = QLabel(self.figures_box)
            origin.setObjectName("figureOrigin")
            origin.setStyleSheet(ORIGIN_STYLE)
            origin.hide()
            self.figures_grid.addWidget(label, row, 0)
            self.figures_grid.addWidget(field, row, 1)
            self.figures_grid.addWidget(status, row, 2)
            self.figures_grid.addWidget(origin, row + 1, 1, 1, 2)
            home = self._home_button(figure)
            if home is not None:
                self.figures_grid.addWidget(home, row, 3)
            self._fields[figure.name] = field
            self._status_labels[figure.name] = status
            self._origin_labels[figure.name] = origin
        self.figures_box.setVisible(bool(self._figures))
        self._show_origins()
        self._rebuild_menu()
        # Tab order: the figures top to bottom, then the text.
        previous = None
        for field in self._fields.values():
            if previous is not None:
                self.setTabOrder(previous, field.edit)
            previous = field.unit_box or field.edit
            if field.unit_box is not None:
                self.setTabOrder(field.edit, field.unit_box)
        if previous is not None:
            self.setTabOrder(previous, self.text)

    def _show_origins(self) -> None:
        """Each figure's origin under it; a figure quoting a filled table cell shows that value, read-only."""
        if self._table is None or self._section is None:
            return
        current = self._section.copy_with(figures=self._figures)
        for origin in figure_origins(current, self._table):
            field, label = self._fields[origin.name], self._origin_labels[origin.name]
            label.setText(origin.text)
            label.show()
            figure = next(f for f in self._figures if f.name == origin.name)
            if origin.from_table:
                field.set_amount(origin.value, figure.unit)
                field.setToolTip(TABLE_VALUE_TIP)
                label.setToolTip(TABLE_VALUE_TIP)
                self._linked.add(origin.name)
            elif origin.name in self._linked:  # the table's cell was emptied: the section's own value again
                field.set_amount(origin.value, figure.unit)
                field.setToolTip(_own_tip(figure))
                label.setToolTip("")
                self._linked.discard(origin.name)
            field.set_read_only(self._read_only or origin.name in self._linked)
            _show_as_quoted(field, origin.name in self._linked)

    def _home_button(self, figure: Figure) -> QToolButton | None:
        """「数据来源」 for a figure the table also holds, or one carried over from last year."""
        if not (figure_homes.meaning(figure) or figure.source or figure.apart or figure.review):
            return None
        button = QToolButton(self.figures_box)
        button.setObjectName("figureHome")
        button.setText("数据来源")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        what = figure_homes.meaning(figure)
        if what and figure.source != what:
            menu.addAction(f"引用自评表（{what}）", lambda name=figure.name: self.link_figure(name))
        if figure.source:
            menu.addAction("不引用自评表，单独填写…", lambda name=figure.name: self.keep_figure_apart(name))
        if figure.review:
            menu.addAction("确认沿用上年数值", lambda name=figure.name: self.confirm_figure(name))
        if menu.isEmpty():
            return None
        button.setMenu(menu)
        button.setEnabled(not self._read_only)
        return button

    def link_figure(self, name: str) -> None:
        self._change_home(lambda section: figure_homes.linked(section, name), f"“{name}”改为引用自评表")

    def keep_figure_apart(self, name: str, reason: str | None = None) -> None:
        from selfeval.ui.widgets import dialogs

        if reason is None:
            reason = dialogs.ask_text(self, "不引用自评表", f"“{name}”不引用自评表的理由（将保留在报告中）：")
            if reason is None:
                return
        self._change_home(lambda section: figure_homes.kept_apart(section, name, reason, self._table),
                          f"“{name}”不引用自评表（{reason.strip()}）")

    def confirm_figure(self, name: str) -> None:
        self._change_home(lambda section: figure_homes.confirmed(section, name), f"确认沿用“{name}”的上年数值")

    def _change_home(self, change, summary: str) -> None:
        from selfeval.domain.errors import UserError
        from selfeval.ui.widgets import dialogs

        if self._read_only or self._section is None:
            return
        try:
            section = change(self.section())
        except UserError as exc:
            dialogs.error(self, "无法修改数据来源", str(exc))
            return
        self.home_changed.emit(section, f"{section.heading or section.key}：{summary}")

    def _rebuild_menu(self) -> None:
        """插入数据: the section's figures, then the 自评表's quotable indicators."""
        self.insert_menu.clear()
        for figure in self._figures:
            self._add_insert_action(figure.name)
        own = {f.name for f in self._figures}
        indicators = [f for f in indicator_figures(self._table) if f.name not in own] if self._table is not None else []
        if indicators:
            self.insert_menu.addSeparator()
            self.insert_menu.addAction(TABLE_INDICATORS).setEnabled(False)
            for figure in indicators:
                self._add_insert_action(figure.name)
        if self._table is not None:  # the change against last year (【名称】 and a 审核 warning without one)
            from selfeval.domain.table.year_over_year import year_quote_names

            self.insert_menu.addSeparator()
            self.insert_menu.addAction(YEAR_QUOTES_LABEL).setEnabled(False)
            for name in year_quote_names():
                if name not in own:
                    self._add_insert_action(name)
        self._update_insert_button()

    def _add_insert_action(self, name: str) -> None:
        shown = name.replace("&", "&&")  # "&" would be read as a mnemonic
        action = self.insert_menu.addAction(f"{shown}　→　{{{shown}}}")
        action.triggered.connect(lambda _checked=False: self.insert_figure(name))

    def _update_insert_button(self) -> None:
        self.insert_button.setEnabled(not self._read_only and bool(self.insert_menu.actions()))

    def _on_figure_edited(self, name: str) -> None:
        field = self._fields[name]
        for i, figure in enumerate(self._figures):
            if figure.name == name:
                changed = figure.with_value(field.value(), field.unit())
                if changed.value == figure.value:  # only the unit changed: the value is still last year's
                    changed = changed._replace(review=figure.review)
                self._figures[i] = changed
        self._update_statuses()
        self._user_edit()

    def _update_statuses(self) -> None:
        current = self._section.copy_with(figures=self._figures) if self._section else None
        if current is not None and self._table is not None:
            current = self._quoting(current)  # rates computed from the values the text shows
        shown = current.figure_map() if current is not None else {}
        for figure in self._figures:
            label = self._status_labels[figure.name]
            error = self._fields[figure.name].error()
            if error:  # the field's text is not a number: say so where the status stands
                label.setText(f"✗ {error}（未采用，仍为 {figure.render()}）")
                label.setStyleSheet(WARNING_STYLE)
                continue
            status = figure_status(current, shown.get(figure.name, figure))
            if self._table is not None:
                status = dataclasses.replace(status, source="")  # the origin under the field says it
            label.setText(("⚠ " if status.warnings else "") + status.text)
            label.setStyleSheet(WARNING_STYLE if status.warnings else REVIEW_STYLE if status.review else STATUS_STYLE)

    def insert_figure(self, name: str) -> None:
        """Insert ``{name}`` at the text cursor (an ordinary user edit)."""
        if self._read_only:
            return
        self.text.textCursor().insertText("{" + name + "}")
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)


def _own_tip(figure: Figure) -> str:
    """A field's tooltip when the section fills it in: a rate's formula."""
    return f"{figure.name} = {figure.formula.replace('/', '÷')} × 100%" if figure.formula else ""


def _show_as_quoted(field: AmountField, quoted: bool) -> None:
    palette = field.edit.palette()
    base = QColor(QUOTED_BACKGROUND) if quoted else field.palette().color(QPalette.ColorRole.Base)
    palette.setColor(QPalette.ColorRole.Base, base)
    field.edit.setPalette(palette)
