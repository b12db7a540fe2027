"""`selfeval backup -o FILE` and `selfeval restore FILE`, and the daily automatic backup on open."""

from __future__ import annotations

from pathlib import Path

from cli_support import assert_one_chinese_line, run

from selfeval.store import Store


def reports(db: Path) -> list[tuple[int, str]]:
    with Store.open(db, read_only=True) as store:
        return [(i.id, i.title) for i in store.list_reports()]


def test_backup_then_restore_gives_back_the_state_backed_up(tmp_path: Path, db: Path):
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    stick = tmp_path / "U盘"
    stick.mkdir()
    backup = run(tmp_path, "--db", str(db), "backup", "-o", str(stick / "备份.db"))
    assert backup.code == 0, backup.err
    assert backup.last_line == str(stick / "备份.db")
    taken = reports(db)
    text = tmp_path / "另一份.txt"
    text.write_text("2023年度西村街道部门整体支出绩效自评表说明\n一、绩效自评情况\n（二）自评结论\n一是完成了。\n",
                    encoding="utf-8")
    assert run(tmp_path, "--db", str(db), "import", str(text)).code == 0
    assert reports(db) != taken
    restored = run(tmp_path, "--db", str(db), "restore", str(stick / "备份.db"))
    assert restored.code == 0, restored.err
    assert "恢复前的数据库已备份到" in restored.err
    assert reports(db) == taken
    saved = [p for p in (db.parent / "backups").iterdir() if "before-restore" in p.name]
    assert len(saved) == 1 and len(reports(saved[0])) == 2


def test_restoring_a_file_that_is_not_a_backup_says_so_and_changes_nothing(tmp_path: Path, db: Path):
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    junk = tmp_path / "说明.docx"
    junk.write_bytes(b"PK\x03\x04" + bytes(300))
    before = db.read_bytes()
    line = assert_one_chinese_line(run(tmp_path, "--db", str(db), "restore", str(junk)))
    assert "不是绩效自评编制工具的备份文件" in line
    assert db.read_bytes() == before


def test_the_first_writing_command_of_the_day_backs_up_the_database(tmp_path: Path, db: Path):
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    assert not (db.parent / "backups").exists()  # nothing to back up before the first report
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    made = list((db.parent / "backups").iterdir())
    assert len(made) == 1 and made[0].name.startswith("selfeval-")
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    assert list((db.parent / "backups").iterdir()) == made  # at most once a day


def test_backup_of_a_missing_database_says_so(tmp_path: Path, db: Path):
    line = assert_one_chinese_line(run(tmp_path, "--db", str(db), "backup", "-o", str(tmp_path / "b.db")))
    assert "不存在" in line
