"""history() and state_after(): any earlier state of a report can be rebuilt from the log."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selfeval.store import DeleteReport, RestoreReport, RestoreState, SetField, SetSection, Store, StoreError
from store_support import edited_section, make_report


def test_history_newest_first_with_undo_steps(store: Store, report_id: int) -> None:
    store.apply(SetSection(report_id, edited_section(store, report_id, "conclusion", "A")))
    store.apply(SetField(report_id, "contact_person", "张三"))
    store.undo(report_id)
    kinds = [r.kind for r in store.history(report_id)]
    assert kinds == ["undo", "set_field", "set_section", "create"]
    ids = [r.id for r in store.history(report_id)]
    assert ids == sorted(ids, reverse=True)
    assert [r.kind for r in store.history(report_id, limit=2)] == ["undo", "set_field"]
    undone = store.history(report_id)[1]
    assert undone.undone and store.history(report_id)[0].target_op == undone.id


def test_history_reads_before_after_when_used(store: Store, report_id: int) -> None:
    store.apply(SetSection(report_id, edited_section(store, report_id, "conclusion", "A")))
    quick = store.history(report_id)[0]
    assert quick.summary == "修改“自评结论”" and not quick.has_data
    assert quick.after["intro"] == "A" and quick.before["intro"] == ""
    eager = store.history(report_id, with_data=True)[0]
    assert eager.has_data and eager.after == quick.after == store.op(quick.id).after


def test_history_is_per_report(store: Store, report_id: int) -> None:
    other = store.create(make_report("多宝街道"))
    store.apply(SetField(other, "contact_person", "李四"))
    assert [r.kind for r in store.history(report_id)] == ["create"]
    assert len(store.history(other)) == 2


def test_state_after_every_step(store: Store, report_id: int) -> None:
    states = {store.history(report_id)[0].id: store.load(report_id)}
    steps = [
        lambda: store.apply(SetSection(report_id, edited_section(store, report_id, "conclusion", "一"))),
        lambda: store.apply(SetField(report_id, "year", 2025)),
        lambda: store.apply(DeleteReport(report_id)),
        lambda: store.apply(RestoreReport(report_id)),
        lambda: store.apply(SetSection(report_id, edited_section(store, report_id, "goals", "二"))),
        lambda: store.undo(report_id),
        lambda: store.redo(report_id),
        lambda: store.undo(report_id),
        lambda: store.apply(SetField(report_id, "unit_short", "多宝街道")),
    ]
    for step in steps:
        record = step()
        states[record.id] = store.load(report_id)
    for op_id, expected in states.items():
        assert store.state_after(report_id, op_id) == expected, op_id


def test_state_after_unknown_or_foreign_op(store: Store, report_id: int) -> None:
    other = store.create(make_report("多宝街道"))
    other_op = store.history(other)[0].id
    with pytest.raises(StoreError, match="历史记录"):
        store.state_after(report_id, other_op)
    with pytest.raises(StoreError, match="历史记录"):
        store.state_after(report_id, 9999)


# A random walk of edits, undos, redos and restores, checked against a plain model of the undo stack
# and against state_after for every step.
ACTIONS = st.lists(st.one_of(
    st.tuples(st.just("section"), st.sampled_from(["goals", "conclusion"]), st.text("甲乙丙", max_size=3)),
    st.tuples(st.just("field"), st.just("contact_person"), st.text("张李", max_size=2)),
    st.tuples(st.just("undo")), st.tuples(st.just("redo")), st.tuples(st.just("restore"), st.integers(0, 50)),
), max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_random_walk_matches_model(tmp_path_factory, actions) -> None:
    path = tmp_path_factory.mktemp("walk") / "walk.db"
    with Store.open(path) as store:
        rid = store.create(make_report())
        states = {store.history(rid)[0].id: store.load(rid)}
        undo_stack: list = []  # states before each live edit
        redo_stack: list = []
        for action in actions:
            current = store.load(rid)
            if action[0] == "section":
                record = store.apply(SetSection(rid, edited_section(store, rid, action[1], action[2])))
            elif action[0] == "field":
                record = store.apply(SetField(rid, action[1], action[2]))
            elif action[0] == "restore":
                op_ids = sorted(states)
                record = store.apply(RestoreState(rid, op_ids[action[1] % len(op_ids)]))
            elif action[0] == "undo":
                record = store.undo(rid)
                assert (record is None) == (not undo_stack)
                if record:
                    redo_stack.append(current)
                    assert store.load(rid) == undo_stack.pop()
            else:
                record = store.redo(rid)
                assert (record is None) == (not redo_stack)
                if record:
                    undo_stack.append(current)
                    assert store.load(rid) == redo_stack.pop()
            if action[0] in ("section", "field", "restore"):
                if record is None:
                    assert store.load(rid) == current
                else:
                    undo_stack.append(current)
                    redo_stack.clear()
            if record is not None:
                states[record.id] = store.load(rid)
            assert store.can_undo(rid) == bool(undo_stack)
            assert store.can_redo(rid) == bool(redo_stack)
        for op_id, expected in states.items():
            assert store.state_after(rid, op_id) == expected
