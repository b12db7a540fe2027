"""The 自评表 is a report field: stored through the operations funnel, undone, named in the history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from selfeval.domain.errors import UserError
from selfeval.domain.table.model import BudgetRow, BudgetRowKey, Indicator, Nature, Override, SelfEvalTable
from selfeval.store import RestoreReport, SetField, Store
from selfeval.bundled.templates import get_template


def a_table() -> SelfEvalTable:
    table = get_template().new_report().table
    table = table.with_budget(table.budget.with_row(
        BudgetRow(BudgetRowKey.TOTAL, None, Decimal("7704.69"), Decimal("7663.690"))))
    return table.with_indicators(0, 0, (Indicator("完成固定资产投资", Nature.GE, None, "万元",
                                                  actual=Decimal("9170"), weight=Decimal("20"),
                                                  override=Override(Decimal("18"), "复核")),))


def test_the_table_is_set_undone_and_redone_through_the_funnel(store: Store, report_id: int) -> None:
    before = store.load(report_id).table
    table = a_table()
    record = store.apply(SetField(report_id, "table", table))
    assert record.summary == "修改自评表" and store.history(report_id)[0].summary == "修改自评表"
    loaded = store.load(report_id).table
    assert loaded == table and str(loaded.budget.total.spent) == "7663.690"
    assert store.apply(SetField(report_id, "table", a_table())) is None  # the same table: no step
    store.undo(report_id)
    assert store.load(report_id).table == before
    store.redo(report_id)
    assert store.load(report_id).table == table


def test_a_table_that_cannot_stand_is_refused_and_nothing_changes(store: Store, report_id: int) -> None:
    bad = a_table().with_indicators(0, 0, (Indicator("x", weight=Decimal(5), override=Override(Decimal(6), "r")),))
    with pytest.raises(UserError, match="超过了分值"):
        store.apply(SetField(report_id, "table", bad))
    assert store.load(report_id).table == get_template().new_report().table


def test_reports_stored_before_the_table_existed_load_with_an_empty_one(tmp_path) -> None:
    import shutil
    from pathlib import Path

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schema-v1.db"
    db = tmp_path / "selfeval.db"
    shutil.copyfile(fixture, db)
    with Store.open(db) as old:
        infos = old.list_reports(deleted=True)  # the fixture's report in the bin states no amount
        assert infos
        for info in infos:
            assert old.load(info.id).table == SelfEvalTable()
        old.apply(RestoreReport(infos[0].id))
        record = old.apply(SetField(infos[0].id, "table", a_table()))
        assert record.before is None and old.load(infos[0].id).table == a_table()


def test_set_sections_takes_the_table_in_the_same_step_and_validates_it(store: Store, report_id: int) -> None:
    from selfeval.store.operations import SetSections

    before = store.load(report_id)
    record = store.apply(SetSections(report_id, (), "交换文件“科室.selfeval”", table=a_table()))
    assert record.summary == "从交换文件“科室.selfeval”导入（“自评表”）"
    assert store.load(report_id).table == a_table()
    assert store.apply(SetSections(report_id, (), "交换文件“科室.selfeval”", table=a_table())) is None
    bad = a_table().with_budget(a_table().budget.with_row(BudgetRow(BudgetRowKey.TOTAL, budget=Decimal(-1))))
    with pytest.raises(UserError, match="不能为负数"):
        store.apply(SetSections(report_id, (), "交换文件“科室.selfeval”", table=bad))
    assert store.load(report_id).table == a_table()
    store.undo(report_id)
    assert store.load(report_id) == before
