"""One owner per database file (issue 18, scenario 6 and the CLI writers): the running window owns its database.

- A second start (a double-click on a .selfeval file: ``selfeval --open FILE``) hands its request to the
  running window over the local channel and exits; the window comes to the front and merges, with its usual
  dialogs. Before, a second, read-only window opened and merged nothing.
- A command that writes refuses a file a window owns, with one Chinese line naming the window's process and
  the way out; commands that only read go on. A crashed window's lock does not count (stale).
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

from helpers import env, sample_db  # noqa: F401 - fixtures
from reports_helpers import Child
from selfeval.session import owner
from selfeval.store import SetSection, Store

SELFEVAL = [sys.executable, "-m", "selfeval.cli.main"]


def _cli(env_dir: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    environ = dict(os.environ, QT_QPA_PLATFORM="offscreen", SELFEVAL_CONFIG_DIR=str(env_dir / "config"),
                   SELFEVAL_LOG_DIR=str(env_dir / "log"))
    environ.pop("SELFEVAL_DB", None)
    return subprocess.run([*SELFEVAL, *args], capture_output=True, timeout=timeout, env=environ,
                          stdin=subprocess.DEVNULL)


def _exchange_file(db: Path, folder: Path) -> Path:
    import sqlite3

    from selfeval.exchange import pack_report, write_exchange

    copy = folder / "科室.db"
    source, target = sqlite3.connect(str(db)), sqlite3.connect(str(copy))
    source.backup(target)
    target.close()
    source.close()
    with Store.open(copy) as there:
        there.apply(SetSection(1, there.load(1).section("problems").copy_with(intro="科室写的存在问题")))
        return write_exchange(pack_report(there, 1, None), folder / "科室.selfeval")


def _stored_intro(db: Path) -> str:
    with Store.open(db, read_only=True) as store:
        return store.load(1).section("problems").intro


@pytest.mark.slow
def test_a_double_click_while_the_window_is_open_merges_in_that_window(env, sample_db):
    db, report_id = sample_db
    file = _exchange_file(db, env)
    window = Child("run-idle", db, report_id, "problems", env)
    try:
        ready = window.wait_for("ready")
        assert ready["ready"]
        second = _cli(env, "--db", str(db), "--open", str(file))
        assert second.returncode == 0, second.stderr.decode("utf-8", "replace")
        shown = window.wait_for("dialog")  # the running window merged, and said so
        assert (shown["dialog"], shown["title"]) == ("inform", "已合并交换文件"), window.seen
        assert _stored_intro(db) == "科室写的存在问题"
        # A plain second start (the start menu) only brings the window to the front.
        plain = _cli(env, "--db", str(db))
        assert plain.returncode == 0, plain.stderr.decode("utf-8", "replace")
        assert window.proc.poll() is None
    finally:
        window.kill()


@pytest.mark.slow
def test_cli_writers_refuse_a_file_a_window_owns_readers_go_on_and_a_crashed_window_does_not_count(env, sample_db):
    db, report_id = sample_db
    file = _exchange_file(db, env)
    window = Child("hold", db, report_id, "problems", env)
    try:
        assert window.wait_for("ready")["read_only"] is False
        before = db.read_bytes() if not Path(f"{db}-wal").exists() else None
        for args in (("sample",), ("unpack", str(file)), ("restore", str(env / "科室.db"))):
            done = _cli(env, "--db", str(db), *args)
            assert done.returncode == 2, (args, done.stderr.decode("utf-8", "replace"))
            line = done.stderr.decode("utf-8").strip()
            assert "\n" not in line
            assert f"正在桌面程序的窗口中打开（进程 {window.proc.pid}）" in line and "关闭该窗口" in line
        assert _stored_intro(db) != "科室写的存在问题"
        if before is not None:
            assert db.read_bytes() == before
        listed = _cli(env, "--db", str(db), "list")
        assert listed.returncode == 0 and "昌华" in listed.stdout.decode("utf-8")
        exported = _cli(env, "--db", str(db), "export", str(report_id), "-o", str(env / "导出.docx"))
        assert exported.returncode == 0, exported.stderr.decode("utf-8", "replace")
        # The window is killed (a crash): its lock file stays behind, and no longer counts.
        os.kill(window.proc.pid, signal.SIGKILL)
        window.proc.wait(timeout=60)
        assert owner.lock_path(db).exists()
        done = _cli(env, "--db", str(db), "unpack", str(file))
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        assert _stored_intro(db) == "科室写的存在问题"
    finally:
        window.kill()


def _lock_file(db: Path, pid: int, host: str, age_s: float = 0) -> None:
    lock = owner.lock_path(db)
    machine = owner._machine_id() if host == socket.gethostname() else "another-machine"
    lock.write_text(f"{pid}\nselfeval\n{host}\n{machine}\n{owner._boot_id()}\n", encoding="utf-8")
    if age_s:
        then = time.time() - age_s
        os.utime(lock, (then, then))


def test_the_holder_of_a_lock_is_judged_as_qt_does(tmp_path):
    db = tmp_path / "r.db"
    assert owner.window_holder(db) is None  # no lock
    _lock_file(db, os.getpid(), socket.gethostname())
    assert owner.window_holder(db) == owner.Holder(os.getpid(), socket.gethostname(), True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _lock_file(db, dead.pid, socket.gethostname())
    assert owner.window_holder(db) is None  # its process is gone: a crashed window
    _lock_file(db, os.getpid(), socket.gethostname(), age_s=owner.STALE_SECONDS + 5)
    assert owner.window_holder(db) is None  # not touched for long: the pid now names another process
    _lock_file(db, 4242, "办公室的电脑")
    assert owner.window_holder(db) == owner.Holder(4242, "办公室的电脑", False)  # a shared folder: fresh
    _lock_file(db, 4242, "办公室的电脑", age_s=owner.STALE_SECONDS + 5)
    assert owner.window_holder(db) is None
    owner.lock_path(db).write_bytes(b"\x00garbage")
    assert owner.window_holder(db) is None


def test_a_window_hands_its_channel_requests_to_the_window(qtbot, tmp_path):
    """The channel itself: a request reaches the listening window's signal; a stale socket is replaced."""
    from selfeval.ui.app.instance_lock import InstanceChannel

    db = tmp_path / "r.db"
    if owner.UNIX:  # a crashed window's socket file
        stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        address = owner.channel_address(db)
        address.unlink(missing_ok=True)
        stale.bind(str(address))
        stale.close()
        assert owner.hand_over(db, {"open": None, "report": 1}) is None
    channel = InstanceChannel(db)
    assert channel.listen()
    received = []
    channel.request.connect(received.append)
    answers = []

    def ask():
        answers.append(owner.hand_over(db, {"open": "/x/科室.selfeval", "report": None}))

    import threading

    asker = threading.Thread(target=ask)
    asker.start()
    qtbot.waitUntil(lambda: bool(received), timeout=5000)
    asker.join(10)
    assert received == [{"open": "/x/科室.selfeval", "report": None}]
    assert answers[0]["ok"] and answers[0]["pid"] == os.getpid()
    channel.close()
    assert owner.hand_over(db, {"open": None, "report": None}) is None
