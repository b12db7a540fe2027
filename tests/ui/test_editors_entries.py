"""The entry-list editors (items 一是…, themes, sub-heads) and the editor registry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from selfeval.domain.model import Entry, Section, SectionKind
from selfeval.domain.text import char_count
from selfeval.ui.editors import (
    EDITORS, FiguresEditor, ItemsEditor, ParagraphsEditor, SectionEditor, SubheadsEditor, ThemesEditor, editor_for,
)
from selfeval.ui.editors.entry_list import MAX_SPLIT_ENTRIES, EntryListEditor

from helpers import make_editor

GOALS = [
    "积极深入学习贯彻党的二十大精神，筑牢基层党建根基。",
    "构筑网格化企业服务机制，全力优化营商环境。",
    "落实社区微改造，建设便民益民社区。",
]


def items_section(inline: bool = True) -> Section:
    return Section("goals", "部门整体支出绩效目标", 2, SectionKind.ITEMS, inline=inline,
                   entries=[Entry("", t) for t in GOALS], hint="按“一是…二是…”分条写明本年度绩效目标。")


def themes_section() -> Section:
    return Section("performance", "履职效能分析", 2, SectionKind.THEMES, inline=True, entries=[
        Entry("党建引领激发动能。", "依托党建品牌项目，打造展示窗口。"),
        Entry("招商引资有序实施", "完成固定资产9170万元，完成率152.83%。"),
    ])


def subheads_section() -> Section:
    return Section("work", "重点工作", 2, SectionKind.SUBHEADS, intro="主要做法如下：", entries=[
        Entry("基层治理提质增效", "网格全覆盖。\n按时办结率100%。"),
        Entry("民生保障", "微改造。"),
    ])


def shown(qtbot, section: Section) -> SectionEditor:
    editor = make_editor(qtbot, section)
    editor.show()
    editor.activateWindow()
    qtbot.waitExposed(editor)
    return editor


def ime_type(qtbot, widget, text: str) -> None:
    """Type Chinese as an input method does: a preedit (pinyin) then the committed character."""
    for ch in text:
        QApplication.instance().sendEvent(widget, QInputMethodEvent("pin", []))
        commit = QInputMethodEvent()
        commit.setCommitString(ch)
        QApplication.instance().sendEvent(widget, commit)


def paste(widget, *, plain: str, html: str | None = None) -> None:
    mime = QMimeData()
    if html is not None:
        mime.setHtml(html)
    mime.setText(plain)
    widget.insertFromMimeData(mime)


# -- registry ----------------------------------------------------------------------------------

def test_one_editor_class_per_kind_and_none_for_groups():
    classes = {kind: editor_for(kind) for kind in SectionKind if kind is not SectionKind.GROUP}
    assert classes == {SectionKind.ITEMS: ItemsEditor, SectionKind.THEMES: ThemesEditor,
                       SectionKind.SUBHEADS: SubheadsEditor, SectionKind.PARAGRAPHS: ParagraphsEditor,
                       SectionKind.FIGURES: FiguresEditor}
    assert len(set(classes.values())) == len(classes) == len(EDITORS)
    assert editor_for("items") is ItemsEditor
    for cls in (ItemsEditor, ThemesEditor, SubheadsEditor):
        assert issubclass(cls, EntryListEditor)
    with pytest.raises(KeyError):
        editor_for(SectionKind.GROUP)


# -- round trip, typing -------------------------------------------------------------------------

@pytest.mark.parametrize("build", [items_section, themes_section, subheads_section])
def test_set_section_round_trips_without_emitting_changed(qtbot, build):
    section = build()
    editor = editor_for(section.kind)()
    qtbot.addWidget(editor)
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_section(section)
        qtbot.wait(200)  # past the refresh throttle: loading must not look like an edit
    assert editor.section() == section
    assert editor.section() is not editor.section()
    section.entries[0].text = "改了原对象"
    assert editor.section() == build(), "the editor keeps its own copy"
    assert editor.char_count() == char_count(build().plain_text())


@pytest.mark.parametrize("build", [items_section, themes_section, subheads_section])
def test_typing_in_lead_and_text_emits_changed_and_is_in_section(qtbot, build):
    editor = make_editor(qtbot, build())
    row = editor.rows()[1]
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClicks(row.text, "2024")
    with qtbot.waitSignal(editor.changed):
        ime_type(qtbot, row.text, "年补充")
    with qtbot.waitSignal(editor.changed):
        ime_type(qtbot, row.lead, "要点")
    entry = editor.section().entries[1]
    assert entry.text == "2024年补充" + build().entries[1].text  # the cursor was at the start
    assert entry.lead == build().entries[1].lead + "要点"
    expected = build()
    expected.entries[1] = entry
    assert editor.char_count() == char_count(expected.plain_text()) > char_count(build().plain_text())


def test_intro_is_edited_and_kept(qtbot):
    editor = make_editor(qtbot, items_section())
    with qtbot.waitSignal(editor.changed):
        ime_type(qtbot, editor.intro, "主要目标：")
    section = editor.section()
    assert section.intro == "主要目标："
    editor.flush()
    assert editor.preview.text().startswith("主要目标：一是积极深入")


def test_preview_reads_one_shi_er_shi(qtbot):
    editor = make_editor(qtbot, items_section())
    assert editor.preview.text() == "一是" + GOALS[0] + "二是" + GOALS[1] + "三是" + GOALS[2]
    ime_type(qtbot, editor.rows()[0].lead, "加强党建")
    editor.flush()
    assert editor.preview.text().startswith("一是加强党建。积极深入")
    separate = make_editor(qtbot, items_section(inline=False))
    assert separate.preview.text().split("\n") == [f"{m}是{t}" for m, t in zip("一二三", GOALS)]


def test_preview_of_themes_and_subheads(qtbot):
    themes = make_editor(qtbot, themes_section())
    assert themes.preview.text() == ("党建引领激发动能。依托党建品牌项目，打造展示窗口。"
                                     "招商引资有序实施。完成固定资产9170万元，完成率152.83%。")
    subheads = make_editor(qtbot, subheads_section())
    assert subheads.preview.text().split("\n") == [
        "主要做法如下：", "1.基层治理提质增效。网格全覆盖。", "按时办结率100%。", "2.民生保障。微改造。"]
    assert [r.marker.text() for r in subheads.rows()] == ["1.", "2."]
    assert [r.marker.text() for r in themes.rows()] == ["主题一", "主题二"]


def test_preview_and_count_refresh_is_throttled_not_per_keystroke(qtbot):
    editor = make_editor(qtbot, items_section())
    before = editor.preview.text()
    qtbot.keyClicks(editor.rows()[2].text, "ab")
    assert editor.preview.text() == before, "no preview rebuild inside the keystroke"
    qtbot.waitUntil(lambda: editor.preview.text() != before)
    assert "三是ab落实社区" in editor.preview.text()


# -- add, remove, move --------------------------------------------------------------------------

def texts(editor) -> list[str]:
    return [e.text for e in editor.section().entries]


def test_add_remove_move_with_the_row_buttons(qtbot):
    editor = shown(qtbot, items_section())
    rows = editor.rows()
    with qtbot.waitSignal(editor.changed):
        qtbot.mouseClick(rows[0].down_button, Qt.MouseButton.LeftButton)
    assert texts(editor) == [GOALS[1], GOALS[0], GOALS[2]]
    assert [r.marker.text() for r in editor.rows()] == ["一是", "二是", "三是"]
    qtbot.mouseClick(editor.rows()[2].up_button, Qt.MouseButton.LeftButton)
    assert texts(editor) == [GOALS[1], GOALS[2], GOALS[0]]
    assert not editor.rows()[0].up_button.isEnabled() and not editor.rows()[-1].down_button.isEnabled()
    with qtbot.waitSignal(editor.changed):
        qtbot.mouseClick(editor.rows()[1].remove_button, Qt.MouseButton.LeftButton)
    assert texts(editor) == [GOALS[1], GOALS[0]]
    editor.set_section(items_section())
    editor.rows()[0].text.setFocus()
    qtbot.waitUntil(editor.rows()[0].text.hasFocus)
    with qtbot.waitSignal(editor.changed):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert texts(editor) == [GOALS[0], GOALS[1], GOALS[2], ""]  # the button appends, as Word users expect
    editor.flush()
    # the preview shows what the export will print for the still empty item
    # an empty item prints nothing and takes no number
    assert editor.preview.text().startswith("一是" + GOALS[0] + "二是" + GOALS[1])


def test_keyboard_shortcuts_add_and_move_the_focused_item(qtbot):
    editor = shown(qtbot, items_section(inline=False))
    first = editor.rows()[0]
    first.text.setFocus()
    qtbot.waitUntil(first.text.hasFocus)
    qtbot.keyClick(first.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(editor.rows()) == 4
    new = editor.rows()[1]
    assert new.text.hasFocus() and new.entry() == Entry()
    assert texts(editor)[0] == GOALS[0], "Ctrl+Enter adds an item, it does not break the line"
    ime_type(qtbot, new.text, "新增的一条。")
    qtbot.keyClick(new.text, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(new.text, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert texts(editor) == [GOALS[0], GOALS[1], GOALS[2], "新增的一条。"]
    assert new.text.hasFocus(), "the moved item keeps the focus"
    qtbot.keyClick(new.text, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert texts(editor) == [GOALS[0], GOALS[1], "新增的一条。", GOALS[2]]
    qtbot.keyClick(new.text, Qt.Key.Key_Delete,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert texts(editor) == GOALS
    editor.flush()
    assert editor.preview.text().split("\n")[2] == "三是" + GOALS[2]


def test_tab_moves_between_fields_instead_of_typing_a_tab(qtbot):
    editor = shown(qtbot, themes_section())
    first = editor.rows()[0]
    first.lead.setFocus()
    qtbot.waitUntil(first.lead.hasFocus)
    qtbot.keyClick(first.lead, Qt.Key.Key_Tab)
    assert first.text.hasFocus()
    qtbot.keyClick(first.text, Qt.Key.Key_Tab)
    assert editor.rows()[1].lead.hasFocus()
    assert "\t" not in first.text.toPlainText()


# -- paste --------------------------------------------------------------------------------------

def test_paste_from_word_is_plain_cleaned_text_with_a_notice(qtbot):
    editor = make_editor(qtbot, items_section())
    field = editor.rows()[0].text
    field.moveCursor(field.textCursor().MoveOperation.End)
    with qtbot.waitSignal(editor.notice) as notice, qtbot.waitSignal(editor.changed):
        paste(field, html="<p><b>加粗</b>的<span style='color:red'>文字</span></p>", plain="加粗的\x07文字\x01")
    assert texts(editor)[0] == GOALS[0] + "加粗的文字"
    assert "控制字符" in notice.args[0]
    assert not field.document().toHtml().count("<b>"), "no formatting arrives"


def test_multi_paragraph_paste_into_an_item_becomes_several_items(qtbot):
    editor = make_editor(qtbot, items_section())
    editor.set_section(Section("p", "存在的主要问题", 1, SectionKind.ITEMS, inline=True, entries=[Entry()]))
    field = editor.rows()[0].text
    with qtbot.waitSignal(editor.notice) as notice:
        paste(field, plain="目标设定与实际需求脱节。\r\n\r\n预算编制科学性有待加强。\r\n内部协同机制不畅。\r\n")
    assert texts(editor) == ["目标设定与实际需求脱节。", "预算编制科学性有待加强。", "内部协同机制不畅。"]
    assert "3 条" in notice.args[0]
    assert editor.rows()[2].text.hasFocus() or editor._current is editor.rows()[2]
    editor.flush()
    assert editor.preview.text() == "一是目标设定与实际需求脱节。二是预算编制科学性有待加强。三是内部协同机制不畅。"


def test_paste_with_yi_shi_er_shi_markers_splits_on_them(qtbot):
    editor = make_editor(qtbot, Section("p", "存在的主要问题", 1, SectionKind.ITEMS, inline=True, entries=[Entry()]))
    paste(editor.rows()[0].text,
          plain="主要问题有：一是目标设定与实际需求脱节。二是预算编制科学性有待加强。三是内部协同机制不畅。")
    section = editor.section()
    assert section.intro == "主要问题有："
    assert [e.text for e in section.entries] == ["目标设定与实际需求脱节。", "预算编制科学性有待加强。", "内部协同机制不畅。"]
    editor.flush()
    assert editor.preview.text() == \
        "主要问题有：一是目标设定与实际需求脱节。二是预算编制科学性有待加强。三是内部协同机制不畅。"
    # one marked item pasted: the marker is not doubled
    editor.set_section(Section("p", "问题", 1, SectionKind.ITEMS, entries=[Entry()]))
    paste(editor.rows()[0].text, plain="一是目标笼统。")
    assert texts(editor) == ["目标笼统。"]


def test_paste_in_the_middle_of_an_item_keeps_the_rest_in_place(qtbot):
    editor = make_editor(qtbot, Section("m", "措施", 1, SectionKind.ITEMS, entries=[Entry("", "甲乙"), Entry("", "丙")]))
    field = editor.rows()[0].text
    cursor = field.textCursor()
    cursor.setPosition(1)
    field.setTextCursor(cursor)
    paste(field, plain="一\n二")
    assert texts(editor) == ["甲一乙", "二", "丙"]


def test_a_whole_document_pasted_into_an_item_is_not_split_into_hundreds(qtbot):
    editor = make_editor(qtbot, Section("m", "措施", 1, SectionKind.ITEMS, entries=[Entry()]))
    paragraphs = [f"第{n}段内容。" for n in range(MAX_SPLIT_ENTRIES + 1)]
    with qtbot.waitSignal(editor.notice) as notice:
        paste(editor.rows()[0].text, plain="\n".join(paragraphs))
    assert len(editor.rows()) == 1
    assert texts(editor) == ["\n".join(paragraphs)]
    assert "未拆分" in notice.args[0]


def test_a_200000_character_paste_is_taken_whole(qtbot):
    editor = make_editor(qtbot, Section("m", "措施", 1, SectionKind.THEMES, entries=[Entry("主题", "")]))
    big = "绩效管理" * 50_000
    paste(editor.rows()[0].text, plain=big)
    assert len(texts(editor)[0]) == 200_000
    assert editor.char_count() == 200_003


def test_lead_paste_becomes_one_clean_line(qtbot):
    editor = shown(qtbot, themes_section())
    lead = editor.rows()[0].lead
    lead.clear()
    QApplication.instance().clipboard().setText("党建\x07引领\r\n激发动能。")
    lead.setFocus()
    with qtbot.waitSignal(editor.notice) as notice, qtbot.waitSignal(editor.changed):
        qtbot.keyClick(lead, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.section().entries[0].lead == "党建引领激发动能。"
    assert "一行" in notice.args[0]


# -- input methods, read-only ----------------------------------------------------------------------

def test_refresh_never_resets_the_field_being_typed_in(qtbot):
    editor = shown(qtbot, items_section())
    field = editor.rows()[0].text
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    document = field.document()
    # an input method composes "zhong" (preedit), the throttled refresh runs, then it commits "中"
    QApplication.instance().sendEvent(field, QInputMethodEvent("zhong", []))
    ime_type(qtbot, editor.rows()[1].text, "乙")  # another edit schedules a refresh meanwhile
    editor.flush()
    assert field.document() is document
    commit = QInputMethodEvent()
    commit.setCommitString("中")
    QApplication.instance().sendEvent(field, commit)
    assert texts(editor)[0] == GOALS[0] + "中"
    assert field.textCursor().position() == len(GOALS[0]) + 1
    assert document.isUndoAvailable(), "the field was never reloaded with setPlainText"


def test_read_only_mode_blocks_every_edit(qtbot):
    editor = shown(qtbot, items_section())
    editor.set_read_only(True)
    row = editor.rows()[0]
    assert row.text.isReadOnly() and row.lead.isReadOnly() and editor.intro.isReadOnly()
    assert not editor.add_button.isEnabled() and not row.remove_button.isEnabled()
    assert not row.down_button.isEnabled()
    with qtbot.assertNotEmitted(editor.changed):
        qtbot.keyClicks(row.text, "abc")
        qtbot.keyClicks(row.lead, "abc")
        paste(row.text, plain="甲\n乙")
        row.text.setFocus()
        qtbot.keyClick(row.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        editor.add_entry(row)
        editor.move_entry(row, 1)
        editor.remove_entry(row)
    assert editor.section() == items_section()
    editor.set_read_only(False)
    qtbot.keyClicks(row.text, "ok")
    assert texts(editor)[0] == "ok" + GOALS[0]


def test_read_only_survives_loading_another_section(qtbot):
    editor = make_editor(qtbot, items_section())
    editor.set_read_only(True)
    editor.set_section(items_section(inline=False))
    assert all(r.text.isReadOnly() for r in editor.rows())
    assert editor.is_read_only()


def test_ctrl_enter_and_alt_arrows_work_from_the_lead_field_too(qtbot):
    editor = shown(qtbot, themes_section())
    lead = editor.rows()[1].lead
    lead.setFocus()
    qtbot.waitUntil(lead.hasFocus)
    qtbot.keyClick(lead, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [e.lead for e in editor.section().entries] == ["招商引资有序实施", "党建引领激发动能。"]
    qtbot.keyClick(lead, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)  # the keypad Enter
    assert len(editor.rows()) == 3 and editor.rows()[1].lead.hasFocus(), "a new theme starts at its lead"
    assert [r.marker.text() for r in editor.rows()] == ["主题一", "主题二", "主题三"]


def test_text_dropped_into_an_item_is_cleaned_but_not_split(qtbot):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    editor = shown(qtbot, items_section())
    field = editor.rows()[0].text
    mime = QMimeData()
    mime.setText("拖入\x07第一段\n第二段")
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(editor.notice):
        field.dropEvent(event)
    assert len(editor.rows()) == 3
    assert "拖入第一段\n第二段" in texts(editor)[0]
