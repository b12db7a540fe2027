"""ITEMS: 「一是…二是…」, each item an optional lead phrase and text."""

from __future__ import annotations

from selfeval.domain.numbering import item_marker
from selfeval.ui.editors.entry_list import EntryListEditor


class ItemsEditor(EntryListEditor):
    noun = "条"
    add_label = "新增一条"
    lead_label = "要点"
    lead_placeholder = "可不填"
    lead_tooltip = "本条的要点（可不填）；导出时紧接在“一是”之后，末尾自动补句号。"
    text_placeholder = "本条的具体内容……"
    intro_placeholder = "可不填，位于“一是”之前"
    focus_lead_on_new = False
    split_item_markers = True

    def marker(self, n: int) -> str:
        return item_marker(n)
