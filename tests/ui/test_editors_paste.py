"""Paste from Word/WPS into the editors' text fields: plain, cleaned text and a Chinese notice."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QApplication

from selfeval.domain.model import Entry, Section, SectionKind
from selfeval.ui.editors import editor_for
from selfeval.ui.widgets.plain_text import PlainLineEdit, PlainTextEdit
from selfeval.ui.widgets.preview import PreviewPane
from selfeval.ui.widgets.preview import PREVIEW_MAX_CHARS
from selfeval.domain.document import Block, Role

WORD_HTML = ("<html><body><p class=MsoNormal><span style='font-family:仿宋_GB2312'>第一段"
             "</span></p><table><tr><td>表格</td></tr></table></body></html>")


def word_mime(plain: str, html: str = WORD_HTML) -> QMimeData:
    mime = QMimeData()
    mime.setHtml(html)
    mime.setText(plain)
    return mime


def test_text_edit_takes_the_plain_text_of_a_word_paste(qtbot):
    edit = PlainTextEdit()
    qtbot.addWidget(edit)
    assert edit.canInsertFromMimeData(word_mime("x"))
    html_only = QMimeData()
    html_only.setHtml("<b>只有格式</b>")
    assert not edit.canInsertFromMimeData(html_only)
    with qtbot.waitSignal(edit.notice) as notice:
        edit.insertFromMimeData(word_mime("第一段\x07\r\n第二段\x0b第三段"))
    assert edit.toPlainText() == "第一段\n第二段\n第三段"
    assert "控制字符" in notice.args[0] and "手动换行符" in notice.args[0]


def test_a_clean_paste_says_nothing(qtbot):
    edit = PlainTextEdit()
    qtbot.addWidget(edit)
    with qtbot.assertNotEmitted(edit.notice):
        edit.insertFromMimeData(word_mime("干净的文字。"))
    assert edit.toPlainText() == "干净的文字。"


def test_ctrl_v_goes_through_the_cleaning(qtbot):
    edit = PlainTextEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    QApplication.clipboard().setMimeData(word_mime("甲\x07乙"))
    edit.setFocus()
    with qtbot.waitSignal(edit.notice):
        qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText() == "甲乙"


def test_read_only_text_edit_ignores_a_paste(qtbot):
    edit = PlainTextEdit()
    qtbot.addWidget(edit)
    edit.setReadOnly(True)
    edit.insertFromMimeData(word_mime("甲"))
    assert edit.toPlainText() == ""


def test_line_edit_paste_is_one_clean_line(qtbot):
    edit = PlainLineEdit()
    qtbot.addWidget(edit)
    with qtbot.waitSignal(edit.notice) as notice, qtbot.waitSignal(edit.textEdited):
        edit.insert_cleaned("党建\x07引领\n激发动能。")
    assert edit.text() == "党建引领激发动能。"
    assert "一行" in notice.args[0]


def test_line_edit_cleans_what_the_context_menu_paste_inserts(qtbot):
    edit = PlainLineEdit()
    qtbot.addWidget(edit)
    edit.setText("前")
    edit.setCursorPosition(1)
    QApplication.clipboard().setText("中\x07间")
    with qtbot.waitSignal(edit.notice):
        edit.paste()  # the context menu's 粘贴 calls this slot, not the key handler
        # QLineEdit.paste() emits textEdited, which is where the cleaning happens
    assert edit.text() == "前中间"
    assert edit.cursorPosition() == 3


def test_paste_into_paragraphs_and_figures_text_keeps_paragraphs(qtbot):
    for kind in (SectionKind.PARAGRAPHS, SectionKind.FIGURES):
        editor = editor_for(kind)()
        qtbot.addWidget(editor)
        editor.set_section(Section("s", "职能", 2, kind, entries=[]))
        with qtbot.waitSignal(editor.notice), qtbot.waitSignal(editor.changed):
            editor.text.insertFromMimeData(word_mime("第一段。\x0c第二段。\r\n第三段。"))
        assert [e.text for e in editor.section().entries] == ["第一段。", "第二段。", "第三段。"]
        assert "分页符" in editor.notice_label.text()


def test_entry_list_intro_paste_is_cleaned_and_not_split(qtbot):
    editor = editor_for(SectionKind.ITEMS)()
    qtbot.addWidget(editor)
    editor.set_section(Section("s", "问题", 1, SectionKind.ITEMS, entries=[Entry("", "甲。")]))
    with qtbot.waitSignal(editor.notice):
        editor.intro.insertFromMimeData(word_mime("引言\x07第一句。\n第二句。"))
    section = editor.section()
    assert section.intro == "引言第一句。\n第二句。"
    assert [e.text for e in section.entries] == ["甲。"]


def test_preview_of_a_huge_section_is_cut_but_reports_the_whole_text(qtbot):
    pane = PreviewPane()
    qtbot.addWidget(pane)
    big = "字" * (PREVIEW_MAX_CHARS * 3)
    pane.show_blocks([Block(Role.BODY, big), Block(Role.BODY, "尾段")])
    assert pane.text() == big + "\n尾段"
    shown = pane.toPlainText()
    assert len(shown) < PREVIEW_MAX_CHARS + 100
    assert shown.endswith(f"……（预览只显示前 {PREVIEW_MAX_CHARS} 字）")
