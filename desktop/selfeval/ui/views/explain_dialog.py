"""填写说明 / 忽略: the clerk's explanation of a 警告 or 提示, or the reason for dismissing it. The text is
checked by the domain (``checks.explain``: cleaned, not empty, not too long); a refused text is said in
the dialog, which stays open with what was typed."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from selfeval.domain.explanations import MAX_EXPLANATION_CHARS
from selfeval.ui.views.finding_text import finding_text


class ExplainDialog(QDialog):
    """``explanation`` is set when the clerk confirms a usable text."""

    def __init__(self, finding, report, *, dismissed: bool, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding, self.report, self.dismissed = finding, report, dismissed
        self.explanation = None
        what = finding.severity.value
        self.setWindowTitle(f"忽略{what}" if dismissed else f"填写{what}说明")
        layout = QVBoxLayout(self)
        about = QLabel(finding_text(finding, report), self)
        about.setWordWrap(True)
        layout.addWidget(about)
        prompt = QLabel("忽略的理由（必填）：" if dismissed else "说明（必填，例如为何不需修改）：", self)
        layout.addWidget(prompt)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setPlainText(text)
        self.text.setAccessibleName(prompt.text())
        prompt.setBuddy(self.text)
        layout.addWidget(self.text, 1)
        self.count = QLabel(self)
        layout.addWidget(self.count)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c42b1c;")
        self.problem.setVisible(False)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.ok_button = QPushButton("确定", self)
        self.cancel_button = QPushButton("取消", self)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.text.textChanged.connect(self._count)
        self._count()
        self.text.setFocus()
        self.resize(460, 320)

    def _count(self) -> None:
        self.count.setText(f"{len(self.text.toPlainText().strip())} / {MAX_EXPLANATION_CHARS} 字")

    def confirm(self) -> None:
        from selfeval.domain.checks import ExplanationError, explain

        try:
            self.explanation = explain(self.finding, self.text.toPlainText(), dismissed=self.dismissed,
                                       report=self.report)
        except ExplanationError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            self.text.setFocus()
            return
        self.accept()


def ask_explanation(parent: QWidget, finding, report, *, dismissed: bool, text: str = ""):
    """Shows the dialog; the Explanation, or None when cancelled. Tests replace this."""
    dialog = ExplainDialog(finding, report, dismissed=dismissed, text=text, parent=parent)
    dialog.exec()
    explanation = dialog.explanation
    dialog.deleteLater()
    return explanation
