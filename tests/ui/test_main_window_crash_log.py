"""An uncaught exception is logged to a rotating file and shown as a Chinese dialog; the app keeps running."""

from __future__ import annotations

import logging.handlers
import sys

import pytest
from PySide6.QtCore import QTimer

from helpers import answers, env  # noqa: F401
from selfeval.system import logfile
from selfeval.ui.app.crash_log import CrashReporter


def _boom() -> None:
    raise RuntimeError("测试用的意外错误")


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_logged_and_shown(qtbot, env, answers):
    reporter = CrashReporter().install()  # folder from SELFEVAL_LOG_DIR
    try:
        assert reporter.path == env / "logs" / logfile.LOG_FILE_NAME
        QTimer.singleShot(0, _boom)
        qtbot.waitUntil(lambda: bool(answers.of("error")), timeout=3000)
        [(title, text)] = answers.of("error")
        assert title == "意外错误"
        assert str(reporter.path) in text
        log = reporter.path.read_text(encoding="utf-8")
        assert "RuntimeError: 测试用的意外错误" in log
        assert "_boom" in log
        # Still running: the event loop keeps delivering.
        fired: list[int] = []
        QTimer.singleShot(0, lambda: fired.append(1))
        qtbot.waitUntil(lambda: fired == [1], timeout=3000)
    finally:
        reporter.uninstall()
    assert sys.excepthook is not reporter.excepthook


def test_log_file_rotates(env, answers):
    reporter = CrashReporter(env / "rot").install()
    try:
        handler = reporter._ensure_handler()
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        handler.maxBytes = 2000
        for _ in range(5):
            try:
                raise ValueError("x" * 800)
            except ValueError:
                sys.excepthook(*sys.exc_info())
        assert (env / "rot" / (logfile.LOG_FILE_NAME + ".1")).exists()
        assert len(answers.of("error")) == 5
    finally:
        reporter.uninstall()


def test_unwritable_log_folder_still_shows_the_dialog(env, answers):
    blocker = env / "not-a-folder"
    blocker.write_text("")
    reporter = CrashReporter(blocker / "logs").install()
    try:
        try:
            raise KeyError("k")
        except KeyError:
            sys.excepthook(*sys.exc_info())
        [(title, text)] = answers.of("error")
        assert "无法写入日志文件" in text
    finally:
        reporter.uninstall()
