"""新建报告: choose an outline template, type the unit's names and the year."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout,
    QWidget,
)

from selfeval.domain.model import Report
from selfeval.domain.outline import OutlineTemplate
from selfeval.domain.report_factory import (
    MAX_UNIT_NAME_CHARS, MAX_UNIT_SHORT_CHARS, ReportFieldError, clean_unit_name, clean_unit_short, default_year,
    new_report, parse_year,
)
from selfeval.bundled.templates import DEFAULT_TEMPLATE_ID


class NewReportDialog(QDialog):
    """After ``exec()`` returns Accepted, ``dialog.report`` is the new (not yet stored) report."""

    def __init__(self, templates: Sequence[OutlineTemplate], parent: QWidget | None = None, *,
                 unit_name: str = "", unit_short: str = "", year: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建报告")
        self.report: Report | None = None
        self._templates = list(templates)

        self.template_list = QListWidget()
        self.template_list.setObjectName("templateList")
        for template in self._templates:
            item = QListWidgetItem(template.name)
            item.setData(Qt.ItemDataRole.UserRole, template.id)
            item.setToolTip(template.description)
            self.template_list.addItem(item)
        self.template_list.setMaximumHeight(110)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("templateDescription")
        self.description.setMinimumHeight(48)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.unit_name = QLineEdit(unit_name)
        self.unit_name.setPlaceholderText("例如：广州市荔湾区人民政府昌华街道办事处")
        self.unit_name.setMaxLength(MAX_UNIT_NAME_CHARS * 2)
        self.unit_short = QLineEdit(unit_short)
        self.unit_short.setPlaceholderText("用于标题，例如：昌华街道；不填则使用全称")
        self.unit_short.setMaxLength(MAX_UNIT_SHORT_CHARS * 2)
        self.year = QLineEdit(str(year if year is not None else default_year()))
        self.year.setPlaceholderText("四位数字，例如 2024")
        self.year.setMaxLength(10)
        self.title_preview = QLabel()
        self.title_preview.setWordWrap(True)
        self.title_preview.setObjectName("titlePreview")
        self.message = QLabel()
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")

        form = QFormLayout()
        form.addRow("单位全称(&F)：", self.unit_name)
        form.addRow("单位简称(&S)：", self.unit_short)
        form.addRow("年度(&Y)：", self.year)
        form.addRow("标题预览：", self.title_preview)

        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("创建(&C)", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        template_label = QLabel("大纲模板(&T)：")
        template_label.setBuddy(self.template_list)
        layout = QVBoxLayout(self)
        layout.addWidget(template_label)
        layout.addWidget(self.template_list)
        layout.addWidget(self.description)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

        self.template_list.currentRowChanged.connect(self._template_changed)
        for edit in (self.unit_name, self.unit_short, self.year):
            edit.textChanged.connect(self._update_preview)
        ids = [t.id for t in self._templates]
        self.template_list.setCurrentRow(ids.index(DEFAULT_TEMPLATE_ID) if DEFAULT_TEMPLATE_ID in ids else 0)
        self.setTabOrder(self.template_list, self.unit_name)
        self.setTabOrder(self.unit_name, self.unit_short)
        self.setTabOrder(self.unit_short, self.year)
        (self.unit_name if not unit_name else self.year).setFocus()

    def selected_template(self) -> OutlineTemplate | None:
        row = self.template_list.currentRow()
        return self._templates[row] if 0 <= row < len(self._templates) else None

    def select_template(self, template_id: str) -> None:
        ids = [t.id for t in self._templates]
        self.template_list.setCurrentRow(ids.index(template_id))

    def _template_changed(self, _row: int) -> None:
        template = self.selected_template()
        self.description.setText(template.description if template else "")
        self._update_preview()

    def _update_preview(self) -> None:
        template = self.selected_template()
        self.message.clear()
        if template is None:
            self.title_preview.clear()
            return
        try:
            year: int | str = parse_year(self.year.text())
        except ReportFieldError:
            year = "____"
        name = self.unit_name.text().strip()
        short = self.unit_short.text().strip() or name or "____"
        self.title_preview.setText(template.title.format(year=year, unit_short=short, unit_name=name or "____"))

    def accept(self) -> None:
        template = self.selected_template()
        if template is None:
            self._refuse("请选择一个大纲模板。", self.template_list)
            return
        for check, widget in ((lambda: clean_unit_name(self.unit_name.text()), self.unit_name),
                              (lambda: clean_unit_short(self.unit_short.text(), self.unit_name.text()),
                               self.unit_short),
                              (lambda: parse_year(self.year.text()), self.year)):
            try:
                check()
            except ReportFieldError as exc:
                self._refuse(str(exc), widget)
                return
        self.report = new_report(template, self.unit_name.text(), self.unit_short.text(), self.year.text())
        super().accept()

    def _refuse(self, message: str, widget: QWidget) -> None:
        """Keep the dialog open with everything typed, say what is wrong next to the fields."""
        self.message.setText(message)
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()


def ask_new_report(parent: QWidget | None, templates: Sequence[OutlineTemplate], *, unit_name: str = "",
                   unit_short: str = "", year: int | None = None) -> Report | None:
    """Shows the dialog; the new report, or None when cancelled. Tests replace this function."""
    dialog = NewReportDialog(templates, parent, unit_name=unit_name, unit_short=unit_short, year=year)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.report
        return None
    finally:
        dialog.deleteLater()
