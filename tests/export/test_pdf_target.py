"""The app's 导出 PDF names its file by the .docx export's suffix rule."""

from selfeval.export.docx_writer import docx_target
from selfeval.export.pdf_writer import pdf_target


def test_a_name_without_pdf_gets_it_as_docx_names_do(tmp_path):
    assert pdf_target(tmp_path / "说明") == tmp_path / "说明.pdf"
    assert pdf_target(tmp_path / "说明.PDF") == tmp_path / "说明.PDF"
    assert pdf_target(tmp_path / "说明.docx") == tmp_path / "说明.docx.pdf"
    assert pdf_target(tmp_path / "2024.11.25. ") == tmp_path / "2024.11.25.pdf"
    assert docx_target(tmp_path / "2024.11.25. ") == tmp_path / "2024.11.25.docx"
    assert pdf_target(tmp_path) == tmp_path  # a folder: for check_target to refuse
