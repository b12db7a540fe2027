"""PDF with a text layer: the sample exported to .docx and printed to PDF by LibreOffice imports to the
same report, character for character (commas hanging past a full line included); running footers and page numbers are dropped, page cuts joined."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

import pytest

from selfeval.domain.document import report_text
from selfeval.importers import ImportError_, import_file
from selfeval.importers.pdf_reader import _drop_running_lines
from selfeval.bundled.samples import bundled_sample

@pytest.fixture(scope="module")
def sample_pdf(exported_sample: Path, tmp_path_factory) -> Path:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is needed: scripts/bootstrap.sh installs it"
    out = tmp_path_factory.mktemp("pdf")
    profile = (out / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(exported_sample)], check=True, capture_output=True, timeout=180)
    return out / (exported_sample.stem + ".pdf")


@pytest.mark.slow
def test_a_pdf_printed_from_the_export_imports_text_identical(sample_pdf: Path):
    result = import_file(sample_pdf)
    expected, got = report_text(bundled_sample()), report_text(result.report)
    assert result.report.template_id == "liwan-street-2024"
    assert not any(s.extra for s in result.report.sections)
    # text-identical: a comma that hangs past a full 28-character line is printed, and read back
    assert got == expected, [op for op in difflib.SequenceMatcher(None, expected, got, autojunk=False).get_opcodes()
                             if op[0] != "equal"]
    assert any("页眉或页脚" in n for n in result.notices)
    figures = {f.name: str(f.value) for f in result.report.section("efficiency").figures}
    assert figures["已用金额"] == "7663.69"


def test_running_headers_footers_and_page_numbers_are_dropped():
    pages = [[(0, "某区财政局文件"), (2, f"第{n}段正文。"), (20, f"— {n} —")] for n in range(1, 5)]
    kept, dropped = _drop_running_lines(pages)
    assert [line for page in kept for _, line in page] == ["第1段正文。", "第2段正文。", "第3段正文。", "第4段正文。"]
    assert dropped == 8


def test_a_pdf_without_text_is_refused_in_chinese(tmp_path: Path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    path = tmp_path / "扫描件.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(ImportError_, match="没有可读取的文字"):
        import_file(path)


def test_an_encrypted_pdf_is_refused_in_chinese(tmp_path: Path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret", algorithm="RC4-128")
    path = tmp_path / "加密.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(ImportError_, match="密码"):
        import_file(path)


def test_a_truncated_pdf_is_refused_in_chinese(sample_pdf: Path, tmp_path: Path):
    data = sample_pdf.read_bytes()
    path = tmp_path / "截断.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(ImportError_) as info:
        import_file(path)
    assert "PDF" in str(info.value) and "\n" not in str(info.value)
