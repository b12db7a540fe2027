"""报告管理: the reports in the file; open, create, carry over, import, rename, duplicate, delete.

Every change goes through the edit session's ``run_op`` (the operations funnel: the open report follows,
a failure is shown once); every question through ``selfeval.ui.widgets.dialogs`` (tests answer them). After ``exec()``, ``chosen_report_id`` is the report to open,
or None.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from selfeval.domain.errors import UserError
from selfeval.domain.model import Report
from selfeval.session.edit_session import EditSession
from selfeval.domain.report_factory import (
    ReportFieldError, clean_unit_name, clean_unit_short, display_name, duplicated,
)
from selfeval.store.operations import CreateReport, DeleteReport, RenameReport
from selfeval.bundled.templates import bundled_templates
from selfeval.ui.views import exchange_actions, new_report_dialog, recycle_bin
from selfeval.ui.widgets import dialogs, last_folders
from selfeval.ui.widgets.report_list import ReportTable, newest_first



class ReportsDialog(QDialog):
    def __init__(self, session: EditSession, parent: QWidget | None = None, *, report_window=None) -> None:
        super().__init__(parent)
        self.session = session
        self.report_window = report_window  # for the 汇总 window's unit reports (``SummaryWindow``)
        self.store = session.store  # the read side: the lists
        self.chosen_report_id: int | None = None
        self.current_report_id = session.report_id
        self.setWindowTitle("报告管理")

        self.table = ReportTable(("unit", "year", "template", "updated"))
        self.table.setObjectName("reportsTable")
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty_label = QLabel("这个文件里还没有报告。\n请“新建”一份报告，或“导入文件”，或先“添加示例报告”看看效果。")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("statusLabel")
        self.status.setWordWrap(True)

        def button(text: str, slot, tip: str = "") -> QPushButton:
            b = QPushButton(text)
            b.clicked.connect(slot)
            if tip:
                b.setToolTip(tip)
            return b

        self.open_button = button("打开(&O)", self.open_selected, "打开所选报告（回车）")
        self.new_button = button("新建(&N)…", self.new_report, "按大纲模板新建一份空白报告（Ctrl+N）")
        self.carry_button = button("从上年报告新建(&L)", self.new_from_last_year,
                                   "复制所选报告的全部正文和结构，年度加一，数据标记为待核对")
        self.import_button = button("导入文件(&I)…", self.import_text,
                                    "导入以往的说明（Word、PDF 或文本文件），先预览识别结果（Ctrl+I）")
        self.sample_button = button("添加示例报告(&E)", self.add_sample, "添加 2024 年度昌华街道的示例报告")
        self.rename_button = button("重命名(&M)…", self.rename_selected, "修改单位全称和简称（F2）")
        self.duplicate_button = button("复制(&C)", self.duplicate_selected, "复制一份所选报告")
        self.delete_button = button("删除(&D)", self.delete_selected, "把所选报告放入回收站（Delete）")
        self.pack_button = button("导出交换文件(&X)…", self.pack_selected,
                                  "把所选报告（或其中几个章节）导出为 .selfeval 文件，交给其他科室或另一台电脑")
        self.unpack_button = button("导入交换文件(&Y)…", self.unpack_file,
                                    "合并其他科室或另一台电脑导出的 .selfeval 文件；两边都改过的章节由您选择")
        self.bin_button = button("回收站(&R)…", self.show_recycle_bin, "查看、恢复已删除的报告")
        self.new_summary_button = button("新建汇总…", self.new_summary,
                                         "主管部门、财政局：收集各单位报送的交换文件和 Word 说明，汇总、审核并导出")
        self.open_summary_button = button("打开汇总…", self.open_summary, "打开已有的汇总文件")
        self.close_button = button("关闭", self.reject)
        self.open_button.setDefault(True)

        side = QVBoxLayout()
        for b in (self.open_button, self.new_button, self.carry_button, self.import_button, self.sample_button):
            side.addWidget(b)
        side.addWidget(_line())
        for b in (self.rename_button, self.duplicate_button, self.delete_button):
            side.addWidget(b)
        side.addWidget(_line())
        side.addWidget(self.pack_button)
        side.addWidget(self.unpack_button)
        side.addWidget(_line())
        side.addWidget(self.bin_button)
        side.addWidget(_line())
        side.addWidget(self.new_summary_button)
        side.addWidget(self.open_summary_button)
        side.addStretch(1)
        side.addWidget(self.close_button)

        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.empty_label, 1)
        left.addWidget(self.status)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(side)

        for key, slot in ((QKeySequence(Qt.Key.Key_Delete), self.delete_selected),
                          (QKeySequence(Qt.Key.Key_F2), self.rename_selected),
                          (QKeySequence("Ctrl+N"), self.new_report),
                          (QKeySequence("Ctrl+I"), self.import_text)):
            QShortcut(key, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.resize(880, 480)
        self.refresh(self.current_report_id)
        if self.store.read_only:
            self.status.setText("此文件正由另一个窗口编辑，当前为只读：只能打开报告查看。")
        if self.table.rowCount():
            self.table.setFocus()

    # ----- list -----
    def refresh(self, select_id: int | None = None) -> None:
        infos = newest_first(self.store.list_reports())
        self.table.set_reports(infos, select_id)
        empty = not infos
        self.table.setVisible(not empty)
        self.empty_label.setVisible(empty)
        deleted = len(self.store.list_reports(deleted=True))
        self.bin_button.setText(f"回收站（{deleted}）(&R)…" if deleted else "回收站(&R)…")
        self._update_buttons()
        if empty:
            self.new_button.setFocus()

    def _update_buttons(self) -> None:
        selected = self.table.current_report_id() is not None
        writable = not self.store.read_only
        self.open_button.setEnabled(selected)
        for b in (self.carry_button, self.rename_button, self.duplicate_button, self.delete_button):
            b.setEnabled(selected and writable)
        self.pack_button.setEnabled(selected)
        for b in (self.new_button, self.import_button, self.sample_button, self.unpack_button):
            b.setEnabled(writable)

    def selected_id(self) -> int | None:
        return self.table.current_report_id()

    # ----- actions -----
    def open_selected(self) -> None:
        report_id = self.selected_id()
        if report_id is None:
            return
        self.chosen_report_id = report_id
        self.accept()

    def _create(self, report: Report, failure_title: str, note: str = "") -> int | None:
        """Stores a new report through the funnel; its id, or None after telling the user why not."""
        return self._run_create(CreateReport(report, note=note), failure_title)

    def _run_create(self, op: CreateReport, failure_title: str) -> int | None:
        record = self.session.run_op(op, failure_title)
        if record is None:
            return None
        report_id = record.report_id
        self.refresh(report_id)
        return report_id

    def _open_new(self, report_id: int | None) -> None:
        if report_id is not None:
            self.chosen_report_id = report_id
            self.accept()

    def _writable(self) -> bool:
        if self.store.read_only:
            dialogs.warn(self, "只读", "此文件正由另一个窗口编辑，当前为只读，不能修改。")
            return False
        return True

    def new_report(self) -> None:
        if not self._writable():
            return
        latest = newest_first(self.store.list_reports())
        names = {"unit_name": latest[0].unit_name, "unit_short": latest[0].unit_short} if latest else {}
        templates = list(bundled_templates().values())
        report = new_report_dialog.ask_new_report(self, templates, **names)
        if report is None:
            return
        if not self._confirm_not_duplicate(report):
            return
        self._open_new(self._create(report, "无法新建报告", "按大纲模板新建"))

    def new_from_last_year(self) -> None:
        from selfeval.app.new_year import create_op, next_year

        report_id = self.selected_id()
        if report_id is None or not self._writable():
            return
        try:
            made = next_year(self.store, report_id)
        except UserError as exc:
            dialogs.error(self, "无法从上年报告新建", str(exc))
            return
        if not self._confirm_not_duplicate(made.report):
            return
        new_id = self._run_create(create_op(made), "无法从上年报告新建")
        if new_id is None:
            return
        dialogs.inform(self, "已从上年报告新建", made.message)
        self._open_new(new_id)

    def import_text(self) -> None:
        """Imports a previous 说明 (.docx, .pdf or .txt): the preview first, where the outline and the
        mapping can be changed; then stored through the funnel (asking first if that unit and year exist)."""
        if not self._writable():
            return
        from selfeval.app.import_file import create_op  # on first use: keeps the start light
        from selfeval.importers import FILE_PATTERNS
        from selfeval.ui.views import import_preview_dialog

        start = last_folders.start(last_folders.IMPORT)
        path = dialogs.ask_open_path(self, "导入以往的说明", start,
                                     f"以往的说明 ({' '.join(FILE_PATTERNS)});;所有文件 (*)")
        if path is None:
            return
        last_folders.remember(last_folders.IMPORT, Path(path))
        if self._merged_back(Path(path)):
            return
        try:
            preview = import_preview_dialog.read_preview(self, Path(path))  # off the GUI thread, cancellable
        except UserError as exc:
            dialogs.error(self, "无法导入", str(exc))
            return
        if preview is None:  # cancelled while reading
            return
        preview = import_preview_dialog.review(self, preview)
        if preview is None:
            return
        result = preview.result
        if not self._confirm_not_duplicate(result.report):
            return
        new_id = self._run_create(create_op(preview, Path(path)), "无法导入")
        if new_id is None:
            return
        name = display_name(result.report.unit_short, result.report.unit_name, result.report.year)
        text = f"已导入“{Path(path).name}”，新建了“{name}”的报告。"
        if result.notices:
            text += "\n\n请注意：\n" + "\n".join(f"· {n}" for n in result.notices)
        dialogs.inform(self, "导入完成", text)
        self._open_new(new_id)

    def _merged_back(self, path: Path) -> bool:
        """A document this program exported: offers 「合并回报告」 (True: handled, merged or cancelled)."""
        from selfeval.ui.views import merge_back_dialog

        if not merge_back_dialog.is_merge_candidate(path):
            return False
        answer = dialogs.ask_buttons(self, "导入", f"“{path.name}”是本程序导出的报告（可能已在 Word/WPS 中修改、"
                                     "带有修订或批注）。\n要把其中的改动合并回原来的报告，还是导入为一份新报告？",
                                     ["合并回报告", "导入为新报告", "取消"])
        if answer == 1:
            return False
        if answer == 0:
            report_id = merge_back_dialog.merge_back_file(self, self.session, path)
            if report_id is not None:
                self.refresh(report_id)
        return True

    def add_sample(self) -> None:
        if not self._writable():
            return
        from selfeval.bundled.samples import bundled_sample  # on first use, like the importer

        try:
            report = bundled_sample()
        except UserError as exc:
            dialogs.error(self, "无法添加示例报告", str(exc))
            return
        if not self._confirm_not_duplicate(report):
            return
        self._open_new(self._create(report, "无法添加示例报告", "示例报告"))

    def _confirm_not_duplicate(self, report: Report) -> bool:
        """Several reports of one unit and year are allowed, but only knowingly."""
        from selfeval.app.import_file import same_reports

        same = same_reports(self.store.list_reports(), report)
        if not same:
            return True
        name = display_name(report.unit_short, report.unit_name, report.year)
        return dialogs.ask_yes_no(self, "已有同名报告", f"文件中已有“{name}”的报告。\n仍要再新建一份吗？")

    def rename_selected(self) -> None:
        report_id = self.selected_id()
        if report_id is None or not self._writable():
            return
        info = self.store.info(report_id)
        full = dialogs.ask_text(self, "重命名", "单位全称：", info.unit_name)
        if full is None:
            return
        short = dialogs.ask_text(self, "重命名", "单位简称（用于标题）：", info.unit_short)
        if short is None:
            return
        try:
            full = clean_unit_name(full)
            short = clean_unit_short(short, full)
        except ReportFieldError as exc:
            dialogs.error(self, "无法重命名", str(exc))
            return
        if (full, short) != (info.unit_name, info.unit_short):
            self.session.run_op(RenameReport(report_id, full, short), "无法重命名")
        self.refresh(report_id)

    def duplicate_selected(self) -> None:
        report_id = self.selected_id()
        if report_id is None or not self._writable():
            return
        try:
            copy = duplicated(self.store.load(report_id))
        except UserError as exc:
            dialogs.error(self, "无法复制", str(exc))
            return
        new_id = self._create(copy, "无法复制", "复制自另一份报告")
        if new_id is not None:
            self.status.setText("已复制一份报告（列表最上面一行），两份报告互不影响。")

    def delete_selected(self) -> None:
        report_id = self.selected_id()
        if report_id is None or not self._writable():
            return
        info = self.store.info(report_id)
        name = display_name(info.unit_short, info.unit_name, info.year)
        text = f"确定要删除“{name}”的报告吗？\n删除后可以在“回收站”中恢复。"
        if report_id == self.current_report_id:
            text += "\n这份报告正在编辑，删除后窗口将关闭它。"
        if not dialogs.ask_yes_no(self, "删除报告", text):
            return
        if self.session.run_op(DeleteReport(report_id), "无法删除") is None:
            return
        self.refresh()
        self.status.setText(f"已将“{name}”放入回收站。")

    def pack_selected(self) -> None:
        report_id = self.selected_id()
        if report_id is not None:
            exchange_actions.pack(self, self.session, report_id)

    def unpack_file(self) -> None:
        if not self._writable():
            return
        done = exchange_actions.unpack(self, self.session)
        if done is not None:
            report_id, created = done
            self.refresh(report_id)
            if created:
                self._open_new(report_id)

    def new_summary(self) -> None:
        from selfeval.ui.views.summary_window import new_summary

        self.summary_window = new_summary(self.parentWidget() or self, report_window=self.report_window)

    def open_summary(self) -> None:
        from selfeval.ui.views.summary_window import open_summary

        self.summary_window = open_summary(self.parentWidget() or self, report_window=self.report_window)

    def show_recycle_bin(self) -> None:
        restored = recycle_bin.show_recycle_bin(self.session, self)
        self.refresh(restored[-1] if restored else None)
        if restored:
            self.status.setText(f"已从回收站恢复 {len(restored)} 份报告。")


def _line() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line

