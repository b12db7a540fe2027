"""The window as a shell over the edit session: undo shows the change where it happened, the status bar
says what happened once, the F1 list names every key, the first start offers buttons, and a long report
keeps only a few editors built."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from helpers import answers, commit_text, env, first_text_box, running, sample_db  # noqa: F401
from selfeval.domain.model import Entry, Section, SectionKind
from selfeval.bundled.samples import bundled_sample
from selfeval.ui.widgets import dialogs
from selfeval.ui.window import report_tabs
from selfeval.ui.window.actions import SHORTCUTS_HELP


def test_undo_switches_to_the_changed_tab_and_puts_the_cursor_at_the_change(qtbot, running):
    window = running.window
    window.tabs.select("problems")
    box = first_text_box(window.editors["problems"])
    original = box.toPlainText()
    cursor = box.textCursor()
    cursor.setPosition(3)
    box.setTextCursor(cursor)
    commit_text(box, "插入")
    assert window.flush()
    window.tabs.select(None)  # the clerk moved on to 基本信息
    window.undo()
    assert window.tabs.current_key() == "problems"
    box = first_text_box(window.editors["problems"])
    assert box.toPlainText() == original
    assert box.hasFocus() or QApplication.focusWidget() is box or not window.isVisible()
    assert box.textCursor().position() == 3  # where the undone text was
    # Said once, not "已撤销：撤销：…"
    assert window.statusBar().currentMessage() == "已撤销：修改“存在的主要问题”"
    window.redo()
    assert window.statusBar().currentMessage() == "已重做：修改“存在的主要问题”"


def test_undo_of_a_field_shows_the_basic_info_tab_and_its_field(qtbot, running):
    window = running.window
    window.show()
    qtbot.waitExposed(window)
    tab = window.tabs.basic_info()
    commit_text(tab.contact_person, "张三")
    assert window.flush()
    window.tabs.select("goals")
    window.undo()
    assert window.tabs.current_key() is None
    assert tab.contact_person.text() == ""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.contact_person, timeout=2000)


def test_the_f1_list_names_every_key_of_the_window_and_the_editors(qtbot, running):
    window = running.window
    listed = " ".join(keys for keys, _ in SHORTCUTS_HELP)
    spoken = {"Return": "Enter", "Up": "↑", "Down": "↓", "PgDown": "PgDn", "Del": "Delete"}  # as the list says

    def named(seq: QKeySequence) -> str:
        text = seq.toString(QKeySequence.SequenceFormat.PortableText)
        return "+".join(spoken.get(part, part) for part in text.split("+"))

    keys = [named(seq) for action in window.actions.all() for seq in action.shortcuts()]
    keys += [named(s.key()) for s in window.editors["goals"].findChildren(QShortcut)]
    assert "Ctrl+Enter" in keys and "Alt+↑" in keys and "Ctrl+Shift+Delete" in keys
    for key in keys:
        assert key in listed, key


def test_ask_buttons_shows_every_choice_as_a_button(qtbot):
    labels = ["添加示例报告", "新建或导入报告…", "以后再说"]
    seen: list[list[str]] = []

    def press_second() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        buttons = [b for b in box.findChildren(QPushButton) if b.isVisible()]
        seen.append(sorted(b.text() for b in buttons))
        next(b for b in buttons if b.text() == labels[1]).click()

    QTimer.singleShot(100, press_second)
    assert dialogs.ask_buttons(None, "还没有报告", "请选择", labels) == 1
    assert seen == [sorted(labels)]


def test_escape_presses_the_last_button(qtbot):
    def escape() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        qtbot.keyClick(box, "\x1b")
        box.reject()

    QTimer.singleShot(100, escape)
    assert dialogs.ask_buttons(None, "标题", "文字", ["甲", "乙", "以后再说"]) in (2, None)


def test_a_report_of_300_sections_keeps_only_a_few_editors(qtbot, env, answers):
    from selfeval.store import CreateReport, Store
    from selfeval.ui.app.settings import AppSettings
    from selfeval.ui.app.start import start

    report = bundled_sample()
    report.sections = [Section(f"s{i}", f"第{i}节", 2, SectionKind.ITEMS, entries=[Entry(text=f"内容{i}" * 20)])
                       for i in range(300)]
    path = env / "big.db"
    store = Store.open(path)
    report_id = store.apply(CreateReport(report)).report_id
    store.close()
    opened = start(path, report_id, AppSettings(env / "config"))
    qtbot.addWidget(opened.window)
    window = opened.window
    try:
        for i in range(300):
            window.tabs.select(f"s{i}")
            assert len(window.tabs.built()) <= report_tabs.KEEP_BUILT + 1
        # A dropped editor comes back with what was typed in it.
        window.tabs.select("s5")
        commit_text(first_text_box(window.editors["s5"]), "再来")
        for i in range(20, 40):
            window.tabs.select(f"s{i}")
        assert "s5" not in window.tabs.built()
        window.tabs.select("s5")
        assert "再来" in first_text_box(window.editors["s5"]).toPlainText()
        assert window.count_label.text().startswith("本节 ")
    finally:
        opened.close()


def test_an_editor_with_an_unsaved_edit_is_never_dropped(qtbot, running, monkeypatch):
    from selfeval.store import StoreError

    window = running.window
    window.tabs.select("goals")
    monkeypatch.setattr(running.store, "apply", lambda op: (_ for _ in ()).throw(StoreError("数据库文件已被锁定。")))
    commit_text(first_text_box(window.editors["goals"]), "尚未保存")
    monkeypatch.setattr(report_tabs, "KEEP_BUILT", 0)
    for key in window.tabs.keys[1:]:
        window.tabs.select(key)
    assert "goals" in window.tabs.built()  # the pending save still reads it
    monkeypatch.undo()
    assert window.flush()
