"""The one log file for unexpected errors (CLI and app alike): rotating, in the user log folder.

The folder is ``selfeval.system.paths.user_dir(LOGS)``: ``$SELFEVAL_LOG_DIR``, else the portable data/logs folder,
else the user log folder. No Qt here.
"""

from __future__ import annotations

import logging
from pathlib import Path

from selfeval.system.paths import LOGS, USER_DIR_ENV, user_dir

LOG_DIR_ENV = USER_DIR_ENV[LOGS]
LOG_FILE_NAME = "selfeval.log"
MAX_LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
LOG_FORMAT = "%(asctime)s %(levelname)s %(message)s"


def log_dir() -> Path:
    return user_dir(LOGS)


def rotating_handler(folder: Path) -> logging.Handler:
    """A handler appending to ``folder/selfeval.log``, rotated at 1 MB (raises OSError if it cannot)."""
    import logging.handlers  # here: the app's start (which needs only log_dir) does not load it

    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        folder / LOG_FILE_NAME, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8",
        errors="backslashreplace")  # an undecodable file name in a message never loses the entry
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    return handler


def write_error(message: str, exc: BaseException, folder: Path | None = None) -> Path:
    """Log ``message`` and the traceback of ``exc``; the log file's path (raises OSError if unwritable)."""
    folder = folder or log_dir()
    handler = rotating_handler(folder)
    logger = logging.getLogger(f"selfeval.errors.{id(handler)}")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        logger.error(message, exc_info=(type(exc), exc, exc.__traceback__))
        handler.flush()
    finally:
        logger.removeHandler(handler)
        handler.close()
    return folder / LOG_FILE_NAME
