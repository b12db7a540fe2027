"""The CLI's table commands, end to end: export-table, import-table (all or nothing), history, undo."""

from __future__ import annotations

from pathlib import Path

from cli_support import assert_one_chinese_line, file_hash, run


def sample(tmp_path: Path, db: Path) -> str:
    result = run(tmp_path, "--db", str(db), "sample")
    assert result.code == 0, result.err
    return result.last_line


def test_export_then_import_the_table(tmp_path, db):
    report_id = sample(tmp_path, db)
    result = run(tmp_path, "--db", str(db), "export-table", report_id, "-o", str(tmp_path / "表"))
    assert result.code == 0, result.err
    written = Path(result.last_line)
    assert written == tmp_path / "表.xlsx" and written.is_file() and "已保存为“表.xlsx”" in result.err
    again = run(tmp_path, "--db", str(db), "import-table", report_id, str(written))
    assert again.code == 0, again.err
    assert again.last_line == report_id and "未做修改" in again.err

    from openpyxl import load_workbook

    book = load_workbook(written)
    book.active["H14"] = 50
    book.active["E14"] = 6000
    book.save(written)
    changed = run(tmp_path, "--db", str(db), "import-table", report_id, str(written))
    assert changed.code == 0, changed.err
    assert "已导入自评表：1 个三级指标，自评总分 57.95 分，等级“差”" in changed.err
    history = run(tmp_path, "--db", str(db), "history", report_id)
    assert "修改自评表" in history.out.splitlines()[1]


def test_a_bad_file_is_refused_whole_with_row_numbers_and_nothing_changes(tmp_path, db):
    report_id = sample(tmp_path, db)
    path = tmp_path / "表.xlsx"
    assert run(tmp_path, "--db", str(db), "export-table", report_id, "-o", str(path)).code == 0

    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active["H14"] = "二十"
    book.active["D7"] = "-1"
    book.save(path)
    before = file_hash(db)
    result = run(tmp_path, "--db", str(db), "import-table", report_id, str(path))
    assert result.code == 2 and "Traceback" not in result.err
    assert "自评表未导入" in result.err and "第 7 行" in result.err and "第 14 行" in result.err
    assert file_hash(db) == before
    missing = run(tmp_path, "--db", str(db), "import-table", report_id, str(tmp_path / "无.xlsx"))
    assert "找不到文件" in assert_one_chinese_line(missing)
    usage = run(tmp_path, "--db", str(db), "import-table", str(path))
    assert "命令参数有误" in assert_one_chinese_line(usage)


def test_export_with_the_table_and_the_table_alone_as_word(tmp_path, db):
    import docx

    report_id = sample(tmp_path, db)
    both = run(tmp_path, "--db", str(db), "export", report_id, "-o", str(tmp_path / "表和说明.docx"), "--table")
    assert both.code == 0, both.err
    doc = docx.Document(both.last_line)
    assert len(doc.tables) == 2 and doc.tables[0].cell(0, 0).text == "部门整体支出绩效自评表"
    plain = run(tmp_path, "--db", str(db), "export", report_id, "-o", str(tmp_path / "说明.docx"))
    assert plain.code == 0 and docx.Document(plain.last_line).tables == []
    alone = run(tmp_path, "--db", str(db), "export-table", report_id, "-o", str(tmp_path / "自评表.docx"))
    assert alone.code == 0, alone.err
    doc = docx.Document(alone.last_line)
    assert len(doc.tables) == 2 and not [p for p in doc.paragraphs if p.text.strip()]


def test_landscape_overrides_the_template_for_the_table_pages(tmp_path, db):
    import docx
    from docx.enum.section import WD_ORIENT

    report_id = sample(tmp_path, db)
    both = run(tmp_path, "--db", str(db), "export", report_id, "-o", str(tmp_path / "横.docx"), "--table", "--landscape")
    assert both.code == 0, both.err
    assert [s.orientation for s in docx.Document(both.last_line).sections] == [WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    checked = run(tmp_path, "check-layout", both.last_line)
    assert checked.code == 0, checked.out
    alone = run(tmp_path, "--db", str(db), "export-table", report_id, "-o", str(tmp_path / "表.docx"), "--landscape")
    assert alone.code == 0, alone.err
    assert [s.orientation for s in docx.Document(alone.last_line).sections] == [WD_ORIENT.LANDSCAPE]
    portrait = run(tmp_path, "--db", str(db), "export", report_id, "-o", str(tmp_path / "纵.docx"), "--table")
    assert [s.orientation for s in docx.Document(portrait.last_line).sections] == [WD_ORIENT.PORTRAIT]


def test_landscape_without_the_table_is_refused_in_chinese(tmp_path, db):
    report_id = sample(tmp_path, db)
    result = run(tmp_path, "--db", str(db), "export", report_id, "-o", str(tmp_path / "x.docx"), "--landscape")
    assert "--table" in assert_one_chinese_line(result) and not (tmp_path / "x.docx").exists()


def test_import_a_published_score_sheet(tmp_path, db):
    """Issue 20: a 评分表 with 投入/过程/产出/效果 rows imports through the CLI with its published total."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
    from test_score_sheet_xlsx import COUNTY_TOTAL, county_sheet

    report_id = sample(tmp_path, db)
    path = county_sheet(tmp_path / "评分表.xlsx")
    result = run(tmp_path, "--db", str(db), "import-table", report_id, str(path))
    assert result.code == 0, result.err
    assert f"自评总分 {COUNTY_TOTAL} 分" in result.err and "21 个三级指标" in result.err
    assert "文件中的总分" not in result.err  # the published total is reproduced
    assert "已改用指标框架“部门整体支出绩效评价共性指标框架" in result.err


def test_list_frameworks_and_switch_a_report_to_one(tmp_path, db):
    listed = run(tmp_path, "frameworks")
    assert listed.code == 0 and "mof-2013" in listed.out and "yitihua（默认）" in listed.out
    report_id = sample(tmp_path, db)
    refused = run(tmp_path, "--db", str(db), "set-framework", report_id, "mof-2013")
    assert refused.code != 0 and "无处安放" in refused.err and "未做修改" in refused.err  # the sample's rows
    assert_one_chinese_line(refused)
    unknown = run(tmp_path, "--db", str(db), "set-framework", report_id, "nowhere")
    assert unknown.code != 0 and "找不到指标框架“nowhere”" in unknown.err
    switched = run(tmp_path, "--db", str(db), "set-framework", report_id, "mof-2013", "--drop")
    assert switched.code == 0 and "27 个三级指标" in switched.err, switched.err
    written = run(tmp_path, "--db", str(db), "export-table", report_id, "-o", str(tmp_path / "t.xlsx"))
    assert written.code == 0, written.err
    from openpyxl import load_workbook

    assert "在职人员控制率" in {c.value for row in load_workbook(written.last_line).active.iter_rows() for c in row}
