"""One owner per database file, from the command line (issue 18): a file a live window holds is refused by every
command that writes, with one Chinese line naming the window's process and what to do; commands that only read
go on; the lock a killed window leaves behind does not count.

The window here is a live process holding a lock file in Qt's format (pid, program, computer, machine id, boot
id), as ``QLockFile`` writes it; killing it leaves the file behind, as a crash does. The window itself is run
in ``tests/ui/test_single_owner.py``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from robust_support import one_chinese_line, run
from selfeval.session import owner

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the window's process is faked with POSIX signals")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "报告.db"
    assert run(tmp_path, "--db", str(path), "sample").code == 0
    return path


def _window_holding(db: Path) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", "import time\nwhile True: time.sleep(1)"])
    owner.lock_path(db).write_text(f"{holder.pid}\nselfeval\n{socket.gethostname()}\n{owner._machine_id()}\n"
                                   f"{owner._boot_id()}\n", encoding="utf-8")
    return holder


@pytest.mark.slow
def test_writers_refuse_readers_go_on_a_killed_window_does_not_count(tmp_path, db):
    assert run(tmp_path, "--db", str(db), "export-table", "1", "-o", str(tmp_path / "表.xlsx")).code == 0
    holder = _window_holding(db)
    try:
        before = db.read_bytes() if not Path(f"{db}-wal").exists() else None
        for args in (("sample",), ("import", str(Path(__file__).parents[1] / "fixtures" / "basic-info-report.txt")),
                     ("import-table", "1", str(tmp_path / "表.xlsx")), ("restore", str(db))):
            line = one_chinese_line(run(tmp_path, "--db", str(db), *args))
            assert f"正在桌面程序的窗口中打开（进程 {holder.pid}）" in line, (args, line)
            assert "关闭该窗口" in line and "selfeval --open" in line
        if before is not None:
            assert db.read_bytes() == before
        for args in (("list",), ("history", "1"), ("check", "1"), ("export", "1", "-o", str(tmp_path / "a.docx"))):
            result = run(tmp_path, "--db", str(db), *args)
            assert result.code in (0, 1) and "桌面程序的窗口" not in result.err, (args, result.err)
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=60)
    assert owner.lock_path(db).exists()  # left behind, as after a crash
    result = run(tmp_path, "--db", str(db), "import", str(Path(__file__).parents[1] / "fixtures" /
                                                          "basic-info-report.txt"))
    assert result.code == 0, result.err


def test_a_window_on_another_computer_counts_while_its_lock_is_fresh(tmp_path, db):
    owner.lock_path(db).write_text("4242\nselfeval\n财务室的电脑\nanother-machine\nanother-boot\n", encoding="utf-8")
    line = one_chinese_line(run(tmp_path, "--db", str(db), "sample"))
    assert "电脑“财务室的电脑”上的进程 4242" in line
    then = time.time() - owner.STALE_SECONDS - 30
    os.utime(owner.lock_path(db), (then, then))
    assert run(tmp_path, "--db", str(db), "sample").code == 0  # stale: that window stopped touching it
