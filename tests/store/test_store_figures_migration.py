"""Migration 0003: a report's section figures move into its 自评表 as one "upgrade" step of its log. The text
reads as before, the file is backed up first, and undo, redo and every earlier state still work."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from selfeval.domain.figures import Figure, FigureKind
from selfeval.domain.table.figures_into_table import as_read, rendered_texts
from selfeval.domain.model import Report
from selfeval.domain.table.model import SelfEvalTable
from selfeval.store import SetField, SetSection, Store, schema
from store_support import make_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
UPGRADE = "升级：数字移入自评表"


@pytest.fixture
def before_0003(monkeypatch):
    """``before_0003(path, fill)``: a file of schema v2 (made by today's store knowing only the first two
    migrations) filled by ``fill(store)``; then today's migrations are known again."""
    steps, names = list(schema.STEPS), list(schema.MIGRATION_NAMES)

    def make(path: Path, fill) -> dict:
        monkeypatch.setattr(schema, "STEPS", steps[:2])
        monkeypatch.setattr(schema, "MIGRATION_NAMES", names[:2])
        with Store.open(path) as store:
            made = fill(store)
        monkeypatch.setattr(schema, "STEPS", steps)
        monkeypatch.setattr(schema, "MIGRATION_NAMES", names)
        return made

    return make


def old_report(figures: list[Figure], text: str = "预算金额{预算金额}，已用金额{已用金额}，执行率{执行率}。") -> Report:
    """A report as made before the table: no table, its figures quoting nothing."""
    report = make_report()
    report.table = SelfEvalTable()
    efficiency = report.section("efficiency")
    efficiency.figures = figures
    efficiency.intro = text
    return report


def money(name: str, value: str | None, unit: str = "万元") -> Figure:
    return Figure(name, FigureKind.MONEY, unit, None if value is None else Decimal(value))


RATE = Figure("执行率", FigureKind.PERCENT, "%", Decimal("99.47"))


def test_figures_in_yuan_move_into_the_table_as_one_undoable_step(db_path: Path, before_0003) -> None:
    def fill(store: Store) -> dict:
        rid = store.create(old_report([money("预算金额", None, "元"), money("已用金额", None, "元"), RATE]))
        efficiency = store.load(rid).section("efficiency")
        efficiency.figures[:2] = [money("预算金额", "77046900", "元"), money("已用金额", "76636900", "元")]
        edit = store.apply(SetSection(rid, efficiency))
        store.apply(SetField(rid, "contact_person", "张三"))
        return {"rid": rid, "edit": edit.id, "state": store.state_after(rid, edit.id), "now": store.load(rid)}

    made = before_0003(db_path, fill)
    rid, old = made["rid"], made["now"]
    with Store.open(db_path) as store:
        assert store.backup is not None and store.backup.exists()  # copied aside before migrating
        migrated = store.load(rid)
        total = migrated.table.budget.total
        assert (total.budget, total.spent) == (Decimal("7704.69"), Decimal("7663.69"))
        assert [f.source for f in migrated.section("efficiency").figures] == ["全年预算数", "全年执行数", "执行率"]
        assert as_read(rendered_texts(migrated)) == as_read(rendered_texts(old))  # 77046900 and 77046900.00 alike
        assert not migrated.table.is_blank  # the outline's indicator tree, as a new report has
        top = store.history(rid)[0]
        assert (top.kind, top.summary) == ("upgrade", UPGRADE)
        assert store.state_after(rid, made["edit"]) == made["state"]  # earlier states replay
        assert store.undo(rid).target_op == top.id
        assert store.load(rid) == old  # undo takes the whole upgrade back
        assert store.undo(rid) is not None and store.load(rid).contact_person == ""  # then the older steps
        store.undo(rid)
        assert store.load(rid).section("efficiency").figures[0].value is None
        store.redo(rid), store.redo(rid), store.redo(rid)
        assert store.load(rid) == migrated


