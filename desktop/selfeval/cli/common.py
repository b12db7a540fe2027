"""What every subcommand shares: the CLI's error, printing (``out`` on stdout, ``note`` on stderr), opening the
database the way a command must (read-only when it only reads; refused while a window owns the file or it is
damaged; the day's automatic backup first), and the arguments every command reads (a file, a report id).

The command modules (``commands``, ``exchange_commands``, ``merge_back_commands``, …) import from here, never
from one another; ``main`` wires them to the parser."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from selfeval.domain.errors import UserError, os_error_reason

# ``unpack`` and ``import --merge``: something needs a choice, nothing was changed.
EXIT_CONFLICTS = 4


class CliError(UserError):
    """A command-line mistake (missing file, missing report id …)."""


_SURROGATES = re.compile(r"[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with the undecodable bytes of a file name (lone surrogates, e.g. a GBK name on a
    UTF-8 system) shown as 「\ufffd」: such a string can be neither stored nor logged."""
    return _SURROGATES.sub("\ufffd", text)


def out(text: str = "") -> None:
    print(text, file=sys.stdout)


def note(text: str) -> None:
    print(text, file=sys.stderr)


def db_path(args: argparse.Namespace) -> Path | None:
    return Path(args.db).expanduser() if args.db else None


def open_store(args: argparse.Namespace, *, write: bool = True):
    """The store. A command that only reads (``write=False``) changes no byte: the file is opened
    read-only, leaving the journal mode as it is, creating no -wal/-shm beside it, and a file from an
    older version is upgraded in a copy in memory instead of in place."""
    from selfeval.store import Store
    from selfeval.store.location import resolve_path

    path, _ = resolve_path(db_path(args))
    if not write:
        return Store.open(path, read_only=True, upgrade_copy=True)
    refuse_if_a_window_owns(path)
    # The path as the user gave it (None: the default), so that Store.open creates the default folder
    # (the user data folder, or the portable data/ folder) on first use instead of refusing it.
    store = Store.open(db_path(args))
    refuse_if_damaged(store)
    daily_backup(store.path)
    return store


def refuse_if_damaged(store) -> None:
    """A huge file whose open-time check ran out of time (store/integrity.py): a command waits for the
    whole check before it writes anything, and refuses a damaged file."""
    from selfeval.store import integrity
    from selfeval.store.backups import damaged_error

    check = integrity.wait(store.path)
    if check is not None and check.damaged:
        store.close()
        raise damaged_error(store.path, check.problems)


def refuse_if_a_window_owns(path: Path) -> None:
    """One owner per database file: a command that writes refuses a file a desktop window has open (the
    window would not see the change and could write over it); commands that only read go on."""
    from selfeval.session.owner import window_holder

    holder = window_holder(path)
    if holder is not None:
        raise CliError(f"数据库文件“{path}”正在桌面程序的窗口中打开（{holder.describe()}），命令行不能同时修改它。"
                       "请在该窗口中操作（交换文件可用 selfeval --open 文件 交给该窗口合并），或先关闭该窗口后重试。")


def daily_backup(path: Path) -> None:
    """The automatic backup of the day, before anything changes; a failure is told, never fatal."""
    from selfeval.store import StoreError
    from selfeval.store.backups import backup_daily

    try:
        backup_daily(path)
    except StoreError as exc:
        note(f"提示：今天的自动备份未能完成：{exc}")


def db_missing(args: argparse.Namespace) -> bool:
    """True if the database holds nothing yet (no file, or an empty one), so reading it must not
    create it or write a schema into it."""
    from selfeval.store.location import resolve_path

    path, _ = resolve_path(db_path(args))
    try:
        return not path.exists() or (path.is_file() and path.stat().st_size == 0)
    except OSError as exc:  # a name too long for the file system, a loop of links …
        raise CliError(f"无法访问数据库文件“{path}”（{os_error_reason(exc)}）。") from None


def readable_file(name: str) -> Path:
    path = Path(name).expanduser()
    try:
        if path.is_dir():
            raise CliError(f"“{path}”是一个文件夹，请指定要导入的文件。")
        if not path.exists():
            raise CliError(f"找不到文件“{path}”。")
    except OSError as exc:  # a name too long for the file system, a loop of links …
        raise CliError(f"无法读取文件“{path}”（{os_error_reason(exc)}）。") from None
    return path


def report_id_of(args: argparse.Namespace) -> int:
    report_id = args.report_id if args.report_id is not None else args.report
    if report_id is None:
        raise CliError("请指定报告编号（运行 selfeval list 查看）。")
    return report_id


def require_db(args: argparse.Namespace, report_id: int) -> None:
    """A clear message, before anything opens the file, when the database holds no report at all."""
    if db_missing(args):
        raise CliError(f"找不到编号为 {report_id} 的报告（数据库中还没有报告）。")


def existing_report_id(args: argparse.Namespace) -> int:
    """The report id given (positional or --report), in a database that holds reports."""
    report_id = report_id_of(args)
    require_db(args, report_id)
    return report_id
