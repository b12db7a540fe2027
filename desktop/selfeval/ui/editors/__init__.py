"""Section editors, one class per section kind; the main window gets them through ``editor_for``.

```python
cls = editor_for(section.kind)   # ITEMS, THEMES, SUBHEADS, PARAGRAPHS or FIGURES (GROUP has none)
ed = cls(parent=None)
ed.set_section(section); ed.section(); ed.changed; ed.notice; ed.set_read_only(True); ed.char_count()
```
"""

from __future__ import annotations

from selfeval.domain.model import SectionKind
from selfeval.ui.editors.base import SectionEditor
from selfeval.ui.editors.figures import FiguresEditor
from selfeval.ui.editors.items import ItemsEditor
from selfeval.ui.editors.paragraphs import ParagraphsEditor
from selfeval.ui.editors.subheads import SubheadsEditor
from selfeval.ui.editors.themes import ThemesEditor

EDITORS: dict[SectionKind, type[SectionEditor]] = {
    SectionKind.ITEMS: ItemsEditor,
    SectionKind.THEMES: ThemesEditor,
    SectionKind.SUBHEADS: SubheadsEditor,
    SectionKind.PARAGRAPHS: ParagraphsEditor,
    SectionKind.FIGURES: FiguresEditor,
}


def editor_for(kind: SectionKind | str) -> type[SectionEditor]:
    """The editor class of a section kind; a GROUP section holds no text and has no editor (KeyError)."""
    try:
        return EDITORS[SectionKind(kind)]
    except (KeyError, ValueError):
        raise KeyError(f"no editor for section kind {kind!r}") from None


__all__ = ["EDITORS", "FiguresEditor", "ItemsEditor", "ParagraphsEditor", "SectionEditor", "SubheadsEditor",
           "ThemesEditor", "editor_for"]
