"""Reading .txt files: encodings, line ends, and everything that is refused (nothing written)."""

import os

import pytest

from selfeval.domain.document import report_text
from selfeval.domain.errors import UserError
from selfeval.importers import ImportError_, import_text, import_text_file
from selfeval.importers.decoding import MAX_FILE_BYTES
from selfeval.bundled.samples import bundled_sample


def _is_chinese_sentence(message: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in message) and "Traceback" not in message


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_every_encoding_gives_the_same_report(tmp_path, sample_text, encoding):
    path = tmp_path / f"sample-{encoding}.txt"
    path.write_bytes(sample_text.encode(encoding))
    result = import_text_file(path)
    assert result.report.to_dict() == bundled_sample().to_dict()
    if encoding in ("gbk", "gb18030"):
        assert any("GB18030/GBK" in n for n in result.notices)


def test_gbk_bytes_are_not_valid_utf8_so_detection_is_exercised(sample_text):
    with pytest.raises(UnicodeDecodeError):
        sample_text.encode("gbk").decode("utf-8")


def test_crlf_line_ends_give_the_same_report(tmp_path, sample_text):
    path = tmp_path / "crlf.txt"
    path.write_bytes(sample_text.replace("\n", "\r\n").encode("gbk"))
    assert import_text_file(path).report.to_dict() == bundled_sample().to_dict()


def test_a_file_neither_utf8_nor_gb18030_is_read_with_a_guess_and_a_notice(tmp_path):
    # cp1252 "é" before a space and a lone "€" (0x80) are invalid in both UTF-8 and GB18030.
    text = "Budget report for the year, café costs 100€ and other expenses were reviewed carefully.\n" * 5
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("cp1252"))
    result = import_text_file(path)
    assert any("推测的编码" in n for n in result.notices)
    assert "Budget report for the year" in report_text(result.report)


@pytest.mark.parametrize("content, words", [
    (b"PK\x03\x04" + b"\x00" * 64, "Word"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR", "图片"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "Word"),
    (bytes(range(256)) * 4, "不是纯文本"),
    ("一、绩效自评情况\x00\x00\x01".encode("utf-8"), "不是纯文本"),
])
def test_binary_files_are_refused_with_a_sentence(tmp_path, content, words):
    path = tmp_path / "renamed.txt"
    path.write_bytes(content)
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(ImportError_) as info:
        import_text_file(path)
    assert isinstance(info.value, UserError)
    assert words in str(info.value) and _is_chinese_sentence(str(info.value))
    assert sorted(os.listdir(tmp_path)) == before
    assert path.read_bytes() == content


@pytest.mark.parametrize("content", [b"", b"   \n\r\n\t  ", "\ufeff".encode("utf-8"), "　　\n".encode("utf-8"),
                                     b"\x07\x0c\x0b\n"])
def test_empty_or_blank_files_are_refused(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(ImportError_) as info:
        import_text_file(path)
    assert "空" in str(info.value)


def test_empty_text_is_refused():
    with pytest.raises(ImportError_):
        import_text("  \n\n ")


def test_missing_file_and_folder_are_refused(tmp_path):
    with pytest.raises(ImportError_, match="找不到文件"):
        import_text_file(tmp_path / "nowhere.txt")
    with pytest.raises(ImportError_, match="文件夹"):
        import_text_file(tmp_path)
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("一、绩效自评情况", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(ImportError_, match="权限"):
            import_text_file(path)
    finally:
        path.chmod(0o600)


def test_a_file_over_the_size_cap_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: costs no disk and no time
        fh.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ImportError_, match="MB"):
        import_text_file(path)


def test_several_megabytes_of_text_are_refused_quickly_with_a_clear_message(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("预算执行情况良好。" * 400_000, encoding="utf-8")  # 3.6 M characters, 10.8 MB
    with pytest.raises(ImportError_, match="文字过长"):
        import_text_file(path)


def test_gb18030_only_characters_survive(tmp_path):
    text = "2024年度昌华街道部门整体支出绩效自评表说明\n（二）自评结论\n一是完成㐀𠀀项目改造。"
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    path = tmp_path / "gb18030.txt"
    path.write_bytes(text.encode("gb18030"))
    report = import_text_file(path).report
    assert report.section("conclusion").entries[0].text == "完成㐀𠀀项目改造。"
