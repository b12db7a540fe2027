"""ReplaceText: a report-wide replace (sections and the report's own fields) as one undoable step."""

from __future__ import annotations

from selfeval.domain.find_replace import replace_all
from selfeval.bundled.samples import bundled_sample
from selfeval.store import ReplaceText, Store


def test_a_replace_all_is_one_logged_step_and_one_undo(store: Store) -> None:
    sample = bundled_sample()
    sample.year = 2025
    sample.title_override = "2024年度昌华街道部门整体支出绩效自评表说明"
    report_id = store.create(sample)
    before = store.load(report_id)
    replaced, count = replace_all(before, "2024年度", "2025年度")
    assert count > 2
    steps = len(store.history(report_id))

    record = store.apply(ReplaceText(report_id, replaced, "2024年度", "2025年度", count))

    assert record.kind == "replace_text" and record.summary == f"全部替换“2024年度”为“2025年度”（{count} 处）"
    assert len(store.history(report_id)) == steps + 1
    after = store.load(report_id)
    assert after.to_dict() == replaced.to_dict()
    assert after.title_override.startswith("2025年度")
    assert all("2024年度" not in s.plain_text() for s in after.sections)

    assert store.undo(report_id).summary == f"撤销：{record.summary}"
    assert store.load(report_id).to_dict() == before.to_dict()
    store.redo(report_id)
    assert store.load(report_id).to_dict() == replaced.to_dict()


def test_only_text_is_written_and_nothing_changed_is_no_step(store: Store) -> None:
    report_id = store.create(bundled_sample())
    current = store.load(report_id)
    assert store.apply(ReplaceText(report_id, current.copy(), "甲", "乙", 0)) is None
    other = current.copy()
    other.year = 1999  # not text: kept as stored
    other.unit_short = "多宝街道"
    store.apply(ReplaceText(report_id, other, "昌华", "多宝", 1))
    stored = store.load(report_id)
    assert stored.year == current.year and stored.unit_short == "多宝街道"


def test_replacing_one_occurrence_says_so(store: Store) -> None:
    report_id = store.create(bundled_sample())
    current = store.load(report_id)
    current.unit_short = "多宝街道"
    record = store.apply(ReplaceText(report_id, current, "昌华街道", "多宝街道", 1, everywhere=False))
    assert record.summary == "替换“昌华街道”为“多宝街道”"
