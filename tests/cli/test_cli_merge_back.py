"""`selfeval import EDITED.docx --merge` end to end (real processes): an exported .docx reviewed in Word, WPS
or LibreOffice merges back into its report; tracked changes and changes made on both sides wait for a choice
(exit 4, nothing changed); a document of another report is refused in one Chinese line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from cli_support import assert_one_chinese_line, file_hash, run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "merge_back"))
from producers import LIBREOFFICE, PRODUCERS, WPS, Edits, edit  # noqa: E402

from selfeval.store import Store  # noqa: E402
from selfeval.store.operations import SetSection  # noqa: E402

pytestmark = pytest.mark.slow

REVIEW = Edits(replace=[("筑牢基层党建根基", "夯实基层党建根基")], comment=[("零基预算", "请补充成效。")],
               add_paragraph=[("倒逼各部门提升资金使用效益", "同时，建立绩效问题整改台账。")])


def _exported(tmp_path: Path, db: Path) -> bytes:
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    target = tmp_path / "导出.docx"
    assert run(tmp_path, "--db", str(db), "export", "1", "-o", str(target)).code == 0
    return target.read_bytes()


def _section(db: Path, key: str):
    with Store.open(db, read_only=True) as store:
        return store.load(1).section(key)


@pytest.mark.parametrize("producer", PRODUCERS, ids=lambda p: p.name)
def test_an_edited_document_merges_back_and_prints_the_report_id(tmp_path: Path, db: Path, producer):
    edited = tmp_path / f"审核稿-{producer.name}.docx"
    edited.write_bytes(edit(_exported(tmp_path, db), producer, REVIEW))
    before = file_hash(db)
    waiting = run(tmp_path, "--db", str(db), "import", str(edited), "--merge")
    assert waiting.code == 4, waiting.err
    assert f"修订：{producer.author}插入“夯实基层党建根基”" in waiting.err
    assert file_hash(db) == before  # nothing changed
    done = run(tmp_path, "--db", str(db), "import", str(edited), "--merge", "--accept-changes", "--keep-comments")
    assert done.code == 0, done.err
    assert done.last_line == "1"
    assert f"”{producer.author}：请补充成效。（已作为备注保存）" in done.err
    assert "夯实基层党建根基" in _section(db, "goals").plain_text()
    assert "同时，建立绩效问题整改台账。" in _section(db, "measures").plain_text()
    assert _section(db, "efficiency").notes
    history = run(tmp_path, "--db", str(db), "history", "1", "--limit", "1")
    assert edited.name in history.out


def test_rejecting_the_changes_keeps_the_text(tmp_path: Path, db: Path):
    edited = tmp_path / "审核稿.docx"
    edited.write_bytes(edit(_exported(tmp_path, db), WPS, REVIEW))
    done = run(tmp_path, "--db", str(db), "import", str(edited), "--merge", "--reject-changes")
    assert done.code == 0, done.err
    assert "筑牢基层党建根基" in _section(db, "goals").plain_text()


def test_a_change_on_both_sides_waits_for_take(tmp_path: Path, db: Path):
    edited = tmp_path / "审核稿.docx"
    edited.write_bytes(edit(_exported(tmp_path, db), LIBREOFFICE, REVIEW))
    with Store.open(db) as store:
        section = store.load(1).section("goals")
        section.intro = "本机后来写的导语。"
        store.apply(SetSection(1, section))
    before = file_hash(db)
    waiting = run(tmp_path, "--db", str(db), "import", str(edited), "--merge", "--accept-changes")
    assert waiting.code == 4 and "冲突：" in waiting.err and "（goals）" in waiting.err
    assert file_hash(db) == before
    done = run(tmp_path, "--db", str(db), "import", str(edited), "--merge", "--accept-changes", "--take", "mine")
    assert done.code == 0 and done.last_line == "1"
    assert _section(db, "goals").intro == "本机后来写的导语。"
    assert "同时，建立绩效问题整改台账。" in _section(db, "measures").plain_text()


def test_a_document_of_another_report_is_refused(tmp_path: Path, db: Path):
    edited = tmp_path / "别人的.docx"
    edited.write_bytes(_exported(tmp_path, db))
    other = tmp_path / "other" / "selfeval.db"
    other.parent.mkdir()
    assert run(tmp_path, "--db", str(other), "sample").code == 0
    before = file_hash(other)
    refused = run(tmp_path, "--db", str(other), "import", str(edited), "--merge", "--accept-changes")
    line = assert_one_chinese_line(refused)
    assert "另一份报告" in line
    assert file_hash(other) == before


def test_merge_options_without_merge_are_a_usage_mistake(tmp_path: Path, db: Path):
    edited = tmp_path / "a.docx"
    edited.write_bytes(_exported(tmp_path, db))
    assert "--merge" in assert_one_chinese_line(run(tmp_path, "--db", str(db), "import", str(edited), "--take", "mine"))
