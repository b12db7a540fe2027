"""The window at 100/125/150 % scaling: no sideways scrolling, one scrolling level, text boxes that grow
with their text, the preview that can be hidden (F9, remembered) and hides itself when the window is
narrow, and one character count (the status bar's)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QScrollArea

from helpers import answers, commit_text, env, first_text_box, sample_db, running  # noqa: F401
from selfeval.ui.window.report_tabs import TABLE_KEY
from selfeval.ui.window.preview_policy import PREVIEW_AUTO_HIDDEN, PREVIEW_MIN_WINDOW_WIDTH

# 1366×768 in logical pixels at 150 % (910×512) and at 125 % less a taskbar and a title bar (1093×544).
AT_150 = (910, 512)
AT_125 = (1093, 544)
WIDE = (1280, 720)


def settle(editor=None) -> None:
    for _ in range(6):
        QApplication.processEvents()
        if editor is not None:
            editor.flush()


def shown_at(qtbot, window, size: tuple[int, int]) -> None:
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    settle()
    assert (window.width(), window.height()) == size, "the window cannot be made this small"


def scroll_areas(page) -> list[QScrollArea]:
    """The scroll areas of a tab (its page too, if it scrolls), not counting text boxes."""
    found = [a for a in page.findChildren(QScrollArea) if a.isVisible()]
    return ([page] if isinstance(page, QScrollArea) else []) + found


def visit_tabs(window):
    for index, key in enumerate(window.tabs.keys):
        window.tabs.setCurrentIndex(index)
        settle(window.editors[key] if key not in (None, TABLE_KEY) else None)
        yield key, window.tabs.widget(index)


def check_one_level_no_sideways(window, size) -> None:
    for key, page in visit_tabs(window):
        areas = scroll_areas(page)
        assert areas, key
        for area in areas:
            assert area.horizontalScrollBar().maximum() == 0, (size, key, area.objectName())
            nested = [a for a in area.widget().findChildren(QScrollArea) if a.isVisible()]
            assert not nested, f"{key}: a scroll area inside a scroll area at {size}"


def test_no_horizontal_scroll_and_one_scroll_level_at_150_percent(qtbot, running):
    window = running.window
    shown_at(qtbot, window, AT_150)
    assert not window.preview_shown()  # too narrow: editors get the whole width
    check_one_level_no_sideways(window, AT_150)
    # Still true when the clerk asks for the preview at this size.
    window.actions.preview.trigger()
    assert window.preview_shown()
    check_one_level_no_sideways(window, AT_150)


def test_no_horizontal_scroll_at_125_and_100_percent(qtbot, running):
    window = running.window
    for size in (AT_125, WIDE):
        shown_at(qtbot, window, size)
        assert window.preview_shown()
        check_one_level_no_sideways(window, size)


def test_entry_text_boxes_show_their_whole_text_when_there_is_room(qtbot, running):
    window = running.window
    shown_at(qtbot, window, WIDE)
    for key in ("goals", "performance", "problems"):
        window.tabs.select(key)
        editor = window.editors[key]
        settle(editor)
        for row in editor.rows():
            assert row.text.toPlainText()
            assert row.text.verticalScrollBar().maximum() == 0, (key, row.marker.text())


def test_a_text_box_grows_as_text_is_typed_and_stops_at_the_visible_height(qtbot, running):
    window = running.window
    shown_at(qtbot, window, AT_150)
    window.tabs.select("goals")
    editor = window.editors["goals"]
    box = first_text_box(editor)
    settle(editor)
    before = box.height()
    commit_text(box, "推进基层治理精准高效。" * 30)
    settle(editor)
    assert box.height() > before
    assert box.verticalScrollBar().maximum() == 0  # still all of it in view
    commit_text(box, "持续优化营商环境。" * 300)
    settle(editor)
    # Taller than the column can show: the box stops at the visible height and scrolls inside.
    assert box.height() <= editor.scroll.viewport().height()
    assert box.verticalScrollBar().maximum() > 0


def test_figures_text_fills_the_column_and_grows(qtbot, running):
    window = running.window
    shown_at(qtbot, window, WIDE)
    window.tabs.select("efficiency")
    editor = window.editors["efficiency"]
    settle(editor)
    assert editor.text.verticalScrollBar().maximum() == 0
    assert editor.scroll.verticalScrollBar().maximum() == 0  # everything fits at this size


def test_f9_hides_and_shows_the_preview_and_is_remembered(qtbot, env, running):
    from selfeval.ui.app.settings import AppSettings

    window = running.window
    shown_at(qtbot, window, WIDE)
    window.activateWindow()
    qtbot.waitActive(window)
    assert window.menus["view"].title().startswith("查看")
    assert window.actions.preview in window.menus["view"].actions()
    window.tabs.select("goals")
    goals = window.editors["goals"]
    assert window.actions.preview.isChecked() and goals.preview_box.isVisible()

    qtbot.keyClick(first_text_box(goals), Qt.Key.Key_F9)  # from inside a text box
    assert not window.actions.preview.isChecked()
    assert not goals.preview_box.isVisible()
    assert AppSettings(env / "config").preview_shown() is False
    # An edit while hidden: the preview catches up when shown again.
    commit_text(first_text_box(goals), "新增内容")
    settle(goals)
    # A tab built while the preview is hidden starts without it.
    window.tabs.select("problems")
    problems = window.editors["problems"]
    assert not problems.preview_box.isVisible()

    qtbot.keyClick(first_text_box(problems), Qt.Key.Key_F9)
    assert window.actions.preview.isChecked() and problems.preview_box.isVisible()
    assert AppSettings(env / "config").preview_shown() is True
    window.tabs.select("goals")
    assert goals.preview_box.isVisible()
    assert "新增内容" in goals.preview.text()


def test_a_hidden_preview_stays_hidden_in_the_next_session(qtbot, env, sample_db, answers):
    from selfeval.ui.app.start import start
    from selfeval.ui.app.settings import AppSettings

    path, report_id = sample_db
    first = start(path, report_id, AppSettings(env / "config"))
    qtbot.addWidget(first.window)
    first.window.resize(*WIDE)
    first.window.set_preview_shown(False)
    first.close()
    second = start(path, report_id, AppSettings(env / "config"))
    qtbot.addWidget(second.window)
    second.window.resize(*WIDE)
    assert not second.window.preview_shown()
    assert not second.window.actions.preview.isChecked()
    assert not second.window.editors["goals"].preview_visible()
    second.close()


def test_preview_hides_itself_when_the_window_is_narrow(qtbot, env, running):
    from selfeval.ui.app.settings import AppSettings

    window = running.window
    shown_at(qtbot, window, WIDE)
    window.tabs.select("goals")
    goals = window.editors["goals"]
    assert goals.preview_box.isVisible()

    shown_at(qtbot, window, AT_150)
    assert window.width() < PREVIEW_MIN_WINDOW_WIDTH
    assert not goals.preview_box.isVisible()
    assert not window.actions.preview.isChecked()
    assert window.statusBar().currentMessage() == PREVIEW_AUTO_HIDDEN
    assert AppSettings(env / "config").preview_shown() is True  # the clerk's choice is kept

    shown_at(qtbot, window, WIDE)
    assert goals.preview_box.isVisible() and window.actions.preview.isChecked()

    # Asked for at a narrow width, the preview shows there (the clerk's explicit choice wins).
    shown_at(qtbot, window, AT_150)
    window.actions.preview.trigger()
    assert goals.preview_box.isVisible()
    assert window.statusBar().currentMessage() != PREVIEW_AUTO_HIDDEN  # no longer true: not said


def test_one_character_count_the_status_bars(qtbot, running):
    window = running.window
    shown_at(qtbot, window, WIDE)
    for key, page in visit_tabs(window):
        counts = [label for label in page.findChildren(QLabel) if label.isVisible() and "字数" in label.text()]
        assert counts == [], key
    window.tabs.select("goals")
    assert f"本节 {window.editors['goals'].char_count()} 字" in window.count_label.text()


def test_every_text_box_is_reachable_with_tab_after_the_layout_change(qtbot, running):
    """Keyboard use: tabbing from the intro visits each entry's lead and text in order."""
    window = running.window
    shown_at(qtbot, window, AT_150)
    window.tabs.select("problems")
    editor = window.editors["problems"]
    chain = []
    widget = editor.intro
    for _ in range(2 * len(editor.rows())):
        widget = widget.nextInFocusChain()
        while not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            widget = widget.nextInFocusChain()
        chain.append(widget)
    expected = [w for row in editor.rows() for w in (row.lead, row.text)]
    assert chain == expected
    assert all(isinstance(w, QPlainTextEdit) for w in chain[1::2])


def test_window_wide_keys_are_installed_once_the_window_has_painted(qtbot, env, sample_db, answers):
    """Start-up: the application-wide key filter waits for the first paint, then works in text boxes."""
    from selfeval.ui.app.start import start
    from selfeval.ui.app.settings import AppSettings

    path, report_id = sample_db
    opened = start(path, report_id, AppSettings(env / "config"))
    qtbot.addWidget(opened.window)
    window = opened.window
    assert not window._app_hooks  # nothing application-wide before the window shows
    window.resize(*WIDE)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window._app_hooks)
    window.tabs.select("goals")
    box = first_text_box(window.editors["goals"])
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.current_key() == window.tabs.keys[window.tabs.keys.index("goals") + 1]
    opened.close()


def test_qt_defaults_the_window_relies_on(qtbot, running):
    """Start-up leaves these to Qt's defaults instead of setting them (which would load Qt's namespace
    enums before the first paint): exact 125/150 % scaling, tab labels never elided, toolbar text shown,
    shortcuts for the whole window."""
    from PySide6.QtGui import QGuiApplication

    window = running.window
    assert (QGuiApplication.highDpiScaleFactorRoundingPolicy()
            == Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    assert window.tabs.elideMode() == Qt.TextElideMode.ElideNone
    assert window.actions.undo.shortcutContext() == Qt.ShortcutContext.WindowShortcut
    button = window.toolbar.widgetForAction(window.actions.reports)
    assert window.actions.reports.icon().isNull() and button.text() == "报告管理"
    # No icon: the button draws its text whatever the style's tool-button style (see the screenshots).
    assert window.toolBarArea(window.toolbar) == Qt.ToolBarArea.TopToolBarArea
