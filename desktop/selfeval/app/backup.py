"""Backup and restore of the whole database: the window's 备份到… / 从备份恢复… and ``selfeval backup`` /
``selfeval restore``. The copy itself is ``store.backups`` (SQLite's backup API, one transaction); this module
is the sequence around it: for the window's open session, pending typing saved first, and a restore closes
the open report and the store, replaces the file, and opens the store again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from selfeval.domain.errors import UserError

READ_ONLY_TEXT = "数据库以只读方式打开，不能恢复备份。"


class ReopenFailed(UserError):
    """The database could not be opened again after a restore: the window cannot go on."""


class RestoreFailed(UserError):
    """The restore was refused or failed; the database was opened again as it was."""


@dataclass(frozen=True)
class Restored:
    """A restore's result: where the replaced database was saved (None: there was none), how many reports
    the restored one has, and the one edited last (None: no report)."""

    saved: Path | None
    reports: int
    latest: int | None


def backup_file(db_path: Path, target: Path) -> Path:
    """Copy the database at ``db_path`` to ``target`` (replaced whole); returns the written path."""
    from selfeval.store.backups import backup_to

    return backup_to(db_path, target)


def restore_file(source: Path, db_path: Path) -> Path | None:
    """Replace the database at ``db_path`` (not open in the app) with the backup ``source``; returns where the
    replaced database was saved (None: there was none)."""
    from selfeval.store.backups import restore_from

    return restore_from(source, db_path)


def check_backup(source: Path) -> None:
    """Raises ``UserError`` unless ``source`` is a backup this version can restore."""
    from selfeval.store.backups import check_backup as check

    check(source)


def backup_session(session, target: Path) -> Path:
    """The open session's database copied to ``target``, its pending typing saved first."""
    if not session.flush():
        raise UserError(session.unsaved_text("再备份"))
    return backup_file(session.store.path, target)


def restore_session(session, source: Path) -> Restored:
    """Replace the open session's database with the backup ``source``: pending typing saved, the open report
    and the store closed, the file replaced (the current one backed up first), the store opened again.
    Raises ``RestoreFailed`` (nothing replaced; the store is open again) or ``ReopenFailed``."""
    from selfeval.session.edit_session import SAVE_BUSY_TIMEOUT_MS
    from selfeval.store.backups import restore_from

    store = session.store
    if store.read_only:
        raise RestoreFailed(READ_ONLY_TEXT)
    if not session.flush():
        raise RestoreFailed(session.unsaved_text())
    session.close()
    store.close()
    saved = error = None
    try:
        saved = restore_from(source, store.path, app_lock_is_ours=True)
    except UserError as exc:
        error = str(exc)
    try:
        store.reopen()
        store.set_busy_timeout(SAVE_BUSY_TIMEOUT_MS)
    except UserError as exc:
        raise ReopenFailed(f"{exc}\n请关闭程序后重新打开。") from exc
    if error is not None:
        raise RestoreFailed(error)
    return Restored(saved, len(store.list_reports()), store.last_edited())
