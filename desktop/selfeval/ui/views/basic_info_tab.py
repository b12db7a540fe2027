"""The 基本信息 tab: unit names, year, title, contact, signature and date, layout settings.

It only shows and collects values; ``field_changed(name)`` tells the window which report field to
save (``value(name)`` gives it, ready for ``SetField``). ``set_report`` emits nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from selfeval.domain.layout import (
    DEFAULT_FALLBACKS,
    DEFAULT_LATIN_FONT,
    DEFAULT_LINE_SPACING_PT,
    LINE_SPACING_CHOICES_PT,
    LayoutSettings,
)
from selfeval.domain.fields import FIELDS, LAYOUT_FIELD, MAX_YEAR, MIN_YEAR, TEXT_FIELDS
from selfeval.domain.model import Report
from selfeval.domain.text import clean_text
from selfeval.ui.widgets.edit_menu import use_report_undo
from selfeval.ui.widgets.plain_text import ComposingLineEdit

LATIN_FONT_CHOICES = ("Times New Roman", "Arial", "Calibri", "宋体")
OTHER_FONT = "其他…"  # the last entry of the list: asks for a name
MAX_FONT_NAME_CHARS = 64


def spacing_label(value: Decimal) -> str:
    if value == DEFAULT_LINE_SPACING_PT:
        return f"{value} 磅（标准：每页 22 行）"
    return f"{value} 磅"


class BasicInfoTab(QWidget):
    field_changed = Signal(str)  # a name from domain.fields.FIELDS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report: Report | None = None
        self._layout_base = LayoutSettings()
        self._loading = False

        self.unit_name = ComposingLineEdit()
        self.unit_name.setPlaceholderText("例如：广州市荔湾区人民政府昌华街道办事处")
        self.unit_short = ComposingLineEdit()
        self.unit_short.setPlaceholderText("例如：昌华街道（用于标题）")
        self.year = QSpinBox()
        self.year.setRange(MIN_YEAR, MAX_YEAR)
        self.year.setSuffix(" 年度")
        self.year.setAccelerated(True)
        self.title_override = ComposingLineEdit()
        self.contact_person = ComposingLineEdit()
        self.contact_phone = ComposingLineEdit()
        self.contact_phone.setPlaceholderText("例如：020-12345678")
        self.signature = ComposingLineEdit()
        self.signature.setPlaceholderText("不填则不加落款")
        for name in TEXT_FIELDS:
            getattr(self, name).setMaxLength(FIELDS[name].max_chars)
        self.has_date = QCheckBox("加落款日期")
        self.sign_date = QDateEdit()
        self.sign_date.setCalendarPopup(True)
        self.sign_date.setDisplayFormat("yyyy年M月d日")
        self.sign_date.setDate(QDate.currentDate())
        self.sign_date.setEnabled(False)

        self.line_spacing = QComboBox()
        for value in LINE_SPACING_CHOICES_PT:
            self.line_spacing.addItem(spacing_label(value), str(value))
        self.level2_bold = QCheckBox("二级标题“（一）”加粗")
        self.level3_bold = QCheckBox("三级标题“1.”加粗")
        # Chosen from a list, never typed into (Alt+F then "x" once made every Latin run "x"); another
        # font only through 其他…, which asks for its name.
        self.latin_font = QComboBox()
        self.latin_font.addItems(LATIN_FONT_CHOICES)
        self.latin_font.addItem(OTHER_FONT)
        self.latin_font.setToolTip("数字和西文字母使用的字体；列表中没有的字体请选“其他…”")
        self._latin = DEFAULT_LATIN_FONT
        self._select_latin(DEFAULT_LATIN_FONT)
        self.use_fallback = QCheckBox("使用替代字体名（本机没有 GB2312 字体时）")
        self.page_count = QLabel()  # 「约 6 页，末页约 73%」: the window sets it (window/page_count.py)
        self.page_count.setToolTip("按每页 22 行、每行 28 字估算；打印预览用 LibreOffice 排版后显示准确页数")
        self.use_fallback.setToolTip(
            "\n".join(f"{official} → {names[0]}" for official, names in DEFAULT_FALLBACKS.items())
        )

        unit_box = QGroupBox("单位与标题")
        unit_form = QFormLayout(unit_box)
        unit_form.addRow("单位全称(&N)：", self.unit_name)
        unit_form.addRow("单位简称(&S)：", self.unit_short)
        unit_form.addRow("年度(&Y)：", self.year)
        unit_form.addRow("标题(&T)：", self.title_override)
        # Last year's 全年预算数, 执行率 and 自评得分 beside this year's (the window sets it; hidden without one).
        self.year_compare = QLabel()
        self.year_compare.setObjectName("year_compare")
        self.year_compare.setWordWrap(True)
        self.year_compare.setToolTip("同一单位上一年度的报告中的自评表与本年比较")
        unit_form.addRow(self.year_compare)
        self.year_compare.setVisible(False)

        contact_box = QGroupBox("联系人与落款")
        contact_form = QFormLayout(contact_box)
        contact_form.addRow("联系人(&C)：", self.contact_person)
        contact_form.addRow("联系电话(&P)：", self.contact_phone)
        contact_form.addRow("落款单位(&G)：", self.signature)
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.sign_date, 1)
        contact_form.addRow("落款日期：", date_row)

        layout_box = QGroupBox("排版（GB/T 9704-2012）")
        layout_form = QFormLayout(layout_box)
        layout_form.addRow("行距(&L)：", self.line_spacing)
        layout_form.addRow("", self.level2_bold)
        layout_form.addRow("", self.level3_bold)
        # Alt+F, Alt+E, Alt+V and Alt+H belong to the menus (tests/ui/test_mnemonics.py).
        layout_form.addRow("西文字体(&W)：", self.latin_font)
        layout_form.addRow("", self.use_fallback)
        layout_form.addRow("页数：", self.page_count)

        for form in (unit_form, contact_form, layout_form):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(unit_box)
        left.addWidget(contact_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(layout_box)
        right.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        outer = QVBoxLayout(self)
        outer.addLayout(columns)

        for name in TEXT_FIELDS:
            getattr(self, name).edited.connect(lambda _text, n=name: self._changed(n))
        use_report_undo(*(getattr(self, name) for name in TEXT_FIELDS), self.year, self.sign_date)
        self.year.valueChanged.connect(lambda _v: self._changed("year"))
        self.has_date.toggled.connect(self._date_toggled)
        self.sign_date.dateChanged.connect(lambda _d: self._changed("sign_date"))
        self.line_spacing.currentIndexChanged.connect(lambda _i: self._changed(LAYOUT_FIELD))
        self.level2_bold.toggled.connect(lambda _b: self._changed(LAYOUT_FIELD))
        self.level3_bold.toggled.connect(lambda _b: self._changed(LAYOUT_FIELD))
        self.latin_font.activated.connect(self._latin_chosen)
        self.use_fallback.toggled.connect(lambda _b: self._changed(LAYOUT_FIELD))
        self._update_title_hint()

    # Loading ----------------------------------------------------------------------------------------
    def set_report(self, report: Report) -> None:
        """Shows ``report``; fields whose value did not change keep their cursor. Emits nothing."""
        self._report = report
        self._layout_base = report.layout
        self._loading = True
        try:
            for name in TEXT_FIELDS:
                edit: QLineEdit = getattr(self, name)
                value = getattr(report, name) or ""
                if edit.text() != value:
                    edit.setText(value)
            if report.year and self.year.value() != report.year:
                self.year.setValue(min(max(report.year, MIN_YEAR), MAX_YEAR))
            self.has_date.setChecked(report.sign_date is not None)
            self.sign_date.setEnabled(report.sign_date is not None and not self._read_only)
            if report.sign_date is not None:
                self.sign_date.setDate(QDate(report.sign_date.year, report.sign_date.month, report.sign_date.day))
            layout = report.layout
            index = self.line_spacing.findData(str(layout.line_spacing_pt))
            if index < 0:
                self.line_spacing.addItem(spacing_label(layout.line_spacing_pt), str(layout.line_spacing_pt))
                index = self.line_spacing.count() - 1
            self.line_spacing.setCurrentIndex(index)
            self.level2_bold.setChecked(layout.level2_bold)
            self.level3_bold.setChecked(layout.level3_bold)
            self._select_latin(layout.latin_font)
            self.use_fallback.setChecked(layout.use_fallback_fonts)
        finally:
            self._loading = False
        self._update_title_hint()

    _read_only = False

    def set_read_only(self, read_only: bool) -> None:
        if read_only != self._read_only:  # made editable: not again at start (a spin box's setReadOnly costs 1 ms)
            for name in TEXT_FIELDS:
                getattr(self, name).setReadOnly(read_only)
            self.year.setReadOnly(read_only)
            self.sign_date.setReadOnly(read_only)
            for widget in (self.has_date, self.line_spacing, self.level2_bold, self.level3_bold,
                           self.latin_font, self.use_fallback):
                widget.setEnabled(not read_only)
        self._read_only = read_only
        self.sign_date.setEnabled(self.has_date.isChecked() and not read_only)

    def set_year_comparison(self, text: str) -> None:
        self.year_compare.setText(text)
        self.year_compare.setVisible(bool(text))

    def set_page_count(self, text: str) -> None:
        self.page_count.setText(text)

    # Values ----------------------------------------------------------------------------------------
    def value(self, name: str):
        """The value to save for ``name`` (cleaned of control characters, typed as the model wants)."""
        if name in TEXT_FIELDS:
            return clean_text(getattr(self, name).text(), multiline=False).text.strip()
        if name == "year":
            return int(self.year.value())
        if name == "sign_date":
            if not self.has_date.isChecked():
                return None
            q = self.sign_date.date()
            return dt.date(q.year(), q.month(), q.day())
        if name == LAYOUT_FIELD:
            return self.layout_settings()
        raise KeyError(name)

    def layout_settings(self) -> LayoutSettings:
        latin = self._latin or DEFAULT_LATIN_FONT
        return self._layout_base._replace(
            line_spacing_pt=Decimal(self.line_spacing.currentData()),
            level2_bold=self.level2_bold.isChecked(),
            level3_bold=self.level3_bold.isChecked(),
            latin_font=latin,
            use_fallback_fonts=self.use_fallback.isChecked(),
        )

    def focus_field(self, name: str) -> None:
        """Puts the keyboard focus on the widget that shows report field ``name`` (undo shows its change)."""
        widget = {"sign_date": self.sign_date if self.has_date.isChecked() else self.has_date,
                  LAYOUT_FIELD: self.line_spacing}.get(name) or getattr(self, name, None)
        if isinstance(widget, QWidget):
            widget.setFocus()

    # Internals ---------------------------------------------------------------------------------------
    def _select_latin(self, name: str) -> None:
        """Shows ``name`` as the chosen font; a name not in the list (typed once, or from another
        version) is added to it, so that it shows and is kept as it is."""
        index = self.latin_font.findText(name)
        if index < 0 or index == self.latin_font.count() - 1:
            index = self.latin_font.count() - 1
            self.latin_font.insertItem(index, name)
        self.latin_font.setCurrentIndex(index)
        self._latin = name

    def _latin_chosen(self, index: int) -> None:
        if index == self.latin_font.count() - 1:  # 其他…
            from selfeval.ui.widgets import dialogs

            typed = dialogs.ask_text(self, "其他西文字体", "西文字体的名称（须与 Word 中的字体名一致）：",
                                     self._latin)
            name = clean_text(typed or "", multiline=False).text.strip()[:MAX_FONT_NAME_CHARS]
            if not name:  # cancelled or left empty: the font stays as it was
                self._select_latin(self._latin)
                return
            self._select_latin(name)
        else:
            self._latin = self.latin_font.itemText(index)
        self._changed(LAYOUT_FIELD)

    def _date_toggled(self, checked: bool) -> None:
        self.sign_date.setEnabled(checked and not self._read_only)
        self._changed("sign_date")

    def _changed(self, name: str) -> None:
        if name in ("unit_short", "unit_name", "year"):
            self._update_title_hint()
        if self._loading or self._read_only:
            return
        self.field_changed.emit(name)

    def _update_title_hint(self) -> None:
        """The title field's placeholder shows the title the report gets when the field is left empty."""
        report = Report(unit_name=self.unit_name.text(), unit_short=self.unit_short.text(), year=self.year.value())
        if self._report is not None:
            report.title_pattern = self._report.title_pattern
        self.title_override.setPlaceholderText(f"留空则使用：{report.title}")
