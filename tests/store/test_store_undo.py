"""Undo and redo across the whole report, through the log."""

from __future__ import annotations

from pathlib import Path

from selfeval.domain.model import Entry, Section, SectionKind
from selfeval.store import RestoreState, SetField, SetSection, Store
from store_support import edited_section


def intro(store: Store, report_id: int, key: str = "conclusion") -> str:
    return store.load(report_id).section(key).intro


def test_nothing_to_undo_after_create(store: Store, report_id: int) -> None:
    assert not store.can_undo(report_id) and not store.can_redo(report_id)
    assert store.undo(report_id) is None and store.redo(report_id) is None


def test_undo_redo_walk_across_sections_and_fields(store: Store, report_id: int) -> None:
    store.apply(SetSection(report_id, edited_section(store, report_id, "conclusion", "A")))
    store.apply(SetField(report_id, "unit_short", "多宝街道"))
    store.apply(SetSection(report_id, edited_section(store, report_id, "conclusion", "AB")))

    record = store.undo(report_id)
    assert record.kind == "undo" and record.summary == "撤销：修改“自评结论”"
    assert record.before["intro"] == "AB" and record.after["intro"] == "A"
    assert intro(store, report_id) == "A"
    assert store.undo(report_id).summary == "撤销：修改单位简称"
    assert store.load(report_id).unit_short == "昌华街道"
    assert store.info(report_id).unit_short == "昌华街道"
    store.undo(report_id)
    assert intro(store, report_id) == ""
    assert not store.can_undo(report_id) and store.can_redo(report_id)

    assert store.redo(report_id).summary == "重做：修改“自评结论”"
    assert intro(store, report_id) == "A"
    store.redo(report_id)
    assert store.load(report_id).unit_short == "多宝街道"
    store.redo(report_id)
    assert intro(store, report_id) == "AB"
    assert not store.can_redo(report_id) and store.redo(report_id) is None


def test_new_edit_drops_redo_branch(store: Store, report_id: int) -> None:
    store.apply(SetSection(report_id, edited_section(store, report_id, "conclusion", "A")))
    store.apply(SetSection(report_id, edited_section(store, report_id, "conclusion", "AB")))
    store.undo(report_id)
    store.apply(SetField(report_id, "contact_person", "李四"))
    assert not store.can_redo(report_id)
    assert store.redo(report_id) is None
    # The undo stack is now: A, contact person.
    store.undo(report_id)
    assert store.load(report_id).contact_person == ""
    assert intro(store, report_id) == "A"
    store.undo(report_id)
    assert intro(store, report_id) == ""
    store.redo(report_id)
    store.redo(report_id)
    assert (intro(store, report_id), store.load(report_id).contact_person) == ("A", "李四")
    assert not store.can_redo(report_id)


def test_undo_redo_survive_reopening(db_path: Path, store: Store, report_id: int) -> None:
    store.apply(SetSection(report_id, edited_section(store, report_id, "conclusion", "A")))
    store.apply(SetSection(report_id, edited_section(store, report_id, "conclusion", "AB")))
    store.undo(report_id)
    store.close()

    with Store.open(db_path) as again:
        assert again.can_undo(report_id) and again.can_redo(report_id)
        again.redo(report_id)
        assert intro(again, report_id) == "AB"
        again.undo(report_id)
        again.undo(report_id)
        assert intro(again, report_id) == ""
    with Store.open(db_path) as third:
        assert intro(third, report_id) == ""
        assert not third.can_undo(report_id)
        third.redo(report_id)
        assert intro(third, report_id) == "A"


def test_undo_of_added_section_removes_it(store: Store, report_id: int) -> None:
    extra = Section(key="extra_1", heading="附件", level=1, kind=SectionKind.PARAGRAPHS, entries=[Entry(text="无")])
    store.apply(SetSection(report_id, extra))
    store.undo(report_id)
    assert "extra_1" not in [s.key for s in store.load(report_id).sections]
    store.redo(report_id)
    assert store.load(report_id).sections[-1] == extra


def test_restore_state_is_one_undoable_step(store: Store, report_id: int) -> None:
    first = store.apply(SetSection(report_id, edited_section(store, report_id, "conclusion", "第一稿")))
    store.apply(SetField(report_id, "unit_short", "多宝街道"))
    store.apply(SetSection(report_id, edited_section(store, report_id, "conclusion", "第二稿")))
    store.apply(SetSection(report_id, edited_section(store, report_id, "goals", "目标改写")))
    latest = store.load(report_id)

    record = store.apply(RestoreState(report_id, first.id))
    assert record.kind == "restore_state" and record.summary.startswith("恢复到 ")
    assert "修改“自评结论”之后" in record.summary
    restored = store.load(report_id)
    assert restored == store.state_after(report_id, first.id)
    assert (restored.section("conclusion").intro, restored.unit_short) == ("第一稿", "昌华街道")
    assert store.info(report_id).unit_short == "昌华街道"

    assert store.undo(report_id).summary.startswith("撤销：恢复到")
    assert store.load(report_id) == latest
    store.redo(report_id)
    assert store.load(report_id) == restored
    # Restoring to the state the report is already in changes nothing.
    assert store.apply(RestoreState(report_id, record.id)) is None
