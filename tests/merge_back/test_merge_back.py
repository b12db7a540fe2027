"""「合并回报告」: a .docx the product exported, reviewed in Word, WPS and LibreOffice (修订, 批注, a changed
自评表 cell, a paragraph added), merged back into the report it came from."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from producers import LIBREOFFICE, PRODUCERS, WORD, WPS, Edits, edit

from selfeval.app.merge_back import MergeBackError, plan_merge_back
from selfeval.bundled.report_table import table_landscape, table_of
from selfeval.bundled.samples import bundled_sample
from selfeval.domain.export_stamp import ExportStamp
from selfeval.domain.merge import Decision
from selfeval.exchange.unpack import Choice
from selfeval.export.package import docx_bytes
from selfeval.importers.docx_reader import read_docx
from selfeval.importers.docx_revisions import read_edited_docx, resolved_docx

WHEN = dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc)
OLD_WORDS = "筑牢基层党建根基"
NEW_WORDS = "夯实基层党建根基"
DELETED = "，携手企业共同发展"
ADDED = "同时，建立绩效问题整改台账，逐项销号管理。"
AFTER = "倒逼各部门提升资金使用效益"
COMMENTED = "零基预算"
NOTE = "请补充零基预算的具体成效。"


def review() -> Edits:
    return Edits(replace=[(OLD_WORDS, NEW_WORDS)], delete=[DELETED], add_paragraph=[(AFTER, ADDED)],
                 comment=[(COMMENTED, NOTE)], cell=[("完成率152.83%", "完成率152.83%，超额部分为结转项目")])


def exported(store, report_id: int, *, table: bool = True) -> bytes:
    report = store.load(report_id)
    stamp = ExportStamp.of(report_id, store.info(report_id).created_at, report)
    if not table:
        return docx_bytes(report, when=WHEN, stamp=stamp)
    return docx_bytes(report, when=WHEN, table=table_of(report), landscape=table_landscape(report), stamp=stamp)


@pytest.fixture
def sample_id(store) -> int:
    return store.create(bundled_sample())


def text_of(data: bytes) -> list[str]:
    return read_docx(data).paragraphs


@pytest.mark.parametrize("producer", PRODUCERS, ids=lambda p: p.name)
def test_the_stamp_survives_each_producer(store, sample_id, producer):
    data = edit(exported(store, sample_id), producer, review())
    found = read_edited_docx(data)
    assert found.stamp is not None and found.stamp.report_id == sample_id
    if producer is WPS:
        assert found.properties["KSOProductBuildVer"].startswith("2052")


@pytest.mark.parametrize("producer", PRODUCERS, ids=lambda p: p.name)
def test_revisions_and_comments_are_read_with_author_and_place(store, sample_id, producer):
    found = read_edited_docx(edit(exported(store, sample_id), producer, review()))
    kinds = {(r.kind, r.text) for r in found.revisions}
    assert ("del", OLD_WORDS) in kinds and ("ins", NEW_WORDS) in kinds
    assert ("ins", ADDED) in kinds
    deleted = "".join(r.text for r in found.revisions if r.kind == "del" and r.text != OLD_WORDS
                      and "完成率" not in r.text)
    assert deleted == DELETED  # WPS writes it a character a run: read as the same words
    assert {r.author for r in found.revisions} == {producer.author}
    [comment] = found.comments
    assert (comment.author, comment.text, comment.anchor) == (producer.author, NOTE, COMMENTED)
    assert COMMENTED in comment.context


@pytest.mark.parametrize("producer", PRODUCERS, ids=lambda p: p.name)
def test_accepting_all_reads_as_the_reviewer_sees_it_and_rejecting_all_as_exported(store, sample_id, producer):
    original = exported(store, sample_id)
    data = edit(original, producer, review())
    accepted = "\n".join(text_of(resolved_docx(data, True)))
    assert NEW_WORDS in accepted and OLD_WORDS not in accepted and DELETED not in accepted
    assert ADDED in accepted and "超额部分为结转项目" in accepted
    assert text_of(resolved_docx(data, False)) == text_of(original)


@pytest.mark.parametrize("producer", PRODUCERS, ids=lambda p: p.name)
def test_merge_back_into_the_same_report(store, sample_id, producer):
    """Done when: each change shown and chosen; the result exports to the text the reviewer's reader sees."""
    data = edit(exported(store, sample_id), producer, review())
    plan = plan_merge_back(store, data, f"审核稿（{producer.name}）.docx")
    assert plan.report_id == sample_id
    changed = {i.key: i.decision for i in plan.changes}
    assert changed["goals"] is Decision.THEIRS and changed["measures"] is Decision.THEIRS
    assert any(k.startswith("table:indicator/") and d is Decision.THEIRS for k, d in changed.items())
    assert [key for _c, key in plan.comment_places] == ["efficiency"]
    record = store.apply(plan.operation(keep_comments=True))
    assert f"审核稿（{producer.name}）.docx" in record.summary
    merged = store.load(sample_id)
    assert merged.section("efficiency").notes == [f"{producer.author}（针对“{COMMENTED}”）：{NOTE}"]
    # The 说明 as exported now reads as the edited document does with every change accepted.
    edited_text = [p for p in text_of(resolved_docx(data, True))]
    now = text_of(docx_bytes(merged, when=WHEN, table=table_of(merged), landscape=table_landscape(merged)))
    start = edited_text.index(next(p for p in edited_text if p.startswith("一、")))
    assert now[now.index(edited_text[start]):] == edited_text[start:]
    assert any("超额部分为结转项目" in i.analysis for g in merged.table.groups for c in g.categories
               for i in c.indicators)
    store.undo(sample_id)  # one step
    assert store.load(sample_id).to_dict() == store.state_after(sample_id, store.history(sample_id)[-1].id).to_dict()


