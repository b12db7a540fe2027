"""文件 > 备份到… / 从备份恢复…, and the automatic backup of the day when the window starts."""

from __future__ import annotations

from helpers import answers, env, sample_db, running  # noqa: F401
from selfeval.store import Store
from selfeval.store.backups import automatic_backups
from selfeval.store.operations import SetSection


def _reports(path):
    with Store.open(path, read_only=True) as store:
        return {i.id: store.load(i.id).to_dict() for i in store.list_reports()}


def _set_intro(window, key: str, text: str) -> None:
    section = window.session.report.section(key)
    section.intro = text
    assert window.session.run_op(SetSection(window.report_id, section)) is not None


def test_the_window_backs_the_database_up_once_a_day_on_start(running, sample_db):
    path, _ = sample_db
    [made] = automatic_backups(path)
    assert _reports(made) == _reports(path)
    assert "已自动备份" in running.window.statusBar().currentMessage()


def test_a_failed_daily_backup_is_a_status_bar_notice(qtbot, env, sample_db, answers):
    from selfeval.ui.app.settings import AppSettings
    from selfeval.ui.app.start import start

    path, report_id = sample_db
    (path.parent / "backups").write_text("挡住备份文件夹的文件", encoding="utf-8")
    opened = start(path, report_id, AppSettings(env / "config"))
    qtbot.addWidget(opened.window)
    try:
        opened.window.install_app_hooks()
        assert "今天的自动备份未能完成" in opened.window.statusBar().currentMessage()
        assert answers.shown == []  # no dialog
        assert opened.window.report_id == report_id
    finally:
        opened.close()


def test_backup_to_a_usb_stick_then_restore_it(running, sample_db, answers, env):
    path, report_id = sample_db
    window = running.window
    menu_texts = [a.text() for a in window.menus["file"].actions()]
    assert "备份到(&B)…" in menu_texts and "从备份恢复(&R)…" in menu_texts
    stick = env / "U盘"
    stick.mkdir()
    answers.save_paths.append(stick / "备份.db")
    window.backup_to()
    assert (stick / "备份.db").is_file()
    [(title, text)] = answers.of("inform")
    assert title == "备份完成" and str(stick / "备份.db") in text
    taken = _reports(path)

    _set_intro(window, "problems", "备份之后写的文字")
    assert _reports(path) != taken
    answers.open_paths.append(stick / "备份.db")
    answers.yes_no.append(True)
    window.restore_backup()
    assert _reports(path) == taken
    restore_text = answers.of("inform")[-1][1]
    assert "已从备份“备份.db”恢复数据库，其中有 1 份报告" in restore_text and "恢复前的数据库已备份到" in restore_text
    saved = [p for p in (path.parent / "backups").iterdir() if "before-restore" in p.name]
    assert len(saved) == 1 and _reports(saved[0])[report_id]["sections"] != taken[report_id]["sections"]
    # The window shows the restored report and keeps working on the reopened file.
    assert window.report_id == report_id
    assert window.session.report.section("problems").intro == taken[report_id]["sections"][
        [s["key"] for s in taken[report_id]["sections"]].index("problems")]["intro"]
    _set_intro(window, "problems", "恢复之后写的文字")
    assert _reports(path)[report_id] != taken[report_id]
    assert window.session.undo() is not None
    assert _reports(path) == taken


def test_restoring_a_file_that_is_not_a_backup_changes_nothing(running, sample_db, answers, env):
    path, report_id = sample_db
    junk = env / "说明.db"
    junk.write_text("不是数据库", encoding="utf-8")
    before = _reports(path)
    answers.open_paths.append(junk)
    running.window.restore_backup()
    [(title, text)] = answers.of("error")
    assert title == "无法恢复" and "不是绩效自评编制工具的备份文件" in text
    assert _reports(path) == before and running.window.report_id == report_id


def test_restore_cancelled_at_the_question_changes_nothing(running, sample_db, answers, env):
    path, report_id = sample_db
    answers.save_paths.append(env / "b.db")
    running.window.backup_to()
    _set_intro(running.window, "problems", "留着")
    before = _reports(path)
    answers.open_paths.append(env / "b.db")
    answers.yes_no.append(False)
    running.window.restore_backup()
    assert _reports(path) == before and running.window.report_id == report_id
