"""FIGURES: named amounts and rates (with live computed rates and warnings) plus paragraphs that
reference them as ``{名称}``."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QMenu, QToolButton, QVBoxLayout

from selfeval.domain.figures import Figure
from selfeval.domain.model import PLACEHOLDER_RE, Section
from selfeval.domain.figure_checks import figure_status
from selfeval.ui.editors.paragraphs import ParagraphsEditor
from selfeval.ui.widgets.amount_field import AmountField

WARNING_STYLE = "color: #b00020;"
REVIEW_STYLE = "color: #8a5a00;"
STATUS_STYLE = "color: #333333;"


class FiguresEditor(ParagraphsEditor):
    text_label = "正文（每行一段；{名称} 处导出时填入上方的数据）："
    text_placeholder = "在此填写正文，每行一段；用“插入数据”在光标处加入 {名称}……"

    def _build_above_text(self, layout: QVBoxLayout) -> None:
        self._figures: list[Figure] = []
        self._fields: dict[str, AmountField] = {}
        self._status_labels: dict[str, QLabel] = {}

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
        for field in self._fields.values():
            field.set_read_only(read_only)
        self.insert_button.setEnabled(not read_only and bool(self._figures))

    def _after_refresh(self, section: Section) -> None:
        known = set(section.figure_map())
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

    def _rebuild_fields(self) -> None:
        while self.figures_grid.count():
            item = self.figures_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._fields.clear()
        self._status_labels.clear()
        self.insert_menu.clear()
        for row, figure in enumerate(self._figures):
            field = AmountField(figure.kind, figure.unit, self.figures_box, label=figure.name, show_error=False)
            field.set_amount(figure.value, figure.unit)
            if figure.formula:
                field.edit.setPlaceholderText("留空则用计算值")
                field.setToolTip(f"{figure.name} = {figure.formula.replace('/', '÷')} × 100%")
            field.edited.connect(lambda name=figure.name: self._on_figure_edited(name))
            field.error_changed.connect(lambda _message, name=figure.name: self._update_statuses())
            label = QLabel(f"{figure.name.replace('&', '&&')}：", self.figures_box)  # "&" is no mnemonic
            label.setBuddy(field.edit)
            status = QLabel(self.figures_box)
            status.setWordWrap(True)
            status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.figures_grid.addWidget(label, row, 0)
            self.figures_grid.addWidget(field, row, 1)
            self.figures_grid.addWidget(status, row, 2)
            self._fields[figure.name] = field
            self._status_labels[figure.name] = status
            shown = figure.name.replace("&", "&&")  # "&" would be read as a mnemonic
            action = self.insert_menu.addAction(f"{shown}　→　{{{shown}}}")
            action.triggered.connect(lambda _checked=False, name=figure.name: self.insert_figure(name))
        self.figures_box.setVisible(bool(self._figures))
        self.insert_button.setEnabled(not self._read_only and bool(self._figures))
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

    def _on_figure_edited(self, name: str) -> None:
        field = self._fields[name]
        for i, figure in enumerate(self._figures):
            if figure.name == name:
                self._figures[i] = figure.with_value(field.value(), field.unit())
        self._update_statuses()
        self._user_edit()

    def _update_statuses(self) -> None:
        current = dataclasses.replace(self._section, figures=self._figures) if self._section else None
        for figure in self._figures:
            label = self._status_labels[figure.name]
            error = self._fields[figure.name].error()
            if error:  # the field's text is not a number: say so where the status stands
                label.setText(f"✗ {error}（未采用，仍为 {figure.render()}）")
                label.setStyleSheet(WARNING_STYLE)
                continue
            status = figure_status(current, figure)
            label.setText(("⚠ " if status.warnings else "") + status.text)
            label.setStyleSheet(WARNING_STYLE if status.warnings else REVIEW_STYLE if status.review else STATUS_STYLE)

    def insert_figure(self, name: str) -> None:
        """Insert ``{name}`` at the text cursor (an ordinary user edit)."""
        if self._read_only:
            return
        self.text.textCursor().insertText("{" + name + "}")
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
