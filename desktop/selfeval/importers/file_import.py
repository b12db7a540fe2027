"""Importing a file of any supported kind, told apart by its content: a Word document (.docx), a PDF
with a text layer, or text in a Chinese encoding."""

from __future__ import annotations

from pathlib import Path

from selfeval.domain.outline import OutlineTemplate
from selfeval.importers.decoding import MAX_FILE_BYTES, decode_bytes, encoding_label, read_file_bytes, too_large
from selfeval.importers.docx_reader import read_docx
from selfeval.importers.errors import ImportCancelled, ImportError_
from selfeval.importers.pdf_reader import Progress, read_pdf
from selfeval.importers.preview import ImportPreview, ImportResult
from selfeval.importers.sniff import Format, detect_format, suffix_notice
from selfeval.importers.source import source_from_text
from selfeval.importers.table_docx import without_table

# A Word document or PDF of a 说明 with photos is a few megabytes; more is not a 说明.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
# Which file names the open dialog offers (the content decides, not the name).
FILE_PATTERNS = ("*.docx", "*.pdf", "*.txt")


def preview_file(path: str | Path, template: OutlineTemplate | None = None, *,
                 progress: Progress | None = None) -> ImportPreview:
    """The import preview of the file at ``path``; raises :class:`ImportError_` with one Chinese
    sentence for a file that cannot be imported (nothing is stored either way).

    ``progress(done, total)`` is told how far the reading is (the pages of a PDF; one step for other
    files) and may be called from the thread that reads; returning False cancels
    (:class:`ImportCancelled`)."""
    path = Path(path)
    name = path.name or str(path)
    data = read_file_bytes(path, MAX_DOCUMENT_BYTES)
    found = detect_format(data)
    notices = [n for n in (suffix_notice(path, found),) if n]
    if found is not Format.PDF and progress is not None and progress(0, 1) is False:
        raise ImportCancelled()
    form = b""
    if found is Format.DOCX:
        # A 说明 exported with its 自评表 (the form's pages first): the text is the 说明 alone, the form is read from
        # its cells into the report's 自评表 (mapping.build_report).
        try:
            text_only = without_table(data)
        except ImportError_:  # python-docx cannot open it: read_docx says why (Strict Open XML, damaged …)
            text_only = data
        form = data if text_only is not data else b""
        docx = read_docx(text_only)
        notices += docx.notices
        source = source_from_text("\n".join(docx.paragraphs), whole_paragraphs=True)
    elif found is Format.PDF:
        pdf = read_pdf(data, progress)
        notices += pdf.notices
        source = source_from_text("\n".join(pdf.lines), whole_paragraphs=pdf.whole_paragraphs)
    else:
        if len(data) > MAX_FILE_BYTES:
            raise too_large(name, len(data), MAX_FILE_BYTES)
        decoded = decode_bytes(data, name)
        if decoded.encoding not in ("utf-8", "utf-8-sig"):
            notices.append(f"已按 {encoding_label(decoded.encoding)} 编码读取文件。")
        notices += decoded.notices
        source = source_from_text(decoded.text)
    preview = ImportPreview.of(source, template=template, read_notices=notices, source_name=name,
                               source_format=found.label, form=form)
    preview.report  # noqa: B018 - built here, in the reading thread, not when first shown
    if found is not Format.PDF and progress is not None:
        progress(1, 1)
    return preview


def import_file(path: str | Path, template: OutlineTemplate | None = None, *,
                progress: Progress | None = None) -> ImportResult:
    """Import a .docx, .pdf or .txt file (told apart by content); raises :class:`ImportError_`."""
    return preview_file(path, template, progress=progress).result
