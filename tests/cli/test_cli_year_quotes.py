"""``selfeval export`` prints the 自评结论's 「{执行率较上年}」 against last year's report of the unit in the
database, and ``selfeval check`` warns when there is none (issue 23, item 7)."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from docx import Document
from cli_support import run

from selfeval.bundled.samples import bundled_sample
from selfeval.store import CreateReport, Store


def _reports(db: Path, *, with_last_year: bool) -> int:
    store = Store.open(db)
    try:
        last = bundled_sample()  # 2024: 7663.69 of 7704.69, 99.47%
        if with_last_year:
            store.apply(CreateReport(last))
        this = last.copy()
        this.year = 2025
        table = this.table
        this.table = replace(table, budget=table.budget.with_row(replace(table.budget.total, spent=Decimal("7704.69"))))
        this.section("conclusion").intro = "预算执行率{执行率较上年}，自评得分{自评得分较上年}。"
        return store.apply(CreateReport(this)).report_id
    finally:
        store.close()


def test_export_quotes_the_change_against_last_year(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    new_id = _reports(db, with_last_year=True)
    out = tmp_path / "2025.docx"
    result = run(tmp_path, "--db", str(db), "export", str(new_id), "-o", str(out))
    assert result.code == 0, result.err
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "预算执行率提高 0.53 个百分点，自评得分提高 0.05 分。" in text


def test_check_warns_without_last_years_report(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    new_id = _reports(db, with_last_year=False)
    result = run(tmp_path, "--db", str(db), "check", str(new_id), "--json")
    found = [i for i in json.loads(result.out) if i["rule"] == "year.no_comparison"]
    assert [i["excerpt"] for i in found] == ["{执行率较上年}", "{自评得分较上年}"]
    assert "没有本单位2024年度的报告" in found[0]["message"]
