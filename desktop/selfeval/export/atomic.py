"""Writing a file so that it is either the old one or the whole new one, never half of either.

The bytes go to a temporary file in the target's own folder (same file system, so the rename is
atomic), are flushed to disk, and the temporary file is renamed over the target. Any failure removes
the temporary file and raises :class:`ExportError` with a Chinese sentence.

A target that is a symbolic link is written through: the document the link points to is replaced
(its own folder holds the temporary file), and the link stays a link. A dangling link creates the file
it names; a link that points to itself (a loop) is refused.

Several files that belong together (the 说明 and its 自评表) are written by ``write_all_atomic``: every
target is checked first, all of them are staged, then renamed; if one rename fails the ones before it
get their old files back, so the export is all of the new files or none of them.
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
    if path.exists():
        _check_not_locked(path)


def _check_not_locked(path: Path) -> None:
    """A document Word or WPS holds open cannot be opened for writing on Windows: say so before any work."""
    try:
        with open(path, "r+b"):
            pass
    except PermissionError:
        raise ExportError(f"文件“{path.name}”正被其他程序（如 Word 或 WPS）打开，或没有写入权限；请关闭该文件后重试。") \
            from None


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
            _write_synced(tmp, data)
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


def _write_synced(tmp: Path, data: bytes) -> None:
    """``data`` into the staged file, on the disk before it is renamed over the target."""
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def write_all_atomic(items: list[tuple[Path, bytes]]) -> list[Path]:
    """Write each ``(path, data)``, all or none: every target is checked before any is written, each is
    staged in its own folder, and a failed rename puts the files renamed before it back as they were."""
    for path, _data in items:
        check_target(path)
    real = [through_links(path) for path, _data in items]
    staged: list[Path] = []
    try:
        for path, (_asked, data) in zip(real, items):
            tmp = _create_temp(path)
            staged.append(tmp)
            try:
                _write_synced(tmp, data)
            except OSError as exc:
                raise _naming(_error(exc, path, writing=True), path) from exc
        _rename_all(list(zip(staged, real)))
    finally:
        for tmp in staged:
            _remove_quietly(tmp)
    for path in real:
        _sync_folder(path.parent)
    return [path for path, _data in items]


def _rename_all(pairs: list[tuple[Path, Path]]) -> None:
    done: list[tuple[Path, Path | None]] = []  # (target, its old file kept aside, or None: it was new)
    try:
        for tmp, path in pairs:
            kept = None
            if path.exists():
                kept = _create_temp(path)
                try:
                    os.replace(path, kept)
                except OSError as exc:
                    _remove_quietly(kept)
                    raise _naming(_error(exc, path, writing=False), path) from exc
            done.append((path, kept))
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise _naming(_error(exc, path, writing=False), path) from exc
    except BaseException:
        for path, kept in reversed(done):
            try:
                if kept is not None:
                    os.replace(kept, path)
                else:
                    _remove_quietly(path)
            except OSError:
                pass
        raise
    for _path, kept in done:
        if kept is not None:
            _remove_quietly(kept)


def _naming(error: ExportError, path: Path) -> ExportError:
    """The error of one file of several, naming that file; none of them was changed."""
    text = str(error)
    if path.name not in text:
        text = f"无法保存“{path.name}”：{text}"
    return ExportError(f"{text}（本次导出的文件均未改动。）")


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
