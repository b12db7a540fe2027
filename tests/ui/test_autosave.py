"""Automatic saving: edits reach the database through the store, debounced but never later than a second."""

from __future__ import annotations



from helpers import answers, commit_text, compose, env, first_text_box, read_section, sample_db, running  # noqa: F401


def test_typing_reaches_the_database(qtbot, running, sample_db):
    path, report_id = sample_db
    window = running.window
    window.tabs.setCurrentIndex(window.tabs.keys.index("goals"))
    box = first_text_box(window.editors["goals"])
    before = read_section(path, report_id, "goals").entries[0].text
    commit_text(box, "【新增内容】")
    assert window.session.pending  # debounced, not written on the keystroke

    qtbot.waitUntil(lambda: "【新增内容】" in read_section(path, report_id, "goals").entries[0].text, timeout=3000)
    saved = read_section(path, report_id, "goals").entries[0].text
    assert saved == box.toPlainText()
    assert saved != before
    assert window.saved_label.text().startswith("已保存 ")
    assert window.actions.undo.isEnabled()


def test_tab_switch_saves_at_once(qtbot, running, sample_db):
    path, report_id = sample_db
    window = running.window
    window.tabs.setCurrentIndex(window.tabs.keys.index("problems"))
    commit_text(first_text_box(window.editors["problems"]), "切换前输入")
    window.tabs.setCurrentIndex(0)
    assert not window.session.pending
    assert "切换前输入" in read_section(path, report_id, "problems").entries[0].text


def test_close_saves_pending_edits(qtbot, env, sample_db, answers):
    from selfeval.ui.app.start import start
    from selfeval.ui.app.settings import AppSettings

    path, report_id = sample_db
    opened = start(path, report_id, AppSettings(env / "config"))
    commit_text(first_text_box(opened.window.editors["conclusion"]), "关闭前最后一句")
    assert opened.window.session.pending
    opened.close()
    assert "关闭前最后一句" in read_section(path, report_id, "conclusion").entries[0].text


def test_input_method_composition_is_not_disturbed_by_saving(qtbot, running, sample_db):
    path, report_id = sample_db
    window = running.window
    window.tabs.setCurrentIndex(window.tabs.keys.index("goals"))
    box = first_text_box(window.editors["goals"])
    commit_text(box, "已上屏")
    compose(box, "pinyin")  # the user is still choosing characters
    text_before = box.toPlainText()
    cursor_before = box.textCursor().position()
    window.flush()
    assert box.textCursor().block().layout().preeditAreaText() == "pinyin"
    assert box.toPlainText() == text_before
    assert box.textCursor().position() == cursor_before
    saved = read_section(path, report_id, "goals").entries[0].text
    assert "已上屏" in saved and "pinyin" not in saved


def test_a_refused_save_says_so_without_a_dialog_and_is_retried_on_its_own(qtbot, running, monkeypatch, answers,
                                                                           sample_db):
    from selfeval.store import StoreError

    path, report_id = sample_db
    window = running.window
    real_apply = running.store.apply
    monkeypatch.setattr(running.store, "apply", lambda op: (_ for _ in ()).throw(StoreError("数据库文件已被锁定。")))
    commit_text(first_text_box(window.editors["goals"]), "被拒绝的输入")
    assert window.flush() is False
    assert answers.shown == []  # typing goes on: no modal box
    assert window.saved_label.text() == "未保存，1 秒后自动重试"
    assert "数据库文件已被锁定。" in window.saved_label.toolTip()
    assert "数据库文件已被锁定。" in window.statusBar().currentMessage()
    assert "被拒绝的输入" in first_text_box(window.editors["goals"]).toPlainText()  # nothing lost on screen
    monkeypatch.setattr(running.store, "apply", real_apply)  # the other program let go
    qtbot.waitUntil(lambda: "被拒绝的输入" in read_section(path, report_id, "goals").entries[0].text, timeout=5000)
    assert window.saved_label.text().startswith("已保存 ")


def test_closing_with_an_unsaved_edit_asks(qtbot, running, monkeypatch, answers):
    from selfeval.store import StoreError

    window = running.window
    monkeypatch.setattr(running.store, "apply", lambda op: (_ for _ in ()).throw(StoreError("数据库文件已被锁定。")))
    commit_text(first_text_box(window.editors["goals"]), "x")
    answers.yes_no.append(False)
    window.close()
    assert window.isVisible() or not window._closed
    assert "数据库文件已被锁定。" in answers.asked[-1][2]
    answers.yes_no.append(True)  # close anyway: the edit is given up knowingly
    window.close()
    assert window._closed


def test_focus_leaving_the_editor_saves_at_once(qtbot, running, sample_db):
    path, report_id = sample_db
    window = running.window
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.tabs.setCurrentIndex(window.tabs.keys.index("goals"))
    editor = window.editors["goals"]
    box = first_text_box(editor)
    commit_text(box, "焦点离开前")
    qtbot.waitUntil(box.hasFocus, timeout=3000)
    assert window.session.pending
    editor.rows()[0].lead.setFocus()  # the next field: focus moves, the edit is saved
    assert not window.session.pending
    assert "焦点离开前" in read_section(path, report_id, "goals").entries[0].text


