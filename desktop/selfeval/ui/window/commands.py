"""The main window's menu commands: undo/redo and 历史版本, 导出 Word/PDF, 打印预览, 报告管理, backup and restore,
the first report, 查找/替换, 关于. A mixin of ``MainWindow`` (``main_window.py`` is the shell: widgets, the
session's events, title, status, closing): each command gathers what the user chose and hands the work to a
view or to the application layer (``selfeval.app``), imported on first use so the start stays light."""

from __future__ import annotations

from selfeval.domain.fields import EXPLANATIONS_FIELD
from selfeval.ui.widgets import dialogs

STATUS_MESSAGE_MS = 8000
FIRST_REPORT_CHOICES = ["添加示例报告（2024 年度昌华街道）", "新建或导入报告…", "以后再说"]


class WindowCommands:
    """The command handlers; ``self`` is the ``MainWindow`` (session, store, settings, tabs, status bar)."""

    # Undo, redo, history ---------------------------------------------------------------------------------
    def undo(self) -> None:
        self._step(self.session.undo)

    def redo(self) -> None:
        self._step(self.session.redo)

    def _step(self, do) -> None:
        self._last_change = None
        record = do()
        if record is not None:
            if record.field == EXPLANATIONS_FIELD:
                self.set_review_shown(True)  # a 审核说明 is shown in the 审核 panel, not in a tab
            elif self._last_change is not None:
                self.tabs.reveal(self._last_change, record.section_key, record.field)
            # The log names the step "撤销：修改“…”" / "重做：…": the status bar says it happened.
            self.statusBar().showMessage(f"已{record.summary}", STATUS_MESSAGE_MS)
        self._update_actions()

    def show_history(self) -> None:
        if self.report_id is None or not self.flush():
            return
        from selfeval.ui.views.history_dialog import HistoryDialog

        headings = {s.key: s.heading for s in self.report.sections} if self.report else {}
        dialog = HistoryDialog(self.store, self.report_id, headings, read_only=self.read_only, parent=self)
        dialog.exec()
        op_id = dialog.chosen_op_id
        dialog.deleteLater()
        if op_id is not None:
            self.restore_state(op_id)

    def restore_state(self, op_id: int) -> bool:
        if self.report_id is None or self.read_only:
            return False
        record = self.session.restore(op_id)
        if record is not None:
            self.statusBar().showMessage(f"已恢复历史版本：{record.summary}（可撤销）", STATUS_MESSAGE_MS)
        elif self.session.autosaver.last_error is None:
            self.statusBar().showMessage("所选版本与当前内容相同，无需恢复。", STATUS_MESSAGE_MS)
        return record is not None

    # Export, reports ----------------------------------------------------------------------------------
    def export(self) -> None:
        if self.report_id is None:
            return
        if not self.flush():
            dialogs.error(self, "导出失败", self.session.unsaved_text("再导出"))
            return
        if not self._checked_before_export():
            return
        from selfeval.ui.views import export_action

        written = export_action.export_report(self, self.session.report, self.settings,
                                              stamp=self.session.export_stamp())
        self.page_count.schedule()  # the export's choice counts (自评表 or not)
        if written is not None:
            self.statusBar().showMessage(f"已导出：{written}", STATUS_MESSAGE_MS)

    def _flushed_report(self, title: str):
        """The open report with its pending typing saved, and when it last changed; None if that failed."""
        if self.report_id is None:
            return None
        if not self.flush():
            dialogs.error(self, title, self.session.unsaved_text())
            return None
        return self.session.report, self.store.info(self.report_id).updated_at

    def _checked_before_export(self) -> bool:
        """Export asks first (Word and PDF alike): open 错误/警告 are listed before anything is written."""
        from selfeval.ui.views.export_check_dialog import confirm_export

        return self.review is None or confirm_export(self)

    def export_pdf(self) -> None:
        flushed = self._flushed_report("导出 PDF 失败")
        if flushed is not None and self._checked_before_export():
            from selfeval.ui.views.pdf_export_action import export_pdf_report

            written = export_pdf_report(self, *flushed, self.settings)
            self.page_count.schedule()  # the export's choice counts (自评表 or not)
            if written is not None:
                self.statusBar().showMessage(f"已导出：{written}", STATUS_MESSAGE_MS)

    def show_page_preview(self) -> None:
        """打印预览 (Ctrl+P): the pages as they print, converted in the background."""
        flushed = self._flushed_report("无法预览")
        if flushed is None:
            return
        from selfeval.ui.views.preview_dialog import PreviewDialog

        if self.preview_dialog is not None:
            self.preview_dialog.deleteLater()
        dialog = self.preview_dialog = PreviewDialog(*flushed, self, plan=self._export_pages(flushed[0]))
        dialog.setModal(True)
        dialog.exact.connect(self.page_count.exact)
        dialog.show()
        dialog.start()

    def _export_pages(self, report):
        """What an export of ``report`` writes with the remembered choice (preview, page count)."""
        from selfeval.ui.views.export_choice_dialog import remembered_pages

        return remembered_pages(report, self.settings)

    def _show_pages(self, text: str) -> None:
        self.pages_label.setText(text)
        if self.tabs.basic_tab is not None:
            self.tabs.basic_tab.set_page_count(text)

    def open_reports_dialog(self) -> None:
        if not self.flush():
            return
        from selfeval.ui.views.reports_dialog import ReportsDialog

        was_open = self.report_id
        dialog = ReportsDialog(self.session, self, report_window=self.report_window)
        dialog.exec()
        chosen = dialog.chosen_report_id
        dialog.deleteLater()
        if chosen is not None and chosen != self.report_id:
            self.open_report(chosen)
        elif was_open is not None and self.report_id is None:
            self.statusBar().showMessage("原来打开的报告已删除。", STATUS_MESSAGE_MS)

    def backup_to(self) -> None:
        from selfeval.ui.views import backup_actions

        backup_actions.backup_to(self)

    def restore_backup(self) -> None:
        from selfeval.ui.views import backup_actions

        backup_actions.restore_backup(self)

    def add_sample_report(self) -> int | None:
        if self.read_only:
            dialogs.warn(self, "只读", "文件以只读方式打开，不能添加报告。")
            return None
        from selfeval.bundled.samples import bundled_sample
        from selfeval.store.operations import CreateReport

        record = self.session.run_op(CreateReport(bundled_sample(), note="示例报告"), "无法添加示例报告")
        if record is None or record.report_id is None:
            return None
        self.open_report(record.report_id)
        return record.report_id

    def offer_first_report(self) -> None:
        """The file holds no report: offer the sample or the reports dialog, as buttons."""
        if self.read_only:
            return
        choice = dialogs.ask_buttons(self, "还没有报告", "此数据文件中还没有报告。可以先添加示例报告看看效果，"
                                     "也可以新建报告或导入上年的报告。", FIRST_REPORT_CHOICES)
        if choice == 0:
            self.add_sample_report()
        elif choice == 1:
            self.open_reports_dialog()

    def find_replace(self, replace: bool) -> None:
        """编辑 > 查找 (Ctrl+F) / 替换 (Ctrl+R)."""
        if self.report_id is None:
            return
        if self.find_dialog is None:
            from selfeval.ui.views.find_replace_dialog import FindReplaceDialog

            self.find_dialog = FindReplaceDialog(self)
        self.find_dialog.open_for(replace)

    def show_about(self) -> None:
        from selfeval.ui.views.about_dialog import show_about  # loaded on first use, not at start-up
        from selfeval.ui.window.actions import SHORTCUTS_HELP

        show_about(self, self.store.path, SHORTCUTS_HELP)
