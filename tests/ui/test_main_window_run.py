"""``selfeval.ui.app.start.run`` as the CLI calls it: a Chinese window on the file, the lock released on exit."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from helpers import answers, env, sample_db  # noqa: F401
from selfeval.ui.app.start import run
from selfeval.ui.app.instance_lock import InstanceLock
from selfeval.ui.window.main_window import MainWindow


def test_run_shows_the_report_and_releases_the_file(qtbot, qapp, env, sample_db, answers):
    path, report_id = sample_db
    font = qapp.font()
    seen: dict = {}

    def look_and_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen["count"] = len(windows)
        window = windows[0]
        seen["title"] = window.windowTitle()
        seen["tabs"] = window.tabs.count()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        seen["ok"] = box.button(QDialogButtonBox.StandardButton.Ok).text()
        seen["locked_by_run"] = not InstanceLock(path).try_lock()
        window.close()

    QTimer.singleShot(0, look_and_close)
    try:
        code = run(path, report_id)
    finally:
        qapp.setFont(font)
    assert code == 0
    assert seen["count"] == 1
    assert seen["title"].startswith("2024年度昌华街道部门整体支出绩效自评表说明")
    assert seen["tabs"] == 8  # 基本信息, 自评表 and the six sections
    assert seen["ok"].replace("&", "").startswith("确定")
    assert seen["locked_by_run"]
    probe = InstanceLock(path)
    assert probe.try_lock()  # released on exit
    probe.release()
    assert not answers.shown


def test_run_on_a_file_that_is_not_a_database_says_so(qtbot, qapp, env, answers):
    bad = env / "not-a-db.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    font = qapp.font()
    try:
        code = run(bad, None)
    finally:
        qapp.setFont(font)
    assert code == 1
    [(title, text)] = answers.of("error")
    assert title == "无法打开数据文件" and text
    assert bad.read_bytes() == b"this is not sqlite" * 100  # left untouched
    probe = InstanceLock(bad)
    assert probe.try_lock()
    probe.release()
