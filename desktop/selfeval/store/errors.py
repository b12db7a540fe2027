"""Errors of the local database that the user can meet (Chinese messages)."""

from selfeval.domain.errors import UserError


class StoreError(UserError):
    """The database file cannot be used as asked: not SQLite, a newer schema, missing report, locked…"""


class StoreReadOnly(StoreError):
    """The file may be read but not written (its attributes, permissions or medium): open it read-only."""
