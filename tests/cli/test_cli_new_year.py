"""``selfeval new-year``: 报告管理's 从上年报告新建 from the command line (``app.new_year``, one workflow)."""

from __future__ import annotations

from cli_support import assert_one_chinese_line, run


def test_next_years_report_is_made_once(tmp_path, db):
    sample = run(tmp_path, "--db", str(db), "sample")
    assert sample.code == 0, sample.err
    made = run(tmp_path, "--db", str(db), "new-year", sample.last_line)
    assert made.code == 0, made.err
    assert "已根据 2024 年度报告新建 2025 年度报告" in made.err and "待核对" in made.err
    listed = run(tmp_path, "--db", str(db), "list")
    assert any(line.split()[0] == made.last_line and "2025" in line for line in listed.out.splitlines()[1:])
    history = run(tmp_path, "--db", str(db), "history", made.last_line)
    assert "由2024年度报告生成" in history.out
    again = run(tmp_path, "--db", str(db), "new-year", sample.last_line)
    line = assert_one_chinese_line(again)
    assert made.last_line in line and "--duplicate" in line
    forced = run(tmp_path, "--db", str(db), "new-year", sample.last_line, "--duplicate")
    assert forced.code == 0 and forced.last_line not in (made.last_line, sample.last_line)
