"""Automatic saving: edits reach the database through the store, debounced but never later than a second."""

from __future__ import annotations



from helpers import answers, commit_text, compose, env, first_text_box, read_section, sample_db, session  # noqa: F401
from selfeval.ui import autosave
from selfeval.ui.autosave import AutoSaver


def test_typing_reaches_the_database(qtbot, session, sample_db):
    path, report_id = sample_db
    window = session.window
    window.tabs.setCurrentIndex(window.tab_keys.index("goals"))
    box = first_text_box(window.editors["goals"])
    before = read_section(path, report_id, "goals").entries[0].text
    commit_text(box, "【新增内容】")
    assert window.autosaver.pending  # debounced, not written on the keystroke

    qtbot.waitUntil(lambda: "【新增内容】" in read_section(path, report_id, "goals").entries[0].text, timeout=3000)
    saved = read_section(path, report_id, "goals").entries[0].text
    assert saved == box.toPlainText()
    assert saved != before
    assert window.saved_label.text().startswith("已保存 ")
    assert window.act_undo.isEnabled()


def test_tab_switch_saves_at_once(qtbot, session, sample_db):
    path, report_id = sample_db
    window = session.window
    window.tabs.setCurrentIndex(window.tab_keys.index("problems"))
    commit_text(first_text_box(window.editors["problems"]), "切换前输入")
    window.tabs.setCurrentIndex(0)
    assert not window.autosaver.pending
    assert "切换前输入" in read_section(path, report_id, "problems").entries[0].text


def test_close_saves_pending_edits(qtbot, env, sample_db, answers):
    from selfeval.ui.app.start import start
    from selfeval.ui.app.settings import AppSettings

    path, report_id = sample_db
    opened = start(path, report_id, AppSettings(env / "config"))
    commit_text(first_text_box(opened.window.editors["conclusion"]), "关闭前最后一句")
    assert opened.window.autosaver.pending
    opened.close()
    assert "关闭前最后一句" in read_section(path, report_id, "conclusion").entries[0].text


def test_input_method_composition_is_not_disturbed_by_saving(qtbot, session, sample_db):
    path, report_id = sample_db
    window = session.window
    window.tabs.setCurrentIndex(window.tab_keys.index("goals"))
    box = first_text_box(window.editors["goals"])
    commit_text(box, "已上屏")
    compose(box, "pinyin")  # the user is still choosing characters
    text_before = box.toPlainText()
    cursor_before = box.textCursor().position()
    window.autosaver.flush()
    assert box.textCursor().block().layout().preeditAreaText() == "pinyin"
    assert box.toPlainText() == text_before
    assert box.textCursor().position() == cursor_before
    saved = read_section(path, report_id, "goals").entries[0].text
    assert "已上屏" in saved and "pinyin" not in saved


class RecordingStore:
    """Records what reaches ``apply``; ``fail_with`` makes the next applies raise."""

    read_only = False

    def __init__(self) -> None:
        self.applied: list = []
        self.fail_with: Exception | None = None

    def apply(self, op):
        if self.fail_with is not None:
            raise self.fail_with
        self.applied.append(op)
        return None


def test_continuous_typing_is_saved_within_a_second(qtbot, monkeypatch):
    """The timer restarts on each edit but never beyond MAX_DELAY_MS after the first unsaved one."""
    clock = [100.0]
    monkeypatch.setattr(autosave.time, "monotonic", lambda: clock[0])
    saver = AutoSaver(RecordingStore())
    saver.schedule("section:a", lambda: "op1")
    assert saver._timer.interval() == autosave.DEBOUNCE_MS
    clock[0] += 0.2
    saver.schedule("section:a", lambda: "op2")
    assert saver._timer.interval() == autosave.DEBOUNCE_MS  # 200 + 700 < 950: plain debounce
    clock[0] += 0.6  # 800 ms after the first keystroke: 800 + 700 > 950, capped
    saver.schedule("section:a", lambda: "op3")
    assert saver._timer.interval() == autosave.MAX_DELAY_MS - 800
    clock[0] += 0.5  # past the cap: save at once
    saver.schedule("section:a", lambda: "op4")
    assert saver._timer.interval() == 0
    assert autosave.MAX_DELAY_MS <= 1000
    saver.flush()
    assert saver.store.applied == ["op4"]  # the latest value of the key, once


def test_each_key_saved_once_in_order(qtbot):
    store = RecordingStore()
    saver = AutoSaver(store)
    saver.schedule("section:a", lambda: "a1")
    saver.schedule("field:year", lambda: "y")
    saver.schedule("section:a", lambda: "a2")
    with qtbot.waitSignal(saver.saved, timeout=3000):
        pass
    assert store.applied == ["a2", "y"]
    assert not saver.pending
    assert len(saver.timings_ms) == 2


def test_a_failed_save_keeps_the_edit_and_says_so_once(qtbot):
    store = RecordingStore()
    saver = AutoSaver(store)
    messages: list[str] = []
    saver.failed.connect(messages.append)
    store.fail_with = OSError(28, "No space left on device")  # the store itself says UserError
    saver.schedule("section:a", lambda: "a1")
    assert saver.flush() is False
    assert saver.flush() is False
    assert saver.pending
    assert len(messages) == 1 and "无法写入数据库文件" in messages[0]
    store.fail_with = None
    assert saver.flush() is True
    assert store.applied == ["a1"]


def test_a_refused_save_shows_the_store_message(qtbot, session, monkeypatch, answers):
    from selfeval.store import StoreError

    window = session.window
    monkeypatch.setattr(session.store, "apply", lambda op: (_ for _ in ()).throw(StoreError("数据库文件已被锁定。")))
    commit_text(first_text_box(window.editors["goals"]), "x")
    assert window.flush() is False
    assert answers.of("error") == [("保存失败", "数据库文件已被锁定。")]
    assert window.saved_label.text() == "未保存"
    assert "x" in first_text_box(window.editors["goals"]).toPlainText()  # nothing lost on screen
    monkeypatch.undo()


def test_read_only_store_never_saves(qtbot):
    store = RecordingStore()
    store.read_only = True
    saver = AutoSaver(store)
    saver.schedule("section:a", lambda: "a1")
    assert not saver.pending
    assert saver.flush() is True
    assert store.applied == []


def test_focus_leaving_the_editor_saves_at_once(qtbot, session, sample_db):
    path, report_id = sample_db
    window = session.window
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.tabs.setCurrentIndex(window.tab_keys.index("goals"))
    editor = window.editors["goals"]
    box = first_text_box(editor)
    commit_text(box, "焦点离开前")
    qtbot.waitUntil(box.hasFocus, timeout=3000)
    assert window.autosaver.pending
    editor.rows()[0].lead.setFocus()  # the next field: focus moves, the edit is saved
    assert not window.autosaver.pending
    assert "焦点离开前" in read_section(path, report_id, "goals").entries[0].text


def test_an_unexpected_error_is_logged_once_not_looped(qtbot, monkeypatch):
    import sys

    store = RecordingStore()
    store.fail_with = ValueError("bug")
    saver = AutoSaver(store)
    hooked: list = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: hooked.append(info[0]))
    failed: list[str] = []
    saver.failed.connect(failed.append)
    saver.schedule("section:a", lambda: "a1")
    assert saver.flush() is False
    assert saver.flush() is False
    assert hooked == [ValueError]  # one crash-log entry and dialog, however often focus moves
    assert failed == []
    assert saver.pending and saver.last_error == autosave.UNEXPECTED
