"""Errors of the .docx export, worded for the user."""

from __future__ import annotations

from selfeval.domain.errors import UserError


class ExportError(UserError):
    """The .docx could not be written; ``str(err)`` is one Chinese sentence saying why and what to do."""
