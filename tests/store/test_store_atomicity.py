"""An exception inside the funnel leaves data and log exactly as they were."""

from __future__ import annotations

import sqlite3

import pytest
from selfeval.domain.model import Section, SectionKind
from selfeval.store import CreateReport, RestoreState, SetField, SetSection, Store
from selfeval.store.writing import Writer
from store_support import edited_section, make_report


class Boom(RuntimeError):
    pass


def snapshot(store: Store) -> tuple:
    conn = store.db.conn
    return tuple(conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in ("reports", "sections", "ops"))


def failing_log(*args, **kwargs):
    raise Boom("log write failed")


def test_failed_log_write_rolls_back_the_edit(store: Store, report_id: int, monkeypatch) -> None:
    store.apply(SetSection(report_id, edited_section(store, report_id, "conclusion", "A")))
    before = snapshot(store)
    section = edited_section(store, report_id, "conclusion", "B")
    monkeypatch.setattr(Writer, "_log", failing_log)
    for op in (SetSection(report_id, section), SetField(report_id, "unit_short", "多宝街道"),
               RestoreState(report_id, store.history(report_id)[-1].id), CreateReport(make_report("华林街道"))):
        with pytest.raises(Boom):
            store.apply(op)
        assert snapshot(store) == before
    with pytest.raises(Boom):
        store.undo(report_id)
    assert snapshot(store) == before
    monkeypatch.undo()
    assert store.load(report_id).section("conclusion").intro == "A"
    assert not store.db.conn.in_transaction
    # The store still works after the failures.
    assert store.apply(SetSection(report_id, section)) is not None


def test_failed_redo_keeps_redo_available(store: Store, report_id: int, monkeypatch) -> None:
    store.apply(SetSection(report_id, edited_section(store, report_id, "conclusion", "A")))
    store.undo(report_id)
    before = snapshot(store)
    monkeypatch.setattr(Writer, "_log", failing_log)
    with pytest.raises(Boom):
        store.redo(report_id)
    monkeypatch.undo()
    assert snapshot(store) == before
    assert store.can_redo(report_id)


def test_failed_create_leaves_no_half_report(store: Store) -> None:
    report = make_report()
    dup = Section(key="goals", heading="重复", level=2, kind=SectionKind.PARAGRAPHS)
    report.sections.append(dup)  # two sections with one key cannot be stored
    with pytest.raises(ValueError):
        store.apply(CreateReport(report))
    assert store.list_reports() == [] and snapshot(store) == ([], [], [])


class _MalformedConnection:
    """A connection whose data pages turn out to be damaged mid-session (a failing disk, a bad copy)."""

    def __init__(self, conn):
        self._conn = conn

    def execute(self, *args, **kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_a_damaged_file_met_while_saving_is_a_chinese_store_error(store, report_id):
    from selfeval.store import StoreError

    section = store.load(report_id).section("goals")
    section.intro = "新的引言。"
    healthy = store._conn
    store._conn = _MalformedConnection(healthy)
    try:
        with pytest.raises(StoreError, match="已损坏"):
            store.apply(SetSection(report_id, section))
    finally:
        store._conn = healthy
    assert store.load(report_id).section("goals").intro != "新的引言。"
