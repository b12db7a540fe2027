"""The import preview: the report's own outline as found in a file, before anything is stored.

Shows the title and the 基本信息 read from the cover block, the outline whose roles are used and why,
the file's heading tree (each heading at its level, with the role it takes: 绩效目标, 问题, 改进措施 …
or none, an ordinary section; both can be changed), the sections the report will have (with what filled
them), and the notices. Each change gives a new ``ImportPreview`` (the importer's, below the UI);
``preview`` after 导入 is the one to store. ``read_preview`` reads a file off the GUI thread, with
progress and 取消 (a long PDF).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QSplitter,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from selfeval.bundled.templates import bundled_templates

if TYPE_CHECKING:
    from selfeval.importers import ImportPreview

KEEP_AS_EXTRA_LABEL = "（普通章节）"
LEVEL_LABELS = {1: "一级（一、）", 2: "二级（（一））", 3: "三级（1.）"}


class ImportPreviewDialog(QDialog):
    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self._headings_shape: tuple | None = None  # (outline, heading tokens) the boxes were built for
        self.setWindowTitle(f"导入预览 - {preview.source_name}" if preview.source_name else "导入预览")
        self.templates = list(bundled_templates().values())

        self.file_label = QLabel(f"文件：{preview.source_name}（{preview.source_format}）")
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.info_label = QLabel()
        self.info_label.setObjectName("infoLabel")
        self.info_label.setWordWrap(True)
        self.outline_box = QComboBox()
        self.outline_box.setObjectName("outlineBox")
        for template in self.templates:
            self.outline_box.addItem(f"{template.name}（{template.id}）", template.id)
        self.outline_box.currentIndexChanged.connect(self._outline_chosen)
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        outline_row = QHBoxLayout()
        outline_row.addWidget(QLabel("大纲："))
        outline_row.addWidget(self.outline_box, 1)

        self.headings = QTableWidget(0, 3)
        self.headings.setObjectName("headingsTable")
        self.headings.setHorizontalHeaderLabels(["原文标题", "层级", "栏目用途"])
        self.headings.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.headings.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.headings.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.headings.verticalHeader().setVisible(False)
        self.sections = QTableWidget(0, 3)
        self.sections.setObjectName("sectionsTable")
        self.sections.setHorizontalHeaderLabels(["报告章节（原文的标题和顺序）", "用途", "内容"])
        self.sections.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sections.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.sections.verticalHeader().setVisible(False)
        self.sections.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        left = _titled("原文的标题（层级和用途可修改）：", self.headings)
        right = _titled("将生成的报告章节：", self.sections)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        self.unmapped_label = QLabel()
        self.unmapped_label.setWordWrap(True)
        self.notices_label = QLabel()
        self.notices_label.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.title_label)
        layout.addWidget(self.info_label)
        layout.addLayout(outline_row)
        layout.addWidget(self.reason_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.unmapped_label)
        layout.addWidget(self.notices_label)
        layout.addWidget(self.buttons)
        self.resize(1000, 600)
        self._show()

    # -- what the user changes ----------------------------------------------------------------------
    def choose_outline(self, template_id: str) -> None:
        self.outline_box.setCurrentIndex(self.outline_box.findData(template_id))

    def map_heading(self, row: int, key: str | None) -> None:
        """Heading ``row`` of the table takes role ``key`` (None: no role, an ordinary section)."""
        box: QComboBox = self.headings.cellWidget(row, 2)
        box.setCurrentIndex(box.findData(key))

    def set_level(self, row: int, level: int) -> None:
        """Heading ``row`` of the table at ``level`` (1–3)."""
        box: QComboBox = self.headings.cellWidget(row, 1)
        box.setCurrentIndex(box.findData(level))

    def _outline_chosen(self, index: int) -> None:
        template = self.templates[index]
        if template.id != self.preview.template.id:
            self.preview = self.preview.with_template(template)
            self._show()

    def _mapping_chosen(self, token: int, box: QComboBox) -> None:
        self.preview = self.preview.with_mapping(token, box.currentData())
        self._show()

    def _level_chosen(self, token: int, box: QComboBox) -> None:
        self.preview = self.preview.with_level(token, box.currentData())
        self._show()

    # -- showing the preview ----------------------------------------------------------------------------
    def _show(self) -> None:
        preview = self.preview
        self.title_label.setText(f"标题：{preview.title or '（未找到，导入后请在“基本信息”中填写）'}")
        blocked = self.outline_box.blockSignals(True)
        self.outline_box.setCurrentIndex(self.outline_box.findData(preview.template.id))
        self.outline_box.blockSignals(blocked)
        self.reason_label.setText(preview.choice.reason)
        report = preview.report
        info = [f"单位：{report.unit_name or '（未找到，导入后请在“基本信息”中填写）'}",
                f"评价年度：{report.year or '（未找到）'}"]
        if report.contact_person:
            info.append(f"填报人：{report.contact_person}")
        if report.contact_phone:
            info.append(f"联系电话：{report.contact_phone}")
        self.info_label.setText("　".join(info))
        self._show_headings()
        self._show_sections()
        plain = [s for s in preview.unmapped if s.heading]
        if plain:
            names = "、".join(f"“{s.heading}”" for s in plain)
            self.unmapped_label.setText(f"没有特定用途的标题（{len(plain)} 个，作为普通章节照常导入）：{names}")
        else:
            self.unmapped_label.setText("原文的标题都已识别出用途。")
        notices = [n for n in preview.notices if n != preview.choice.reason]
        self.notices_label.setText("请注意：" + "".join(notices) if notices else "")
        self.notices_label.setVisible(bool(notices))

    def _show_headings(self) -> None:
        template = self.preview.template
        placements = self.preview.placements
        shape = (template.id, tuple(p.token for p in placements))
        if shape == self._headings_shape:
            # A role or a level changed: set the rows in place (the box that changed is still emitting).
            for row, p in enumerate(placements):
                self.headings.item(row, 0).setText(_indented(p.level, p.text))
                for col, value in ((1, p.level), (2, p.key if p.outline else None)):
                    box: QComboBox = self.headings.cellWidget(row, col)
                    blocked = box.blockSignals(True)
                    box.setCurrentIndex(box.findData(value))
                    box.blockSignals(blocked)
            return
        self._headings_shape = shape
        self.headings.setRowCount(len(placements))
        for row, p in enumerate(placements):
            item = QTableWidgetItem(_indented(p.level, p.text))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.headings.setItem(row, 0, item)
            level_box = QComboBox()
            for level, label in LEVEL_LABELS.items():
                level_box.addItem(label, level)
            level_box.setCurrentIndex(level_box.findData(p.level))
            level_box.currentIndexChanged.connect(lambda _i, t=p.token, b=level_box: self._level_chosen(t, b))
            self.headings.setCellWidget(row, 1, level_box)
            box = QComboBox()
            box.addItem(KEEP_AS_EXTRA_LABEL, None)
            for key, name in self.preview.roles:
                box.addItem(name, key)
            box.setCurrentIndex(box.findData(p.key) if p.outline else 0)
            box.currentIndexChanged.connect(lambda _i, t=p.token, b=box: self._mapping_chosen(t, b))
            self.headings.setCellWidget(row, 2, box)

    def _show_sections(self) -> None:
        sections = self.preview.sections
        self.sections.setRowCount(len(sections))
        for row, s in enumerate(sections):
            heading = _indented(s.level, s.heading) if s.heading else "（第一个标题之前的文字）"
            role = s.outline_heading if s.outline else ""
            size = "无正文" if s.empty else f"{s.entries} 条，{s.chars} 字"
            for col, text in enumerate((heading, role, size)):
                self.sections.setItem(row, col, QTableWidgetItem(text))


def _indented(level: int, text: str) -> str:
    return "　" * max(level - 1, 0) + text


def _titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLabel(title))
    layout.addWidget(widget, 1)
    return box


def review(parent: QWidget | None, preview: ImportPreview) -> ImportPreview | None:
    """Shows the preview; the (possibly re-mapped) preview to store, or None when cancelled.
    Tests may replace this function."""
    dialog = ImportPreviewDialog(preview, parent)
    try:
        return dialog.preview if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


# The progress window shows only when reading takes longer than this (a .docx never shows it).
PROGRESS_DELAY_MS = 400


def read_preview(parent: QWidget | None, path: Path, template=None) -> ImportPreview | None:
    """The file's import preview, read off the GUI thread (``app.import_file.reading_job`` run by
    ``job_thread.run_with_progress``): a window shows the pages read with 取消 while it takes long (a PDF of
    hundreds of pages); the window stays responsive. None when cancelled; the importer's refusal is raised
    here, in the GUI thread, as a ``UserError``."""
    from selfeval.app.import_file import reading_job
    from selfeval.domain.errors import UserError
    from selfeval.ui.widgets.job_thread import run_with_progress

    outcome = run_with_progress(parent, reading_job(Path(path), template), "导入文件",
                                f"正在读取“{Path(path).name}”…", delay_ms=PROGRESS_DELAY_MS)
    if outcome.cancelled:
        return None
    if not outcome.ok:
        raise UserError(outcome.message)
    return outcome.result
