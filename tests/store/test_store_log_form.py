"""The log's stored form: an undo step keeps what changed, not the section twice."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from selfeval.domain.model import Entry
from selfeval.store import RestoreState, SetField, SetSection, Store, StoreError

LONG = "".join(f"第{i}项重点工作按计划完成，群众满意度较上年提高。" for i in range(8000))  # ~200,000 characters


def row(store: Store, op_id: int) -> dict:
    cur = store.db.conn.execute("SELECT delta, before, after FROM ops WHERE id = ?", (op_id,))
    return dict(zip(("delta", "before", "after"), cur.fetchone()))


def stored_bytes(store: Store, op_id: int) -> int:
    return sum(len(v.encode("utf-8")) for v in row(store, op_id).values() if v is not None)


def long_section(store: Store, report_id: int, text: str):
    section = store.load(report_id).section("conclusion")
    section.entries = [Entry(text="一是完成年度任务。"), Entry(text=text)]
    return section


def test_a_small_edit_of_a_long_section_stores_only_the_edit(store: Store, report_id: int) -> None:
    store.apply(SetSection(report_id, long_section(store, report_id, LONG)))
    edited = LONG[:100_000] + "新增字" + LONG[100_000:]
    record = store.apply(SetSection(report_id, long_section(store, report_id, edited)))
    assert row(store, record.id)["before"] is None and row(store, record.id)["after"] is None
    assert json.loads(row(store, record.id)["delta"]) == \
        ["o", {"entries": ["l", [1, ["o", {"text": ["t", [100_000, "", "新增字"]]}]]]}]
    assert stored_bytes(store, record.id) < 100
    # ... and the record handed back still has the whole section before and after.
    assert record.before["entries"][1]["text"] == LONG and record.after["entries"][1]["text"] == edited


def test_undo_and_redo_rows_store_nothing_but_their_target(store: Store, report_id: int) -> None:
    store.apply(SetSection(report_id, long_section(store, report_id, LONG)))
    edit = store.apply(SetSection(report_id, long_section(store, report_id, LONG + "尾")))
    undo = store.undo(report_id)
    redo = store.redo(report_id)
    for step in (undo, redo):
        assert step.target_op == edit.id and row(store, step.id) == {"delta": None, "before": None, "after": None}
    assert undo.before["entries"][1]["text"] == LONG + "尾" and undo.after["entries"][1]["text"] == LONG
    assert store.load(report_id).section("conclusion").entries[1].text == LONG + "尾"


def test_a_typing_burst_stays_one_small_step(store: Store, report_id: int, monkeypatch) -> None:
    store.apply(SetSection(report_id, long_section(store, report_id, LONG)))
    monkeypatch.setattr(Store, "coalesce_seconds", 4.0)
    clock = [dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)]
    monkeypatch.setattr("selfeval.store.writing.now_text", lambda: clock[0].isoformat(timespec="microseconds"))
    typed = LONG
    ids = set()
    for i in range(30):  # a character a second, first near the start, then near the end
        clock[0] += dt.timedelta(seconds=1)
        at = 1_000 if i < 15 else 150_000
        typed = typed[:at] + "字" + typed[at:]
        ids.add(store.apply(SetSection(report_id, long_section(store, report_id, typed))).id)
    assert len(ids) == 1
    (op_id,) = ids
    delta = json.loads(row(store, op_id)["delta"])
    assert delta == ["o", {"entries": ["l", [1, ["o", {"text": ["t", [1_000, "", "字" * 15],
                                                                  [149_985, "", "字" * 15]]}]]]}]
    assert stored_bytes(store, op_id) < 200
    store.undo(report_id)
    assert store.load(report_id).section("conclusion").entries[1].text == LONG


def test_field_rows_and_restores_store_what_changed(store: Store, report_id: int) -> None:
    first = store.apply(SetSection(report_id, long_section(store, report_id, LONG)))
    field = store.apply(SetField(report_id, "contact_person", "张三"))
    assert json.loads(row(store, field.id)["delta"]) == ["r", "", "张三"]
    store.apply(SetSection(report_id, long_section(store, report_id, LONG + "尾")))
    restore = store.apply(RestoreState(report_id, first.id))
    stored = row(store, restore.id)
    assert stored["before"] is None and stored["after"] is None
    assert stored_bytes(store, restore.id) < 300  # the contact person and one text hunk, not two reports
    assert store.load(report_id) == store.state_after(report_id, first.id)


def test_create_keeps_the_first_report_whole(store: Store, report_id: int) -> None:
    created = store.history(report_id)[0]
    stored = row(store, created.id)
    assert stored["delta"] is None and json.loads(stored["after"]) == store.load(report_id).to_dict()


def test_a_log_that_does_not_fit_the_report_is_refused_not_misapplied(store: Store, report_id: int) -> None:
    store.apply(SetSection(report_id, long_section(store, report_id, LONG)))
    field = store.apply(SetField(report_id, "contact_person", "张三"))
    newest = store.apply(SetSection(report_id, long_section(store, report_id, LONG + "尾")))
    # Damage: the newest edit's delta now claims it put in a different text than the report has.
    delta = json.loads(row(store, newest.id)["delta"])
    assert delta[1]["entries"][1][1][1]["text"] == ["t", [len(LONG), "", "尾"]]
    delta[1]["entries"][1][1][1]["text"][1][2] = "别"
    store.db.conn.execute("UPDATE ops SET delta = ? WHERE id = ?", (json.dumps(delta, ensure_ascii=False), newest.id))
    store.db.conn.commit()
    current = store.load(report_id)
    with pytest.raises(StoreError, match="历史记录"):
        store.state_after(report_id, field.id)  # rebuilt back from the current state
    with pytest.raises(StoreError, match="历史记录"):
        store.undo(report_id)
    assert store.load(report_id) == current and store.can_undo(report_id)  # nothing half done


def test_keyframes_bound_the_replay(store: Store, report_id: int, monkeypatch) -> None:
    monkeypatch.setattr(Store, "keyframe_rows", 10)
    states = {}
    for i in range(45):
        record = store.apply(SetField(report_id, "contact_person", f"联系人{i}"))
        states[record.id] = store.load(report_id)
    keyframes = [r[0] for r in store.db.conn.execute("SELECT id FROM ops WHERE snapshot IS NOT NULL ORDER BY id")]
    assert keyframes == [11, 21, 31, 41]  # row 1 is "create", a whole report too
    for op_id in keyframes:
        snapshot = store.db.conn.execute("SELECT snapshot FROM ops WHERE id = ?", (op_id,)).fetchone()[0]
        assert json.loads(snapshot) == states[op_id].to_dict()
    import selfeval.store.replay as replay

    replayed = []
    real = replay.change_of
    monkeypatch.setattr(replay, "change_of", lambda row: replayed.append(row["id"]) or real(row))
    for op_id, expected in states.items():
        replayed.clear()
        assert store.state_after(report_id, op_id) == expected
        assert len(replayed) <= 5, (op_id, replayed)  # never more than half the distance between keyframes


def test_a_burst_on_a_keyframe_keeps_it_current(store: Store, report_id: int, monkeypatch) -> None:
    monkeypatch.setattr(Store, "keyframe_rows", 2)
    monkeypatch.setattr(Store, "coalesce_seconds", 4.0)
    store.apply(SetField(report_id, "contact_person", "张三"))
    first = store.apply(SetSection(report_id, long_section(store, report_id, "第一稿")))
    again = store.apply(SetSection(report_id, long_section(store, report_id, "第一稿，改过")))
    assert again.id == first.id
    snapshot = store.db.conn.execute("SELECT snapshot FROM ops WHERE id = ?", (first.id,)).fetchone()[0]
    assert json.loads(snapshot) == store.load(report_id).to_dict()


def test_several_sections_in_one_step_store_what_changed(store: Store, report_id: int) -> None:
    from selfeval.store.operations import SetSections

    goals = store.load(report_id).section("goals")
    goals.intro = "新的目标说明"
    record = store.apply(SetSections(report_id, (goals,), "交换文件“x.selfeval”"))
    stored = row(store, record.id)
    assert stored["before"] is None and stored["after"] is None
    assert json.loads(stored["delta"]) == \
        ["o", {"sections": ["l", [1, ["o", {"intro": ["r", "", "新的目标说明"]}]]]}]
    store.undo(report_id)
    assert store.load(report_id).section("goals").intro == ""
