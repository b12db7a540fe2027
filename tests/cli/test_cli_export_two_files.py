"""``selfeval export --table --two-files``: the app's 「自评表和说明（两个文件）」 from the command line, through the
same export workflow (``app.export_report``) as the window."""

from __future__ import annotations

from pathlib import Path

import docx

from cli_support import assert_one_chinese_line, run


def _sample(tmp_path: Path, db: Path) -> str:
    result = run(tmp_path, "--db", str(db), "sample")
    assert result.code == 0, result.err
    return result.last_line


def test_two_files_are_the_text_and_the_table_beside_it(tmp_path, db):
    report_id = _sample(tmp_path, db)
    result = run(tmp_path, "--db", str(db), "export", report_id, "-o", str(tmp_path / "说明"), "--table",
                 "--two-files")
    assert result.code == 0, result.err
    written = [Path(line) for line in result.out.splitlines()]
    assert written == [tmp_path / "说明.docx", tmp_path / "说明（自评表）.docx"]
    text, table = (docx.Document(str(p)) for p in written)
    assert table.tables and "自评表" in table.core_properties.title
    assert not text.tables and "说明" in text.core_properties.title
    # The combined file holds both: the table's pages first, then the same 说明.
    one = run(tmp_path, "--db", str(db), "export", report_id, "-o", str(tmp_path / "合并.docx"), "--table")
    assert one.code == 0, one.err
    combined = docx.Document(one.last_line)
    assert len(combined.tables) == len(table.tables)
    assert [p.text for p in combined.paragraphs][-len(text.paragraphs):] == [p.text for p in text.paragraphs]


def test_two_files_without_the_table_is_one_clear_message_and_no_file(tmp_path, db):
    report_id = _sample(tmp_path, db)
    result = run(tmp_path, "--db", str(db), "export", report_id, "-o", str(tmp_path / "说明.docx"), "--two-files")
    line = assert_one_chinese_line(result)
    assert "--table" in line
    assert list(tmp_path.glob("*.docx")) == []
