"""Errors of the importers (their messages are shown to the user, in Chinese)."""

from selfeval.domain.errors import UserError


class ImportError_(UserError):  # noqa: N801 - the trailing underscore keeps the builtin ImportError usable
    """A file or text the importer refuses: binary, empty, unreadable, too large."""


class ImportCancelled(ImportError_):
    """The clerk cancelled reading the file (a long PDF): nothing was imported."""

    def __init__(self) -> None:
        super().__init__("已取消导入，没有导入任何内容。")
