"""Errors of the local database that the user can meet (Chinese messages)."""

from selfeval.domain.errors import UserError


class StoreError(UserError):
    """The database file cannot be used as asked: not SQLite, a newer schema, missing report, locked…"""


class StoreReadOnly(StoreError):
    """The file may be read but not written (its attributes, permissions or medium): open it read-only."""


class StoreDamaged(StoreError):
    """The file's pages are damaged (``PRAGMA quick_check`` failed): nothing may write into it. The
    message names the two ways out (the newest whole backup, a recovery into a new file)."""

    def __init__(self, message: str, path=None, backup=None, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup  # the newest automatic backup that passed its check, or None
        self.problems = problems  # SQLite's words, for the log


class StoreFileGone(StoreError):
    """The path no longer names the file the store has open (deleted, moved, replaced): nothing can be saved
    there any more. The message says so in Chinese; the open connection can still be saved elsewhere
    (``Store.save_as``)."""
