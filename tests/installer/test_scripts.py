"""The README's scripts on a fresh machine: bootstrap waits for apt's lock (held by unattended upgrades on
a freshly installed desktop) instead of failing at once, and run-sample leaves nothing untracked in the
checkout."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOTSTRAP = ROOT / "scripts" / "bootstrap.sh"


def _hold_lock(path: Path, seconds: float) -> subprocess.Popen:
    """Another process holding ``path`` as apt does (an fcntl lock) for ``seconds``."""
    code = ("import fcntl, os, sys, time\n"
            "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
            "fcntl.lockf(fd, fcntl.LOCK_EX)\n"
            "print('held', flush=True)\n"
            "time.sleep(float(sys.argv[2]))\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(path), str(seconds)], stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def _wait_for_apt(lock: Path, timeout_s: int) -> tuple[subprocess.CompletedProcess, float]:
    env = dict(os.environ, SELFEVAL_APT_LOCKS=f"{lock.parent / 'absent'} {lock}",
               SELFEVAL_APT_LOCK_TIMEOUT=str(timeout_s))
    started = time.monotonic()
    result = subprocess.run(["bash", str(BOOTSTRAP), "--wait-for-apt"], env=env, capture_output=True,
                            text=True, timeout=120)
    return result, time.monotonic() - started


@pytest.mark.skipif(os.geteuid() != 0 and shutil.which("sudo") is None, reason="bootstrap 需要 root 或 sudo")
def test_bootstrap_waits_for_apts_lock_and_says_so(tmp_path):
    lock = tmp_path / "lock-frontend"
    holder = _hold_lock(lock, 4)
    try:
        result, took = _wait_for_apt(lock, 60)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 0, result.stderr
    assert took >= 3, "it returned while the lock was held"
    assert "正在使用" in result.stderr and str(lock) in result.stderr and "waiting for it" in result.stderr
    assert "apt 已空闲" in result.stderr


@pytest.mark.skipif(os.geteuid() != 0 and shutil.which("sudo") is None, reason="bootstrap 需要 root 或 sudo")
def test_bootstrap_gives_up_after_its_timeout_with_a_message(tmp_path):
    lock = tmp_path / "lock"
    holder = _hold_lock(lock, 60)
    try:
        result, took = _wait_for_apt(lock, 3)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode != 0
    assert took < 30
    assert "等待 3 秒后" in result.stderr and "after 3 s" in result.stderr


def test_a_free_lock_is_not_waited_for(tmp_path):
    lock = tmp_path / "lock"
    lock.touch()
    result, took = _wait_for_apt(lock, 60)
    assert result.returncode == 0 and result.stderr == "" and took < 10


@pytest.mark.slow
def test_run_sample_leaves_nothing_untracked_in_the_checkout(tmp_path):
    """run-sample.sh in a checkout (a git repository with the project's .gitignore; its bootstrap stands in
    for the real one, the venv is this one): the sample database and its daily backup go to an ignored
    folder, and the window closes on SIGTERM as by its close button."""
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "run-sample.sh", checkout / "scripts")
    (checkout / "scripts" / "bootstrap.sh").write_text("exit 0\n")
    shutil.copy(ROOT / ".gitignore", checkout)
    (checkout / ".venv").symlink_to(Path(sys.executable).parents[1])
    subprocess.run(["git", "init", "-q"], cwd=checkout, check=True)
    subprocess.run(["git", "add", "-A"], cwd=checkout, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"], cwd=checkout,
                   check=True)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SELFEVAL_")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", SELFEVAL_CONFIG_DIR=str(home / "config"),
               SELFEVAL_LOG_DIR=str(home / "logs"), XDG_DATA_HOME=str(home / "data"))
    process = subprocess.Popen(["bash", "scripts/run-sample.sh"], cwd=checkout, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline and not any(
                (checkout / "build").rglob("backups/*")):
            time.sleep(0.2)
        time.sleep(2)
        alive = process.poll() is None
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=60)[0]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert alive, output
    assert any((checkout / "build").rglob("backups/*")), "the sample's daily backup was made (in build/)"
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=checkout,
                            capture_output=True, text=True, check=True).stdout
    assert status == "", status
