"""Bidirectional controls and terminal colour codes pasted or typed into the window never reach the report."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

from selfeval.ui.views.basic_info_tab import BasicInfoTab
from selfeval.ui.widgets.plain_text import PlainLineEdit, PlainTextEdit

DIRTY = "\u202e\x1b[31m加强\u2066预算[0m管理\u200f"


def test_paste_into_a_text_box_drops_them(qtbot):
    box = PlainTextEdit()
    qtbot.addWidget(box)
    notices = []
    box.notice.connect(notices.append)
    data = QMimeData()
    data.setText(DIRTY)
    box.insertFromMimeData(data)
    assert box.toPlainText() == "加强预算管理"
    assert notices and "文字方向" in notices[0] and "终端控制代码" in notices[0]


def test_paste_into_a_lead_phrase_drops_them(qtbot):
    line = PlainLineEdit()
    qtbot.addWidget(line)
    line.insert_cleaned(DIRTY)
    assert line.text() == "加强预算管理"


def test_basic_info_fields_save_them_cleaned(qtbot):
    tab = BasicInfoTab()
    qtbot.addWidget(tab)
    tab.unit_short.setText("\u202e昌华街道[0m")
    tab.signature.setText("\x1b[1m广州市荔湾区人民政府昌华街道办事处\u2069")
    assert tab.value("unit_short") == "昌华街道"
    assert tab.value("signature") == "广州市荔湾区人民政府昌华街道办事处"


def test_typing_what_looks_like_a_colour_code_is_kept(qtbot):
    from PySide6.QtCore import Qt

    line = PlainLineEdit()
    qtbot.addWidget(line)
    line.setText("长度")
    line.setFocus()
    line.end(False)
    qtbot.keyClicks(line, "[5m]")  # "[5m" on its way to "[5m]" is no remnant to remove
    assert line.text() == "长度[5m]"
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    assert line.text() == "长度[5m"


def test_the_context_menus_paste_cleans_as_ctrl_v_does(qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QGuiApplication

    from selfeval.ui.widgets.edit_menu import edit_menu

    line = PlainLineEdit()
    qtbot.addWidget(line)
    QGuiApplication.clipboard().setText("[1;31m加强[0m\u202e管理")
    menu = edit_menu(line, QPoint(1, 1))
    [paste] = [a for a in menu.actions() if a.objectName() == "edit-paste"]
    paste.trigger()
    assert line.text() == "加强管理"
