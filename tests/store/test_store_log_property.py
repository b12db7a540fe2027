"""Property: whatever is done to a report (section and field edits, typing bursts joined into one
step, undo, redo, restore), the compact log rebuilds every earlier state exactly (from the current
state, the first report or a keyframe), gives each row's before/after, and undoing everything gives
back the report as it was created.

Time is a fake clock (``now_text`` patched), so typing bursts form without sleeping.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selfeval.domain.fields import LAYOUT_FIELD
from selfeval.domain.layout import LayoutSettings
from selfeval.domain.model import Entry, Report, Section, SectionKind
from selfeval.store import RestoreState, SetField, SetSection, Store
from selfeval.store.replay import get_piece
from store_support import make_report

TEXT = st.text("甲乙丙。；\n", max_size=6)
EDIT = st.tuples(
    st.sampled_from(["insert_text", "insert_text", "delete_text", "intro", "add_entry", "remove_entry",
                     "move_entry", "lead", "new_section"]),
    st.integers(0, 10_000), st.integers(0, 10_000), TEXT)
# Saves of one section, 0.3 s apart: a burst of typing (one undo step), unless it adds a section.
SECTION_EDITS = st.tuples(st.sampled_from(["goals", "conclusion", "conclusion", "performance"]),
                          st.lists(EDIT, min_size=1, max_size=4))
FIELD_EDITS = st.one_of(
    st.tuples(st.just("contact_person"), st.sampled_from(["", "张三", "李四"])),
    st.tuples(st.just("year"), st.integers(2023, 2025)),
    st.tuples(st.just("sign_date"), st.sampled_from([None, dt.date(2025, 3, 1), dt.date(2025, 4, 2)])),
    st.tuples(st.just(LAYOUT_FIELD), st.tuples(st.sampled_from(["28", "29"]), st.booleans())),
)
ACTIONS = st.lists(st.tuples(
    st.sampled_from([0.3, 1.0, 2.5, 10.0]),  # seconds since the previous action (bursts join under 4 s)
    st.one_of(st.tuples(st.just("section"), SECTION_EDITS), st.tuples(st.just("field"), FIELD_EDITS),
              st.tuples(st.just("undo")), st.tuples(st.just("redo")),
              st.tuples(st.just("restore"), st.integers(0, 1000)))), max_size=30)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.timezone.utc)

    def text(self) -> str:
        return self.now.isoformat(timespec="microseconds")


def first_report() -> Report:
    report = make_report()
    sentence = "街道全年完成重点项目，群众满意度较上年提高。"
    report.section("conclusion").entries = [Entry(text=sentence * 30), Entry(lead="强化预算约束", text=sentence * 5)]
    return report


def edited(section: Section, edit: tuple) -> Section:
    action, a, b, text = edit
    entries = list(section.entries)
    if action == "insert_text" and entries:
        e = entries[a % len(entries)]
        at = b % (len(e.text) + 1)
        entries[a % len(entries)] = Entry(e.lead, e.text[:at] + text + e.text[at:])
    elif action == "delete_text" and entries:
        e = entries[a % len(entries)]
        at = b % (len(e.text) + 1)
        entries[a % len(entries)] = Entry(e.lead, e.text[:at] + e.text[at + 1 + len(text):])
    elif action == "intro":
        section.intro = text * (1 + a % 20)
    elif action == "add_entry":
        entries.insert(a % (len(entries) + 1), Entry(text=text))
    elif action == "remove_entry" and entries:
        del entries[a % len(entries)]
    elif action == "move_entry" and entries:
        entries.insert(b % len(entries), entries.pop(a % len(entries)))
    elif action == "lead" and entries:
        entries[a % len(entries)] = entries[a % len(entries)].copy_with(lead=text)
    elif action == "new_section":
        return Section(key=f"extra_{a % 3}", heading="其他需要说明的情况", level=1, kind=SectionKind.PARAGRAPHS,
                       entries=[Entry(text=text)], extra=True)
    section.entries = entries
    return section


def field_value(field: str, value):
    if field == LAYOUT_FIELD:
        return LayoutSettings()._replace(line_spacing_pt=Decimal(value[0]), level2_bold=value[1])
    return value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS, keyframe_rows=st.sampled_from([2, 5, 500]))
def test_any_walk_is_rebuilt_exactly(tmp_path_factory, actions, keyframe_rows) -> None:
    clock = Clock()
    path = tmp_path_factory.mktemp("walk") / "walk.db"
    with mock.patch("selfeval.store.writing.now_text", clock.text), \
            mock.patch.object(Store, "coalesce_seconds", 4.0), \
            mock.patch.object(Store, "keyframe_rows", keyframe_rows), Store.open(path) as store:
        rid = store.create(first_report())
        created = store.history(rid)[0].id
        states = {created: store.load(rid)}  # state right after each log row
        undo_stack: list[Report] = []  # the state before each live edit
        redo_stack: list[Report] = []

        def saved(record, before: Report, joinable: bool) -> None:
            """The model's view of an edit's result."""
            if record is None:
                assert store.load(rid) == before
                return
            if record.id in states:  # joined the typing burst before it: the same step
                assert joinable and not redo_stack
            else:
                undo_stack.append(before)
                redo_stack.clear()
            check(record)

        def check(record) -> None:
            states[record.id] = store.load(rid)
            assert record.after == get_piece(states[record.id].to_dict(), record.piece,
                                              record.section_key or record.field)
            assert store.can_undo(rid) == bool(undo_stack)
            assert store.can_redo(rid) == bool(redo_stack)

        for seconds, action in actions:
            clock.now += dt.timedelta(seconds=seconds)
            current = store.load(rid)
            if action[0] == "section":
                key, edits = action[1]
                for i, edit in enumerate(edits):
                    if i:
                        clock.now += dt.timedelta(seconds=0.3)
                    before = store.load(rid)
                    record = store.apply(SetSection(rid, edited(store.load(rid).section(key), edit)))
                    saved(record, before, joinable=bool(i) or seconds < Store.coalesce_seconds)
            elif action[0] == "field":
                field, value = action[1]
                saved(store.apply(SetField(rid, field, field_value(field, value))), current, joinable=False)
            elif action[0] == "restore":
                op_ids = sorted(states)
                saved(store.apply(RestoreState(rid, op_ids[action[1] % len(op_ids)])), current, joinable=False)
            elif action[0] == "undo":
                record = store.undo(rid)
                assert (record is None) == (not undo_stack)
                if record:
                    redo_stack.append(current)
                    assert store.load(rid) == undo_stack.pop()
                    check(record)
            else:
                record = store.redo(rid)
                assert (record is None) == (not redo_stack)
                if record:
                    undo_stack.append(current)
                    assert store.load(rid) == redo_stack.pop()
                    check(record)

        for op_id, expected in states.items():
            assert store.state_after(rid, op_id) == expected, op_id
        # Every row's before/after, rebuilt eagerly (one walk back) and lazily (one row at a time).
        ids = sorted(states)
        eager = {r.id: r for r in store.history(rid, limit=1000, with_data=True)}
        lazy = {r.id: r for r in store.history(rid, limit=1000)}
        assert sorted(eager) == ids
        for previous, op_id in zip([None, *ids], ids):
            record = eager[op_id]
            name = record.section_key or record.field
            expected_after = get_piece(states[op_id].to_dict(), record.piece, name)
            expected_before = None if previous is None else get_piece(states[previous].to_dict(), record.piece, name)
            assert (record.before, record.after) == (expected_before, expected_after), op_id
            assert (lazy[op_id].before, lazy[op_id].after) == (expected_before, expected_after), op_id

        furthest = redo_stack[0] if redo_stack else store.load(rid)  # after redoing all there is
        while store.undo(rid):
            pass
        assert store.load(rid) == states[created]
        while store.redo(rid):
            pass
        assert store.load(rid) == furthest
