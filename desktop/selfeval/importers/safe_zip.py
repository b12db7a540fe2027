"""Limits checked on a .docx package before any part is parsed: a zip bomb (a small file that
unpacks to gigabytes) is refused from its directory, before anything is unpacked."""

from __future__ import annotations

import io
import zipfile

from selfeval.importers.errors import ImportError_

MAX_MEMBERS = 5000
# All parts unpacked (text, styles, pictures). A long 说明 with photos is a few tens of megabytes.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# XML packs about ten to one; far more than this means a part built to blow up when unpacked.
MAX_RATIO = 100
# Parts smaller than this are not judged by their ratio (tiny parts of repeated text pack very well).
RATIO_FLOOR_BYTES = 1024 * 1024

_BOMB = "该 Word 文档解压后异常庞大（可能是恶意构造的压缩文件），已拒绝导入。"


def check_package(data: bytes) -> None:
    """Raise :class:`ImportError_` if unpacking ``data`` would exceed the limits. The sizes are the
    ones the zip directory declares; the zip reader never unpacks more than declared (it checks the
    CRC at the end), so a lying directory makes the read fail, not grow."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportError_("文件已损坏或不完整（可能在复制或下载时中断），无法读取。请重新获取原文件后再导入。") from None
    if len(infos) > MAX_MEMBERS:
        raise ImportError_(_BOMB)
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise ImportError_(_BOMB)
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportError_(_BOMB)
