"""Importing a plain-text 说明 into a report, mapped onto the outline template it was written in (or
the one given). Nothing is dropped: what does not map onto the outline is kept as an extra section
where it was found."""

from __future__ import annotations

from pathlib import Path

from selfeval.domain.outline import OutlineTemplate
from selfeval.importers.decoding import encoding_label, read_text_file
from selfeval.importers.mapping import EXTRA_KEY_PREFIX, PREAMBLE_HINT
from selfeval.importers.preview import ImportPreview, ImportResult
from selfeval.importers.source import MAX_IMPORT_CHARS, source_from_text

__all__ = ["EXTRA_KEY_PREFIX", "MAX_IMPORT_CHARS", "PREAMBLE_HINT", "ImportResult", "import_text",
           "import_text_file", "preview_text", "preview_text_file"]


def preview_text_file(path: str | Path, template: OutlineTemplate | None = None) -> ImportPreview:
    """The preview of a .txt file (UTF-8 with or without BOM, GBK, GB18030); raises :class:`ImportError_`."""
    decoded = read_text_file(path)
    read_notices = list(decoded.notices)
    if decoded.encoding not in ("utf-8", "utf-8-sig"):
        read_notices.insert(0, f"已按 {encoding_label(decoded.encoding)} 编码读取文件。")
    return ImportPreview.of(source_from_text(decoded.text), template=template, read_notices=read_notices,
                            source_name=Path(path).name, source_format="文本")


def preview_text(text: str, template: OutlineTemplate | None = None) -> ImportPreview:
    return ImportPreview.of(source_from_text(text), template=template, source_format="文本")


def import_text_file(path: str | Path, template: OutlineTemplate | None = None) -> ImportResult:
    """Import a .txt file; raises :class:`ImportError_`."""
    return preview_text_file(path, template).result


def import_text(text: str, template: OutlineTemplate | None = None) -> ImportResult:
    """Import the text of a 说明; raises :class:`ImportError_` for an empty or oversized text."""
    return preview_text(text, template).result
