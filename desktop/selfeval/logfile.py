"""The one log file for unexpected errors (CLI and app alike): rotating, in the user log folder.

The folder is ``$SELFEVAL_LOG_DIR`` or platformdirs' user log folder for "selfeval". No Qt here.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_DIR_ENV = "SELFEVAL_LOG_DIR"
LOG_FILE_NAME = "selfeval.log"
MAX_LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
LOG_FORMAT = "%(asctime)s %(levelname)s %(message)s"


def log_dir() -> Path:
    override = os.environ.get(LOG_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_log_dir("selfeval", appauthor=False))


def rotating_handler(folder: Path) -> logging.Handler:
    """A handler appending to ``folder/selfeval.log``, rotated at 1 MB (raises OSError if it cannot)."""
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
