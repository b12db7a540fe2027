"""What a clerk hit doing the year's job in the window (issue 23, items 3 and 6): the 已保存 time after
undo/redo and 全部替换, the paste note after Ctrl+Z, 页数 after opening another report, where 「＋ 新增一条」
puts the item, one font hint in the 审核 panel and quiet once the notice said it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from helpers import answers, env, review_refreshed, running, sample_db  # noqa: F401
from selfeval.domain.table.rows import COLUMN_KEYS
from selfeval.ui.window.report_tabs import TABLE_KEY

LONG_AGO = dt.datetime(2000, 1, 1, 1, 2, 3)


def _saved_long_ago(window) -> None:
    window.session.autosaver.last_saved = LONG_AGO
    window._show_saved_state()
    assert window.saved_label.text() == "已保存 01:02:03"


def _saved_just_now(window) -> bool:
    when = window.session.autosaver.last_saved
    return when is not None and when.date() == dt.date.today() and window.saved_label.text() == f"已保存 {when:%H:%M:%S}"


def test_saved_time_follows_replace_all_undo_and_redo(qtbot, running):
    window = running.window
    window.find_replace(True)
    dialog = window.find_dialog
    qtbot.addWidget(dialog)
    dialog.find_edit.setText("昌华街道")
    dialog.replace_edit.setText("昌华街")
    _saved_long_ago(window)
    dialog.replace_all_button.click()
    assert window.session.can_undo()
    assert _saved_just_now(window)
    _saved_long_ago(window)
    window.undo()
    assert _saved_just_now(window)
    _saved_long_ago(window)
    window.redo()
    assert _saved_just_now(window)


def test_the_paste_note_goes_with_ctrl_z(qtbot, running):
    window = running.window
    window.tabs.select(TABLE_KEY)
    tab = window.tabs.table_tab
    grid = tab.grid
    row = next(r for r, ref in enumerate(tab._refs) if (ref.group, ref.category) == (0, 1))
    QGuiApplication.clipboard().setText("合格率\t≥\t95\t%\t98\t10\n验收通过率\t=\t100\t%\t100\t5\n")
    grid.setFocus()
    grid.setCurrentCell(row, COLUMN_KEYS.index("name"))
    qtbot.keyClick(grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert tab.message.text() == "已粘贴 2 行。"
    qtbot.waitUntil(lambda: not window.session.pending, timeout=3000)
    window.undo()
    assert "合格率" not in [i.name for i in tab.table().groups[0].categories[1].indicators]
    assert tab.message.text() == ""


def test_pages_shown_after_opening_another_report_from_the_list(qtbot, running):
    from selfeval.bundled.samples import bundled_sample
    from selfeval.store import CreateReport

    window = running.window
    first = window.report_id
    other = bundled_sample()
    other.year = 2025
    second = window.session.run_op(CreateReport(other)).report_id
    qtbot.waitUntil(lambda: window.tabs.basic_tab is not None and window.tabs.basic_tab.page_count.text() != "")
    for report_id in (second, first, second):
        assert window.open_report(report_id)
        assert window.tabs.basic_tab.page_count.text().startswith("约 "), report_id
        assert window.pages_label.text() == window.tabs.basic_tab.page_count.text()


def test_add_button_appends_at_the_end_and_says_so(qtbot, running):
    from selfeval.ui.editors.entry_list import EntryListEditor

    window = running.window
    editors = []
    for index, key in enumerate(window.tabs.keys):
        if key and key != TABLE_KEY:
            window.tabs.page(index)  # built when first shown
            editors.append(window.tabs.built().get(key))
    editor = next(e for e in editors if isinstance(e, EntryListEditor) and len(e.rows()) >= 2)
    before = [row.text.toPlainText() for row in editor.rows()]
    editor.rows()[0].text.setFocus()
    editor._set_current(editor.rows()[0])
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    after = [row.text.toPlainText() for row in editor.rows()]
    assert after == before + [""]
    assert editor.add_button.toolTip().startswith("在最后")


def test_one_font_hint_then_quiet_after_the_notice(qtbot, running):
    from selfeval.domain.official_fonts import missing_fonts, missing_key

    window = running.window
    panel = window.review
    qtbot.waitUntil(lambda: panel is not None and panel.result is not None)
    panel.fonts = frozenset({"Noto Sans CJK SC", "Times New Roman"})  # a PC without the official fonts
    hints = [f for f in panel.check(window.report).findings if f.rule == "layout.font_missing"]
    assert len(hints) == 1 and hints[0].message.startswith("本机没有字体“")
    running.settings.set_fonts_notice_key(missing_key(missing_fonts(panel.fonts)))  # the start's notice shown
    assert [f for f in panel.check(window.report).findings if f.rule == "layout.font_missing"] == []
