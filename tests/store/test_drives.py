"""The WAL decision: never WAL on a removable or network drive; told from fixture data, not this machine."""

from __future__ import annotations

from pathlib import Path

from selfeval.store import drives
from selfeval.store.drives import (DRIVE_CDROM, DRIVE_REMOTE, DRIVE_REMOVABLE, linux_needs_rollback_journal,
                                   mount_of, parse_mountinfo, windows_needs_rollback_journal)

MOUNTINFO = """\
22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw
30 22 8:17 / /media/kylin/U\\040DISK rw,nosuid,nodev shared:40 - vfat /dev/sdb1 rw,uid=1000
31 22 0:50 / /mnt/share rw,relatime shared:41 - cifs //fileserver/财务 rw,vers=3.0
32 22 0:51 / /home/kylin/nfs rw,relatime - nfs4 server:/export rw
33 22 8:33 / /data rw,relatime - ext4 /dev/sdc1 rw
34 22 0:52 / /home/kylin/remote rw - fuse.sshfs kylin@host:/home rw
"""


def sysfs(tmp_path: Path) -> Path:
    """/sys/class/block entries: sdb (a USB stick, removable), sdc (an internal disk)."""
    root = tmp_path / "sys"
    for disk, removable, via in (("sdb", "1", "pci0000:00/usb1/1-1"), ("sdc", "0", "pci0000:00/ata2")):
        device = root / "devices" / via / "block" / disk
        (device / f"{disk}1").mkdir(parents=True)
        (device / "removable").write_text(removable + "\n")
        (root / "class" / "block").mkdir(parents=True, exist_ok=True)
        (root / "class" / "block" / f"{disk}1").symlink_to(device / f"{disk}1")
    return root


def test_mountinfo_is_parsed_with_escaped_spaces():
    mounts = parse_mountinfo(MOUNTINFO)
    assert mounts[1].mount_point == "/media/kylin/U DISK" and mounts[1].fs_type == "vfat"
    assert mount_of("/media/kylin/U DISK/报告/selfeval.db", mounts).source == "/dev/sdb1"
    assert mount_of("/home/kylin/selfeval.db", mounts).mount_point == "/"


def test_linux_usb_stick_and_network_shares_use_a_rollback_journal(tmp_path: Path):
    root = sysfs(tmp_path)
    assert linux_needs_rollback_journal("/media/kylin/U DISK/报告", MOUNTINFO, root)
    assert linux_needs_rollback_journal("/mnt/share/2024", MOUNTINFO, root)
    assert linux_needs_rollback_journal("/home/kylin/nfs", MOUNTINFO, root)
    assert linux_needs_rollback_journal("/home/kylin/remote/x", MOUNTINFO, root)


def test_linux_local_disks_keep_wal(tmp_path: Path):
    root = sysfs(tmp_path)
    assert not linux_needs_rollback_journal("/home/kylin/.local/share/selfeval", MOUNTINFO, root)
    assert not linux_needs_rollback_journal("/data/reports", MOUNTINFO, root)


def test_linux_a_usb_disk_not_marked_removable_is_known_by_its_bus(tmp_path: Path):
    root = sysfs(tmp_path)
    (root / "devices" / "pci0000:00" / "usb1" / "1-1" / "block" / "sdb" / "removable").write_text("0\n")
    assert linux_needs_rollback_journal("/media/kylin/U DISK", MOUNTINFO, root)


def test_windows_drive_types():
    assert windows_needs_rollback_journal("E:\\报告\\selfeval.db", DRIVE_REMOVABLE)
    assert windows_needs_rollback_journal("Z:\\selfeval.db", DRIVE_REMOTE)
    assert windows_needs_rollback_journal("D:\\selfeval.db", DRIVE_CDROM)
    assert windows_needs_rollback_journal("\\\\server\\share\\selfeval.db", 3)
    assert not windows_needs_rollback_journal("C:\\Users\\kylin\\selfeval.db", 3)  # DRIVE_FIXED


def test_the_store_opens_a_database_on_a_removable_drive_without_wal(tmp_path: Path, monkeypatch):
    from selfeval.store import Store

    monkeypatch.setattr(drives, "needs_rollback_journal", lambda path: True)
    with Store.open(tmp_path / "u.db") as store:
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    monkeypatch.setattr(drives, "needs_rollback_journal", lambda path: False)
    with Store.open(tmp_path / "local.db") as store:
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
