"""THEMES: run-in themed paragraphs, 「党建引领激发动能。」 followed by the text."""

from __future__ import annotations

from selfeval.domain.numbering import chinese_numeral
from selfeval.ui.editors.entry_list import EntryListEditor


class ThemesEditor(EntryListEditor):
    noun = "主题"
    add_label = "新增主题"
    lead_label = "主题语"
    lead_placeholder = "一句主题语"
    lead_tooltip = "一句主题语，导出时位于本主题内容之前，末尾自动补句号。"
    text_placeholder = "本主题的具体内容……"
    intro_placeholder = "可不填，位于各主题之前"

    def marker(self, n: int) -> str:
        return f"主题{chinese_numeral(n)}"
