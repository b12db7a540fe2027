"""Backups of the database file through SQLite's backup API (consistent even while it is open, pages
still in the WAL included): a copy to any file (「备份到…」, e.g. a USB stick), rotating automatic
backups at most once a day in a ``backups/`` folder beside the database, and a restore that checks the
file, backs up the current database first, then replaces its content in one SQLite transaction.

The app and the CLI call ``backup_daily(path)`` right after opening a database for writing.
A damaged database is never backed up (``inspect_file`` checks it first), every automatic backup is
checked again once written, and the rotation never removes the newest whole backup, so that ten days of
work on a damaged file cannot push the last good copy out.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import time
from pathlib import Path

from selfeval.domain.errors import os_error_reason
from selfeval.store import integrity
from selfeval.store.connecting import connect, connect_reading
from selfeval.store.errors import StoreDamaged, StoreError
from selfeval.store.integrity import check_file
from selfeval.store.opening import DAMAGED, inspect_file

BACKUP_FOLDER = "backups"
DEFAULT_KEEP = 10
KEEP_ENV = "SELFEVAL_BACKUPS_KEEP"
# The desktop app's lock file beside the database, refreshed every 10 s while the app has it open
# (selfeval.ui.instance_lock); one younger than this means the app is using the database.
APP_LOCK_SUFFIX = ".lock"
APP_LOCK_FRESH_SECONDS = 30
_STAMP = "%Y%m%d-%H%M%S"


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / BACKUP_FOLDER


def _automatic_name(db_path: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(db_path.stem)}-(\d{{8}})-(\d{{6}})(?:-\d+)?{re.escape(db_path.suffix)}$")


def automatic_backups(db_path: Path) -> list[Path]:
    """The automatic backups of ``db_path``, oldest first."""
    folder = backup_folder(db_path)
    pattern = _automatic_name(db_path)
    try:
        found = [p for p in folder.iterdir() if pattern.match(p.name)]
    except OSError:
        return []
    return sorted(found, key=lambda p: pattern.match(p.name).groups())


def keep_count() -> int:
    """How many automatic backups are kept: ``$SELFEVAL_BACKUPS_KEEP`` or DEFAULT_KEEP (at least 1)."""
    try:
        return max(1, int(os.environ.get(KEEP_ENV, DEFAULT_KEEP)))
    except ValueError:
        return DEFAULT_KEEP


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def backup_to(db_path: Path, target: Path, *, integrity: bool = True) -> Path:
    """Copy the database at ``db_path`` to ``target`` (replaced whole, never half written); returns it.
    A damaged database is refused (``StoreDamaged``) unless ``integrity`` is False (the copy a restore
    keeps of the file it replaces)."""
    db_path, target = Path(db_path), Path(target).expanduser()
    try:
        state = inspect_file(db_path, integrity=integrity)
    except StoreDamaged as exc:
        raise damaged_error(db_path, exc.problems) from exc
    if not state.exists:
        raise StoreError(f"数据库文件“{db_path}”不存在或是空的，没有可以备份的内容。")
    if _same_file(db_path, target) or target.absolute() == db_path.absolute():
        raise StoreError("备份文件不能是数据库文件本身，请另选一个位置。")
    if target.is_dir():
        raise StoreError(f"“{target}”是一个文件夹，请指定备份文件的名称。")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        src = connect_reading(db_path)  # leaves no -wal/-shm behind: a backup changes nothing
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(tmp, target)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        reason = os_error_reason(exc) if isinstance(exc, OSError) else "读取数据库或写入备份时出错"
        raise StoreError(f"无法备份到“{target}”（{reason}），请检查磁盘空间和文件夹权限。") from exc
    return target


def _has_reports(db_path: Path) -> bool:
    try:
        conn = connect_reading(db_path)
        try:
            return conn.execute("SELECT EXISTS (SELECT 1 FROM reports)").fetchone()[0] == 1
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def backup_daily(db_path: Path, *, keep: int | None = None, now: dt.datetime | None = None) -> Path | None:
    """Back up ``db_path`` into ``backups/`` beside it unless that was done today (local date) or the
    database holds no report yet; keep the newest ``keep`` automatic backups. The new backup, or None.
    Raises StoreError when the backup cannot be written (the caller tells the user and carries on)."""
    db_path = Path(db_path)
    now = now or dt.datetime.now()
    existing = automatic_backups(db_path)
    today = now.strftime("%Y%m%d")
    if any(_automatic_name(db_path).match(p.name).group(1) == today for p in existing):
        return None
    if not db_path.is_file() or not _has_reports(db_path):
        return None
    folder = backup_folder(db_path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise StoreError(f"无法建立备份文件夹“{folder}”（{os_error_reason(exc)}）。") from exc
    target = folder / f"{db_path.stem}-{now.strftime(_STAMP)}{db_path.suffix}"
    made = backup_to(db_path, target)
    if not is_whole(made):  # read back: a copy that did not reach the disk whole is no backup
        made.unlink(missing_ok=True)
        raise StoreError(f"自动备份“{made.name}”写入后校验未通过（磁盘可能有问题），已删除；以前的备份都保留着。")
    rotate(db_path, keep or keep_count())
    return made


def rotate(db_path: Path, keep: int) -> None:
    """Keep the newest ``keep`` automatic backups; when none of them is whole, the newest whole one
    (whatever its age) in place of the oldest of them."""
    old = automatic_backups(db_path)
    if len(old) <= keep:
        return
    kept = old[-keep:]
    whole = newest_whole_backup(db_path)
    if whole is not None and whole not in kept:
        kept = [whole, *old[len(old) - keep + 1:]]
    for path in old:
        if path in kept:
            continue
        try:
            path.unlink()
        except OSError:
            pass  # an old backup that cannot be removed now is removed next time


def is_whole(path: Path) -> bool:
    """Whether ``path`` is a database of this tool whose pages pass ``PRAGMA quick_check``."""
    try:
        inspect_file(Path(path), integrity=False)
    except StoreError:
        return False
    check = check_file(Path(path))
    return check.finished and not check.damaged


def newest_whole_backup(db_path: Path) -> Path | None:
    """The newest automatic backup of ``db_path`` that is whole (checked newest first), or None."""
    for path in reversed(automatic_backups(Path(db_path))):
        if is_whole(path):
            return path
    return None


def damaged_error(path: Path, problems: tuple[str, ...] = ()) -> StoreDamaged:
    """The one message for a damaged file: what happened and the two ways out, with the newest whole
    automatic backup (``selfeval restore <file>``) when there is one. ``opening.inspect_file`` finds the damage
    (a plain ``StoreDamaged``); ``Store.open`` and ``backup_to`` raise this one in its place."""
    path = Path(path).absolute()
    backup = newest_whole_backup(path)
    recover = f"selfeval --db \"{path}\" recover -o 新文件.db"
    if backup is not None:
        ways = (f"可以：① 恢复最近的完整备份：selfeval --db \"{path}\" restore \"{backup}\"；"
                f"② 把还能读出的内容抢救到新文件：{recover}")
    else:
        ways = f"没有找到完整的自动备份；可以把还能读出的内容抢救到新文件：{recover}，或用 selfeval restore 恢复您另存的备份"
    return StoreDamaged(f"{DAMAGED.format(path=path)}{ways}。",
                        path=path, backup=backup, problems=tuple(problems))


def app_has_open(db_path: Path) -> bool:
    """True when the desktop app holds the database (its lock file is fresh)."""
    lock = Path(str(db_path) + APP_LOCK_SUFFIX)
    try:
        return time.time() - lock.stat().st_mtime < APP_LOCK_FRESH_SECONDS
    except OSError:
        return False


def check_backup(source: Path) -> None:
    """Raise StoreError unless ``source`` is an undamaged database of this tool that this version can open."""
    try:
        state = inspect_file(source, integrity=False)
    except StoreError as exc:
        if "更新版本" in str(exc):
            raise StoreError(f"备份“{source.name}”由更新版本的绩效自评编制工具创建，请升级本工具后再恢复。") from exc
        raise StoreError(f"“{source.name}”不是绩效自评编制工具的备份文件（或已损坏），无法恢复。") from exc
    if not state.exists or not state.applied:
        raise StoreError(f"“{source.name}”不是绩效自评编制工具的备份文件，无法恢复。")
    if check_file(source).damaged:  # read as it is: no -wal/-shm left beside the user's file
        raise StoreError(f"备份文件“{source.name}”已损坏，无法恢复。")


def restore_from(source: Path, db_path: Path, *, app_lock_is_ours: bool = False) -> Path | None:
    """Replace the database at ``db_path`` with the backup ``source``: the backup is checked, the
    current database is backed up into ``backups/`` first (returned; None if there was none), then
    the content is replaced in one SQLite transaction (all of it or nothing). The database must not be
    open in the desktop app, unless the caller is that app (``app_lock_is_ours``: it holds the lock
    and has closed its own connection first)."""
    source, db_path = Path(source).expanduser(), Path(db_path)
    if not source.is_file():
        raise StoreError(f"找不到备份文件“{source}”。")
    if _same_file(source, db_path):
        raise StoreError("备份文件就是当前的数据库文件，无需恢复。")
    check_backup(source)
    if not app_lock_is_ours and app_has_open(db_path):
        raise StoreError("数据库正在桌面程序中打开，请先关闭程序再恢复备份。")
    saved = None
    if inspect_file(db_path, integrity=False).exists:  # a damaged file too: it is what a restore is for
        stamp = dt.datetime.now().strftime(_STAMP)
        folder = backup_folder(db_path)
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(f"恢复前无法建立备份文件夹“{folder}”（{os_error_reason(exc)}），数据库未做任何改动。") from exc
        saved = backup_to(db_path, folder / f"{db_path.stem}-before-restore-{stamp}{db_path.suffix}",
                          integrity=False)
    try:
        dst = connect(db_path, read_only=False)
        try:
            # Leaving WAL needs the only connection: a program still using the file makes this fail.
            dst.execute("PRAGMA journal_mode = DELETE")
            src = connect_reading(source)  # creates no -wal/-shm beside the user's backup file
            try:
                src.backup(dst)
            finally:
                src.close()
        finally:
            dst.close()
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise StoreError("数据库正被其他程序使用，请关闭后再恢复；数据库未做任何改动。") from exc
        raise StoreError("无法恢复备份（读写数据库文件时出错），数据库未做任何改动。") from exc
    except (sqlite3.Error, OSError) as exc:
        raise StoreError("无法恢复备份，数据库未做任何改动，请检查磁盘空间和文件权限。") from exc
    integrity.forget(db_path)
    return saved


# Leftovers of a process killed half-way (a start removes them: only ours, by name and age).
LEFTOVER_AGE_SECONDS = 24 * 3600
_TMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.tmp(?:-journal|-wal|-shm)?$")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: alive
    return True


def _partial_copy(path: Path) -> bool:
    """A pre-upgrade backup cut short: empty, no SQLite header, or shorter than its header says."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(100)
    except OSError:
        return False
    if size == 0 or not head.startswith(b"SQLite format 3\x00") or len(head) < 100:
        return True
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    return pages > 0 and size < pages * page_size


