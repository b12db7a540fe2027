"""Scenario 5 of issue 18: exchange files crafted by hand with their checksum computed again. ``unpack``
refuses each with one Chinese line naming the first bad field and stores nothing; control characters are
cleaned as typed text is, and the report they come with exports and checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hostile_exchange import CONTROL_TEXT, HOSTILE, craft, with_control_characters
from robust_support import one_chinese_line, run


@pytest.fixture(scope="module")
def packed_sample(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("packed")
    db = folder / "source.db"
    assert run(folder, "--db", str(db), "sample").code == 0
    done = run(folder, "--db", str(db), "pack", "1", "-o", "sample.selfeval")
    assert done.code == 0, done.err
    return folder / "sample.selfeval"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_crafted_file_is_refused_naming_its_first_bad_field(tmp_path: Path, packed_sample: Path, name: str) -> None:
    crafted = craft(packed_sample, tmp_path, name)
    db = tmp_path / "target.db"
    result = run(tmp_path, "--db", str(db), "unpack", str(crafted))
    line = one_chinese_line(result)
    assert HOSTILE[name][1] in line, line
    assert "未导入" in line and "意外" not in line
    assert not db.exists()  # nothing stored: the database was never even opened


@pytest.mark.slow
def test_control_characters_are_cleaned_as_typed_text_is(tmp_path: Path, packed_sample: Path) -> None:
    crafted = with_control_characters(packed_sample, tmp_path)
    db = tmp_path / "target.db"
    result = run(tmp_path, "--db", str(db), "unpack", str(crafted))
    assert result.code == 0, result.err
    conn = sqlite3.connect(db)
    stored = "".join(r[0] for r in conn.execute("SELECT data FROM sections UNION ALL SELECT data FROM reports"))
    conn.close()
    for bad in ("\\u0000", "\\u001b", "\\u202e", "\\u0007", "\\u000b", "[31m"):
        assert bad not in stored
    assert "正文有控制字符。" in stored
    report_id = result.last_line
    assert run(tmp_path, "--db", str(db), "export", report_id, "--table", "-o", "out.docx").code == 0
    assert run(tmp_path, "--db", str(db), "check", report_id).code in (0, 1)  # 1: errors found, not a crash
    assert CONTROL_TEXT not in stored
