"""What to export when the report has a 自评表: 「自评表和说明（同一文件，自评表在前）」, 「自评表和说明（两个
文件）」 or 「仅说明」. The dialog only asks; what each choice writes is ``domain.export_plan`` and ``app.export_report`` (headless), and
the choice is remembered in the settings (导出 Word, 导出 PDF and 打印预览 share it)."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QDialog, QDialogButtonBox, QLabel, QRadioButton, QVBoxLayout, QWidget

from selfeval.domain.export_plan import PagesPlan, TableChoice, choice_from


class ExportChoiceDialog(QDialog):
    def __init__(self, title: str, current: TableChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel("本报告有自评表。请选择要导出的内容：", self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.group = QButtonGroup(self)
        self.buttons: dict[TableChoice, QRadioButton] = {}
        for choice in TableChoice:
            button = QRadioButton(choice.label, self)
            self.group.addButton(button)
            self.buttons[choice] = button
            layout.addWidget(button)
        self.buttons[current].setChecked(True)
        box = QDialogButtonBox(self)
        self.ok_button = box.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.ok_button.setDefault(True)
        self.buttons[current].setFocus()

    def choice(self) -> TableChoice:
        return next(c for c, button in self.buttons.items() if button.isChecked())


def ask(parent: QWidget | None, title: str, current: TableChoice) -> TableChoice | None:
    """Shows the dialog; the chosen option, or None (cancelled). Tests replace this."""
    dialog = ExportChoiceDialog(title, current, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    answer = dialog.choice() if accepted else None
    dialog.deleteLater()
    return answer


def remembered(settings) -> TableChoice:
    return choice_from(settings.export_table_choice() if settings is not None else None)


def choose(parent: QWidget | None, title: str, report, settings) -> TableChoice | None:
    """The user's choice for exporting ``report``, remembered (仅说明, asking nothing, when its 自评表 has nothing
    filled in: ``app.export_report.choice_for``); None when cancelled."""
    from selfeval.app.export_report import choice_for

    if choice_for(report, TableChoice.COMBINED) is TableChoice.TEXT_ONLY:
        return TableChoice.TEXT_ONLY
    choice = ask(parent, title, remembered(settings))
    if choice is None:
        return None
    if settings is not None:
        settings.set_export_table_choice(choice.value)
    return choice


def remembered_pages(report, settings) -> PagesPlan:
    """The pages an export of ``report`` with the remembered choice writes (打印预览, the page count)."""
    from selfeval.app.export_report import page_plan

    return page_plan(report, remembered(settings))
