"""Assembling the .docx package: the base template's parts plus the parts made for this report.

The base template (``resources/docx/base.docx``, built by ``scripts/make_base_docx.py``) holds the
parts that do not depend on the report: content types, relationships, settings (odd/even footers,
zh-CN), theme, font table. The export writes the document, the styles (they follow the report's
layout settings), the footers and the core properties.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from functools import lru_cache
from pathlib import Path

from lxml import etree

from selfeval import APP_DISPLAY_NAME
from selfeval.domain.document import report_blocks
from selfeval.domain.model import Report
from selfeval.export.body import document_xml
from selfeval.export.errors import ExportError
from selfeval.export.footers import footer_xml
from selfeval.export.ooxml import XML_DECLARATION, xml_safe
from selfeval.export.styles import styles_xml
from selfeval.paths import docx_base_template

DOCUMENT = "word/document.xml"
STYLES = "word/styles.xml"
ODD_FOOTER = "word/footer1.xml"
EVEN_FOOTER = "word/footer2.xml"
CORE = "docProps/core.xml"

_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


@lru_cache(maxsize=4)
def _base_parts(path: str, mtime_ns: int) -> tuple[tuple[str, bytes], ...]:
    with zipfile.ZipFile(path) as zf:
        return tuple((info.filename, zf.read(info)) for info in zf.infolist())


def base_parts(path: Path | None = None) -> tuple[tuple[str, bytes], ...]:
    path = path or docx_base_template()
    try:
        return _base_parts(str(path), path.stat().st_mtime_ns)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ExportError(f"程序文件不完整：找不到或无法读取公文模板“{path.name}”，请重新安装本程序。") from exc


def core_xml(title: str, author: str, when: dt.datetime) -> bytes:
    nsmap = {"cp": _CP, "dc": _DC, "dcterms": _DCTERMS, "xsi": _XSI}
    root = etree.Element("{%s}coreProperties" % _CP, nsmap=nsmap)
    etree.SubElement(root, "{%s}title" % _DC).text = xml_safe(title)
    etree.SubElement(root, "{%s}creator" % _DC).text = xml_safe(author)
    etree.SubElement(root, "{%s}lastModifiedBy" % _CP).text = APP_DISPLAY_NAME
    stamp = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for name in ("created", "modified"):
        e = etree.SubElement(root, "{%s}%s" % (_DCTERMS, name))
        e.set("{%s}type" % _XSI, "dcterms:W3CDTF")
        e.text = stamp
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")


def docx_bytes(report: Report, *, when: dt.datetime | None = None) -> bytes:
    """The whole .docx for ``report``, in memory (nothing touches the disk before it is complete)."""
    when = when or dt.datetime.now(dt.timezone.utc)
    blocks = report_blocks(report)
    made = {
        DOCUMENT: document_xml(report, blocks),
        STYLES: styles_xml(report.layout),
        ODD_FOOTER: footer_xml(True, report.layout),
        EVEN_FOOTER: footer_xml(False, report.layout),
        CORE: core_xml(report.title, report.unit_name or APP_DISPLAY_NAME, when),
    }
    stamp = when.astimezone().timetuple()[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in base_parts():
            info = zipfile.ZipInfo(name, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, made.pop(name, data))
    if made:  # the base template lacks a part the export needs: it is not ours
        raise ExportError("程序文件不完整：公文模板缺少必要部分，请重新安装本程序。")
    return buf.getvalue()
