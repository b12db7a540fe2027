"""The official .docx export (GB/T 9704-2012 layout)."""

from selfeval.export.docx_writer import export_docx
from selfeval.export.errors import ExportError

__all__ = ["ExportError", "export_docx"]