def test_changes_accepted_one_by_one(store, sample_id):
    data = edit(exported(store, sample_id, table=False), WORD, review())
    found = read_edited_docx(data)
    keep = {r.id for r in found.revisions if r.text in (OLD_WORDS, NEW_WORDS)}  # the replacement only
    plan = plan_merge_back(store, data, "a.docx", accepted=keep)
    store.apply(plan.operation())
    goals = store.load(sample_id).section("goals").plain_text()
    assert NEW_WORDS in goals and DELETED in goals and ADDED not in goals


def test_a_change_made_on_both_sides_needs_a_choice(store, sample_id):
    data = edit(exported(store, sample_id, table=False), LIBREOFFICE, review())
    section = store.load(sample_id).section("goals")
    section.intro = "本机在导出后改过的导语。"
    from selfeval.store.operations import SetSection

    store.apply(SetSection(sample_id, section))
    plan = plan_merge_back(store, data, "b.docx")
    [conflict] = plan.conflicts
    assert conflict.key == "goals"
    with pytest.raises(MergeBackError, match="请先选择"):
        plan.operation()
    store.apply(plan.operation({"goals": Choice.MINE}))
    assert store.load(sample_id).section("goals").intro == "本机在导出后改过的导语。"
    assert ADDED in store.load(sample_id).section("measures").plain_text()  # the other change taken
    store.undo(sample_id)
    both = conflict.mine_text() + "\n" + conflict.theirs_text()  # 「两者都保留」, ours first
    store.apply(plan.operation({"goals": both}))
    text = store.load(sample_id).section("goals").plain_text()
    assert "本机在导出后改过的导语。" in text and NEW_WORDS in text


def test_a_document_of_another_report_is_refused(store, sample_id, tmp_path):
    data = exported(store, sample_id)
    from selfeval.store import Store

    other = Store.open(tmp_path / "other.db")
    try:
        other.create(bundled_sample())
        with pytest.raises(MergeBackError, match="另一份报告"):
            plan_merge_back(other, data, "x.docx")
    finally:
        other.close()


