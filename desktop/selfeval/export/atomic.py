"""Writing a file so that it is either the old one or the whole new one, never half of either.

The bytes go to a temporary file in the target's own folder (same file system, so the rename is
atomic), are flushed to disk, and the temporary file is renamed over the target. Any failure removes
the temporary file and raises :class:`ExportError` with a Chinese sentence.

A target that is a symbolic link is written through: the document the link points to is replaced
(its own folder holds the temporary file), and the link stays a link. A dangling link creates the file
it names; a link that points to itself (a loop) is refused.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from selfeval.domain.errors import os_error_reason
from selfeval.export.errors import ExportError

_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def check_target(path: Path) -> None:
    """Refuse a target that cannot be written, before any work is done."""
    try:
        _check_target(through_links(path))
    except OSError as exc:  # a name too long for the file system …
        raise _error(exc, path, writing=True) from None


def through_links(path: Path) -> Path:
    """The file a write to ``path`` must replace: ``path`` itself, or what its symbolic links lead to."""
    try:
        if not path.is_symlink():
            return path
        target = Path(os.path.realpath(path))
        if target.is_symlink():  # realpath stops where the links go round in a circle
            raise ExportError(f"“{path}”是一个指向自身的快捷方式（符号链接），无法保存；请换一个文件名。")
        return target
    except OSError as exc:
        raise _error(exc, path, writing=True) from None


def _check_target(path: Path) -> None:
    name = str(path)
    if path.is_dir():
        raise ExportError(f"“{name}”是一个文件夹，请在文件名处填写要保存的 .docx 文件名。")
    folder = path.parent
    if not folder.exists():
        raise ExportError(f"文件夹“{folder}”不存在，请先创建该文件夹或选择其他位置。")
    if not folder.is_dir():
        raise ExportError(f"“{folder}”不是文件夹，无法在其中保存文件。")
    if path.exists() and not _writable(path):
        raise ExportError(f"文件“{name}”是只读的，无法覆盖；请去掉只读属性或另存为其他文件名。")


def _writable(path: Path) -> bool:
    """The file's own write permission bits (os.access says yes to root for everything)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return True
    return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(path, os.W_OK)


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (through its links, see the module); returns ``path`` as given."""
    check_target(path)
    asked, path = path, through_links(path)
    tmp = _create_temp(path)
    try:
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise _error(exc, path, writing=True) from exc
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise _error(exc, path, writing=False) from exc
    except BaseException:
        _remove_quietly(tmp)
        raise
    _sync_folder(path.parent)
    return asked


def _create_temp(path: Path) -> Path:
    folder = path.parent
    for _ in range(100):
        tmp = folder / f".{path.name}.{os.urandom(4).hex()}.tmp"
        try:
            # 0o666 and the umask, like any new document (mkstemp would give 0o600).
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _error(exc, path, writing=True, folder_level=True) from exc
        os.close(fd)
        return tmp
    raise ExportError(f"无法在文件夹“{folder}”中创建临时文件，请选择其他位置。")


def _error(exc: OSError, path: Path, *, writing: bool, folder_level: bool = False) -> ExportError:
    folder = path.parent
    if exc.errno in _NO_SPACE:
        return ExportError(f"磁盘空间不足，无法保存“{path.name}”；请清理磁盘或保存到其他位置。")
    if exc.errno == errno.EROFS:
        return ExportError(f"“{folder}”所在的磁盘是只读的，请保存到其他位置。")
    if exc.errno == errno.ENAMETOOLONG:
        return ExportError(f"文件名或路径过长，无法保存“{path.name}”；请缩短文件名或换一个位置。")
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        if folder_level:
            return ExportError(f"没有写入文件夹“{folder}”的权限，请保存到其他位置。")
        if path.exists():
            return ExportError(
                f"文件“{path.name}”正被其他程序（如 Word 或 WPS）打开，或没有写入权限；请关闭该文件后重试。")
        return ExportError(f"没有写入文件夹“{folder}”的权限，请保存到其他位置。")
    reason = os_error_reason(exc)
    action = "写入" if writing else "保存"
    return ExportError(f"无法{action}文件“{path.name}”（{reason}），请检查磁盘或换一个位置。")


def _remove_quietly(tmp: Path) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles for this)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