def test_a_report_whose_figures_disagree_is_left_alone(db_path: Path, before_0003) -> None:
    def fill(store: Store) -> dict:
        report = old_report([money("预算金额", "8000"), money("已用金额", "7663.69"), RATE])
        report.section("conclusion").figures = [money("已用金额", "7600")]
        rid = store.create(report)
        return {"rid": rid, "now": store.load(rid), "rows": len(store.history(rid))}

    made = before_0003(db_path, fill)
    with Store.open(db_path) as store:
        assert store.load(made["rid"]) == made["now"]
        assert len(store.history(made["rid"])) == made["rows"]


def test_the_upgrade_ends_the_redo_branch_and_keeps_the_undone_step_in_history(db_path: Path, before_0003) -> None:
    def fill(store: Store) -> dict:
        rid = store.create(old_report([money("预算金额", "7704.69"), money("已用金额", "7663.69"), RATE]))
        store.apply(SetField(rid, "contact_phone", "020-12345678"))
        store.undo(rid)
        return {"rid": rid, "phone_op": store.history(rid)[1].id}

    made = before_0003(db_path, fill)
    with Store.open(db_path) as store:
        rid = made["rid"]
        assert not store.can_redo(rid)
        assert store.state_after(rid, made["phone_op"]).contact_phone == "020-12345678"
        undone = store.undo(rid)
        assert undone.target_op == store.history(rid)[1].id and store.load(rid).table == SelfEvalTable()
        assert store.redo(rid) is not None and store.load(rid).table.budget.total.spent == Decimal("7663.69")


@pytest.mark.parametrize("version", [1, 2])
def test_fixture_reports_quote_the_table_and_undo_back_to_how_they_were(version: int, tmp_path: Path) -> None:
    """The v1 and v2 fixtures' first report states 已用金额 7663.69万元 in 管理效率分析: it moves into the table."""
    db = tmp_path / "selfeval.db"
    shutil.copyfile(FIXTURES / f"schema-v{version}.db", db)
    with Store.open(db) as store:
        migrated = store.load(1)
        assert migrated.table.budget.total.spent == Decimal("7663.69")
        assert migrated.table.budget.total.budget is None
        spent = migrated.section("efficiency").figure("已用金额")
        assert spent.source == "全年执行数" and spent.value == Decimal("7663.69")
        assert "预算执行方面，已用金额7663.69万元。" in rendered_texts(migrated)
        store.undo(1)
        restored = store.load(1)
        assert restored.table == SelfEvalTable()
        assert restored.section("efficiency").figures == [f._replace(source="") for f in
                                                           migrated.section("efficiency").figures]


def test_a_report_the_model_cannot_read_is_left_as_it_is_and_the_file_opens(db_path: Path, before_0003) -> None:
    def fill(store: Store) -> dict:
        good = store.create(old_report([money("预算金额", "7704.69"), money("已用金额", "7663.69"), RATE]))
        damaged = store.create(old_report([money("预算金额", "7704.69"), money("已用金额", "7663.69"), RATE]))
        conn = store.db.conn
        (data,) = conn.execute("SELECT data FROM sections WHERE report_id = ? AND key = 'efficiency'",
                               (damaged,)).fetchone()
        conn.execute("UPDATE sections SET data = ? WHERE report_id = ? AND key = 'efficiency'",
                     (data.replace('"7663.69"', '"七千"'), damaged))
        conn.commit()
        return {"good": good, "damaged": damaged}

    made = before_0003(db_path, fill)
    with Store.open(db_path) as store:
        assert store.load(made["good"]).table.budget.total.spent == Decimal("7663.69")
        assert store.history(made["damaged"])[0].kind == "create"  # no upgrade step
        (data,) = store.db.conn.execute("SELECT data FROM sections WHERE report_id = ? AND key = 'efficiency'",
                                        (made["damaged"],)).fetchone()
        assert '"七千"' in data
