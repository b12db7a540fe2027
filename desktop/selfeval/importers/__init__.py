"""Importers: a previous 说明 (Word .docx, PDF with a text layer, or text in a Chinese encoding) into a
report mapped onto the outline template it was written in."""

from selfeval.importers.errors import ImportCancelled, ImportError_
from selfeval.importers.file_import import FILE_PATTERNS, import_file, preview_file
from selfeval.importers.preview import ImportPreview, ImportResult
from selfeval.importers.text_import import import_text, import_text_file

__all__ = ["FILE_PATTERNS", "ImportCancelled", "ImportError_", "ImportPreview", "ImportResult", "import_file", "import_text",
           "import_text_file", "preview_file"]
