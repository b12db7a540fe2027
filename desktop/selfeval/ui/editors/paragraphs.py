"""PARAGRAPHS: one text box, one paragraph a line."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from selfeval.domain.model import Entry, Section
from selfeval.domain.text import split_paragraphs
from selfeval.ui.editors.base import SectionEditor
from selfeval.ui.widgets.plain_text import PlainTextEdit


def paragraphs_text(section: Section) -> str:
    """The section's paragraphs as they read, one a line (an entry's lead is written before its text)."""
    lines = split_paragraphs(section.intro)
    for entry in section.entries:
        paras = split_paragraphs(entry.text) or [""]
        first = (Entry(lead=entry.lead).joined() if entry.lead.strip() else "") + paras[0]
        lines += [first, *paras[1:]]
    return "\n".join(line for line in lines if line)


def paragraph_entries(text: str) -> list[Entry]:
    """One entry per non-blank line."""
    return [Entry(text=p) for p in split_paragraphs(text)]


# The text box shows at least this many lines; it fills the visible column and grows with its text.
TEXT_MIN_LINES = 6


class ParagraphsEditor(SectionEditor):
    text_label = "正文（每行一段，按 Enter 另起一段）："
    text_placeholder = "在此填写正文，每行一段……"

    def _build(self, layout: QVBoxLayout) -> None:
        self._loaded_text = ""
        self.text = PlainTextEdit(self)
        self.text.setPlaceholderText(self.text_placeholder)
        self.text.setAccessibleName("正文")
        self.text.textChanged.connect(self._user_edit)
        self.text.notice.connect(self._show_notice)
        label = QLabel(self.text_label, self)
        label.setBuddy(self.text)
        self.text_header = QHBoxLayout()
        self.text_header.addWidget(label, 1)
        self._build_above_text(layout)
        layout.addLayout(self.text_header)
        layout.addWidget(self.text, 1)
        self.grow_with_text(self.text, TEXT_MIN_LINES, fill=True,
                            reserve=lambda: self.text_header.sizeHint().height() + layout.spacing())

    def _build_above_text(self, layout: QVBoxLayout) -> None:
        """Room for subclasses (the figures panel)."""

    def _load(self, section: Section) -> None:
        self.text.setPlaceholderText(self.prompt("text"))
        self._loaded_text = paragraphs_text(section)
        self.text.setPlainText(self._loaded_text)

    def _collect(self, section: Section) -> None:
        text = self.text.toPlainText()
        if text == self._loaded_text:
            return  # untouched: the loaded intro and entries stay exactly as they were
        section.intro = ""
        section.entries = paragraph_entries(text)

    def _apply_read_only(self, read_only: bool) -> None:
        self.text.setReadOnly(read_only)
