"""What a file is, by its content (magic bytes and zip structure), not by its name: a Word document
(.docx), a PDF, or text. Formats people pick by mistake are refused with what to do instead."""

from __future__ import annotations

import io
import zipfile
from enum import Enum
from pathlib import Path

from selfeval.importers.errors import ImportError_


class Format(str, Enum):
    DOCX = "docx"
    PDF = "pdf"
    TEXT = "text"

    @property
    def label(self) -> str:
        return {"docx": "Word 文档", "pdf": "PDF 文件", "text": "文本文件"}[self.value]


_SUFFIXES = {".docx": Format.DOCX, ".pdf": Format.PDF, ".txt": Format.TEXT}
# The PDF header may follow a little junk (PDF 32000-1, 7.5.2; readers look in the first kilobyte).
PDF_HEADER_WINDOW = 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_MESSAGE = ("这是旧版 Word 文档（.doc）或加密的 Office 文件，无法直接导入。请在 Word 或 WPS 中打开，"
                "取消密码后“另存为”Word 文档（.docx）再导入。")
WORD_DOCUMENT = "word/document.xml"
_OTHER_ZIPS = (
    ("xl/workbook.xml", "这是 Excel 表格（.xlsx），不是 Word 文档。请选择说明的 Word、PDF 或文本文件。"),
    ("ppt/presentation.xml", "这是 PowerPoint 演示文稿，不是 Word 文档。请选择说明的 Word、PDF 或文本文件。"),
    ("content.xml", "这是 OpenDocument 文档（.odt 等），请在 WPS 或 LibreOffice 中“另存为”Word 文档（.docx）后再导入。"),
)


def detect_format(data: bytes) -> Format:
    """The format of ``data``; raises :class:`ImportError_` for an archive or office file that is not
    a Word document. Anything else is left to the text decoder, which refuses binary content."""
    if data.startswith(b"PK"):
        return _zip_format(data)
    if data.startswith(_OLE):
        raise ImportError_(_OLE_MESSAGE)
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return Format.PDF
    return Format.TEXT


def _zip_format(data: bytes) -> Format:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportError_("文件已损坏或不完整（可能在复制或下载时中断），无法读取。请重新获取原文件后再导入。") from None
    if WORD_DOCUMENT in names:
        return Format.DOCX
    for member, message in _OTHER_ZIPS:
        if member in names:
            raise ImportError_(message)
    raise ImportError_("这是一个压缩文件，不是 Word 文档。请先解压，再选择其中的说明文件导入。")


def suffix_notice(path: Path, found: Format) -> str | None:
    """A notice when the file's name says another format than its content."""
    named = _SUFFIXES.get(path.suffix.lower())
    if named is None or named is found:
        return None
    return f"文件扩展名是“{path.suffix}”，但内容是{found.label}，已按{found.label}导入。"
