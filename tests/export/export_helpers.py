"""Helpers for the .docx export tests: the reports exported and a reader for the produced package."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from lxml import etree

from selfeval.bundled.samples import bundled_sample

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}

SIGNATURE = "广州市荔湾区人民政府昌华街道办事处"
SIGN_DATE = dt.date(2025, 3, 1)


def wq(name: str) -> str:
    return "{%s}%s" % (W, name)


class Package:
    """The parts of an exported .docx, parsed with lxml."""

    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as zf:
            self.names = zf.namelist()
            self._raw = {n: zf.read(n) for n in self.names}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self._raw[name])

    @property
    def document(self) -> etree._Element:
        return self.xml("word/document.xml")

    @property
    def styles(self) -> etree._Element:
        return self.xml("word/styles.xml")

    def style(self, style_id: str) -> etree._Element:
        found = self.styles.xpath(f"w:style[@w:styleId='{style_id}']", namespaces=NS)
        assert found, style_id
        return found[0]

    def body_paragraphs(self) -> list[etree._Element]:
        return self.document.xpath("/w:document/w:body/w:p", namespaces=NS)


def attr(element: etree._Element, name: str) -> str | None:
    return element.get(wq(name))


def sample_report():
    return bundled_sample()


def signed_report():
    report = bundled_sample()
    report.signature = SIGNATURE
    report.sign_date = SIGN_DATE
    return report
