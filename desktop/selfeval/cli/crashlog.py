"""Where an unexpected error's details go, so that the user sees one line and support sees all."""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

LOG_ENV = "SELFEVAL_LOG_DIR"
LOG_FILENAME = "selfeval.log"


def log_dir() -> Path:
    env = os.environ.get(LOG_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_log_dir("selfeval", appauthor=False))


def write_crash(exc: BaseException, argv: list[str]) -> Path:
    """Append the traceback to the log file; its path (raises OSError if it cannot be written)."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILENAME
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\n=== {stamp} selfeval {' '.join(argv)}\n")
        f.write("".join(traceback.format_exception(exc)))
    return path
