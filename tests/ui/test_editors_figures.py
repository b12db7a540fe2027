"""The paragraphs and figures editors: text by line, amount fields, live rates and their warnings."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from selfeval.domain.figures import Figure, FigureKind
from selfeval.domain.model import Entry, Section, SectionKind
from selfeval.domain.text import char_count
from selfeval.ui.editors import FiguresEditor, ParagraphsEditor, editor_for
from selfeval.domain.figure_checks import REVIEW_TEXT
from selfeval.ui.widgets.amount_field import AmountField

from helpers import answers, env, make_editor, running, sample_db  # noqa: F401

BUDGET_LINE = "单位指标已用金额合计{已用金额}，单位指标年度预算金额合计为{预算金额}，预算执行率{执行率}。"


def efficiency(spent=("7663.69", "万元"), budget=("7704.69", "元"), rate: str | None = "99.47",
               review: bool = False) -> Section:
    """The sample's 管理效率分析, with its unit mistake (7663.69万元 over 7704.69元) by default."""
    def money(name, pair):
        return Figure(name, FigureKind.MONEY, pair[1], None if pair[0] is None else Decimal(pair[0]), review=review)

    return Section("efficiency", "管理效率分析", 2, SectionKind.FIGURES, hint="金额和执行率在上方数据栏填写。",
                   entries=[Entry("", "在预算编制方面坚持零基预算。"), Entry("", "在预算执行方面，" + BUDGET_LINE)],
                   figures=[money("已用金额", spent), money("预算金额", budget),
                            Figure("执行率", FigureKind.PERCENT, "%", None if rate is None else Decimal(rate),
                                   formula="已用金额 / 预算金额", review=review)])


def type_into(field, text: str) -> None:
    """Replace the field's text as a user does: select all, then type (ASCII keys)."""
    field.selectAll()
    QTest.keyClicks(field, text)  # what qtbot.keyClicks does


