"""Whether the previous session on a database file ended cleanly (no Qt here).

A window that edits a file writes a marker for it (``<log folder>/running/<key>.json``, one per
database file: only the holder of the file's lock writes one) when it starts, and removes it when it
closes cleanly. A marker found at the next start means the previous session was killed, crashed or
lost power: the user is told once (the new session's marker replaces it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

try:  # the same SHA-1 as hashlib's, without loading OpenSSL at start-up
    from _sha1 import sha1
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import sha1

MARKER_FOLDER = "running"
UNCLEAN_TITLE = "上次未正常关闭"


def _key(db_path: Path) -> str:
    resolved = str(Path(db_path).expanduser().resolve())
    return sha1(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:16]


class RunMarker:
    def __init__(self, db_path: Path, folder: Path | None = None) -> None:
        if folder is None:
            from selfeval.system.logfile import log_dir

            folder = log_dir()
        self.db_path = Path(db_path)
        self.path = Path(folder) / MARKER_FOLDER / f"{_key(self.db_path)}.json"

    def begin(self) -> dict | None:
        """Marks this session as running; returns what an earlier session that did not end cleanly
        left (its pid, start time and file), or None when the last one ended cleanly."""
        previous = self._read()
        data = {"pid": os.getpid(), "started": dt.datetime.now(dt.timezone.utc).isoformat(),
                "db": str(self.db_path)}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:  # no log folder: nothing to remember, the app works all the same
            pass
        return previous

    def end(self) -> None:
        """This session ends cleanly."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass

    def _read(self) -> dict | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError:
            return {}
        try:
            data = json.loads(text)
        except ValueError:  # cut off by the crash itself
            return {}
        return data if isinstance(data, dict) else {}


def unclean_end_message(last_saved: dt.datetime | None) -> str:
    """What the user is told after a session that did not end cleanly (``last_saved``: aware UTC)."""
    if last_saved is not None:
        when = last_saved.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        saved = f"最后一次保存于 {when}，之前的修改都在。"
    else:
        saved = "之前保存的内容都在。"
    return ("上次使用本程序时，程序没有正常关闭（可能是断电、死机或被强制结束）。\n"
            f"所有修改在停止输入约一秒内就会自动保存，因此最多只会缺少关闭前最后一秒内的输入：{saved}\n"
            "请核对最后编辑的内容。")
