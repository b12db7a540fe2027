"""Remembered preferences: window geometry and state, the preview shown or hidden, the last report per
database, the last export folder, what an export with a 自评表 holds, the missing fonts the user was told about.

Stored with QSettings in an INI file in ``selfeval.system.paths.user_dir(CONFIG)``: ``$SELFEVAL_CONFIG_DIR`` (tests
point it at a temporary folder), else the portable data/ folder, else the user config folder, so the
location never depends on Qt's defaults. What Qt itself keeps in user-scope INI settings (its file
dialog's last folder) goes to the same folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

try:  # the same SHA-1 as hashlib's, without loading OpenSSL at start-up (a few ms)
    from _sha1 import sha1
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import sha1

from selfeval.system.paths import CONFIG, USER_DIR_ENV, user_dir

CONFIG_DIR_ENV = USER_DIR_ENV[CONFIG]
FILE_NAME = "selfeval.ini"


def default_config_dir() -> Path:
    return user_dir(CONFIG)


def route_qt_settings(folder: Path) -> None:
    """Qt's own user-scope settings (INI format, and the native one where it is an INI file: Linux) go
    to ``folder`` instead of ~/.config. On Windows Qt's native format is the registry, which this cannot
    move; the app itself only ever writes the INI file."""
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))


def _db_key(db_path: Path) -> str:
    """A settings key for a database file (paths contain characters QSettings treats as groups)."""
    resolved = str(Path(db_path).expanduser().resolve())
    return sha1(resolved.encode("utf-8")).hexdigest()[:16]


class AppSettings:
    def __init__(self, config_dir: Path | None = None) -> None:
        self.dir = Path(config_dir) if config_dir is not None else default_config_dir()
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / FILE_NAME
        route_qt_settings(self.dir)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    # Window -----------------------------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        value = self._qs.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_state(self) -> QByteArray | None:
        value = self._qs.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._qs.setValue("window/geometry", geometry)
        self._qs.setValue("window/state", state)

    # Preview panel ------------------------------------------------------------------------------
    def preview_shown(self) -> bool:
        """Whether the user wants the preview beside the editors (shown unless they hid it)."""
        value = self._qs.value("view/preview", True)
        if isinstance(value, str):
            return value.strip().lower() not in ("false", "0", "no")
        return bool(value)

    def set_preview_shown(self, shown: bool) -> None:
        self._qs.setValue("view/preview", bool(shown))

    # Last report per database ---------------------------------------------------------------------
    def last_report(self, db_path: Path) -> int | None:
        value = self._qs.value(f"last_report/{_db_key(db_path)}")
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def set_last_report(self, db_path: Path, report_id: int | None) -> None:
        """Remembers the report open in ``db_path``. Unchanged (the usual start): nothing is set, so the
        file is not written again (QSettings rewrites it, with a disk sync, on its next turn of the event
        loop: before the window's first paint)."""
        if self.last_report(db_path) == report_id:
            return
        key = f"last_report/{_db_key(db_path)}"
        if report_id is None:
            self._qs.remove(key)
        else:
            self._qs.setValue(key, int(report_id))

    # Export folder --------------------------------------------------------------------------------
    def last_export_dir(self) -> Path | None:
        value = self._qs.value("export/last_dir")
        if not value:
            return None
        path = Path(str(value))
        return path if path.is_dir() else None

    def set_last_export_dir(self, folder: Path) -> None:
        self._qs.setValue("export/last_dir", str(folder))

    # The folder each kind of file dialog used last (exchange, backup, xlsx, import): a USB stick's -------
    def last_dir(self, kind: str) -> Path | None:
        value = self._qs.value(f"folders/{kind}")
        if not value:
            return None
        path = Path(str(value))
        return path if path.is_dir() else None

    def set_last_dir(self, kind: str, folder: Path) -> None:
        self._qs.setValue(f"folders/{kind}", str(folder))

    # What an export of a report with a 自评表 holds (domain.export_plan.TableChoice's value) ---------
    def export_table_choice(self) -> str | None:
        value = self._qs.value("export/table_choice")
        return None if value in (None, "") else str(value)

    def set_export_table_choice(self, value: str) -> None:
        self._qs.setValue("export/table_choice", value)

    # Missing official fonts the user was told about ------------------------------------------------
    def fonts_notice_key(self) -> str | None:
        """The set of missing fonts last shown (official_fonts.missing_key); None before the first check."""
        value = self._qs.value("fonts/notified_missing")
        return None if value is None else str(value)

    def set_fonts_notice_key(self, key: str) -> None:
        self._qs.setValue("fonts/notified_missing", key)

    def sync(self) -> None:
        self._qs.sync()
