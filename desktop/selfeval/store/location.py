"""Where the database file lives: explicit path → $SELFEVAL_DB → the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "SELFEVAL_DB"
DB_FILENAME = "selfeval.db"


def default_path() -> Path:
    """The database in the per-user data folder (not created here)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("selfeval", appauthor=False)) / DB_FILENAME


def resolve_path(path: str | os.PathLike | None = None) -> tuple[Path, bool]:
    """The database path and whether it was chosen by the user (explicit or $SELFEVAL_DB)."""
    if path is not None and str(path) != "":
        return Path(path).expanduser(), True
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return Path(env).expanduser(), True
    return default_path(), False