def ime_commit(widget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.instance().sendEvent(widget, event)


# -- paragraphs ---------------------------------------------------------------------------------

def test_paragraphs_round_trip_and_lines_become_paragraphs(qtbot):
    section = Section("functions", "职能", 2, SectionKind.PARAGRAPHS,
                      entries=[Entry("", "贯彻执行党的路线方针政策。"), Entry("", "负责辖区社会治理。")])
    editor = make_editor(qtbot, section)
    assert isinstance(editor, ParagraphsEditor)
    assert editor.text.toPlainText() == "贯彻执行党的路线方针政策。\n负责辖区社会治理。"
    assert editor.section() == section
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(editor.text, Qt.Key.Key_Return)
        qtbot.keyClick(editor.text, Qt.Key.Key_Return)  # a blank line is no paragraph
        ime_commit(editor.text, "做好公共服务。")
    assert [e.text for e in editor.section().entries] == ["贯彻执行党的路线方针政策。", "负责辖区社会治理。", "做好公共服务。"]
    editor.flush()
    assert editor.preview.text() == "贯彻执行党的路线方针政策。\n负责辖区社会治理。\n做好公共服务。"
    assert editor.char_count() == char_count("贯彻执行党的路线方针政策。负责辖区社会治理。做好公共服务。")


def test_paragraphs_keep_an_imported_structure_until_edited(qtbot):
    section = Section("org", "机构", 2, SectionKind.PARAGRAPHS, intro="内设机构如下：",
                      entries=[Entry("党政综合办公室", "负责综合事务。\n第二段。")])
    editor = make_editor(qtbot, section)
    assert editor.text.toPlainText() == "内设机构如下：\n党政综合办公室。负责综合事务。\n第二段。"
    assert editor.section() == section
    before = editor.preview.text()
    qtbot.keyClicks(editor.text, "x")
    edited = editor.section()
    assert edited.intro == "" and [e.text for e in edited.entries] == [
        "x内设机构如下：", "党政综合办公室。负责综合事务。", "第二段。"]
    qtbot.keyClick(editor.text, Qt.Key.Key_Backspace)
    assert editor.section() == section, "typing then undoing it gives the loaded section back"
    editor.flush()
    assert editor.preview.text() == before


def test_paragraphs_read_only(qtbot):
    editor = make_editor(qtbot, Section("f", "职能", 2, SectionKind.PARAGRAPHS, entries=[Entry("", "甲。")]))
    editor.set_read_only(True)
    with qtbot.assertNotEmitted(editor.changed):
        qtbot.keyClicks(editor.text, "abc")
    assert editor.section().entries == [Entry("", "甲。")]


# -- figures ------------------------------------------------------------------------------------

def test_figures_round_trip_and_fields_show_values_and_units(qtbot):
    section = efficiency()
    editor = make_editor(qtbot, section)
    assert isinstance(editor, FiguresEditor)
    assert editor.section() == section
    spent, budget, rate = editor.field("已用金额"), editor.field("预算金额"), editor.field("执行率")
    assert (spent.edit.text(), spent.unit_box.currentText()) == ("7663.69", "万元")
    assert (budget.edit.text(), budget.unit_box.currentText()) == ("7704.69", "元")
    assert [budget.unit_box.itemText(i) for i in range(budget.unit_box.count())] == ["元", "万元", "亿元"]
    assert rate.unit_box is None and rate.unit_label.text() == "%"


def test_the_samples_unit_mistake_is_shown_beside_the_rate(qtbot):
    editor = make_editor(qtbot, efficiency())
    status = editor.status_text("执行率")
    assert "计算值 994678.57%" in status
    assert "填写的 99.47% 与计算值不一致" in status
    assert "已用金额单位为“万元”，预算金额单位为“元”，单位不一致" in status
    assert "若单位相同，计算值为 99.47%" in status
    assert status.startswith("⚠")


def test_changing_the_unit_fixes_the_rate_live(qtbot):
    editor = make_editor(qtbot, efficiency())
    budget = editor.field("预算金额")
    budget.unit_box.setFocus()
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(budget.unit_box, Qt.Key.Key_Down)  # 元 → 万元
    assert budget.unit() == "万元"
    assert editor.section().figure("预算金额") == Figure("预算金额", FigureKind.MONEY, "万元", Decimal("7704.69"))
    assert editor.status_text("执行率") == "计算值 99.47%"
    editor.flush()
    assert "预算金额合计为7704.69万元，预算执行率99.47%。" in editor.preview.text()


def test_a_stated_rate_that_differs_from_the_computed_one_is_flagged(qtbot):
    editor = make_editor(qtbot, efficiency(budget=("7704.69", "万元"), rate="98.00"))
    assert "填写的 98.00% 与计算值不一致" in editor.status_text("执行率")
    with qtbot.waitSignal(editor.changed):
        type_into(editor.field("执行率").edit, "99.47")
    assert editor.status_text("执行率") == "计算值 99.47%"
    # a rate stated with one decimal is compared at one decimal
    type_into(editor.field("执行率").edit, "99.5")
    assert editor.status_text("执行率") == "计算值 99.47%"


def test_an_empty_rate_uses_the_computed_value(qtbot):
    editor = make_editor(qtbot, efficiency(budget=("7704.69", "万元"), rate=None))
    assert editor.status_text("执行率") == "计算值 99.47%（正文中使用此值）"
    assert "预算执行率99.47%。" in editor.preview.text()
    with qtbot.waitSignal(editor.changed):
        type_into(editor.field("已用金额").edit, "")
        qtbot.keyClick(editor.field("已用金额").edit, Qt.Key.Key_Delete)
    assert editor.section().figure("已用金额").value is None
    assert editor.status_text("执行率") == "计算值：填写已用金额和预算金额后自动计算"


def test_invalid_numbers_show_a_message_and_keep_the_previous_value(qtbot):
    editor = make_editor(qtbot, efficiency())
    spent = editor.field("已用金额")
    spent.edit.selectAll()
    with qtbot.assertNotEmitted(editor.changed):
        ime_commit(spent.edit, "76a3")
    assert "不是有效的数值" in spent.error()
    assert editor.status_text("已用金额") == f"✗ {spent.error()}（未采用，仍为 7663.69万元）"
    assert spent.edit.text() == "76a3", "what the user typed stays in the field to be corrected"
    assert editor.section().figure("已用金额").value == Decimal("7663.69")
    # typed key by key, each valid prefix is taken; the invalid rest is not
    type_into(spent.edit, "1.2.3")
    assert spent.error()
    assert editor.section().figure("已用金额").value == Decimal("1.2")
    with qtbot.waitSignal(editor.changed):
        type_into(spent.edit, "7,704.69")
    assert spent.error() == "" and editor.status_text("已用金额") == ""
    assert editor.section().figure("已用金额").value == Decimal("7704.69")


def test_amount_field_on_its_own_shows_its_message_beside_it(qtbot):
    field = AmountField(FigureKind.MONEY, "万元", label="已用金额")
    qtbot.addWidget(field)
    field.set_amount(Decimal("1.5"), "万元")
    with qtbot.assertNotEmitted(field.edited), qtbot.waitSignal(field.error_changed) as message:
        type_into(field.edit, "abc")
    assert message.args[0].startswith("“a”") and field.error_label.isVisibleTo(field)
    assert field.error_label.text() == field.error() == "“abc”不是有效的数值，请只填写数字和小数点（例如 7663.69）。"
    assert field.value() == Decimal("1.5")
    with qtbot.waitSignal(field.edited):
        type_into(field.edit, "2")
    assert field.value() == Decimal("2") and not field.error_label.isVisibleTo(field)
    field.set_read_only(True)
    assert field.edit.isReadOnly() and not field.unit_box.isEnabled()


def test_full_width_digits_and_a_typed_unit_are_understood(qtbot):
    editor = make_editor(qtbot, efficiency())
    spent = editor.field("已用金额")
    spent.edit.selectAll()
    ime_commit(spent.edit, "７６６３．６９")
    assert editor.section().figure("已用金额").value == Decimal("7663.69")
    spent.edit.selectAll()
    ime_commit(spent.edit, "7663.69元")
    assert editor.section().figure("已用金额") == Figure("已用金额", FigureKind.MONEY, "元", Decimal("7663.69"))
    assert spent.unit_box.currentText() == "元"
    rate = editor.field("执行率")
    rate.edit.selectAll()
    ime_commit(rate.edit, "99万元")
    assert "单位与此项不符" in rate.error()
    assert editor.section().figure("执行率").value == Decimal("99.47")
    rate.edit.selectAll()
    ime_commit(rate.edit, "99.4%")
    assert rate.error() == "" and editor.section().figure("执行率").value == Decimal("99.4")


def test_carried_over_figures_ask_for_review_until_edited(qtbot):
    editor = make_editor(qtbot, efficiency(budget=("7704.69", "万元"), review=True))
    assert editor.status_text("已用金额") == REVIEW_TEXT == "请核对（沿用上年数据）"
    assert editor.status_text("执行率").startswith(REVIEW_TEXT)
    type_into(editor.field("已用金额").edit, "8000")
    assert editor.status_text("已用金额") == ""
    assert editor.section().figure("已用金额").review is False
    assert editor.section().figure("预算金额").review is True
    assert REVIEW_TEXT in editor.status_text("预算金额")
    box = editor.field("预算金额").unit_box  # only the unit changed: the number is still last year's
    box.setCurrentIndex(box.findText("元"))
    box.activated.emit(box.currentIndex())
    assert editor.section().figure("预算金额").unit == "元"
    assert editor.section().figure("预算金额").review is True and REVIEW_TEXT in editor.status_text("预算金额")


def test_insert_data_puts_the_placeholder_at_the_cursor(qtbot):
    editor = make_editor(qtbot, efficiency())
    actions = editor.insert_menu.actions()
    assert [a.text().split("　")[0] for a in actions] == ["已用金额", "预算金额", "执行率"]
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(editor.text, Qt.Key.Key_Return)
        ime_commit(editor.text, "执行率为")
        actions[2].trigger()
    assert editor.section().entries[-1].text == "执行率为{执行率}"
    editor.flush()
    assert editor.preview.text().endswith("执行率为99.47%")


def test_an_unknown_placeholder_is_pointed_out(qtbot):
    editor = make_editor(qtbot, efficiency())
    assert not editor.placeholder_warning.isVisibleTo(editor)
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    ime_commit(editor.text, "{完成率}")
    editor.flush()
    assert editor.placeholder_warning.isVisibleTo(editor)
    assert "{完成率}" in editor.placeholder_warning.text()


def test_figures_read_only(qtbot):
    editor = make_editor(qtbot, efficiency())
    editor.set_read_only(True)
    assert editor.field("已用金额").edit.isReadOnly()
    assert not editor.field("预算金额").unit_box.isEnabled()
    assert not editor.insert_button.isEnabled()
    with qtbot.assertNotEmitted(editor.changed):
        type_into(editor.field("已用金额").edit, "1")
        editor.insert_figure("执行率")
    assert editor.section() == efficiency()


@pytest.mark.parametrize("kind", [SectionKind.PARAGRAPHS, SectionKind.FIGURES])
def test_loading_does_not_emit_changed(qtbot, kind):
    section = efficiency() if kind is SectionKind.FIGURES else Section("f", "职能", 2, kind, entries=[Entry("", "甲。")])
    editor = editor_for(kind)()
    qtbot.addWidget(editor)
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_section(section)
        qtbot.wait(200)
    assert editor.section() == section


# -- where each figure comes from: the 自评表 -------------------------------------------------------

def sample_efficiency(window):
    window.set_preview_shown(True)
    window.tabs.select("efficiency")
    editor = window.tabs.editor("efficiency")
    editor.flush()
    return editor


def test_a_figure_quoting_a_filled_table_cell_shows_it_read_only_and_says_so(running):
    editor = sample_efficiency(running.window)
    spent = editor.field("已用金额")
    assert spent.edit.isReadOnly() and spent.edit.text() == "7663.69"
    assert editor.origin_text("已用金额") == "来自自评表：年度资金总额 · 全年执行数"
    assert "自评表" in spent.toolTip()
    assert editor.origin_text("执行率") == "来自自评表：年度资金总额 · 执行率"
    assert editor.field("执行率").edit.isReadOnly() and editor.field("执行率").edit.text() == "99.47"
    budget = editor.field("预算金额")  # the sample's own 7704.69元 quotes nothing
    assert not budget.edit.isReadOnly() and editor.origin_text("预算金额") == "本节填写"
    assert "正文引用自评表" not in editor.status_text("已用金额")  # said once, under the field


def test_editing_the_tables_spent_amount_updates_the_panel_and_the_preview(qtbot, running):
    window = running.window
    editor = sample_efficiency(window)
    table = window.session.report.table
    total = table.budget.total
    emptied = table.with_budget(table.budget.with_row(dataclasses.replace(total, spent=None)))
    window.session.edit_field("table", lambda: emptied)
    assert window.session.flush()
    spent = editor.field("已用金额")
    assert editor.origin_text("已用金额") == "自评表中未填，暂用本节数值" and not spent.edit.isReadOnly()
    assert editor.origin_text("执行率") == "自评表中未填，暂用本节数值"
    assert editor.field("执行率").toolTip() == "执行率 = 已用金额 ÷ 预算金额 × 100%"  # its own tooltip again
    changed = emptied.with_budget(emptied.budget.with_row(dataclasses.replace(total, spent=Decimal("7000"))))
    window.session.edit_field("table", lambda: changed)
    assert window.session.flush()
    assert spent.edit.isReadOnly() and spent.edit.text() == "7000.00"  # as the table prints it
    assert editor.field("执行率").edit.text() == "90.85"  # 7000 / 7704.69, as the export prints it
    editor.flush()
    assert "已用金额合计7000.00万元" in editor.preview.text()
    assert editor.section().figure("已用金额").value == Decimal("7663.69")  # the section's own value is kept
    assert window.session.undo() is not None  # a reload: back to the emptied cell
    assert editor.origin_text("已用金额") == "自评表中未填，暂用本节数值" and spent.edit.text() == "7663.69"


def test_insert_data_offers_the_tables_indicators_and_knows_their_names(running):
    editor = sample_efficiency(running.window)
    texts = [a.text() for a in editor.insert_menu.actions()]
    assert texts[:3] == ["已用金额　→　{已用金额}", "预算金额　→　{预算金额}", "执行率　→　{执行率}"]
    assert editor.insert_menu.actions()[3].isSeparator()
    assert texts[4] == "自评表指标" and not editor.insert_menu.actions()[4].isEnabled()
    assert "完成固定资产　→　{完成固定资产}" in texts[5:]
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    editor.insert_menu.actions()[texts.index("完成固定资产　→　{完成固定资产}")].trigger()
    editor.flush()
    assert editor.section().entries[-1].text.endswith("{完成固定资产}")
    assert not editor.placeholder_warning.isVisibleTo(editor)
    assert editor.preview.text().endswith("9170.00万元")


# A figure's home: linked, kept apart, confirmed — each one undoable step -----------------------------------

def _stored_figures(running):
    from selfeval.store import Store

    store = Store.open(running.store.path, read_only=True)
    try:
        return {f.name: f for f in store.load(running.window.report_id).section("efficiency").figures}
    finally:
        store.close()


def test_linking_keeping_apart_and_confirming_a_figure_are_one_undoable_step_each(qtbot, running):
    window = running.window
    window.tabs.select("efficiency")
    editor = window.editors["efficiency"]
    homes = editor.findChildren(type(editor.insert_button), "figureHome")
    assert homes  # 预算金额 (its own 7704.69元) can be linked, the linked ones kept apart
    editor.link_figure("预算金额")
    qtbot.waitUntil(lambda: _stored_figures(running)["预算金额"].source == "全年预算数", timeout=3000)
    figure = _stored_figures(running)["预算金额"]
    assert (figure.unit, figure.value) == ("万元", None)
    assert "来自自评表" in editor.origin_text("预算金额")
    assert window.session.store.history(window.report_id)[0].summary == "管理效率分析：“预算金额”改为引用自评表"
    assert window.session.undo() is not None  # one step back: the 元 figure of its own again
    qtbot.waitUntil(lambda: _stored_figures(running)["预算金额"].source == "", timeout=3000)
    assert _stored_figures(running)["预算金额"].value == Decimal("7704.69")
    window.editors["efficiency"].keep_figure_apart("已用金额", "口径为单位指标")
    qtbot.waitUntil(lambda: _stored_figures(running)["已用金额"].apart == "口径为单位指标", timeout=3000)
    spent = _stored_figures(running)["已用金额"]
    assert spent.source == "" and spent.value == Decimal("7663.69")  # the value it showed, now its own
    assert "不引用自评表：口径为单位指标" in window.editors["efficiency"].origin_text("已用金额")


def test_confirming_a_carried_over_value(qtbot, running):
    from selfeval.store.operations import SetSection

    window = running.window
    section = window.report.section("efficiency")
    figures = [f._replace(review=True) if f.name == "预算金额" else f for f in section.figures]
    assert window.session.run_op(SetSection(window.report_id, section.copy_with(figures=figures))) is not None
    window.tabs.select("efficiency")
    assert window.editors["efficiency"].section().figure("预算金额").review
    window.editors["efficiency"].confirm_figure("预算金额")
    qtbot.waitUntil(lambda: not _stored_figures(running)["预算金额"].review, timeout=3000)
    assert window.session.undo() is not None  # the confirmation alone, not the edit before it
    qtbot.waitUntil(lambda: _stored_figures(running)["预算金额"].review, timeout=3000)
