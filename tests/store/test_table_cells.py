"""The 自评表 saved cell by cell (``SetTableCells``): cells written over the table as stored, never the window's
whole stale copy; undo and the history as for any step (issue 18, scenario 2)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from selfeval.domain.table.model import Indicator, Nature
from selfeval.bundled.report_table import table_of
from selfeval.bundled.samples import bundled_sample
from selfeval.store import SetField, SetTableCells, Store
from selfeval.store.table_cells import apply_cells, cell_changes

D = Decimal


def _with_rows(table, names_and_actuals):
    gi, ci = 2, 0  # 满意度指标 › 服务对象满意度指标
    rows = tuple(Indicator(n, Nature.GE, D("90"), "%", actual=a, weight=D("5")) for n, a in names_and_actuals)
    return table.with_indicators(gi, ci, rows)


def _store_with_table(tmp_path, rows):
    store = Store.open(tmp_path / "t.db")
    report_id = store.create(bundled_sample())
    table = _with_rows(table_of(store.load(report_id)), rows)
    assert table.groups[2].name.startswith("满意度")
    store.apply(SetField(report_id, "table", table))
    return store, report_id, table


def test_a_stale_window_writes_only_its_own_cell(tmp_path):
    store, rid, seen = _store_with_table(tmp_path, [("居民满意度", D("97.2")), ("企业满意度", D("90"))])
    # another program: 居民满意度 97.2 -> 98.5
    other = _with_rows(seen, [("居民满意度", D("98.5")), ("企业满意度", D("90"))])
    store.apply(SetField(rid, "table", other))
    # the window, which still shows 97.2, changes 企业满意度
    mine = _with_rows(seen, [("居民满意度", D("97.2")), ("企业满意度", D("93"))])
    record = store.apply(SetTableCells(rid, cell_changes(seen.to_dict(), mine.to_dict())))
    rows = store.load(rid).table.groups[2].categories[0].indicators
    assert [(r.name, r.actual) for r in rows] == [("居民满意度", D("98.5")), ("企业满意度", D("93"))]
    assert record.summary == "修改自评表：企业满意度 实际完成值 90 → 93"
    assert record.field == "table"
    # undo takes back the window's cell only
    store.undo(rid)
    rows = store.load(rid).table.groups[2].categories[0].indicators
    assert [(r.name, r.actual) for r in rows] == [("居民满意度", D("98.5")), ("企业满意度", D("90"))]
    store.redo(rid)
    assert store.load(rid).table.groups[2].categories[0].indicators[1].actual == D("93")
    store.close()


def test_a_row_another_program_inserted_above_does_not_shift_the_edit(tmp_path):
    store, rid, seen = _store_with_table(tmp_path, [("居民满意度", D("97.2")), ("企业满意度", D("90"))])
    other = _with_rows(seen, [("新增满意度", D("80")), ("居民满意度", D("97.2")), ("企业满意度", D("90"))])
    store.apply(SetField(rid, "table", other))
    mine = _with_rows(seen, [("居民满意度", D("97.2")), ("企业满意度", D("95"))])
    store.apply(SetTableCells(rid, cell_changes(seen.to_dict(), mine.to_dict())))
    rows = store.load(rid).table.groups[2].categories[0].indicators
    assert [(r.name, r.actual) for r in rows] == [("新增满意度", D("80")), ("居民满意度", D("97.2")),
                                                 ("企业满意度", D("95"))]
    store.close()


def test_cells_of_a_deleted_row_are_left_out_and_nothing_else_changes():
    table = _with_rows(table_of(bundled_sample()), [("居民满意度", D("97.2"))]).to_dict()
    edited = _with_rows(table_of(bundled_sample()), [("居民满意度", D("99"))]).to_dict()
    cells = cell_changes(table, edited)
    assert [c.path[-1] for c in cells] == ["actual"]
    without = _with_rows(table_of(bundled_sample()), [("别的指标", D("1"))]).to_dict()
    result, skipped = apply_cells(without, cells)
    assert result == without and skipped == cells


def test_an_inserted_row_is_one_change_of_the_rows():
    base = _with_rows(table_of(bundled_sample()), [("居民满意度", D("97.2"))]).to_dict()
    more = _with_rows(table_of(bundled_sample()), [("居民满意度", D("97.2")), ("", None)]).to_dict()
    cells = cell_changes(base, more)
    assert len(cells) == 1 and cells[0].path[-1] == "indicators"
    assert apply_cells(base, cells)[0] == more


def test_undo_of_a_cell_step_leaves_a_later_change_of_another_cell(tmp_path):
    store, rid, seen = _store_with_table(tmp_path, [("居民满意度", D("97.2")), ("企业满意度", D("90"))])
    mine = _with_rows(seen, [("居民满意度", D("97.2")), ("企业满意度", D("93"))])
    store.apply(SetTableCells(rid, cell_changes(seen.to_dict(), mine.to_dict())))
    later = _with_rows(seen, [("居民满意度", D("98.5")), ("企业满意度", D("93"))])
    store.apply(SetField(rid, "table", later))  # another program, afterwards, another cell
    store.undo(rid)  # undoes that program's step (the newest)
    store.undo(rid)  # then the window's cell
    rows = store.load(rid).table.groups[2].categories[0].indicators
    assert [(r.name, r.actual) for r in rows] == [("居民满意度", D("97.2")), ("企业满意度", D("90"))]
    store.close()
