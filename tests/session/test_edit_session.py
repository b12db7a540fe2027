"""The edit session driven without widgets: typing, the op runner, undo/redo/restore, reload, closing."""

from __future__ import annotations

import sqlite3

from session_support import Recorder
from selfeval.domain.model import Entry
from selfeval.session.edit_session import EditSession
from selfeval.store import CreateReport, DeleteReport, SetField, Store
from selfeval.bundled.samples import bundled_sample


def _edited(session: EditSession, key: str, text: str):
    section = session.report.section(key)
    section.entries = [Entry(text=text)] + section.entries[1:]
    return section


def test_open_reports_the_report_and_close_forgets_it(session, events, report_id):
    assert session.open(report_id)
    assert session.report_id == report_id and session.report.unit_short == "昌华街道"
    assert events.seen["opened"][0][0] == report_id
    session.close()
    assert not session.is_open and events.seen["closed"] == [()]


def test_open_a_missing_or_binned_report_fails_once_with_a_reason(session, events, store, report_id):
    assert not session.open(999)
    store.apply(DeleteReport(report_id))
    assert not session.open(report_id)
    assert [title for title, _ in events.seen["failed"]] == ["无法打开报告", "无法打开报告"]
    assert "回收站" in events.seen["failed"][1][1]
    assert not session.is_open


def test_typing_is_saved_by_the_timer_and_not_reloaded(session, events, store, report_id, timers):
    session.open(report_id)
    section = _edited(session, "goals", "新的第一条")
    session.edit_section("goals", lambda: section)
    assert session.pending and store.load(report_id).section("goals").entries[0].text != "新的第一条"
    timers.timer.fire()
    assert store.load(report_id).section("goals").entries[0].text == "新的第一条"
    assert session.report.section("goals").entries[0].text == "新的第一条"
    assert [r[0].kind for r in events.seen["applied"]] == ["set_section"]
    assert events.seen["reloaded"] == []  # the editor is the source of what it shows


def test_run_op_saves_pending_typing_first(session, store, report_id, timers):
    session.open(report_id)
    section = _edited(session, "goals", "先保存的输入")
    session.edit_section("goals", lambda: section)
    session.run_op(SetField(report_id, "contact_person", "张三"))
    stored = store.load(report_id)
    assert stored.section("goals").entries[0].text == "先保存的输入"
    assert stored.contact_person == "张三"
    assert not timers.timer.active


def test_run_op_on_the_open_report_reloads_only_what_changed(session, events, report_id):
    session.open(report_id)
    record = session.run_op(SetField(report_id, "contact_person", "李四"))
    assert record is not None and events.seen["applied"][-1][0].id == record.id
    [(change,)] = events.seen["reloaded"]
    assert change.fields and not change.shape and change.sections == frozenset()
    assert session.report.contact_person == "李四"


def test_run_op_on_another_report_does_not_reload(session, events, store, report_id):
    session.open(report_id)
    other = store.create(bundled_sample())
    session.run_op(SetField(other, "contact_person", "王五"))
    assert events.seen["reloaded"] == [] and len(events.seen["applied"]) == 1


def test_a_failing_operation_is_reported_once_and_changes_nothing(session, events, report_id):
    session.open(report_id)
    assert session.run_op(SetField(report_id, "year", 1900), "无法修改年度") is None
    [(title, message)] = events.seen["failed"]
    assert title == "无法修改年度" and "年度" in message
    assert events.seen["applied"] == []


def test_undo_and_redo_reload_the_changed_section(session, events, store, report_id, timers):
    session.open(report_id)
    before = session.report.section("problems").entries[0].text
    section = _edited(session, "problems", "改过的问题")
    session.edit_section("problems", lambda: section)
    record = session.undo()  # saves the pending typing first, then undoes it
    assert record is not None and record.kind == "undo" and record.section_key == "problems"
    assert session.report.section("problems").entries[0].text == before
    assert events.seen["reloaded"][-1][0].sections == frozenset({"problems"})
    assert session.redo().kind == "redo"
    assert store.load(report_id).section("problems").entries[0].text == "改过的问题"
    assert session.can_undo() and not session.can_redo()


def test_restore_brings_back_an_earlier_state_as_one_step(session, store, report_id):
    session.open(report_id)
    first = store.history(report_id)[0].id  # the creation
    session.run_op(SetField(report_id, "contact_person", "甲"))
    session.run_op(SetField(report_id, "signature", "乙"))
    record = session.restore(first)
    assert record.kind == "restore_state"
    assert session.report.contact_person == "" and session.report.signature == bundled_sample().signature
    session.undo()
    assert session.report.signature == "乙"


def test_deleting_the_open_report_closes_it(session, events, report_id):
    session.open(report_id)
    session.run_op(DeleteReport(report_id))
    assert not session.is_open and events.seen["closed"] == [()]


def test_a_locked_database_does_not_block_and_the_save_is_retried(session, events, store, report_id, db_path, timers):
    session.open(report_id)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    section = _edited(session, "goals", "被锁时输入")
    session.edit_section("goals", lambda: section)
    timers.timer.fire()
    assert session.pending and session.autosaver.failures == 1 and timers.timer.active
    assert len(events.seen["save_failed"]) == 1 and "占用" in events.seen["save_failed"][0]
    other.execute("ROLLBACK")
    other.close()
    timers.timer.fire()  # the retry, on its own
    assert not session.pending
    assert store.load(report_id).section("goals").entries[0].text == "被锁时输入"


def test_a_read_only_session_saves_nothing_and_refuses_operations(db_path, report_id, timers):
    store = Store.open(db_path, read_only=True)
    try:
        session = EditSession(store, timers)
        seen = Recorder(session)
        assert session.open(report_id)
        session.edit_section("goals", lambda: session.report.section("goals"))
        assert not session.pending
        assert session.run_op(CreateReport(bundled_sample())) is None
        assert seen.seen["failed"][0][1].startswith("数据库以只读方式打开")
        assert not session.can_undo()
    finally:
        store.close()
