"""Where each kind of file dialog starts: the folder that kind used last (交换文件, 备份, Excel, 导入),
remembered in the settings across starts; the window hands its settings over when it is made."""

from __future__ import annotations

from pathlib import Path

EXCHANGE, BACKUP, TABLE_XLSX, IMPORT = "exchange", "backup", "table_xlsx", "import"

_settings = None  # AppSettings of the running window (None in tests that make no window)
_session: dict[str, Path] = {}  # without settings: for this run only


def use(settings) -> None:
    global _settings
    _settings = settings
    _session.clear()


def start(kind: str, fallback: Path | None = None) -> Path:
    """The folder to open a ``kind`` dialog in: the last one used, else ``fallback``, else the home folder."""
    remembered = _settings.last_dir(kind) if _settings is not None else _session.get(kind)
    if remembered is not None and remembered.is_dir():
        return remembered
    return fallback if fallback is not None else Path.home()


def remember(kind: str, path: Path) -> None:
    """``path`` was chosen in a ``kind`` dialog (a file: its folder is kept)."""
    folder = path if path.is_dir() else path.parent
    if _settings is not None:
        _settings.set_last_dir(kind, folder)
    else:
        _session[kind] = folder
