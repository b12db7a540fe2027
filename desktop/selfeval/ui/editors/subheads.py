"""SUBHEADS: 「1.基层治理提质增效。」 numbered run-in sub-heads followed by the text."""

from __future__ import annotations

from selfeval.domain.numbering import heading_marker
from selfeval.ui.editors.entry_list import EntryListEditor

SUBHEAD_LEVEL = 3  # 「1.」 is the third heading level (GB/T 9704 7.3.3)


class SubheadsEditor(EntryListEditor):
    noun = "段"
    add_label = "新增小标题段"
    lead_label = "小标题"
    lead_placeholder = "本段的小标题"
    lead_tooltip = "小标题，导出时写作“1.小标题。”，后接本段内容。"
    text_placeholder = "本段的具体内容……"
    intro_placeholder = "可不填，位于各小标题段之前"

    def marker(self, n: int) -> str:
        return heading_marker(SUBHEAD_LEVEL, n)
