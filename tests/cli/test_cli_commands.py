"""The ``selfeval`` command end to end, in a subprocess, on a database in tmp_path."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from cli_support import clean_env, run
from selfeval.store import Store

# The published 说明 as extracted text, bundled with the program.
SAMPLE_TEXT = Path(__file__).resolve().parents[2] / "resources" / "samples" / "2024-changhua-shuoming.txt"


def sample_text_file(tmp_path: Path) -> Path:
    """The bundled sample 说明 as text."""
    return SAMPLE_TEXT


def test_version_and_help(tmp_path: Path) -> None:
    result = run(tmp_path, "--version")
    assert result.code == 0 and result.out.strip() == "selfeval 0.1.0"
    result = run(tmp_path, "--help")
    assert result.code == 0
    for word in ("用法", "--db", "list", "sample", "import", "export", "打开桌面程序"):
        assert word in result.out


def test_list_on_missing_database_creates_nothing(tmp_path: Path, db: Path) -> None:
    result = run(tmp_path, "--db", str(db), "list")
    assert result.code == 0
    assert result.out.split() == ["编号", "单位", "年度", "模板", "最后修改"]
    assert "还没有报告" in result.err
    assert not db.exists()


def test_sample_twice_gives_the_same_id_and_list_shows_it(tmp_path: Path, db: Path) -> None:
    first = run(tmp_path, "--db", str(db), "sample")
    assert first.code == 0, first.err
    second = run(tmp_path, "--db", str(db), "sample")
    assert second.code == 0 and second.last_line == first.last_line
    assert "已存在" in second.err
    rid = int(first.last_line)
    listed = run(tmp_path, "--db", str(db), "list")
    assert listed.code == 0
    rows = [line.split() for line in listed.out.strip().splitlines()[1:]]
    assert rows == [[str(rid), "昌华街道", "2024", "liwan-street-2024", *rows[0][4:]]]
    with Store.open(db, read_only=True) as store:
        from selfeval.bundled.samples import bundled_sample

        assert store.load(rid) == bundled_sample()
        assert len(store.list_reports()) == 1


def test_sample_via_env_var(tmp_path: Path, db: Path) -> None:
    result = run(tmp_path, "sample", env=clean_env(tmp_path, SELFEVAL_DB=str(db)))
    assert result.code == 0 and db.exists()
    other = tmp_path / "other.db"
    result = run(tmp_path, "--db", str(other), "list", env=clean_env(tmp_path, SELFEVAL_DB=str(db)))
    assert result.code == 0 and "昌华街道" not in result.out  # --db wins over $SELFEVAL_DB


def test_import_then_export(tmp_path: Path, db: Path) -> None:
    text = sample_text_file(tmp_path)
    result = run(tmp_path, "--db", str(db), "import", str(text))
    assert result.code == 0, result.err
    rid = int(result.last_line)
    assert "已导入" in result.err
    with Store.open(db, read_only=True) as store:
        report = store.load(rid)
        assert (report.unit_short, report.year, report.template_id) == ("昌华街道", 2024, "liwan-street-2024")
        assert "由文本文件" in store.history(rid)[0].summary

    out = tmp_path / "out" / "说明.docx"
    out.parent.mkdir()
    result = run(tmp_path, "--db", str(db), "export", str(rid), "-o", str(out))
    assert result.code == 0, result.err
    assert Path(result.last_line) == out
    with zipfile.ZipFile(out) as z:
        document = z.read("word/document.xml").decode("utf-8")
    assert "部门整体支出绩效自评表说明" in document

    # --report gives the id when the positional one is left out.
    again = tmp_path / "again.docx"
    result = run(tmp_path, "--db", str(db), "--report", str(rid), "export", "-o", str(again))
    assert result.code == 0 and again.exists()


def test_import_with_template(tmp_path: Path, db: Path) -> None:
    text = sample_text_file(tmp_path)
    result = run(tmp_path, "--db", str(db), "import", str(text), "--template", "basic-info-2024")
    assert result.code == 0, result.err
    with Store.open(db, read_only=True) as store:
        assert store.load(int(result.last_line)).template_id == "basic-info-2024"


def test_templates(tmp_path: Path) -> None:
    result = run(tmp_path, "templates")
    assert result.code == 0
    assert "liwan-street-2024（默认）" in result.out and "basic-info-2024" in result.out


def test_history_and_deleted_list(tmp_path: Path, db: Path) -> None:
    rid = int(run(tmp_path, "--db", str(db), "sample").last_line)
    result = run(tmp_path, "--db", str(db), "history", str(rid))
    assert result.code == 0 and "新建报告" in result.out and "示例报告" in result.out
    from selfeval.store import DeleteReport

    with Store.open(db) as store:
        store.apply(DeleteReport(rid))
    assert str(rid) not in run(tmp_path, "--db", str(db), "list").out.split()
    deleted = run(tmp_path, "--db", str(db), "list", "--deleted")
    assert deleted.code == 0 and "删除时间" in deleted.out and "昌华街道" in deleted.out


@pytest.mark.parametrize("asked, written", [
    ("说明.", "说明.docx"), ("说明..", "说明.docx"), ("说明. ", "说明.docx"), ("说明", "说明.docx"),
    ("说明.txt", "说明.txt.docx"), ("说明.DOCX", "说明.DOCX"),
])
def test_export_names_follow_the_one_docx_rule(tmp_path, asked, written):
    """The same table as the window's save dialog (tests/ui/test_export_ui.py)."""
    db = tmp_path / "data.db"
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run(tmp_path, "--db", str(db), "export", "1", "-o", str(out_dir / asked))
    assert result.code == 0, result.err
    assert sorted(p.name for p in out_dir.iterdir()) == [written]
