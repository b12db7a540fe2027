"""Reading a plain-text file whose encoding is not known: UTF-8 (with or without BOM), GBK, GB18030.

Strict UTF-8 is tried first, then GB18030 (a superset of GBK and GB2312); charset-normalizer's guess is
only the last resort. Anything that is not text (a Word or PDF file renamed .txt, an image, NUL bytes)
is refused with a sentence that tells the user what to do instead.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from selfeval.domain.errors import os_error_reason
from selfeval.importers.errors import ImportError_

# A 说明 is a few tens of kilobytes; a 20 MB "text" file is a mistake, and reading it would make the
# app hang while it is parsed.
MAX_FILE_BYTES = 20 * 1024 * 1024

# File signatures of the formats people most often pick by mistake, with what to tell them.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "这是一个 Word 文档（.docx）或压缩文件，不是纯文本。请在 Word 或 WPS 中“另存为”纯文本（.txt）后再导入。"),
    (b"\xd0\xcf\x11\xe0", "这是一个旧版 Word 文档（.doc）或其他 Office 文件，不是纯文本。请在 Word 或 WPS 中“另存为”纯文本（.txt）后再导入。"),
    (b"%PDF", "这是一个 PDF 文件，不是纯文本。请先从 PDF 中复制文字，粘贴到记事本保存为 .txt 后再导入。"),
    (b"{\\rtf", "这是一个 RTF 文档，不是纯文本。请在 Word 或 WPS 中“另存为”纯文本（.txt）后再导入。"),
    (b"\x89PNG", "这是一个图片文件，不是纯文本，无法导入。"),
    (b"\xff\xd8\xff", "这是一个图片文件，不是纯文本，无法导入。"),
    (b"GIF8", "这是一个图片文件，不是纯文本，无法导入。"),
)
# Markup a Word "save as web page" or an XML export starts with (after a BOM and blank space).
_MARKUP_STARTS = (b"<!doctype html", b"<html", b"<?xml")
_MARKUP = ("这是一个网页（HTML）或 XML 文件，不是纯文本。请在 Word 或 WPS 中打开后“另存为”纯文本（.txt）"
           "再导入。")
_NOT_TEXT = "该文件不是纯文本文件（含有无法识别的二进制内容），无法导入。请选择 .txt 格式的说明文本。"

# Control characters other than tab, line ends and Word's \x07 \x0b \x0c. A few of them come with
# text copied from Word (field marks \x13-\x15) and are cleaned later with a notice; many of them
# mean the file is not text at all.
_BINARY_CONTROLS = re.compile(r"[\x00-\x06\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 100  # at most one in this many characters
_MAX_CONTROLS_ANYWAY = 8

_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8（带 BOM）", "gb18030": "GB18030/GBK",
                   "utf-16": "UTF-16"}


@dataclass
class DecodedText:
    text: str
    encoding: str
    notices: list[str] = field(default_factory=list)


def read_text_file(path: str | Path) -> DecodedText:
    """The text of ``path``, decoded; raises :class:`ImportError_` with a Chinese sentence otherwise."""
    path = Path(path)
    return decode_bytes(read_file_bytes(path), path.name or str(path))


def too_large(name: str, size: int, limit: int) -> ImportError_:
    return ImportError_(
        f"文件“{name}”过大（{size / 1024 / 1024:.1f} MB），超过 {limit // 1024 // 1024} MB 的上限，"
        "不像是一份说明，请检查是否选错了文件。")


def read_file_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the file at ``path``, at most ``max_bytes``; raises :class:`ImportError_`."""
    name = path.name or str(path)
    try:
        if path.is_dir():
            raise ImportError_(f"“{name}”是一个文件夹，请选择要导入的文件。")
        if not path.exists():
            raise ImportError_(f"找不到文件“{name}”，请确认文件位置后重试。")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe would block the read forever, a device never end
            raise ImportError_(f"“{name}”不是普通文件（可能是管道或设备），请选择要导入的文件。")
        if info.st_size > max_bytes:
            raise too_large(name, info.st_size, max_bytes)
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except ImportError_:
        raise
    except PermissionError:
        raise ImportError_(f"没有权限读取文件“{name}”，请检查文件权限或先复制到其他位置。") from None
    except OSError as exc:
        raise ImportError_(f"无法读取文件“{name}”（{os_error_reason(exc)}）。") from None
    if len(data) > max_bytes:  # grew while we read it
        raise too_large(name, len(data), max_bytes)
    return data


def decode_bytes(data: bytes, name: str = "") -> DecodedText:
    """Decode the bytes of a text file of unknown encoding."""
    label = f"“{name}”" if name else "该文件"
    if not data.strip():
        raise ImportError_(f"{label}是空的，没有可以导入的文字。")
    for signature, message in _SIGNATURES:
        if data.startswith(signature):
            raise ImportError_(message)
    if data[:512].lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower().startswith(_MARKUP_STARTS):
        raise ImportError_(_MARKUP)
    decoded = _decode(data)
    if decoded is None or _looks_binary(decoded.text):
        raise ImportError_(_NOT_TEXT)
    if not decoded.text.strip():
        raise ImportError_(f"{label}是空的，没有可以导入的文字。")
    return decoded


