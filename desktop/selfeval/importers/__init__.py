"""Importers: a plain-text 说明 (UTF-8, GBK, GB18030) into a report mapped onto an outline template."""

from selfeval.importers.errors import ImportError_
from selfeval.importers.text_import import ImportResult, import_text, import_text_file

__all__ = ["ImportError_", "ImportResult", "import_text", "import_text_file"]
