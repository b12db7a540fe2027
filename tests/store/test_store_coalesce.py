"""Saves of one section during a run of typing join one undo step; a pause or another change starts a new one."""

from __future__ import annotations

import datetime as dt

import pytest
from selfeval.domain.model import Entry
from selfeval.store import Store
from selfeval.store.operations import SetField, SetSection


@pytest.fixture
def bursty(monkeypatch):
    monkeypatch.setattr(Store, "coalesce_seconds", 4.0)


def _typed(store: Store, report_id: int, key: str, text: str):
    section = store.load(report_id).section(key)
    section.entries = [Entry("", text)]
    return store.apply(SetSection(report_id, section))


def test_a_burst_of_saves_is_one_step_and_one_undo(bursty, store, report_id):
    original = store.load(report_id).section("goals").to_dict()
    first = _typed(store, report_id, "goals", "一")
    for text in ("一二", "一二三", "一二三四"):
        again = _typed(store, report_id, "goals", text)
        assert again.id == first.id
    history = store.history(report_id)
    assert [h.kind for h in history].count("set_section") == 1
    assert store.load(report_id).section("goals").entries[0].text == "一二三四"
    store.undo(report_id)
    assert store.load(report_id).section("goals").to_dict() == original
    store.redo(report_id)
    assert store.load(report_id).section("goals").entries[0].text == "一二三四"


def test_state_after_a_burst_is_its_last_save(bursty, store, report_id):
    op = _typed(store, report_id, "goals", "甲")
    _typed(store, report_id, "goals", "甲乙")
    assert store.state_after(report_id, op.id).section("goals").entries[0].text == "甲乙"


def test_another_section_or_field_starts_a_new_step(bursty, store, report_id):
    a = _typed(store, report_id, "goals", "甲")
    b = _typed(store, report_id, "conclusion", "乙")
    c = _typed(store, report_id, "goals", "甲丙")
    assert len({a.id, b.id, c.id}) == 3
    store.apply(SetField(report_id, "contact_person", "张三"))
    d = _typed(store, report_id, "goals", "甲丙丁")
    assert d.id != c.id


def test_a_pause_starts_a_new_step(bursty, store, report_id, monkeypatch):
    a = _typed(store, report_id, "goals", "甲")
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=10)
    monkeypatch.setattr("selfeval.store.writing.now_text", lambda: later.isoformat(timespec="microseconds"))
    b = _typed(store, report_id, "goals", "甲乙")
    assert b.id != a.id
    store.undo(report_id)
    assert store.load(report_id).section("goals").entries[0].text == "甲"


def test_after_an_undo_the_next_save_is_a_new_step(bursty, store, report_id):
    original = store.load(report_id).section("goals").entries
    _typed(store, report_id, "goals", "甲")
    store.undo(report_id)
    b = _typed(store, report_id, "goals", "乙")
    c = _typed(store, report_id, "goals", "乙丙")
    assert b.id == c.id
    assert not store.can_redo(report_id)
    store.undo(report_id)
    assert store.load(report_id).section("goals").entries == original