def _looks_binary(text: str) -> bool:
    controls = len(_BINARY_CONTROLS.findall(text))
    return controls > max(_MAX_CONTROLS_ANYWAY, len(text) // _MAX_CONTROL_SHARE)


def _decode(data: bytes) -> DecodedText | None:
    # Notepad's "Unicode" is UTF-16 with a BOM; it is the one text format with NUL bytes.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return _utf16_without_bom(data)
    if data.startswith(codecs.BOM_UTF8):
        try:
            return DecodedText(data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "gb18030"):
        try:
            return DecodedText(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    return _line_by_line(data) or _guess(data)


# A line of a Chinese text that is UTF-8 but for a few bytes (a character cut in two when the file was
# truncated or pasted together) has Chinese characters around at most this many undecodable spots.
_MAX_DAMAGE_PER_LINE = 2
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _gb18030_or_empty(raw: bytes) -> str:
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return ""


def _decode_line(raw: bytes) -> tuple[str, str | None, bool]:
    """One line: (text, the encoding that read it or None for plain ASCII, whether bytes were lost)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        replaced = raw.decode("utf-8", "replace")
        if _CJK.search(replaced) and replaced.count("\ufffd") <= _MAX_DAMAGE_PER_LINE:
            return replaced, "utf-8", True  # UTF-8 with a character cut in two
        gbk = _gb18030_or_empty(raw)
        return (gbk, "gb18030", False) if gbk else (replaced, None, True)
    if raw.isascii():
        return text, None, False
    # 「说」 in GBK is also a valid UTF-8 「˵」: in a Chinese text, the reading with Chinese wins.
    gbk = "" if _CJK.search(text) else _gb18030_or_empty(raw)
    return (gbk, "gb18030", False) if _CJK.search(gbk) else (text, "utf-8", False)


def _line_by_line(data: bytes) -> DecodedText | None:
    """A text put together from UTF-8 and GBK pieces, or UTF-8 with a few damaged bytes: each line
    in the encoding it reads in (the byte \\n never occurs inside a UTF-8 or GB18030 character); the
    bytes no encoding reads become 「\ufffd」, with the line numbers in a notice. None when the lines
    give no sign of either encoding, or too many of them are damaged (then it is something else)."""
    lines = data.split(b"\n")
    out: list[str] = []
    damaged: list[int] = []
    used: set[str] = set()
    for number, raw in enumerate(lines, start=1):
        text, encoding, lost = _decode_line(raw)
        out.append(text)
        if encoding:
            used.add(encoding)
        if lost:
            damaged.append(number)
    if not used or len(damaged) > max(3, len(lines) // 100):
        return None
    notices = []
    if used == {"utf-8", "gb18030"}:
        notices.append("文件中混用了 UTF-8 和 GBK 两种编码，已逐行识别，请核对导入的文字。")
    if damaged:
        shown = "、".join(str(n) for n in damaged)
        notices.append(f"文件第 {shown} 行有无法识别的字节（文件可能在复制或截断时损坏），已用“\ufffd”标出，请核对。")
    return DecodedText("\n".join(out), "utf-8" if "utf-8" in used else "gb18030", notices)


# What a 说明 is written with: ASCII and Latin-1 (·), CJK ideographs (extension A and the basic
# block), CJK and general punctuation, full-width forms.
_TEXT_CHARS = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f"
                         r"\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_MIN_TEXT_SHARE = 0.95


def _utf16_without_bom(data: bytes) -> DecodedText | None:
    """UTF-16 saved without a byte-order mark: every ASCII character (digits, line ends) has a NUL
    byte on the same side (odd offsets little-endian, even offsets big-endian; a few ideographs such
    as 一 U+4E00 have one on the other side), and the result reads as Chinese text."""
    if len(data) % 2:
        return None
    nul_even, nul_odd = data[0::2].count(0), data[1::2].count(0)
    encoding = "utf-16-le" if nul_odd >= nul_even else "utf-16-be"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if len(_TEXT_CHARS.findall(text)) < _MIN_TEXT_SHARE * len(text):
        return None
    return DecodedText(text, "utf-16")


def _guess(data: bytes) -> DecodedText | None:
    from charset_normalizer import from_bytes  # only needed for the rare file both codecs refuse

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    text = str(best)
    if "\ufffd" in text:
        return None
    notice = (f"文件不是 UTF-8 或 GBK 编码，已按推测的编码（{best.encoding}）读取，"
              "请核对导入的文字是否有乱码。")
    return DecodedText(text, best.encoding, [notice])


def encoding_label(encoding: str) -> str:
    return _ENCODING_NAMES.get(encoding, encoding)
