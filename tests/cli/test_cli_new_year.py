"""``selfeval new-year``: 报告管理's 从上年报告新建 from the command line (``app.new_year``, one workflow)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from cli_support import assert_one_chinese_line, run


def test_next_years_report_is_made_once(tmp_path, db):
    sample = run(tmp_path, "--db", str(db), "sample")
    assert sample.code == 0, sample.err
    made = run(tmp_path, "--db", str(db), "new-year", sample.last_line)
    assert made.code == 0, made.err
    assert "已根据 2024 年度报告新建 2025 年度报告" in made.err and "“待填”" in made.err  # budget figures quote the table
    listed = run(tmp_path, "--db", str(db), "list")
    assert any(line.split()[0] == made.last_line and "2025" in line for line in listed.out.splitlines()[1:])
    history = run(tmp_path, "--db", str(db), "history", made.last_line)
    assert "由2024年度报告生成" in history.out
    again = run(tmp_path, "--db", str(db), "new-year", sample.last_line)
    line = assert_one_chinese_line(again)
    assert made.last_line in line and "--duplicate" in line
    forced = run(tmp_path, "--db", str(db), "new-year", sample.last_line, "--duplicate")
    assert forced.code == 0 and forced.last_line not in (made.last_line, sample.last_line)




def ok(tmp_path: Path, db: Path, *args: str):
    result = run(tmp_path, "--db", str(db), *args)
    assert result.code == 0, result.err
    return result


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join(p.text for p in doc.paragraphs)


@pytest.mark.slow
def test_the_2024_to_2025_walk(tmp_path: Path, db: Path) -> None:
    last_id = ok(tmp_path, db, "sample").last_line
    made = ok(tmp_path, db, "new-year", last_id)
    new_id = made.last_line
    assert new_id != last_id and "“待填”" in made.err

    # The new report starts with its budget figures waiting for the table: check names each one, exit 1.
    waiting = run(tmp_path, "--db", str(db), "check", new_id, "--json")
    assert waiting.code == 1
    pending = [i["excerpt"] for i in json.loads(waiting.out) if i["rule"] == "figure.empty_reference"]
    assert pending == ["{已用金额}", "{预算金额}", "{执行率}"]
    again = run(tmp_path, "--db", str(db), "new-year", last_id)
    assert again.code != 0 and "--duplicate" in again.err  # a second 2025 report only knowingly

    # This year's figures typed into the exported workbook, as a clerk does in Excel.
    book_path = Path(ok(tmp_path, db, "export-table", new_id, "-o", str(tmp_path / "2025.xlsx")).last_line)
    book = load_workbook(book_path)
    sheet = book.active
    sheet["D7"] = 7850.32  # 全年预算数
    sheet["E7"] = "7,790.15"  # 全年执行数, typed as text with a thousands separator
    book.save(book_path)
    ok(tmp_path, db, "import-table", new_id, str(book_path))

    out = tmp_path / "2025.docx"
    ok(tmp_path, db, "export", new_id, "-o", str(out))
    text = docx_text(out)
    line = next(p for p in text.split("\n") if "预算执行方面" in p)
    assert "已用金额合计7790.15万元" in line and "预算金额合计为7850.32万元" in line and "预算执行率99.23%" in line
    assert "7704.69" not in text and "7663.69" not in text  # nothing of 2024's figures survives
    result = run(tmp_path, "--db", str(db), "check", new_id, "--json")
    found = json.loads(result.out)
    assert result.code == 0, [i for i in found if i["severity"] == "错误"]
    assert not [i for i in found if i["rule"] in ("figure.contradicts_table", "text.contradicts_table",
                                                   "figure.empty_reference")]


def test_a_figure_that_disagrees_with_the_table_is_named_by_check(tmp_path: Path, db: Path) -> None:
    """A 2025 report whose 预算金额 still holds 2024's 7704.69元 (made before figures were linked)."""
    from selfeval.domain.carry import next_year_report
    from selfeval.domain.table.model import BudgetRow, BudgetRowKey
    from selfeval.store import Store
    from selfeval.bundled.samples import bundled_sample
    from decimal import Decimal

    report = next_year_report(bundled_sample())
    eff = report.section("efficiency")
    old = bundled_sample().section("efficiency").figure("预算金额")
    eff.set_figure(old)  # the old way: last year's value kept, not linked
    report.table = report.table.with_budget(report.table.budget.with_row(
        BudgetRow(BudgetRowKey.TOTAL, None, Decimal("7850.32"), Decimal("7790.15"))))
    with Store.open(db) as store:
        rid = store.create(report)
    result = run(tmp_path, "--db", str(db), "check", str(rid))
    assert result.code == 1
    line = next(x for x in result.out.splitlines() if "数据“预算金额”为 7704.69元" in x)
    assert line.startswith("错误") and "自评表的“全年预算数”为 7850.32万元" in line
