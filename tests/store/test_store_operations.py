"""Each operation through the funnel: the data changes and exactly one log row is added."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from selfeval.domain.layout import LayoutSettings
from selfeval.domain.model import Entry, Section, SectionKind
from selfeval.store import (
    CreateReport,
    DeleteReport,
    PurgeReport,
    RestoreReport,
    SetField,
    SetSection,
    Store,
    StoreError,
)
from selfeval.domain.errors import UserError
from selfeval.domain.fields import LAYOUT_FIELD
from store_support import edited_section, make_report


def log_size(store: Store, report_id: int) -> int:
    return len(store.history(report_id, limit=100_000))


def test_create_report_round_trips_and_logs(store: Store) -> None:
    report = make_report()
    record = store.apply(CreateReport(report, note="测试"))
    assert record.kind == "create"
    assert record.summary == "新建报告“2024年度昌华街道部门整体支出绩效自评表说明”（测试）"
    assert store.load(record.report_id) == report
    assert record.after == report.to_dict()
    info = store.info(record.report_id)
    assert (info.unit_short, info.year, info.template_id) == ("昌华街道", 2024, "liwan-street-2024")
    assert info.title == report.title
    assert info.created_at == info.updated_at and info.deleted_at is None
    assert info.created_at.tzinfo is not None


def test_set_section_changes_one_section_and_logs_before_after(store: Store, report_id: int) -> None:
    before = store.load(report_id)
    section = edited_section(store, report_id, "conclusion", "全年目标均已完成。")
    record = store.apply(SetSection(report_id, section))
    assert record.kind == "set_section" and record.section_key == "conclusion"
    assert record.summary == "修改“自评结论”"
    assert record.before == before.section("conclusion").to_dict()
    assert record.after == section.to_dict()
    after = store.load(report_id)
    assert after.section("conclusion").intro == "全年目标均已完成。"
    assert [s.key for s in after.sections] == [s.key for s in before.sections]  # order kept
    assert store.history(report_id)[0].id == record.id
    assert store.info(report_id).updated_at >= store.info(report_id).created_at


def test_set_section_with_new_key_appends_it(store: Store, report_id: int) -> None:
    extra = Section(key="extra_1", heading="其他需要说明的情况", level=1, kind=SectionKind.PARAGRAPHS,
                    entries=[Entry(text="无。")], extra=True)
    record = store.apply(SetSection(report_id, extra))
    assert record.summary == "新增“其他需要说明的情况”" and record.before is None
    report = store.load(report_id)
    assert report.sections[-1] == extra


def test_no_op_is_not_logged(store: Store, report_id: int) -> None:
    n = log_size(store, report_id)
    unchanged = store.load(report_id)
    assert store.apply(SetSection(report_id, unchanged.section("goals"))) is None
    assert store.apply(SetField(report_id, "unit_short", "昌华街道")) is None
    assert store.apply(SetField(report_id, LAYOUT_FIELD, LayoutSettings())) is None
    assert store.apply(RestoreReport(report_id)) is None  # not in the bin
    assert log_size(store, report_id) == n


@pytest.mark.parametrize(("field", "value", "stored", "summary"), [
    ("unit_name", "广州市荔湾区人民政府多宝街道办事处", "广州市荔湾区人民政府多宝街道办事处", "修改单位全称"),
    ("unit_short", "多宝街道", "多宝街道", "修改单位简称"),
    ("year", 2025, 2025, "修改年度"),
    ("title_override", "关于2024年度整体支出绩效自评的说明", "关于2024年度整体支出绩效自评的说明", "修改标题"),
    ("contact_person", "李四", "李四", "修改联系人"),
    ("contact_phone", "020-81234567", "020-81234567", "修改联系电话"),
    ("signature", "昌华街道办事处", "昌华街道办事处", "修改落款"),
    ("sign_date", dt.date(2025, 3, 1), "2025-03-01", "修改成文日期"),
])
def test_set_field(store: Store, report_id: int, field: str, value, stored, summary: str) -> None:
    record = store.apply(SetField(report_id, field, value))
    assert record.field == field and record.after == stored and record.summary == summary
    assert getattr(store.load(report_id), field) == value


def test_set_field_mirrors_list_columns(store: Store, report_id: int) -> None:
    store.apply(SetField(report_id, "unit_short", "多宝街道"))
    store.apply(SetField(report_id, "year", 2025))
    info = store.info(report_id)
    assert (info.unit_short, info.year) == ("多宝街道", 2025)
    assert info.title == "2025年度多宝街道部门整体支出绩效自评表说明"


def test_set_layout(store: Store, report_id: int) -> None:
    layout = LayoutSettings()._replace(line_spacing_pt=Decimal(28), level2_bold=True, use_fallback_fonts=True)
    record = store.apply(SetField(report_id, LAYOUT_FIELD, layout))
    assert record.summary == "修改版式设置"
    assert record.after["line_spacing_pt"] == "28"  # Decimal as a string, never a float
    loaded = store.load(report_id).layout
    assert loaded == layout and isinstance(loaded.line_spacing_pt, Decimal)


def test_decimal_figures_survive_exactly(store: Store, report_id: int) -> None:
    section = store.load(report_id).section("efficiency")
    assert section.figures, "the template gives the efficiency section its figures"
    section.figures[0] = section.figures[0].with_value(Decimal("7663.690"))
    store.apply(SetSection(report_id, section))
    value = store.load(report_id).section("efficiency").figures[0].value
    assert value == Decimal("7663.690") and str(value) == "7663.690"


def test_set_field_rejects_wrong_fields_and_types(store: Store, report_id: int) -> None:
    with pytest.raises(ValueError):
        store.apply(SetField(report_id, "sections", []))
    with pytest.raises(TypeError):
        store.apply(SetField(report_id, "year", "2024"))
    with pytest.raises(TypeError):
        store.apply(SetField(report_id, "sign_date", "2025-03-01"))
    for year in (20245, 1900, 0):  # the one year rule (domain.fields), as the 新建 dialog applies it
        with pytest.raises(UserError, match="年度应在 2000 至 2100 之间"):
            store.apply(SetField(report_id, "year", year))
    with pytest.raises(UserError, match="单位简称不能超过 30 个字"):
        store.apply(SetField(report_id, "unit_short", "长" * 31))
    assert store.load(report_id).year == 2024


def test_unknown_report_id_is_a_chinese_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="找不到编号为 99 的报告"):
        store.load(99)
    with pytest.raises(StoreError, match="找不到编号为 99 的报告"):
        store.apply(SetField(99, "unit_short", "x"))
    with pytest.raises(StoreError):
        store.info(99)


def test_delete_restore_purge(store: Store, report_id: int) -> None:
    keep = store.create(make_report("多宝街道"))
    record = store.apply(DeleteReport(report_id))
    assert record.kind == "delete" and "移入回收站" in record.summary
    assert [i.id for i in store.list_reports()] == [keep]
    assert [i.id for i in store.list_reports(deleted=True)] == [report_id]
    assert store.info(report_id).deleted
    assert store.apply(DeleteReport(report_id)) is None  # already in the bin
    with pytest.raises(StoreError, match="回收站"):
        store.apply(SetField(report_id, "unit_short", "x"))
    assert store.load(report_id).unit_short == "昌华街道"  # still readable in the bin

    record = store.apply(RestoreReport(report_id))
    assert record.kind == "restore_report"
    assert sorted(i.id for i in store.list_reports()) == [report_id, keep]

    with pytest.raises(StoreError, match="回收站"):
        store.apply(PurgeReport(report_id))  # only from the bin
    store.apply(DeleteReport(report_id))
    record = store.apply(PurgeReport(report_id))
    assert record.kind == "purge" and "彻底删除" in record.summary
    assert store.list_reports(deleted=True) == []
    with pytest.raises(StoreError):
        store.load(report_id)
    # Gone for good: sections and log too, only the purge row remains.
    assert store.db.execute("SELECT COUNT(*) FROM sections WHERE report_id = ?", [report_id]).fetchone()[0] == 0
    assert [r.kind for r in store.history(report_id)] == ["purge"]
    # Ids are never reused.
    assert store.create(make_report("华林街道")) > keep


def test_duplicate(store: Store, report_id: int) -> None:
    copy_id = store.duplicate(report_id)
    assert copy_id != report_id
    assert store.load(copy_id) == store.load(report_id)
    assert "复制自编号" in store.history(copy_id)[0].summary


def test_last_edited(store: Store, report_id: int) -> None:
    other = store.create(make_report("多宝街道"))
    assert store.last_edited() == other
    store.apply(SetSection(report_id, edited_section(store, report_id, "goals", "新内容")))
    assert store.last_edited() == report_id


def test_many_reports_listed(store: Store) -> None:
    ids = [store.create(make_report(f"街道{i}", 2000 + i)) for i in range(30)]
    assert [i.id for i in store.list_reports()] == ids
    assert store.list_reports()[5].year == 2005


def test_200k_character_section(store: Store, report_id: int, db_path) -> None:
    text = ("全年共办理民生实事，群众满意度持续提升。" * 10_000)[:200_000]
    assert len(text) == 200_000
    section = store.load(report_id).section("performance")
    section.entries = [Entry(lead="民生保障", text=text)]
    store.apply(SetSection(report_id, section))
    store.close()
    reopened = Store.open(db_path)
    try:
        assert reopened.load(report_id).section("performance").entries[0].text == text
    finally:
        reopened.close()


def test_operation_of_unknown_type_is_refused(store: Store) -> None:
    with pytest.raises(TypeError):
        store.apply("not an operation")


def test_rename_is_one_step_for_both_names(store: Store, report_id: int) -> None:
    from selfeval.store import RenameReport

    before = store.load(report_id)
    record = store.apply(RenameReport(report_id, "广州市荔湾区人民政府华林街道办事处", "华林街道"))
    assert record.kind == "rename" and record.summary == "重命名为“华林街道”（广州市荔湾区人民政府华林街道办事处）"
    after = store.load(report_id)
    assert (after.unit_name, after.unit_short) == ("广州市荔湾区人民政府华林街道办事处", "华林街道")
    assert after.sections == before.sections
    assert store.apply(RenameReport(report_id, after.unit_name, after.unit_short)) is None  # nothing to do
    undone = store.undo(report_id)
    assert undone.target_op == record.id
    assert (store.load(report_id).unit_name, store.load(report_id).unit_short) == (before.unit_name, before.unit_short)
    store.redo(report_id)
    assert store.load(report_id).unit_short == "华林街道"
    with pytest.raises(UserError, match="单位简称不能超过 30 个字"):
        store.apply(RenameReport(report_id, "某单位", "长" * 31))
    assert store.load(report_id).unit_short == "华林街道"  # refused whole: nothing half done
