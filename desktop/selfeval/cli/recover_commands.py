"""``selfeval recover``: what SQLite can still read of a damaged database, into a new file; and the one
line every command prints when it meets a damaged database."""

from __future__ import annotations

import argparse
from pathlib import Path

from selfeval.cli.common import db_path, note, out


def cmd_recover(args: argparse.Namespace) -> int:
    """Reads every row that can be read (table by table, row by row, stepping over damaged pages) into
    a new database file with the current schema. The damaged file itself is only read."""
    from selfeval.store.location import resolve_path
    from selfeval.store.recover import recover_file

    path, _ = resolve_path(db_path(args))
    target = Path(args.output).expanduser().absolute()
    result = recover_file(path, target)
    note(f"已把“{path}”中还能读出的内容写入新文件“{target}”：{result.describe()}。"
         f"请用 selfeval --db \"{target}\" list 查看，确认无误后再使用该文件。")
    out(str(target))
    return 0


def damaged_message(args: argparse.Namespace | None, exc: BaseException) -> str | None:
    """The damaged-file line for an error SQLite raised in the middle of a command ("database disk image
    is malformed": a page the open-time check could not see, or one that broke since); None otherwise."""
    import sqlite3

    if not isinstance(exc, sqlite3.DatabaseError) or "malformed" not in str(exc).lower():
        return None
    from selfeval.store.location import resolve_path
    from selfeval.store.backups import damaged_error

    path, _ = resolve_path(db_path(args) if args is not None else None)
    return str(damaged_error(path, (str(exc),)))
