"""Every error path: a non-zero exit, one Chinese line on stderr, no traceback, nothing changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from cli_support import assert_one_chinese_line, clean_env, file_hash, run


@pytest.fixture
def filled_db(tmp_path: Path, db: Path) -> Path:
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    return db


def test_import_missing_file(tmp_path: Path, filled_db: Path) -> None:
    before = file_hash(filled_db)
    line = assert_one_chinese_line(run(tmp_path, "--db", str(filled_db), "import", str(tmp_path / "nope.txt")))
    assert "找不到文件" in line
    assert file_hash(filled_db) == before


@pytest.mark.parametrize("content", [bytes(range(256)) * 40, b"", b"   \n\n  "], ids=["binary", "empty", "blank"])
def test_refused_import_leaves_database_unchanged(tmp_path: Path, filled_db: Path, content: bytes) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = file_hash(filled_db)
    assert_one_chinese_line(run(tmp_path, "--db", str(filled_db), "import", str(bad)))
    assert file_hash(filled_db) == before
    assert not Path(f"{filled_db}-wal").exists()
    assert len(run(tmp_path, "--db", str(filled_db), "list").out.strip().splitlines()) == 2


def test_import_a_folder(tmp_path: Path, db: Path) -> None:
    line = assert_one_chinese_line(run(tmp_path, "--db", str(db), "import", str(tmp_path)))
    assert "文件夹" in line
    assert not db.exists()


def test_unknown_report_id(tmp_path: Path, filled_db: Path) -> None:
    result = run(tmp_path, "--db", str(filled_db), "export", "99", "-o", str(tmp_path / "x.docx"))
    line = assert_one_chinese_line(result)
    assert "找不到编号为 99 的报告" in line
    assert not (tmp_path / "x.docx").exists()
    line = assert_one_chinese_line(run(tmp_path, "--db", str(filled_db), "history", "99"))
    assert "99" in line


def test_export_into_missing_folder(tmp_path: Path, filled_db: Path) -> None:
    assert_one_chinese_line(run(tmp_path, "--db", str(filled_db), "export", "1", "-o", str(tmp_path / "no" / "x.docx")))


@pytest.mark.parametrize("content", [b"this is not a database" * 20, b"PK\x03\x04" + b"\x00" * 200],
                         ids=["garbage", "zip"])
def test_bad_db_file_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    for args in (["list"], ["sample"], ["export", "1", "-o", str(tmp_path / "x.docx")]):
        line = assert_one_chinese_line(run(tmp_path, "--db", str(bad), *args))
        assert "不是" in line
    assert bad.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("bad")) == ["bad.db"]


def test_newer_schema_db_refused(tmp_path: Path, filled_db: Path) -> None:
    conn = sqlite3.connect(filled_db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('selfeval', '0099_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = file_hash(filled_db)
    line = assert_one_chinese_line(run(tmp_path, "--db", str(filled_db), "sample"))
    assert "更新版本" in line
    assert file_hash(filled_db) == before


def test_db_in_missing_folder(tmp_path: Path) -> None:
    line = assert_one_chinese_line(run(tmp_path, "--db", str(tmp_path / "none" / "x.db"), "sample"))
    assert "不存在" in line


@pytest.mark.parametrize("args", [
    ["export", "1"],  # no -o
    ["export", "abc", "-o", "x.docx"],
    ["export", "-o", "x.docx"],  # no id and no --report
    ["frobnicate"],
    ["--report", "0", "list"],
    ["import"],
])
def test_usage_errors(tmp_path: Path, db: Path, args: list[str]) -> None:
    assert_one_chinese_line(run(tmp_path, "--db", str(db), *args))


def test_no_subcommand_without_display(tmp_path: Path, db: Path) -> None:
    line = assert_one_chinese_line(run(tmp_path, "--db", str(db)), code=3)
    assert "桌面程序" in line
    assert not db.exists()


def test_cli_does_not_import_qt_or_docx(tmp_path: Path, filled_db: Path) -> None:
    code = ("import sys, selfeval.cli.main as m; "
            "assert not any(k.startswith('PySide6') for k in sys.modules); "
            f"rc = m.main(['--db', {str(filled_db)!r}, 'list']); "
            f"rc += m.main(['--db', {str(filled_db)!r}, 'sample']); "
            "rc += m.main(['templates']); "
            "bad = sorted(k for k in sys.modules if k.split('.')[0] in ('PySide6', 'shiboken6', 'docx')); "
            "assert rc == 0 and not bad, (rc, bad)")
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=clean_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
