"""Hostile or damaged files: each is refused with one Chinese line (or read safely), never crashes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx_builders import replace_part

from selfeval.importers import ImportError_, import_file
from selfeval.importers import file_import, safe_zip


def one_line_refusal(path: Path, match: str) -> str:
    with pytest.raises(ImportError_, match=match) as info:
        import_file(path)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_a_zip_bomb_is_refused_before_it_is_unpacked(exported_sample: Path, tmp_path: Path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(exported_sample.read_bytes())
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("word/media/image1.bin", "w") as fh:
            for _ in range(8):
                fh.write(bytes(1024 * 1024))  # 8 MB of zeros pack to a few kilobytes
    one_line_refusal(path, "解压后异常庞大")


def test_too_much_unpacked_content_is_refused(exported_sample: Path, monkeypatch):
    monkeypatch.setattr(safe_zip, "MAX_UNPACKED_BYTES", 10_000)
    one_line_refusal(exported_sample, "解压后异常庞大")


def test_a_file_over_the_size_limit_is_refused(exported_sample: Path, monkeypatch):
    monkeypatch.setattr(file_import, "MAX_DOCUMENT_BYTES", 1000)
    one_line_refusal(exported_sample, "过大")


SECRET = "绝密内容不可外泄"


def test_external_entities_are_not_resolved(exported_sample: Path, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    xml = zipfile.ZipFile(exported_sample).read("word/document.xml").decode("utf-8")
    head, _, rest = xml.partition("?>")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    rest = rest.replace("一、绩效自评情况", "一、绩效自评情况&xxe;", 1)
    path = tmp_path / "xxe.docx"
    path.write_bytes(exported_sample.read_bytes())
    replace_part(path, "word/document.xml", (head + "?>" + doctype + rest).encode("utf-8"))
    result = import_file(path)  # read, with the entity left unresolved
    from selfeval.domain.document import report_text

    whole = report_text(result.report)
    assert "一、绩效自评情况" in whole and SECRET not in whole


def test_entity_expansion_does_not_blow_up(exported_sample: Path, tmp_path: Path):
    xml = zipfile.ZipFile(exported_sample).read("word/document.xml").decode("utf-8")
    head, _, rest = xml.partition("?>")
    entities = '<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    rest = rest.replace("一、绩效自评情况", "一、绩效自评情况&i;", 1)
    path = tmp_path / "laughs.docx"
    path.write_bytes(exported_sample.read_bytes())
    replace_part(path, "word/document.xml", (head + "?>" + f"<!DOCTYPE w:document [{entities}]>" + rest).encode())
    # libxml2 stops the amplification at once (a billion laughs would never end): refused in one line
    one_line_refusal(path, "无法读取")


def test_a_word_file_named_pdf_is_imported_as_word_with_a_notice(exported_sample: Path, tmp_path: Path):
    path = tmp_path / "说明.pdf"
    path.write_bytes(exported_sample.read_bytes())
    result = import_file(path)
    assert result.report.section("goals").entries
    assert "文件扩展名是“.pdf”，但内容是Word 文档，已按Word 文档导入。" in result.notices


def test_a_text_file_named_docx_is_imported_as_text(tmp_path: Path, sample_text: str):
    path = tmp_path / "说明.docx"
    path.write_text(sample_text, encoding="gb18030")
    result = import_file(path)
    assert any("内容是文本文件" in n for n in result.notices)
    assert result.report.unit_short == "昌华街道"


def test_an_image_named_docx_is_refused(tmp_path: Path):
    path = tmp_path / "说明.docx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    one_line_refusal(path, "图片")


def test_a_spreadsheet_is_refused(tmp_path: Path):
    path = tmp_path / "说明.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    path.write_bytes(buf.getvalue())
    one_line_refusal(path, "Excel")


def test_an_old_doc_file_is_refused_with_what_to_do(tmp_path: Path):
    path = tmp_path / "说明.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    one_line_refusal(path, "另存为")


@pytest.mark.parametrize("share", [0.2, 0.6, 0.95])
def test_a_truncated_word_file_is_refused(exported_sample: Path, tmp_path: Path, share: float):
    data = exported_sample.read_bytes()
    path = tmp_path / "截断.docx"
    path.write_bytes(data[: int(len(data) * share)])
    one_line_refusal(path, "损坏或不完整")


def test_a_damaged_part_is_refused(exported_sample: Path, tmp_path: Path):
    path = tmp_path / "坏.docx"
    path.write_bytes(exported_sample.read_bytes())
    replace_part(path, "word/document.xml", b"<w:document xmlns:w='x'><w:body><w:p>")
    one_line_refusal(path, "Word 文档")


def test_a_strict_open_xml_document_is_refused_with_what_to_do(exported_sample: Path, tmp_path: Path):
    path = tmp_path / "strict.docx"
    path.write_bytes(exported_sample.read_bytes())
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    xml = zipfile.ZipFile(path).read("word/document.xml").replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", strict.encode())
    replace_part(path, "word/document.xml", xml)
    rels = zipfile.ZipFile(path).read("_rels/.rels").replace(
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
    replace_part(path, "_rels/.rels", rels)
    one_line_refusal(path, "Strict Open XML")
