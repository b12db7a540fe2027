"""The import preview: what was found in a file and where it goes, before anything is stored.

Shows the title, the outline chosen and why, each heading of the file with the outline section it maps
to (a choice per heading: another section, or kept as an extra section), the sections of the report
that will be made (with what filled them), and the notices. Changing the outline or a mapping gives a
new ``ImportPreview`` (the importer's, below the UI); ``preview`` after 导入 is the one to store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QSplitter, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from selfeval.bundled.templates import bundled_templates

if TYPE_CHECKING:
    from selfeval.importers import ImportPreview

KEEP_AS_EXTRA_LABEL = "（作为附加章节保留）"


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

        self.headings = QTableWidget(0, 2)
        self.headings.setObjectName("headingsTable")
        self.headings.setHorizontalHeaderLabels(["原文标题", "对应到大纲栏目"])
        self.headings.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.headings.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.headings.verticalHeader().setVisible(False)
        self.sections = QTableWidget(0, 3)
        self.sections.setObjectName("sectionsTable")
        self.sections.setHorizontalHeaderLabels(["报告章节", "来自原文", "内容"])
        self.sections.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sections.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.sections.verticalHeader().setVisible(False)
        self.sections.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        left = _titled("原文中的标题及其对应的栏目（可修改）：", self.headings)
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
        """Heading ``row`` of the table onto outline section ``key`` (None: kept as an extra section)."""
        box: QComboBox = self.headings.cellWidget(row, 1)
        box.setCurrentIndex(box.findData(key))

    def _outline_chosen(self, index: int) -> None:
        template = self.templates[index]
        if template.id != self.preview.template.id:
            self.preview = self.preview.with_template(template)
            self._show()

    def _mapping_chosen(self, token: int, box: QComboBox) -> None:
        self.preview = self.preview.with_mapping(token, box.currentData())
        self._show()

    # -- showing the preview ----------------------------------------------------------------------------
    def _show(self) -> None:
        preview = self.preview
        self.title_label.setText(f"标题：{preview.title or '（未找到，导入后请在“基本信息”中填写）'}")
        blocked = self.outline_box.blockSignals(True)
        self.outline_box.setCurrentIndex(self.outline_box.findData(preview.template.id))
        self.outline_box.blockSignals(blocked)
        self.reason_label.setText(preview.choice.reason)
        self._show_headings()
        self._show_sections()
        unmapped = preview.unmapped
        if unmapped:
            names = "、".join(f"“{s.heading or '第一个标题之前的文字'}”" for s in unmapped)
            self.unmapped_label.setText(f"未对应到大纲的内容（{len(unmapped)} 处，作为附加章节保留，不会丢失）：{names}")
        else:
            self.unmapped_label.setText("原文的内容都已对应到大纲栏目。")
        notices = [n for n in preview.notices if n != preview.choice.reason]
        self.notices_label.setText("请注意：" + "".join(notices) if notices else "")
        self.notices_label.setVisible(bool(notices))

    def _show_headings(self) -> None:
        template = self.preview.template
        placements = self.preview.placements
        shape = (template.id, tuple(p.token for p in placements))
        if shape == self._headings_shape:
            # A mapping changed: set the boxes in place (the box that changed is still emitting).
            for row, p in enumerate(placements):
                box: QComboBox = self.headings.cellWidget(row, 1)
                blocked = box.blockSignals(True)
                box.setCurrentIndex(box.findData(p.key) if p.outline else 0)
                box.blockSignals(blocked)
            return
        self._headings_shape = shape
        self.headings.setRowCount(len(placements))
        for row, p in enumerate(placements):
            item = QTableWidgetItem("　" * max(p.level - 1, 0) + p.text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.headings.setItem(row, 0, item)
            box = QComboBox()
            box.addItem(KEEP_AS_EXTRA_LABEL, None)
            for spec in template.sections:
                box.addItem("　" * max(spec.level - 1, 0) + spec.heading, spec.key)
            box.setCurrentIndex(box.findData(p.key) if p.outline else 0)
            box.currentIndexChanged.connect(lambda _i, t=p.token, b=box: self._mapping_chosen(t, b))
            self.headings.setCellWidget(row, 1, box)

    def _show_sections(self) -> None:
        sections = self.preview.sections
        self.sections.setRowCount(len(sections))
        for row, s in enumerate(sections):
            heading = "　" * max(s.level - 1, 0) + (s.outline_heading if s.outline else
                                                    f"{s.heading or '（第一个标题之前的文字）'}〔附加章节〕")
            source = s.source_heading or ("原文中没有" if s.outline else "")
            size = "空" if s.empty else f"{s.entries} 条，{s.chars} 字"
            for col, text in enumerate((heading, source, size)):
                self.sections.setItem(row, col, QTableWidgetItem(text))


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
