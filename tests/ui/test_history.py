"""Undo and redo across the whole report through the store; the 历史版本 dialog and an undoable restore."""

from __future__ import annotations

from PySide6.QtCore import Qt

from helpers import answers, commit_text, env, first_text_box, focus_in, read_section, sample_db, running  # noqa: F401
from selfeval.domain.document import report_text
from selfeval.ui.views.history_dialog import HistoryDialog


def _edit(window, key: str, text: str) -> None:
    window.tabs.setCurrentIndex(window.tabs.keys.index(key))
    commit_text(first_text_box(window.editors[key]), text)
    assert window.flush()


def test_undo_and_redo_with_the_keyboard_inside_a_text_box(qtbot, running, sample_db):
    path, report_id = sample_db
    window = running.window
    window.show()
    qtbot.waitExposed(window)
    original = read_section(path, report_id, "goals").entries[0].text
    window.tabs.setCurrentIndex(window.tabs.keys.index("goals"))
    box = first_text_box(window.editors["goals"])
    focus_in(qtbot, box)
    commit_text(box, "撤销我")
    assert window.session.pending
    assert not window.actions.redo.isEnabled()

    # Ctrl+Z in the text box: the report-wide undo (pending edit saved first, then undone).
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert read_section(path, report_id, "goals").entries[0].text == original
    assert first_text_box(window.editors["goals"]).toPlainText() == original
    assert window.actions.redo.isEnabled()
    assert window.tabs.current_key() == "goals"  # stays on the tab
    assert "已撤销" in window.statusBar().currentMessage()

    qtbot.keyClick(first_text_box(window.editors["goals"]), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert "撤销我" in read_section(path, report_id, "goals").entries[0].text
    assert "撤销我" in first_text_box(window.editors["goals"]).toPlainText()

    qtbot.keyClick(first_text_box(window.editors["goals"]), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(first_text_box(window.editors["goals"]), Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "撤销我" in read_section(path, report_id, "goals").entries[0].text


def test_undo_only_touches_the_changed_editor(qtbot, running):
    window = running.window
    _edit(window, "problems", "问题补充")
    other = first_text_box(window.editors["goals"])
    other_cursor = other.textCursor()
    other_cursor.setPosition(5)
    other.setTextCursor(other_cursor)
    window.tabs.setCurrentIndex(window.tabs.keys.index("goals"))
    window.undo()
    assert window.tabs.current_key() == "problems"  # the undone change is shown where it happened
    assert first_text_box(window.editors["goals"]) is other
    assert other.textCursor().position() == 5  # not reloaded: its cursor stays
    assert "问题补充" not in first_text_box(window.editors["problems"]).toPlainText()


def test_undo_a_basic_info_field(qtbot, running):
    window = running.window
    tab = window.tabs.basic_info()
    commit_text(tab.unit_short, "测试")
    assert window.flush()
    assert running.store.load(window.report_id).unit_short.endswith("测试")
    assert "测试" in window.windowTitle()
    focus_in(qtbot, tab.unit_short)
    qtbot.keyClick(tab.unit_short, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # a QLineEdit's own Ctrl+Z
    assert running.store.load(window.report_id).unit_short == "昌华街道"
    assert tab.unit_short.text() == "昌华街道"
    assert "测试" not in window.windowTitle()
    qtbot.keyClick(tab.unit_short, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert running.store.load(window.report_id).unit_short == "昌华街道测试"


def test_undo_disabled_without_history(running):
    window = running.window
    assert not window.actions.undo.isEnabled()
    assert not window.actions.redo.isEnabled()


def test_history_lists_changes_and_previews_a_state(qtbot, running):
    window = running.window
    _edit(window, "goals", "第一次修改")
    _edit(window, "problems", "第二次修改")
    records = running.store.history(window.report_id)
    headings = {s.key: s.heading for s in window.report.sections}
    dialog = HistoryDialog(running.store, window.report_id, headings, parent=window)
    qtbot.addWidget(dialog)
    assert dialog.op_ids() == [r.id for r in records]
    assert dialog.list.topLevelItem(0).text(1) == "存在的主要问题"
    assert dialog.list.topLevelItem(1).text(1) == "部门整体支出绩效目标"
    assert "第二次修改" in dialog.preview.toPlainText()
    dialog.select_op(records[1].id)  # after the first edit only
    preview = dialog.preview.toPlainText()
    assert preview.startswith(report_text(running.store.state_after(window.report_id, records[1].id)))
    assert "第一次修改" in preview and "第二次修改" not in preview
    assert dialog.restore_button.isEnabled()


def test_restore_from_history_then_undo_the_restore(qtbot, running, sample_db, answers, monkeypatch):
    path, report_id = sample_db
    window = running.window
    _edit(window, "goals", "第一次修改")
    first_op = running.store.history(report_id)[0].id
    _edit(window, "problems", "第二次修改")
    _edit(window, "goals", "第三次修改")

    def pick_first_edit(dialog):
        assert dialog.select_op(first_op)
        answers.yes_no.append(True)  # 是否继续？
        dialog.restore_button.click()
        return dialog.result()

    monkeypatch.setattr(HistoryDialog, "exec", pick_first_edit)
    window.actions.history.trigger()

    restored = running.store.load(report_id)
    assert restored.to_dict() == running.store.state_after(report_id, first_op).to_dict()
    assert "第三次修改" not in first_text_box(window.editors["goals"]).toPlainText()
    assert "第一次修改" in first_text_box(window.editors["goals"]).toPlainText()
    assert "第二次修改" not in first_text_box(window.editors["problems"]).toPlainText()
    assert "可撤销" in window.statusBar().currentMessage()

    window.actions.undo.trigger()  # the restore itself is undone
    back = running.store.load(report_id)
    assert "第三次修改" in back.section("goals").entries[0].text
    assert "第二次修改" in back.section("problems").entries[0].text
    assert "第三次修改" in first_text_box(window.editors["goals"]).toPlainText()


def test_history_dialog_cancelled_changes_nothing(qtbot, running, answers, monkeypatch):
    window = running.window
    _edit(window, "goals", "保留")
    before = running.store.load(window.report_id).to_dict()
    count = len(running.store.history(window.report_id))

    def decline(dialog):
        answers.yes_no.append(False)
        dialog.restore_button.click()
        return dialog.reject()

    monkeypatch.setattr(HistoryDialog, "exec", decline)
    window.show_history()
    assert running.store.load(window.report_id).to_dict() == before
    assert len(running.store.history(window.report_id)) == count


def test_undo_reaches_a_tab_not_built_yet(qtbot, env, sample_db, answers):
    """Tabs are built when first shown; an undo before that shows up when the tab is opened."""
    from selfeval.domain.text import char_count
    from selfeval.store import SetSection, Store
    from selfeval.ui.app.start import start
    from selfeval.ui.app.settings import AppSettings

    path, report_id = sample_db
    store = Store.open(path)
    section = store.load(report_id).section("conclusion")
    original = section.entries[0].text
    section.entries[0].text = "上次会话的修改"
    store.apply(SetSection(report_id, section))
    store.close()

    opened = start(path, report_id, AppSettings(env / "config"))
    qtbot.addWidget(opened.window)
    window = opened.window
    assert window.tabs.current_key() is None and not window.tabs.built()  # only 基本信息 is built
    total = sum(char_count(s.plain_text()) for s in opened.store.load(report_id).content_sections())
    assert window.count_label.text() == f"全文 {total} 字"

    window.undo()  # the undone change is shown: its tab is built and selected
    assert window.tabs.current_key() == "conclusion"
    assert first_text_box(window.editors["conclusion"]).toPlainText() == original
    window.redo()
    assert first_text_box(window.editors["conclusion"]).toPlainText() == "上次会话的修改"
    opened.close()


def test_the_history_preview_shows_the_table_of_each_version(qtbot, running):
    """Issue 23, item 2: a 自评表 edit is a version whose preview shows the table, not only the 说明."""
    from selfeval.domain.table.rows import COLUMN_KEYS
    from selfeval.ui.window.report_tabs import TABLE_KEY

    window = running.window
    window.tabs.select(TABLE_KEY)
    tab = window.tabs.table_tab
    row = next(r for r, ref in enumerate(tab._refs) if ref.index is not None)
    col = COLUMN_KEYS.index("analysis")
    tab.grid.setCurrentCell(row, col)
    tab.grid.item(row, col).setText("已按进度完成")
    qtbot.waitUntil(lambda: not window.session.pending, timeout=3000)
    records = running.store.history(window.report_id)
    dialog = HistoryDialog(running.store, window.report_id, {}, parent=window)
    qtbot.addWidget(dialog)
    dialog.select_op(records[0].id)
    assert "自评表\n" in dialog.preview.toPlainText()
    assert "偏差原因分析及改进措施：已按进度完成" in dialog.preview.toPlainText()
    dialog.select_op(records[1].id)  # the version before the edit
    assert "偏差原因分析及改进措施：完成率152.83%" in dialog.preview.toPlainText()
