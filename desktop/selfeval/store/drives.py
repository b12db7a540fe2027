"""Whether a database file lives on a removable or network drive, where SQLite's WAL mode must not be
used (WAL needs shared memory beside the file, which network shares do not give, and a USB stick
pulled out with a -wal file beside the database loses the last changes).

Linux: the mount holding the file (``/proc/self/mountinfo``): a network file system, or a block device
that ``/sys`` marks removable or that hangs off USB. Windows: ``GetDriveTypeW`` of the path's root.
The decisions are plain functions of that data, so that they are tested with fixture data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre", "gfs2",
    "ocfs2", "davfs", "fuse.sshfs", "fuse.davfs2", "fuse.rclone", "fuse.gvfsd-fuse", "fuse.s3fs",
})
# GetDriveTypeW results (winbase.h).
DRIVE_REMOVABLE, DRIVE_REMOTE, DRIVE_CDROM = 2, 4, 5


class Mount(NamedTuple):  # a named tuple: cheap to define at every start
    mount_point: str
    fs_type: str
    source: str  # the device (/dev/sdb1) or share (//server/share)


def _unescape(field: str) -> str:
    """mountinfo writes spaces and the like as octal escapes: ``\\040``."""
    out, i = "", 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit():
            out += chr(int(field[i + 1:i + 4], 8))
            i += 4
        else:
            out += field[i]
            i += 1
    return out


def parse_mountinfo(text: str) -> list[Mount]:
    """The mounts in ``/proc/self/mountinfo`` (proc(5)): ``… mount_point … - fs_type source …``."""
    mounts = []
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not sep or len(fields) < 5 or len(tail) < 2:
            continue
        mounts.append(Mount(_unescape(fields[4]), tail[0], _unescape(tail[1])))
    return mounts


def mount_of(path: str, mounts: list[Mount]) -> Mount | None:
    """The mount that holds ``path`` (absolute): the longest mount point it lies under; the last
    mounted wins when a point is mounted over."""
    best: Mount | None = None
    best_depth = -1
    target = _normal(path)
    for mount in mounts:
        point = _normal(mount.mount_point)
        # Plain string tests, not PurePosixPath (whose ``parents`` took a third of this check's time at
        # start-up): all candidates are prefixes of the same path, so the longer one lies deeper.
        if target == point or target.startswith(point if point == "/" else point + "/"):
            if len(point) >= best_depth:
                best, best_depth = mount, len(point)
    return best


def _normal(path: str) -> str:
    """``path`` without ``.``, doubled or trailing slashes (``..`` is left as the kernel wrote it)."""
    parts = [part for part in path.split("/") if part not in ("", ".")]
    return "/" + "/".join(parts)


def removable_block_device(source: str, sys_root: Path = Path("/sys")) -> bool:
    """True for ``/dev/sdb1`` when ``/sys`` says its disk is removable or sits on USB."""
    if not source.startswith("/dev/"):
        return False
    entry = sys_root / "class" / "block" / os.path.basename(source)
    try:
        device = entry.resolve()
        candidates = [device, device.parent]
        for folder in candidates:
            flag = folder / "removable"
            if flag.is_file() and flag.read_text().strip() == "1":
                return True
        return "/usb" in str(device)
    except OSError:
        return False


def linux_needs_rollback_journal(path: str, mountinfo: str, sys_root: Path = Path("/sys")) -> bool:
    mount = mount_of(path, parse_mountinfo(mountinfo))
    if mount is None:
        return False
    if mount.fs_type in NETWORK_FILESYSTEMS or mount.fs_type.startswith("fuse.") and mount.source.startswith("//"):
        return True
    return removable_block_device(mount.source, sys_root)


def windows_needs_rollback_journal(path: str, drive_type: int) -> bool:
    """UNC paths are network shares; otherwise by the drive type of the path's root."""
    if path.startswith(("\\\\", "//")):
        return True
    return drive_type in (DRIVE_REMOVABLE, DRIVE_REMOTE, DRIVE_CDROM)


def _windows_drive_type(path: Path) -> int:
    import ctypes

    root = os.path.splitdrive(str(path.absolute()))[0] + "\\"
    return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))


def needs_rollback_journal(path: Path) -> bool:
    """True when the database at ``path`` must not be opened in WAL mode (see the module's text).
    When the drive cannot be told, WAL is kept (the local disk is by far the most common place)."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    try:
        if sys.platform == "win32":
            return windows_needs_rollback_journal(text, _windows_drive_type(path))
        if sys.platform.startswith("linux"):
            mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
            return linux_needs_rollback_journal(os.path.realpath(path.absolute().parent), mountinfo)
    except (OSError, AttributeError, ValueError):
        return False
    return False
