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


def test_dialog_titles_carry_no_program_name(qtbot, running):
    """Qt appends the application display name to every window title; at 1366×768 that cut 「导出 Word 文档」
    to 「导出 Word 文… 自评编制工具」. The main window names the program itself."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app.applicationDisplayName() == app.applicationName()  # none set: nothing appended
    assert running.window.windowTitle().endswith("绩效自评编制工具")


def test_file_dialogs_are_chinese_with_readable_columns(qtbot, tmp_path):
    import sys

    import pytest

    if sys.platform in ("win32", "darwin"):
        pytest.skip("the system's own file dialog is used there")
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from selfeval.ui.app.translations import install_qt_translations

    app = QApplication.instance()
    default_locale = QLocale()
    translators = install_qt_translations(app)  # as the program's start does
    assert translators, "qtbase_zh_CN.qm not found"
    try:
        _check_file_dialog(qtbot, tmp_path)
    finally:
        for translator in translators:
            app.removeTranslator(translator)
        QLocale.setDefault(default_locale)


def _check_file_dialog(qtbot, tmp_path) -> None:
    from PySide6.QtWidgets import QFileDialog, QTreeView

    from selfeval.ui.widgets import dialogs

    name = "2025年度昌华街道部门整体支出绩效自评表说明.docx"
    (tmp_path / name).write_bytes(b"x" * 2000)
    dialog = dialogs.file_dialog(None, "导出 Word 文档", tmp_path / name, "Word 文档 (*.docx)", save=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.width() <= 1366 and dialog.height() <= 768
    tree = dialog.findChild(QTreeView, "treeView")
    model = tree.model()
    qtbot.waitUntil(lambda: model.rowCount(tree.rootIndex()) == 1)
    row = model.index(0, 0, tree.rootIndex())
    assert model.data(row) == name
    date = model.data(row.siblingAtColumn(3))
    assert date.startswith(f"{dt.date.today():%Y}/") and "AM" not in date and "PM" not in date
    header = tree.header()
    assert header.model().headerData(3, header.orientation()) == "修改日期"
    assert header.sectionSize(0) >= tree.fontMetrics().horizontalAdvance(name)  # the name is not cut


def test_exchange_and_backup_dialogs_start_in_the_last_folder_used(qtbot, running, answers, env):
    from selfeval.ui.app.settings import AppSettings
    from selfeval.ui.views import backup_actions, exchange_actions
    from selfeval.ui.widgets import last_folders

    stick = env / "U盘"
    stick.mkdir()
    window = running.window
    answers.save_paths.append(stick / "备份.db")
    assert backup_actions.backup_to(window) == stick / "备份.db"
    answers.open_paths.append(None)
    backup_actions.restore_backup(window)
    assert answers.asked[-1][2] == stick  # 从备份恢复 starts where the backup went
    answers.open_paths.append(None)
    exchange_actions.unpack(window, window.session)
    assert answers.asked[-1][2] != stick  # each kind has its own folder
    office = env / "科室"
    office.mkdir()
    answers.open_paths.append(office / "无此文件.selfeval")
    exchange_actions.unpack(window, window.session)
    answers.shown.clear()
    # remembered across starts: the settings file holds each kind's folder
    last_folders.use(AppSettings(env / "config"))
    assert last_folders.start(last_folders.BACKUP) == stick
    assert last_folders.start(last_folders.EXCHANGE) == office


def test_basic_info_compares_with_last_years_report(qtbot, running):
    """Issue 23, item 7 (first part): a report of the same unit a year later shows last year's 全年预算数,
    执行率 and 自评得分 beside its own in 基本信息, with the change in percentage points."""
    from dataclasses import replace
    from decimal import Decimal

    from selfeval.store import CreateReport

    window = running.window
    last = window.report  # the 2024 sample: 7704.69 budgeted, 7663.69 spent (99.47%)
    assert window.tabs.basic_tab.year_compare.isHidden()  # no 2023 report
    this = last.copy()
    this.year = 2025
    table = this.table
    total = replace(table.budget.total, budget=Decimal("8000"), spent=Decimal("7900"))
    this.table = replace(table, budget=table.budget.with_row(total))
    new_id = window.session.run_op(CreateReport(this)).report_id
    assert window.open_report(new_id)
    label = window.tabs.basic_tab.year_compare
    assert not label.isHidden()
    assert label.text().startswith("上年（2024年度）与本年：全年预算数 7704.69 万元 → 8000.00 万元")
    assert "执行率 99.47% → 98.75%（较上年降低 0.72 个百分点）" in label.text()


def _next_year(window, spent: str) -> int:
    """A 2025 report of the sample's unit (8000 budgeted, ``spent`` spent), opened; the 2024 sample stays."""
    from dataclasses import replace
    from decimal import Decimal

    from selfeval.store import CreateReport

    this = window.report.copy()
    this.year = 2025
    table = this.table
    total = replace(table.budget.total, budget=Decimal("8000"), spent=Decimal(spent))
    this.table = replace(table, budget=table.budget.with_row(total))
    conclusion = this.section("conclusion")
    conclusion.intro = "预算执行率{执行率较上年}，自评得分{自评得分较上年}。"
    new_id = window.session.run_op(CreateReport(this)).report_id
    assert window.open_report(new_id)
    return new_id


def test_year_comparison_follows_each_grid_edit(qtbot, running):
    """Issue 23, item 3: 基本信息's comparison with last year is computed again after a grid edit, not
    only on opening or undo; so is the 自评结论's 「{执行率较上年}」."""
    window = running.window
    _next_year(window, "7900")  # 98.75%: 0.72 points below 2024's 99.47%
    label = window.tabs.basic_tab.year_compare
    assert "（较上年降低 0.72 个百分点）" in label.text()
    editor = window.tabs.editor("conclusion")
    assert "预算执行率降低 0.72 个百分点" in editor._quoting(editor.section()).plain_text()
    window.tabs.select(TABLE_KEY)
    tab = window.tabs.table_tab
    tab.budget.item(0, 2).setText("8000")  # 全年执行数 of the 年度资金总额 row: 100%
    qtbot.waitUntil(lambda: not window.session.pending, timeout=3000)
    qtbot.waitUntil(lambda: "（较上年提高 0.53 个百分点）" in label.text(), timeout=3000)
    assert "执行率 99.47% → 100.00%" in label.text()
    assert "预算执行率提高 0.53 个百分点" in editor._quoting(editor.section()).plain_text()


def test_year_quotes_listed_in_insert_data_and_warned_without_last_year(qtbot, running):
    """Issue 23, item 7: the figures editor's 「插入数据」 offers the change against last year; with no report of
    the unit a year earlier, 审核 warns (the text prints 【执行率较上年】), rather than a silent blank."""
    from selfeval.app.check import check_report
    from selfeval.domain.model import SectionKind

    window = running.window
    key = next(s.key for s in window.report.sections if s.kind is SectionKind.FIGURES)
    editor = window.tabs.editor(key)
    texts = [a.text() for a in editor.insert_menu.actions()]
    assert "执行率较上年　→　{执行率较上年}" in texts and "自评得分较上年数　→　{自评得分较上年数}" in texts
    report = window.report.copy()  # the 2024 sample: no 2023 report
    report.section("conclusion").intro = "执行率{执行率较上年}。"
    findings = [f for f in check_report(report).findings if f.rule == "year.no_comparison"]
    assert len(findings) == 1 and "没有本单位2023年度的报告" in findings[0].message
    assert not [f for f in check_report(report).findings if f.rule == "figure.empty_reference"
                and "较上年" in f.message]
