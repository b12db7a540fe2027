"""Uncaught exceptions: written to a rotating log file and shown as a Chinese dialog; the app keeps running.

The log file is the one of ``selfeval.system.logfile`` (``$SELFEVAL_LOG_DIR`` or the user log folder).
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging

LOGGER_NAME = "selfeval.crash"


class CrashReporter:
    """Installs itself as ``sys.excepthook``; ``uninstall()`` puts the previous hook back."""

    # ``logging`` and the log file's module are imported on the first crash, not at start-up.
    def __init__(self, folder: Path | None = None, show=None) -> None:
        self._folder = Path(folder) if folder is not None else None  # None: selfeval.system.logfile.log_dir()
        self._show = show  # callable(text) or None: the default shows dialogs.error
        self._previous = None
        self._handling = False
        self._logger: logging.Logger | None = None
        self._handler: logging.Handler | None = None

    @property
    def folder(self) -> Path:
        if self._folder is None:
            from selfeval.system.logfile import log_dir

            self._folder = log_dir()
        return self._folder

    @property
    def path(self) -> Path:
        from selfeval.system.logfile import LOG_FILE_NAME

        return self.folder / LOG_FILE_NAME

    def _ensure_handler(self) -> logging.Handler | None:
        if self._handler is None:
            import logging

            from selfeval.system.logfile import rotating_handler

            try:
                handler = rotating_handler(self.folder)
            except OSError:
                return None
            if self._logger is None:
                self._logger = logging.getLogger(f"{LOGGER_NAME}.{id(self)}")
                self._logger.propagate = False
                self._logger.setLevel(logging.ERROR)
            self._logger.addHandler(handler)
            self._handler = handler
        return self._handler

    def install(self) -> "CrashReporter":
        self._previous = sys.excepthook
        sys.excepthook = self.excepthook
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook and self._previous is not None:
            sys.excepthook = self._previous
        if self._handler is not None and self._logger is not None:
            self._logger.removeHandler(self._handler)
            self._handler.close()
            self._handler = None

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            if self._previous is not None:
                self._previous(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        logged = False
        if self._ensure_handler() is not None:
            self._logger.error("未处理的异常\n%s", text)
            self._handler.flush()
            logged = True
        else:
            sys.stderr.write(text)
        if self._handling:  # an error while showing the dialog: never loop
            return
        self._handling = True
        try:
            self._notify(logged)
        except Exception:  # noqa: BLE001 - the hook itself must never raise
            sys.stderr.write(traceback.format_exc())
        finally:
            self._handling = False

    def message(self, logged: bool) -> str:
        if logged:
            return (f"程序发生了意外错误，已记录到日志文件：\n{self.path}\n\n"
                    "您的内容已自动保存，可以继续使用。如问题反复出现，请将该日志文件发给技术支持人员。")
        return "程序发生了意外错误，且无法写入日志文件。您的内容已自动保存，可以继续使用。"

    def _notify(self, logged: bool) -> None:
        text = self.message(logged)
        if self._show is not None:
            self._show(text)
            return
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is None:
            sys.stderr.write(text + "\n")
            return
        from selfeval.ui.widgets import dialogs

        dialogs.error(QApplication.activeWindow(), "意外错误", text)
