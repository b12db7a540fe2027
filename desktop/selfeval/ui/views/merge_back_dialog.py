"""「合并回报告」 in the window: a .docx this program exported, reviewed in Word/WPS/LibreOffice, merged back into
its report (``app.merge_back``). First the reviewer's tracked changes (修订), each accepted or rejected (or all
at once), and comments (批注), each kept as a note on its section or not; then, when something changed here
too since the export, the same conflict dialog as for exchange files; then one undoable step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from selfeval.domain.errors import UserError
from selfeval.ui.widgets import dialogs

TITLE = "合并回报告"
CONTEXT_CHARS = 40


class ChangesDialog(QDialog):
    """The document's 修订 (checked: accepted) and 批注 (checked: kept as a note). After exec:
    ``accepted_ids()``, ``kept_comment_ids()``."""

    def __init__(self, plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{TITLE}：修订和批注")
        self.plan = plan
        intro = QLabel(f"“{plan.name}”来自报告“{plan.mine.title}”。文档中有 {len(plan.revisions)} 处修订、"
                       f"{len(plan.comments)} 条批注。勾选的修订将被接受，未勾选的被拒绝（与在 Word/WPS 中"
                       "“接受”“拒绝”相同）；勾选的批注作为备注保存在所在章节。")
        intro.setWordWrap(True)
        self.revisions = QListWidget()
        self.revisions.setObjectName("revisions")
        for r in plan.revisions:
            where = r.context if len(r.context) <= CONTEXT_CHARS else r.context[:CONTEXT_CHARS] + "…"
            item = QListWidgetItem(f"{r.describe()}　{_day(r.date)}\n    所在段落：{where}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setToolTip(r.context)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.revisions.addItem(item)
        accept_all = QPushButton("全部接受")
        reject_all = QPushButton("全部拒绝")
        accept_all.clicked.connect(lambda: self._all(self.revisions, True))
        reject_all.clicked.connect(lambda: self._all(self.revisions, False))
        self.comments = QListWidget()
        self.comments.setObjectName("comments")
        for comment, key in plan.comment_places:
            place = f"“{plan.heading_of(key)}”" if key else "（未能对应到章节）"
            anchor = f"，针对“{comment.anchor}”" if comment.anchor else ""
            item = QListWidgetItem(f"{comment.author or '未署名'}（{place}{anchor}）：{comment.text}")
            item.setData(Qt.ItemDataRole.UserRole, comment.id)
            flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags if key else flags & ~Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked if key else Qt.CheckState.Unchecked)
            self.comments.addItem(item)
        buttons = QDialogButtonBox()
        self.next_button = buttons.addButton("下一步", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(accept_all)
        row.addWidget(reject_all)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("修订（勾选＝接受）："))
        layout.addWidget(self.revisions, 2)
        layout.addLayout(row)
        layout.addWidget(QLabel("批注（勾选＝作为备注保存在所在章节）："))
        layout.addWidget(self.comments, 1)
        layout.addWidget(buttons)
        self.resize(900, 600)

    @staticmethod
    def _all(widget: QListWidget, checked: bool) -> None:
        for i in range(widget.count()):
            widget.item(i).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    @staticmethod
    def _checked(widget: QListWidget) -> set[str]:
        return {widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked}

    def accepted_ids(self) -> set[str]:
        return self._checked(self.revisions)

    def kept_comment_ids(self) -> set[str]:
        return self._checked(self.comments)


def _day(date: str) -> str:
    return date[:10] if date else ""


def ask_changes(parent: QWidget | None, plan) -> tuple[set[str], set[str]] | None:
    """(accepted revision ids, kept comment ids), or None when cancelled. Tests may replace this function."""
    dialog = ChangesDialog(plan, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.accepted_ids(), dialog.kept_comment_ids()
    finally:
        dialog.deleteLater()


def is_merge_candidate(path: Path) -> bool:
    """A .docx carrying this program's export stamp (read cheaply; any problem: not a candidate)."""
    try:
        from selfeval.importers.docx_revisions import read_edited_docx

        return read_edited_docx(path.read_bytes()).stamp is not None
    except (UserError, OSError, ValueError):
        return False


def merge_back_file(parent: QWidget | None, session, path: Path) -> int | None:
    """Merges the edited document ``path`` back into its report; the report's id, or None (nothing done)."""
    from selfeval.app.merge_back import plan_file
    from selfeval.ui.views import exchange_dialogs
    from selfeval.ui.views.exchange_actions import _saved

    if not _saved(parent, session, f"无法{TITLE}"):
        return None
    try:
        plan = plan_file(session.store, path)
        kept: set[str] = set()
        if plan.revisions or plan.comments:
            answer = ask_changes(parent, plan)
            if answer is None:
                return None
            accepted, kept = answer
            if accepted != set(plan.accepted):
                plan = plan_file(session.store, path, accepted=accepted)
        choices = None
        if plan.conflicts:
            choices = exchange_dialogs.resolve_conflicts(
                parent, plan, title=f"{TITLE}：导出后两边都改过的内容", theirs_name="文档中",
                intro=f"“{plan.name}”导出之后，本机也改过其中 {len(plan.conflicts)} 项内容。请逐个比较（改动的字已标出），"
                      "选择保留哪一边、两者都保留，或在“合并结果”中修改后采用；其余改动将自动合并。合并后可以撤销。")
            if choices is None:
                return None
        op = plan.operation(choices, keep_comments=kept)
    except UserError as exc:
        dialogs.error(parent, f"无法{TITLE}", str(exc))
        return None
    if op is None:
        dialogs.inform(parent, TITLE, f"报告“{plan.mine.title}”已包含“{plan.name}”的内容，无需修改。")
        return plan.report_id
    if session.run_op(op, f"无法{TITLE}") is None:
        return None
    lines = [f"· {line.replace('将', '已')}" for line in plan.summary_lines()]
    if kept:
        lines.append(f"· 已把 {len(kept)} 条批注作为备注保存在所在章节")
    dialogs.inform(parent, TITLE, f"已把“{plan.name}”合并回报告“{plan.mine.title}”（可以撤销，历史版本中也有记录）：\n"
                   + "\n".join(lines))
    return plan.report_id
