"""A number field with its unit: 元/万元/亿元 chosen from a list for money, a fixed % or count unit.

What the user types is parsed by ``domain.figures``; invalid input shows a Chinese message beside the
field and leaves ``value()`` at the last valid value, so nothing invalid reaches the section.

An input method's composition (pinyin not yet committed) is neither parsed nor reported: starting one
over a selected number empties the field for a moment, which must not save an empty value. The text
is judged once the composition ends (committed or cancelled).
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from selfeval.domain.errors import InvalidNumber
from selfeval.domain.figures import MONEY_UNITS, FigureKind, format_decimal, parse_amount, parse_decimal, unit_kind
from selfeval.ui.widgets.edit_menu import use_report_undo
from selfeval.ui.widgets.plain_text import ComposingLineEdit


class AmountField(QWidget):
    """``edited`` is emitted when the user changes the value (to a valid number or empty) or the unit."""

    edited = Signal()
    error_changed = Signal(str)  # the Chinese message for the field's text, "" when valid

    def __init__(self, kind: FigureKind, unit: str, parent: QWidget | None = None, *, label: str = "",
                 show_error: bool = True) -> None:
        super().__init__(parent)
        self._kind = kind
        self._value: Decimal | None = None
        self._unit = unit
        self._error = ""
        self.edit = ComposingLineEdit(self)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("0") * 16)
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("0") * 22)
        self.edit.setPlaceholderText("未填写")
        if label:
            self.edit.setAccessibleName(label)
        self.edit.edited.connect(self._on_text_edited)  # never in the middle of a composition
        use_report_undo(self.edit)

        self.unit_box: QComboBox | None = None
        self.unit_label: QLabel | None = None
        if kind is FigureKind.MONEY:
            self.unit_box = QComboBox(self)
            self.unit_box.addItems(list(MONEY_UNITS))
            self.unit_box.setToolTip("金额单位：请与原始资料一致（元、万元、亿元）")
            self.unit_box.setAccessibleName(f"{label}单位" if label else "单位")
            self._select_unit(unit)
            self.unit_box.activated.connect(self._on_unit_chosen)
        else:
            self.unit_label = QLabel(unit, self)
            # As wide as the money fields' unit list, so that the number fields line up in a column.
            probe = QComboBox()
            probe.addItems(list(MONEY_UNITS))
            self.unit_label.setMinimumWidth(probe.sizeHint().width())
            probe.deleteLater()

        self.error_label: QLabel | None = QLabel(self)
        self.error_label.setObjectName("amountError")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        # False: the owner shows error() itself (the figures panel has a status column for it).
        self._show_error = show_error

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.unit_box or self.unit_label)
        if show_error:
            layout.addWidget(self.error_label, 1)
        else:
            self.error_label.setParent(None)
            self.error_label.deleteLater()
            self.error_label = None
            layout.addStretch(1)
        self.setFocusProxy(self.edit)

    # -- state -------------------------------------------------------------------------------
    def value(self) -> Decimal | None:
        """The last valid value (None: empty)."""
        return self._value

    def unit(self) -> str:
        return self._unit

    def error(self) -> str:
        """The Chinese message for the text in the field, or "" when it is valid."""
        return self._error

    def set_amount(self, value: Decimal | None, unit: str) -> None:
        """Show a value and unit (loading, not a user edit: emits nothing)."""
        self._value = value
        self._unit = unit
        self.edit.setText("" if value is None else format_decimal(value))
        if self.unit_box is not None:
            self._select_unit(unit)
        elif self.unit_label is not None:
            self.unit_label.setText(unit)
        self._set_error("")

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        if self.unit_box is not None:
            self.unit_box.setEnabled(not read_only)

    # -- user edits --------------------------------------------------------------------------
    def _on_text_edited(self, text: str) -> None:
        if not text.strip():
            self._value = None
            self._set_error("")
            self.edited.emit()
            return
        try:
            value, unit = self._parse(text)
        except InvalidNumber as err:
            self._set_error(str(err))
            return
        self._set_error("")
        self._value = value
        if unit != self._unit:
            self._unit = unit
            if self.unit_box is not None:
                self._select_unit(unit)
        self.edited.emit()

    def _parse(self, text: str) -> tuple[Decimal, str]:
        try:
            return parse_decimal(text), self._unit
        except InvalidNumber as plain_error:
            # A unit typed after the number ("7663.69万元", "99.47%") is accepted when it fits the field.
            try:
                amount = parse_amount(text)
            except InvalidNumber:
                raise plain_error from None
            if unit_kind(amount.unit) is not self._kind or (self._kind is not FigureKind.MONEY
                                                           and amount.unit != self._unit):
                raise InvalidNumber(f"“{text.strip()}”的单位与此项不符，此项单位为{self._unit_choices()}。") from None
            return amount.value, amount.unit

    def _on_unit_chosen(self, index: int) -> None:
        unit = self.unit_box.itemText(index)
        if unit != self._unit:
            self._unit = unit
            self.edited.emit()

    def _unit_choices(self) -> str:
        return "、".join(MONEY_UNITS) if self._kind is FigureKind.MONEY else self._unit

    def _select_unit(self, unit: str) -> None:
        index = self.unit_box.findText(unit)
        if index < 0:  # a unit from elsewhere is kept, never silently replaced
            self.unit_box.addItem(unit)
            index = self.unit_box.count() - 1
        self.unit_box.setCurrentIndex(index)

    def _set_error(self, message: str) -> None:
        changed = message != self._error
        self._error = message
        if self.error_label is not None:
            self.error_label.setText(message)
            self.error_label.setVisible(bool(message))
        self.edit.setStyleSheet("border: 1px solid #b00020;" if message else "")
        if changed:
            self.error_changed.emit(message)