def test_a_document_without_a_stamp_is_refused(store, sample_id):
    data = docx_bytes(store.load(sample_id), when=WHEN)
    with pytest.raises(MergeBackError, match="不是从本程序导出的"):
        plan_merge_back(store, data, "x.docx")


def test_the_stamp_is_in_the_custom_properties(store, sample_id):
    with zipfile.ZipFile(io.BytesIO(exported(store, sample_id))) as zf:
        xml = zf.read("docProps/custom.xml").decode()
        assert "custom-properties" in zf.read("[Content_Types].xml").decode()
    assert "selfeval.report_uid" in xml and "selfeval.version" in xml


def test_the_table_alone_merges_its_cells_and_leaves_the_text(store, sample_id):
    from selfeval.export.package import table_docx_bytes

    report = store.load(sample_id)
    stamp = ExportStamp.of(sample_id, store.info(sample_id).created_at, report)
    data = table_docx_bytes(report, table_of(report), when=WHEN, stamp=stamp)
    edited = edit(data, WPS, Edits(cell=[("9170.00万元", "9200.00万元")]))  # amounts print with two decimals
    plan = plan_merge_back(store, edited, "自评表.docx")
    assert plan.sections == ()  # no 说明 in the file: nothing of it is taken as deleted
    [item] = plan.changes
    assert item.key.startswith("table:indicator/") and "9200" in item.theirs_text()
    store.apply(plan.operation())
    actual = [i.actual for g in store.load(sample_id).table.groups for c in g.categories for i in c.indicators
              if i.name == "完成固定资产"]
    assert actual[0] == Decimal("9200")


def test_a_heading_the_reviewer_added_is_kept_as_an_extra_section(store, sample_id):
    from producers import Edits as E

    data = edit(exported(store, sample_id, table=False), WORD,
                E(add_paragraph=[(AFTER, "五、其他需要说明的事项"), ("五、其他需要说明的事项", "本年度无其他事项。")]))
    plan = plan_merge_back(store, data, "c.docx")
    [new] = [i for i in plan.changes if i.decision is Decision.NEW]
    assert "本年度无其他事项。" in new.theirs_text()
    store.apply(plan.operation())
    merged = store.load(sample_id)
    assert merged.sections[-1].heading.endswith("其他需要说明的事项")
    assert "本年度无其他事项。" in merged.sections[-1].plain_text()


def test_a_file_that_is_no_word_document_is_refused_in_one_line(store, sample_id):
    from selfeval.domain.errors import UserError

    with pytest.raises(UserError, match="不是 Word 文档"):
        plan_merge_back(store, b"%PDF-1.4 ...", "x.pdf")
    with pytest.raises(UserError, match="已损坏"):
        plan_merge_back(store, exported(store, sample_id)[:3000], "cut.docx")


def test_the_exported_step_is_found_straight_from_the_stamp(store, sample_id, monkeypatch):
    from selfeval.app.merge_back import locate
    from selfeval.store.operations import SetSection

    report = store.load(sample_id)
    stamp = ExportStamp.of(sample_id, store.info(sample_id).created_at, report, store.history(sample_id)[0].id)
    for text in ("后来改的一", "后来改的二"):
        section = store.load(sample_id).section("problems")
        section.intro = text
        store.apply(SetSection(sample_id, section))
    monkeypatch.setattr(type(store), "history", lambda *a, **k: pytest.fail("the history was searched"))
    found = locate(store, stamp)
    assert found.base.to_dict() == report.to_dict() and found.mine.section("problems").intro == "后来改的二"


def test_a_budget_amount_changed_in_the_word_table_merges_as_a_table_item(store, sample_id):
    data = edit(exported(store, sample_id), WORD, Edits(replace=[("7,663.69", "7,670.00")]))  # 全年执行数 (B), 千分位
    plan = plan_merge_back(store, data, "d.docx")
    [item] = plan.changes
    assert item.key == "table:budget/total" and item.decision is Decision.THEIRS
    store.apply(plan.operation())
    assert str(store.load(sample_id).table.budget.rows[0].spent) == "7670.00"
