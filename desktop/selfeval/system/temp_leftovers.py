"""Temporary folders of this program left in the system's temporary folder by a process that was killed
(``selfeval-pdf-*``: a whole report and a LibreOffice profile; ``selfeval-read-*``: a copy of a database
read aside). ``remove_stale()`` removes only ours (by name), only when nothing in them changed for a day
(a conversion that is running touches its profile all the time)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

PREFIXES = ("selfeval-pdf-", "selfeval-read-")
STALE_SECONDS = 24 * 3600
_MAX_ENTRIES = 10_000  # looked at per folder before it counts as in use (never a long walk at a start)


def _newest_change(folder: Path) -> float | None:
    newest, seen = 0.0, 0
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            seen += 1
            if seen > _MAX_ENTRIES:
                return None
            try:
                newest = max(newest, os.lstat(os.path.join(root, name)).st_mtime)
            except OSError:
                continue
    try:
        return max(newest, folder.lstat().st_mtime)
    except OSError:
        return None


def remove_stale(temp_dir: Path | None = None, *, now: float | None = None) -> list[Path]:
    """Removes this program's temporary folders unchanged for a day; returns those removed."""
    folder = Path(temp_dir or tempfile.gettempdir())
    now = time.time() if now is None else now
    removed = []
    try:
        entries = [p for p in folder.iterdir() if p.name.startswith(PREFIXES)]
    except OSError:
        return []
    for path in entries:
        try:
            if path.is_symlink() or not path.is_dir():
                continue
            if hasattr(os, "getuid") and path.lstat().st_uid != os.getuid():  # another user's
                continue
        except OSError:
            continue
        newest = _newest_change(path)
        if newest is None or now - newest < STALE_SECONDS:
            continue
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            removed.append(path)
    return removed
