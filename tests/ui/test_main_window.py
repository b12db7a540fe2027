"""The main window on the bundled sample: tabs from the report's data, basic info, shortcuts, fitting 1366×768."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from helpers import answers, commit_text, env, first_text_box, focus_in, sample_db, running  # noqa: F401
from selfeval.bundled.samples import bundled_sample
from selfeval.ui.window.main_window import MainWindow
from selfeval.ui.window.report_tabs import BASIC_TAB_LABEL, TABLE_KEY, TABLE_TAB_LABEL

SAMPLE_HEADINGS = ["部门整体支出绩效目标", "自评结论", "履职效能分析", "管理效率分析", "存在的主要问题", "下一步改进措施"]


def test_one_tab_per_content_section_labelled_with_its_heading(running):
    window = running.window
    labels = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    expected = [s.heading for s in bundled_sample().content_sections()]
    # 基本信息, then the 自评表, then one tab per section.
    assert labels == [BASIC_TAB_LABEL, TABLE_TAB_LABEL, *expected]
    assert expected == SAMPLE_HEADINGS
    assert window.tabs.keys[:2] == [None, TABLE_KEY]
    assert window.tabs.keys[2:] == [s.key for s in bundled_sample().content_sections()]
    # Each editor shows the stored section.
    for section in bundled_sample().content_sections():
        assert window.editors[section.key].section().to_dict() == section.to_dict()
    assert "2024年度昌华街道" in window.windowTitle()
    assert "只读" not in window.windowTitle()
    assert window.read_only_action is None  # a window that saves has no read-only banner


def test_tabs_come_from_the_data_not_from_code(qtbot, env, answers):
    """A report with another outline (the basic-info template) gets its own tabs, no code change."""
    from selfeval.store import CreateReport, Store
    from selfeval.bundled.templates import get_template
    from selfeval.ui.app.settings import AppSettings

    template = get_template("basic-info-2024")
    store = Store.open(env / "other.db")
    report_id = store.apply(CreateReport(template.new_report(unit_name="某某局", unit_short="某某局", year=2025))).report_id
    window = MainWindow(store, AppSettings(env / "config"))
    qtbot.addWidget(window)
    assert window.open_report(report_id)
    headings = [window.tabs.tabText(i) for i in range(2, window.tabs.count())]
    assert headings == [s.heading for s in template.new_report().content_sections()]
    assert headings[0] != SAMPLE_HEADINGS[0]
    window.close()
    store.close()


def test_window_fits_1366x768_with_a_taskbar_at_100_and_125_percent(running):
    window = running.window
    for scale in (1.0, 1.25):
        # Logical pixels left by a 40 px taskbar and a 30 px title bar.
        width, height = int(1366 / scale), int(768 / scale) - 40 - 30
        for i in range(window.tabs.count()):
            window.tabs.setCurrentIndex(i)
            minimum = window.minimumSize().expandedTo(window.minimumSizeHint())
            assert minimum.width() <= width, (scale, window.tabs.tabText(i))
            assert minimum.height() <= height, (scale, window.tabs.tabText(i))


def test_first_run_size_fits_a_small_screen():
    from PySide6.QtCore import QSize

    from selfeval.ui.window.main_window import MINIMUM_HEIGHT, MINIMUM_WIDTH, default_size

    assert default_size(QSize(1366, 728)) == (1280, 669)
    assert default_size(QSize(1920, 1040)) == (1280, 720)
    assert default_size(QSize(600, 400)) == (MINIMUM_WIDTH, MINIMUM_HEIGHT)


def test_basic_info_field_reaches_the_database(qtbot, running):
    window = running.window
    window.tabs.setCurrentIndex(0)
    tab = window.tabs.basic_info()
    commit_text(tab.contact_person, "张三")
    store = running.store

    qtbot.waitUntil(lambda: store.load(window.report_id).contact_person == "张三", timeout=3000)
    assert window.saved_label.text().startswith("已保存 ")


def test_layout_setting_reaches_the_database(qtbot, running):
    window = running.window
    tab = window.tabs.basic_info()
    tab.line_spacing.setCurrentIndex(0)  # 28 pt
    tab.level2_bold.setChecked(True)
    window.flush()
    layout = running.store.load(window.report_id).layout
    assert str(layout.line_spacing_pt) == "28"
    assert layout.level2_bold is True
    assert layout.level3_bold is False


def test_sign_date_is_optional(qtbot, running):
    window = running.window
    tab = window.tabs.basic_info()
    tab.has_date.setChecked(True)
    window.flush()
    assert running.store.load(window.report_id).sign_date is not None
    tab.has_date.setChecked(False)
    window.flush()
    assert running.store.load(window.report_id).sign_date is None


def test_ctrl_tab_and_ctrl_pgdn_switch_tabs_even_from_a_text_box(qtbot, running):
    window = running.window
    window.show()
    qtbot.waitExposed(window)
    goals = window.tabs.keys.index("goals")  # after 基本信息 and the 自评表
    window.tabs.setCurrentIndex(goals)
    box = first_text_box(window.editors["goals"])
    focus_in(qtbot, box)
    qtbot.keyClick(box, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == goals + 1
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == goals + 2
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == goals + 1
    box = first_text_box(window.editors["conclusion"])
    focus_in(qtbot, box)
    qtbot.keyClick(box, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.tabs.currentIndex() == goals
    assert box.toPlainText() == first_text_box(window.editors["conclusion"]).toPlainText()  # no tab typed


def test_shortcuts_are_bound(running):
    window = running.window
    expected = {
        window.actions.undo: {"Ctrl+Z"},
        window.actions.redo: {"Ctrl+Y", "Ctrl+Shift+Z"},
        window.actions.export: {"Ctrl+E"},
        window.actions.reports: {"Ctrl+O"},
        window.actions.history: {"Ctrl+H"},
        window.actions.about: {"F1"},
        window.actions.preview: {"F9"},
    }
    for action, keys in expected.items():
        got = {s.toString(QKeySequence.SequenceFormat.PortableText) for s in action.shortcuts()}
        assert got == keys, action.text()


def test_character_count_in_status_bar(qtbot, running):
    window = running.window
    window.tabs.setCurrentIndex(window.tabs.keys.index("goals"))
    expected = window.editors["goals"].char_count()
    assert expected > 0
    assert f"本节 {expected} 字" in window.count_label.text()


def test_about_lists_shortcuts(running, qtbot):
    from selfeval.ui.views.about_dialog import AboutDialog

    running.window.actions.about.trigger()
    about = running.window.findChild(AboutDialog)
    assert about is not None and about.isVisible() and about.windowTitle() == "关于"
    keys = [about.shortcuts.item(row, 0).text() for row in range(about.shortcuts.rowCount())]
    assert "Ctrl+E" in keys and "Ctrl+Z" in keys
    about.reject()


def test_remembers_last_report_and_geometry(qtbot, env, sample_db, answers):
    from selfeval.ui.app.start import start
    from selfeval.ui.app.settings import AppSettings

    path, report_id = sample_db
    first = start(path, report_id, AppSettings(env / "config"))
    first.window.resize(1000, 600)
    first.close()
    settings = AppSettings(env / "config")
    assert settings.last_report(path) == report_id
    assert settings.window_geometry() is not None
    second = start(path, None, settings)  # no --report: the last one
    qtbot.addWidget(second.window)
    assert second.window.report_id == report_id
    second.close()


def test_missing_report_id_is_told_and_falls_back(qtbot, env, sample_db, answers):
    from selfeval.ui.app.start import start
    from selfeval.ui.app.settings import AppSettings

    path, report_id = sample_db
    opened = start(path, 9999, AppSettings(env / "config"))
    qtbot.addWidget(opened.window)
    [(title, text)] = answers.of("error")
    assert "9999" in text
    assert opened.window.report_id == report_id
    opened.close()


def test_empty_file_offers_the_sample(qtbot, env, answers):
    from selfeval.ui.app.start import start
    from selfeval.ui.app.settings import AppSettings

    answers.choices.append(0)  # 添加示例报告
    opened = start(env / "empty.db", None, AppSettings(env / "config"))
    qtbot.addWidget(opened.window)
    opened.window.show()  # as run() does: the offer comes after the first paint
    assert opened.window.report_id is None
    assert opened.window.stack.currentWidget() is opened.window.empty_page
    qtbot.waitUntil(lambda: opened.window.report_id is not None, timeout=3000)
    assert [r.unit_short for r in opened.store.list_reports()] == ["昌华街道"]
    assert opened.window.stack.currentWidget() is opened.window.tabs
    opened.close()


def test_qt_dialog_buttons_are_chinese(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    from selfeval.ui.app.translations import install_qt_translations

    translators = install_qt_translations(qapp)
    try:
        assert translators, "qtbase_zh_CN.qm not found"
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = box.button(QDialogButtonBox.StandardButton.Ok).text().replace("&", "")
        cancel = box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")
        assert ok.startswith("确定")
        assert cancel.startswith("取消")
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_ui_font_can_show_chinese(qapp):
    from PySide6.QtGui import QFontMetrics

    from selfeval.ui.app.start import apply_fonts, chinese_font_families

    before = qapp.font()
    try:
        font = apply_fonts(qapp)
        if chinese_font_families():
            assert font.families()[0] in chinese_font_families()
        assert QFontMetrics(font).inFontUcs4(ord("绩"))
    finally:
        qapp.setFont(before)


def test_reports_dialog_opens_the_chosen_report(qtbot, running, monkeypatch):
    from selfeval.store import CreateReport
    from selfeval.ui.views.reports_dialog import ReportsDialog

    other = bundled_sample()
    other.unit_short = "华林街道"
    other_id = running.store.apply(CreateReport(other)).report_id

    def choose(dialog):
        assert dialog.current_report_id == running.window.report_id
        dialog.chosen_report_id = other_id
        return 1

    monkeypatch.setattr(ReportsDialog, "exec", choose)
    running.window.actions.reports.trigger()
    assert running.window.report_id == other_id
    assert "华林街道" in running.window.windowTitle()
    assert running.settings.last_report(running.store.path) == other_id


def test_open_report_deleted_in_the_reports_dialog_is_closed(qtbot, running, monkeypatch):
    from selfeval.store import DeleteReport
    from selfeval.ui.views.reports_dialog import ReportsDialog

    window = running.window

    def delete_current(dialog):
        dialog.session.run_op(DeleteReport(window.report_id))
        return 0

    monkeypatch.setattr(ReportsDialog, "exec", delete_current)
    window.open_reports_dialog()
    assert window.report_id is None
    assert window.stack.currentWidget() is window.empty_page
    assert not window.actions.export.isEnabled() and not window.actions.undo.isEnabled()


def test_renamed_in_the_reports_dialog_updates_the_window(qtbot, running, monkeypatch):
    from selfeval.store import SetField
    from selfeval.ui.views.reports_dialog import ReportsDialog

    window = running.window
    window.tabs.setCurrentIndex(0)

    def rename(dialog):
        dialog.session.run_op(SetField(window.report_id, "unit_short", "新名街道"))
        return 0

    monkeypatch.setattr(ReportsDialog, "exec", rename)
    window.open_reports_dialog()
    assert "新名街道" in window.windowTitle()
    assert window.tabs.basic_info().unit_short.text() == "新名街道"
