"""The .docx of a report (and of its 自评表 alone, :func:`table_docx_bytes`): python-docx's ``Document`` opened
on the base template, the layout settings applied to its named styles, the page set up, the body (the table:
``table_docx.write_table``), footers and core properties written, saved.

The base template (``resources/docx/base.docx``, made by ``scripts/make_base_docx.py`` with the same
functions and the default settings) holds what does not depend on the report: the settings (odd/even
footers, zh-CN, compatibility), theme and font table.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError

from selfeval import APP_DISPLAY_NAME
from selfeval.domain.document import report_blocks
from selfeval.domain.export_stamp import BOTH, PART, TEXT, ExportStamp
from selfeval.domain.model import Report
from selfeval.domain.table.model import SelfEvalTable
from selfeval.export.body import write_body
from selfeval.export.errors import ExportError
from selfeval.export.footers import write_footers
from selfeval.export.ooxml import xml_safe
from selfeval.export.page import setup_section
from selfeval.export.styles import apply_styles
from selfeval.system.paths import docx_base_template


def open_base(path: Path | None = None) -> Document:
    path = path or docx_base_template()
    try:
        return docx.Document(str(path))
    except (OSError, PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
        raise ExportError(f"程序文件不完整：找不到或无法读取公文模板“{path.name}”，请重新安装本程序。") from exc


def set_core_properties(doc: Document, title: str, author: str, when: dt.datetime) -> None:
    props = doc.core_properties
    props.title = xml_safe(title)
    props.author = xml_safe(author)
    props.last_modified_by = APP_DISPLAY_NAME
    stamp = when.astimezone(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = stamp
    props.revision = 1


CUSTOM_PROPS_URI = "/docProps/custom.xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# The format id every custom property carries (ECMA-376 Part 1, §22.3.2.2).
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def custom_properties_xml(props: dict[str, str]) -> bytes:
    """``docProps/custom.xml`` holding ``props`` as text properties (pid from 2, as Word numbers them)."""
    from lxml import etree

    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for pid, (name, value) in enumerate(props.items(), start=2):
        prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_CUSTOM_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = xml_safe(value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_stamp(doc: Document, stamp: ExportStamp | None, part: str) -> None:
    """Put ``stamp`` (the report's id, identity and version) and ``part`` (what the file holds:
    ``export_stamp.TEXT|TABLE|BOTH``) into the package's custom properties, where Word, WPS and LibreOffice
    keep them when they save; None: nothing."""
    if stamp is None:
        return
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = doc.part.package
    part = Part(PackURI(CUSTOM_PROPS_URI), CT.OFC_CUSTOM_PROPERTIES, custom_properties_xml({**stamp.properties(), PART: part}),
                package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def stable_bytes(doc: Document, when: dt.datetime) -> bytes:
    """The saved package with every zip entry dated ``when``: same document, same bytes
    (python-docx stamps entries with the current time)."""
    saved = io.BytesIO()
    doc.save(saved)
    stamp = max(when.astimezone().timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info))
    return out.getvalue()


def docx_bytes(report: Report, *, when: dt.datetime | None = None, table: SelfEvalTable | None = None,
               landscape: bool = False, stamp: ExportStamp | None = None) -> bytes:
    """The whole .docx for ``report``, in memory (nothing touches the disk before it is complete);
    with ``table``, the 自评表 comes first and the 说明 starts on a new page. ``landscape`` puts the
    table on landscape pages in a section of their own (GB/T 9704 §8); the 说明 stays portrait. ``stamp``:
    where it came from (``domain.export_stamp``), kept invisibly so that an edited copy can be merged back."""
    when = when or dt.datetime.now(dt.timezone.utc)
    doc = open_base()
    styles = apply_styles(doc, report.layout)
    setup_section(doc.sections[0])
    first = 0
    if table is not None:
        from selfeval.export.table_docx import write_table

        write_table(doc, report, table, styles, landscape=landscape)
        if landscape:
            from docx.enum.section import WD_SECTION

            doc.add_section(WD_SECTION.NEW_PAGE)  # the table's pages end here; the 说明's section follows
            setup_section(doc.sections[0], landscape=True)
        first = len(doc.paragraphs)
    write_body(doc, report, report_blocks(report), report.layout, styles)
    if table is not None and not landscape:
        doc.paragraphs[first].paragraph_format.page_break_before = True
    write_footers(doc, report.layout, styles)
    set_core_properties(doc, report.title, report.unit_name or APP_DISPLAY_NAME, when)
    write_stamp(doc, stamp, TEXT if table is None else BOTH)
    return stable_bytes(doc, when)


def table_docx_bytes(report: Report, table: SelfEvalTable, *, when: dt.datetime | None = None,
                     landscape: bool = False, stamp=None) -> bytes:
    """The 自评表 alone as a .docx (same page set-up, styles and page numbers as the 说明; ``landscape``:
    the landscape table page of GB/T 9704 §8)."""
    from selfeval.domain.export_stamp import TABLE
    from selfeval.export.table_docx import table_core_title, write_table

    when = when or dt.datetime.now(dt.timezone.utc)
    doc = open_base()
    styles = apply_styles(doc, report.layout)
    setup_section(doc.sections[0], landscape=landscape)
    write_table(doc, report, table, styles, landscape=landscape)
    write_footers(doc, report.layout, styles)
    set_core_properties(doc, table_core_title(report), report.unit_name or APP_DISPLAY_NAME, when)
    write_stamp(doc, stamp, TABLE)
    return stable_bytes(doc, when)