def remove_leftovers(db_path: Path, *, now: float | None = None) -> list[Path]:
    """Removes what killed operations of this program left beside ``db_path``: ``backups/.*.<pid>.tmp``
    (and their journals) of a process that is gone or older than a day, and ``<db>.bak-<n>-<stamp>``
    pre-upgrade backups that are empty or cut short. Returns what was removed."""
    db_path = Path(db_path)
    now = time.time() if now is None else now
    removed: list[Path] = []
    candidates: list[Path] = []
    for folder in (backup_folder(db_path), db_path.parent):
        try:
            candidates += [p for p in folder.iterdir() if _TMP_NAME.match(p.name)]
        except OSError:
            continue
    for path in candidates:
        match = _TMP_NAME.match(path.name)
        if folder_of_ours(path, db_path, match.group("name")):
            try:
                age = now - path.stat().st_mtime
            except OSError:
                continue
            if age > LEFTOVER_AGE_SECONDS or not _pid_alive(int(match.group("pid"))):
                _remove(path, removed)
    pattern = re.compile(rf"^{re.escape(db_path.name)}\.bak-\d+-\d{{8}}T\d{{6}}Z(?:-\d+)?$")
    try:
        backups = [p for p in db_path.parent.iterdir() if pattern.match(p.name)]
    except OSError:
        backups = []
    for path in backups:
        if _partial_copy(path):
            _remove(path, removed)
    return removed


def folder_of_ours(path: Path, db_path: Path, name: str) -> bool:
    """Whether the temporary file ``path`` (of the final name ``name``) was ours: an automatic or restore
    backup in ``backups/``, or a pre-upgrade backup beside the database."""
    if path.parent == backup_folder(db_path):
        return name.startswith(db_path.stem + "-") and name.endswith(db_path.suffix)
    return name.startswith(db_path.name + ".bak-")


def _remove(path: Path, removed: list[Path]) -> None:
    try:
        path.unlink()
    except OSError:
        return
    removed.append(path)
