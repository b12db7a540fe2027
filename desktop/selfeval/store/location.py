"""Where the database file lives: explicit path → $SELFEVAL_DB → the user data folder
(``selfeval.system.paths.user_dir(DATA)``: the portable data/ folder or the per-user one)."""

from __future__ import annotations

import os
from pathlib import Path

from selfeval.system.paths import DATA, user_dir

DB_ENV = "SELFEVAL_DB"
DB_FILENAME = "selfeval.db"


def default_path() -> Path:
    """The database in the user data folder (not created here)."""
    return user_dir(DATA) / DB_FILENAME


def resolve_path(path: str | os.PathLike | None = None) -> tuple[Path, bool]:
    """The database path and whether it was chosen by the user (explicit or $SELFEVAL_DB)."""
    if path is not None and str(path) != "":
        return Path(path).expanduser(), True
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return Path(env).expanduser(), True
    return default_path(), False


def file_identity(path: Path) -> tuple[int, int] | None:
    """The file a path names now (device, inode), or None when nothing is there: two paths, or one path at two
    moments, name the same file when their identities are equal."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino
