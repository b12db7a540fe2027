"""`selfeval pack` and `selfeval unpack` end to end: a section edited on two copies of a database merges
only with a choice; refused files change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from cli_support import assert_one_chinese_line, file_hash, run

from selfeval.store import Store
from selfeval.store.operations import SetSection


def _edit(db: Path, key: str, intro: str) -> None:
    with Store.open(db) as store:
        section = store.load(1).section(key)
        section.intro = intro
        store.apply(SetSection(1, section))


def _intro(db: Path, key: str) -> str:
    with Store.open(db, read_only=True) as store:
        return store.load(1).section(key).intro


def _two_pcs(tmp_path: Path, db: Path) -> Path:
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    other = tmp_path / "科室" / "selfeval.db"
    other.parent.mkdir()
    shutil.copy(db, other)
    return other


def test_a_section_edited_on_both_copies_is_listed_and_nothing_changes_until_a_side_is_taken(tmp_path: Path, db: Path):
    other = _two_pcs(tmp_path, db)
    _edit(other, "problems", "科室写的问题")
    _edit(other, "measures", "科室写的措施")
    _edit(db, "measures", "财务写的措施")
    packed = run(tmp_path, "--db", str(other), "pack", "1", "-o", str(tmp_path / "科室"))
    assert packed.code == 0, packed.err
    assert packed.last_line == str(tmp_path / "科室.selfeval")

    before = file_hash(db)
    refused = run(tmp_path, "--db", str(db), "unpack", str(tmp_path / "科室.selfeval"))
    assert refused.code == 4
    assert "冲突：“下一步改进措施”（measures）两边都改过。" in refused.err
    assert "--take" in refused.err and refused.out == ""
    assert _intro(db, "measures") == "财务写的措施" and _intro(db, "problems") == ""

    taken = run(tmp_path, "--db", str(db), "unpack", str(tmp_path / "科室.selfeval"), "--take", "theirs")
    assert taken.code == 0, taken.err
    assert taken.last_line == "1"
    assert _intro(db, "measures") == "科室写的措施" and _intro(db, "problems") == "科室写的问题"
    assert file_hash(db) != before
    history = run(tmp_path, "--db", str(db), "history", "1", "--limit", "1")
    assert "从交换文件“科室.selfeval”导入（“存在的主要问题”、“下一步改进措施”）" in history.out


def test_take_mine_keeps_this_side_and_takes_the_rest(tmp_path: Path, db: Path):
    other = _two_pcs(tmp_path, db)
    _edit(other, "problems", "科室写的问题")
    _edit(other, "measures", "科室写的措施")
    _edit(db, "measures", "财务写的措施")
    assert run(tmp_path, "--db", str(other), "pack", "1", "-o", str(tmp_path / "x.selfeval")).code == 0
    result = run(tmp_path, "--db", str(db), "unpack", str(tmp_path / "x.selfeval"), "--take", "mine")
    assert result.code == 0, result.err
    assert _intro(db, "measures") == "财务写的措施" and _intro(db, "problems") == "科室写的问题"


def test_pack_chosen_sections_by_heading(tmp_path: Path, db: Path):
    other = _two_pcs(tmp_path, db)
    _edit(other, "problems", "科室写的问题")
    _edit(other, "measures", "科室写的措施")
    result = run(tmp_path, "--db", str(other), "pack", "1", "-o", str(tmp_path / "x.selfeval"),
                 "--section", "存在的主要问题")
    assert result.code == 0, result.err
    assert "“存在的主要问题”" in result.err
    assert run(tmp_path, "--db", str(db), "unpack", str(tmp_path / "x.selfeval")).code == 0
    assert _intro(db, "problems") == "科室写的问题" and _intro(db, "measures") == ""


def test_a_whole_report_not_in_the_database_becomes_a_new_report(tmp_path: Path, db: Path):
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    assert run(tmp_path, "--db", str(db), "pack", "1", "-o", str(tmp_path / "x.selfeval")).code == 0
    fresh = tmp_path / "新电脑.db"
    result = run(tmp_path, "--db", str(fresh), "unpack", str(tmp_path / "x.selfeval"))
    assert result.code == 0, result.err
    assert result.last_line == "1" and "新报告" in result.err


def test_refused_files_change_nothing(tmp_path: Path, db: Path):
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    assert run(tmp_path, "--db", str(db), "pack", "1", "-o", str(tmp_path / "x.selfeval")).code == 0
    before = file_hash(db)
    tampered = tmp_path / "x.selfeval"
    tampered.write_text(tampered.read_text(encoding="utf-8").replace("昌华街道", "西村街道", 1), encoding="utf-8")
    line = assert_one_chinese_line(run(tmp_path, "--db", str(db), "unpack", str(tampered)))
    assert "校验和不符" in line
    docx = tmp_path / "说明.docx"
    assert run(tmp_path, "--db", str(db), "export", "1", "-o", str(docx)).code == 0
    renamed = tmp_path / "说明.selfeval"
    docx.rename(renamed)
    assert "压缩包" in assert_one_chinese_line(run(tmp_path, "--db", str(db), "unpack", str(renamed)))
    assert "找不到" in assert_one_chinese_line(run(tmp_path, "--db", str(db), "unpack", str(tmp_path / "无.selfeval")))
    assert file_hash(db) == before


def test_pack_errors_are_one_chinese_line(tmp_path: Path, db: Path):
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    line = assert_one_chinese_line(run(tmp_path, "--db", str(db), "pack", "1", "-o", str(tmp_path / "x"),
                                       "--section", "没有这一章"))
    assert "没有章节“没有这一章”" in line
    assert "找不到编号为 9 的报告" in assert_one_chinese_line(
        run(tmp_path, "--db", str(db), "pack", "9", "-o", str(tmp_path / "x")))


def test_unpack_into_a_chosen_report_of_another_unit_is_refused(tmp_path: Path, db: Path):
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    assert run(tmp_path, "--db", str(db), "pack", "1", "-o", str(tmp_path / "x.selfeval")).code == 0
    text = tmp_path / "西村.txt"
    text.write_text("2023年度西村街道部门整体支出绩效自评表说明\n一、绩效自评情况\n（二）自评结论\n一是完成了。\n",
                    encoding="utf-8")
    other = run(tmp_path, "--db", str(db), "import", str(text)).last_line
    before = file_hash(db)
    line = assert_one_chinese_line(run(tmp_path, "--db", str(db), "--report", other, "unpack",
                                       str(tmp_path / "x.selfeval")))
    assert "不是同一份" in line
    assert file_hash(db) == before


def _set_spent(db: Path, value: str) -> None:
    from dataclasses import replace
    from decimal import Decimal

    from selfeval.store.operations import SetField

    with Store.open(db) as store:
        table = store.load(1).table
        table = table.with_budget(table.budget.with_row(replace(table.budget.total, spent=Decimal(value))))
        store.apply(SetField(1, "table", table))


def _spent(db: Path):
    with Store.open(db, read_only=True) as store:
        return store.load(1).table.budget.total.spent


def test_the_table_travels_and_a_row_changed_on_both_copies_waits_for_a_side(tmp_path: Path, db: Path):
    other = _two_pcs(tmp_path, db)
    _set_spent(other, "7700")
    _set_spent(db, "7650")
    packed = run(tmp_path, "--db", str(other), "pack", "1", "-o", str(tmp_path / "表"), "--section", "自评表")
    assert packed.code == 0, packed.err
    assert "已把自评表导出为交换文件" in packed.err

    before = file_hash(db)
    refused = run(tmp_path, "--db", str(db), "unpack", str(tmp_path / "表.selfeval"))
    assert refused.code == 4
    assert "冲突：“自评表 › 预算执行情况 › 年度资金总额”（table:budget/total）两边都改过。" in refused.err
    assert "有 1 处（章节或自评表的行）两边都改过，未做任何修改。" in refused.err
    assert file_hash(db) == before

    kept = run(tmp_path, "--db", str(db), "unpack", str(tmp_path / "表.selfeval"), "--take", "mine")
    assert kept.code == 0, kept.err
    assert "没有需要修改的地方" in kept.err and str(_spent(db)) == "7650"

    taken = run(tmp_path, "--db", str(db), "unpack", str(tmp_path / "表.selfeval"), "--take", "theirs")
    assert taken.code == 0, taken.err
    assert str(_spent(db)) == "7700"
    history = run(tmp_path, "--db", str(db), "history", "1", "--limit", "1")
    assert "从交换文件“表.selfeval”导入（“自评表”）" in history.out
