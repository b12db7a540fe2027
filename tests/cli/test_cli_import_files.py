"""`selfeval import FILE`: Word, PDF and text told apart by content; duplicates named, not made; a
preview that stores nothing; refused files leave the database byte for byte as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import assert_one_chinese_line, file_hash, run

from selfeval.export import export_docx
from selfeval.bundled.samples import bundled_sample, sample_text_path
from selfeval.store import Store


@pytest.fixture
def sample_docx(tmp_path: Path) -> Path:
    return export_docx(bundled_sample(), tmp_path / "去年的说明.docx")


def test_a_word_file_named_txt_imports_as_word_and_says_so(tmp_path: Path, db: Path, sample_docx: Path):
    lying = tmp_path / "说明.txt"
    lying.write_bytes(sample_docx.read_bytes())
    result = run(tmp_path, "--db", str(db), "import", str(lying))
    assert result.code == 0, result.err
    assert "内容是Word 文档，已按Word 文档导入" in result.err
    assert "已按大纲“荔湾区街道（2024 版）”" in result.err
    with Store.open(db, read_only=True) as store:
        report = store.load(int(result.last_line))
        assert report.to_dict() == bundled_sample().to_dict()
        assert "由Word 文档“说明.txt”导入" in store.history(int(result.last_line))[0].summary


def test_the_same_unit_and_year_is_not_imported_twice_unless_asked(tmp_path: Path, db: Path, sample_docx: Path):
    first = run(tmp_path, "--db", str(db), "import", str(sample_docx))
    assert first.code == 0, first.err
    before = file_hash(db)
    again = run(tmp_path, "--db", str(db), "import", str(sample_text_path()))
    line = assert_one_chinese_line(again)
    assert f"已有2024年度“广州市荔湾区人民政府昌华街道办事处”的报告（编号 {first.last_line}）" in line
    assert "--duplicate" in line
    assert file_hash(db) == before
    forced = run(tmp_path, "--db", str(db), "import", str(sample_text_path()), "--duplicate")
    assert forced.code == 0, forced.err
    assert int(forced.last_line) != int(first.last_line)


def test_the_preview_prints_the_structure_and_stores_nothing(tmp_path: Path, db: Path, sample_docx: Path):
    result = run(tmp_path, "--db", str(db), "import", str(sample_docx), "--preview")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "文件：去年的说明.docx（Word 文档）"
    assert "标题：2024年度昌华街道部门整体支出绩效自评表说明" in lines
    assert "单位：广州市荔湾区人民政府昌华街道办事处；评价年度：2024" in lines
    assert any(line.strip().startswith("部门整体支出绩效目标〔绩效目标〕〔分条列举") for line in lines)
    assert not db.exists()


def test_a_template_given_by_hand_still_overrides(tmp_path: Path, db: Path, sample_docx: Path):
    result = run(tmp_path, "--db", str(db), "import", str(sample_docx), "--template", "basic-info-2024", "--preview")
    assert result.code == 0, result.err
    assert "已按指定的大纲“含部门基本情况（通用版）”" in result.out


@pytest.mark.parametrize("name, data, words", [
    ("截断.docx", None, "损坏或不完整"),
    ("表格.docx", b"PK\x03\x04", "损坏或不完整"),
    ("图片.pdf", b"\x89PNG\r\n\x1a\n" + bytes(100), "图片"),
])
def test_a_refused_file_leaves_the_database_untouched(tmp_path: Path, db: Path, sample_docx: Path, name, data, words):
    made = run(tmp_path, "--db", str(db), "sample")
    assert made.code == 0, made.err
    before = file_hash(db)
    bad = tmp_path / name
    bad.write_bytes(data if data is not None else sample_docx.read_bytes()[:3000])
    line = assert_one_chinese_line(run(tmp_path, "--db", str(db), "import", str(bad)))
    assert words in line
    assert file_hash(db) == before
