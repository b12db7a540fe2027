"""SetExplanation: the 审核说明 of one finding set, replaced or withdrawn as one undoable step with a
Chinese history line; the log replays it; a report stored before the field existed takes one too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from selfeval.app.check import check_report
from selfeval.domain.checks import Explanation, ExplanationError, Severity, explain
from selfeval.bundled.samples import bundled_sample
from selfeval.store import SetExplanation, SetSection, Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def sample_id(store: Store) -> int:
    return store.create(bundled_sample())


def doubled(store: Store, report_id: int):
    report = store.load(report_id)
    return next(f for f in check_report(report).findings if f.rule == "text.doubled_word"), report


def test_explain_dismiss_withdraw_each_one_step_with_its_summary(store: Store, sample_id: int) -> None:
    finding, report = doubled(store, sample_id)
    assert _text_warnings(check_report(report)) == 2
    record = store.apply(SetExplanation(sample_id, finding.key, explain(finding, "原文如此，已核实。")))
    assert record.summary == "说明警告：“公开公开”" and record.field == "explanations"
    stored = store.load(sample_id)
    assert stored.explanations[finding.key].text == "原文如此，已核实。"
    assert _text_warnings(check_report(stored)) == 1

    record = store.apply(SetExplanation(sample_id, finding.key, explain(finding, "引用原文。", dismissed=True)))
    assert record.summary == "忽略警告：“公开公开”"
    record = store.apply(SetExplanation(sample_id, finding.key, None))
    assert record.summary == "撤回忽略：警告“公开公开”"
    assert store.load(sample_id).explanations == {}
    assert store.apply(SetExplanation(sample_id, finding.key, None)) is None  # nothing to withdraw
    summaries = [r.summary for r in store.history(sample_id)][:3]
    assert summaries == ["撤回忽略：警告“公开公开”", "忽略警告：“公开公开”", "说明警告：“公开公开”"]


def test_setting_the_same_explanation_again_changes_nothing(store: Store, sample_id: int) -> None:
    finding, _ = doubled(store, sample_id)
    explanation = explain(finding, "原文如此。")
    assert store.apply(SetExplanation(sample_id, finding.key, explanation)) is not None
    assert store.apply(SetExplanation(sample_id, finding.key, explanation)) is None


def test_undo_and_redo_and_state_after(store: Store, sample_id: int) -> None:
    finding, _ = doubled(store, sample_id)
    done = store.apply(SetExplanation(sample_id, finding.key, explain(finding, "原文如此。")))
    undo = store.undo(sample_id)
    assert undo.summary == "撤销：说明警告：“公开公开”"
    assert store.load(sample_id).explanations == {}
    assert _text_warnings(check_report(store.load(sample_id))) == 2
    assert store.redo(sample_id).summary == "重做：说明警告：“公开公开”"
    assert store.load(sample_id).explanations[finding.key].text == "原文如此。"
    assert store.state_after(sample_id, done.id).explanations[finding.key].text == "原文如此。"
    assert store.state_after(sample_id, undo.id).explanations == {}


def test_typing_after_an_explanation_keeps_it(store: Store, sample_id: int) -> None:
    finding, _ = doubled(store, sample_id)
    store.apply(SetExplanation(sample_id, finding.key, explain(finding, "原文如此。")))
    section = store.load(sample_id).section("conclusion")
    section.intro += "补充一句。"
    store.apply(SetSection(sample_id, section))
    assert _text_warnings(check_report(store.load(sample_id))) == 1


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema-v*.db")), ids=lambda p: p.stem)
def test_a_report_stored_before_the_field_existed_takes_one_and_undoes_it(fixture: Path, tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copyfile(fixture, db)
    with Store.open(db) as store:
        report_id = store.list_reports()[0].id
        assert store.load(report_id).explanations == {}
        key = "text.doubled_word|goals||任务任务"
        record = store.apply(SetExplanation(report_id, key,
                                            Explanation("已核实。", severity="警告", excerpt="任务任务")))
        assert record.summary == "说明警告：“任务任务”"
        assert list(store.load(report_id).explanations) == [key]
        store.undo(report_id)
        assert store.load(report_id).explanations == {}
        store.redo(report_id)
        assert list(store.load(report_id).explanations) == [key]
        assert store.state_after(report_id, record.id).explanations[key].text == "已核实。"


def test_an_unusable_explanation_is_refused_and_changes_nothing(store: Store, sample_id: int) -> None:
    finding, _ = doubled(store, sample_id)
    steps = len(store.history(sample_id))
    with pytest.raises(ExplanationError):
        store.apply(SetExplanation(sample_id, finding.key, Explanation("  ")))
    with pytest.raises(ExplanationError):
        store.apply(SetExplanation(sample_id, finding.key, Explanation("含有\x07控制字符")))
    assert len(store.history(sample_id)) == steps and store.load(sample_id).explanations == {}


def _text_warnings(result) -> int:
    """Open 警告 on the 说明 (the sample's unfinished 自评表 has notes of its own)."""
    return sum(1 for f in result.open_findings(Severity.WARNING) if f.place.field != "table")
