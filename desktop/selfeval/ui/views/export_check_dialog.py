"""Export asks first: with open 错误 or unexplained 警告, Ctrl+E lists them; the clerk goes to one (the
place is shown as the 审核 panel shows it) or exports anyway."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from selfeval.ui.views.navigation import show_place
from selfeval.ui.views.review_panel import FINDING_ROLE, FindingList, finding_item

GO, EXPORT = "go", "export"


class ExportCheckDialog(QDialog):
    """The open 错误 and 警告; ``choice`` is GO (with ``finding``), EXPORT, or None (cancelled)."""

    def __init__(self, findings, report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出前审核")
        self.choice: str | None = None
        self.finding = None
        errors = sum(1 for f in findings if f.severity.value == "错误")
        warnings = len(findings) - errors
        layout = QVBoxLayout(self)
        counts = "、".join(([f"{errors} 处错误"] if errors else []) + ([f"{warnings} 处警告"] if warnings else []))
        self.label = QLabel(f"报告中还有 {counts}未处理。建议先修改（警告也可在审核面板中"
                            "“填写说明…”或“忽略…”，之后不再列出）；也可以仍然导出。", self)
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.list = FindingList(self)
        for finding in findings:
            self.list.addItem(finding_item(finding, report))
        self.list.setCurrentRow(0)
        self.list.chosen.connect(self._go)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(self)
        self.go_button = QPushButton("转到所选", self)
        self.export_button = QPushButton("仍然导出", self)
        self.cancel_button = QPushButton("取消", self)
        buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.go_button.setDefault(True)
        self.go_button.clicked.connect(lambda: self._go(self._selected()))
        self.export_button.clicked.connect(self._export)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def _selected(self):
        item = self.list.currentItem()
        return item.data(FINDING_ROLE) if item is not None else None

    def _go(self, finding) -> None:
        if finding is None:
            return
        self.choice, self.finding = GO, finding
        self.accept()

    def _export(self) -> None:
        self.choice = EXPORT
        self.accept()


def ask(parent: QWidget, findings, report) -> tuple[str | None, object]:
    """Shows the dialog; (GO, finding), (EXPORT, None) or (None, None). Tests replace this."""
    dialog = ExportCheckDialog(findings, report, parent)
    dialog.exec()
    answer = (dialog.choice, dialog.finding)
    dialog.deleteLater()
    return answer


def confirm_export(window) -> bool:
    """True when the report may be exported now: nothing open at 错误/警告, or the clerk says 仍然导出.
    Going to a finding shows its place and exports nothing."""
    from selfeval.domain.checks import Severity

    report = window.session.report
    findings = window.review.check(report).open_findings(Severity.ERROR, Severity.WARNING)
    if not findings:
        return True
    choice, finding = ask(window, findings, report)
    if choice == GO:
        show_place(window.tabs, finding.place, finding.excerpt)
        return False
    return choice == EXPORT
