"""The package is valid OOXML (openxml-audit) and the base template is what scripts/make_base_docx.py
builds. (The GB/T 9704 checks are the product's own: test_layout_check.py.)"""

import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

from export_helpers import sample_report
from openxml_audit import OpenXmlValidator

from selfeval.domain.model import Entry, Report
from selfeval.export import export_docx
from selfeval.system.paths import docx_base_template

ROOT = Path(__file__).resolve().parents[2]


def _audit(path: Path) -> list[str]:
    result = OpenXmlValidator().validate(str(path))
    return [str(e) for e in result.errors]


def _variants(tmp_path: Path) -> list[Path]:
    out = []
    bold = sample_report()
    bold.layout = bold.layout._replace(level2_bold=True, level3_bold=True, use_fallback_fonts=True,
                                      line_spacing_pt=Decimal(29), latin_font="Arial")
    out.append(export_docx(bold, tmp_path / "variant.docx"))
    messy = sample_report()
    messy.section("goals").entries = [Entry("铃\x07", "甲\t乙\x0b丙\x0c丁\ud800。")]
    messy.title_override = "标题\n换行"
    out.append(export_docx(messy, tmp_path / "messy.docx"))
    out.append(export_docx(Report(), tmp_path / "empty.docx"))
    return out


def test_openxml_audit_reports_no_errors_on_the_sample(sample_docx, signed_docx):
    assert _audit(sample_docx) == []
    assert _audit(signed_docx) == []


def test_openxml_audit_reports_no_errors_on_variants_and_messy_text(tmp_path):
    for path in _variants(tmp_path):
        assert _audit(path) == [], path.name


def test_openxml_audit_reports_no_errors_on_the_base_template():
    assert _audit(docx_base_template()) == []


def test_base_template_is_reproducible(tmp_path):
    out = tmp_path / "base.docx"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_base_docx.py"), str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == docx_base_template().read_bytes()


def test_base_template_drops_python_docx_leftovers():
    names = set(zipfile.ZipFile(docx_base_template()).namelist())
    assert not any(n.startswith("customXml") or "stylesWithEffects" in n or "thumbnail" in n for n in names)
    assert {"word/footer1.xml", "word/footer2.xml", "word/settings.xml", "word/fontTable.xml"} <= names


def test_export_keeps_the_base_parts_and_replaces_the_report_parts(sample_docx):
    base = zipfile.ZipFile(docx_base_template())
    out = zipfile.ZipFile(sample_docx)
    assert out.namelist() == base.namelist()
    for name in ("word/settings.xml", "word/theme/theme1.xml", "word/fontTable.xml", "[Content_Types].xml"):
        assert out.read(name) == base.read(name)
    assert out.read("word/document.xml") != base.read("word/document.xml")
    assert "2024年度昌华街道部门整体支出绩效自评表说明" in out.read("docProps/core.xml").decode()
