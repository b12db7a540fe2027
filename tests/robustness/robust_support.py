"""Running the real ``selfeval`` command as a hostile user would, and judging what it says back."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from cli_runner import CHINESE, Result, clean_env, command, run  # noqa: F401 - re-exported for the tests

# What must never reach the user: Python's own words (exception names, tracebacks, errno texts).
PYTHON_WORDS = re.compile(r"Traceback|Error\b|Exception|errno|\[Errno|File name too long|No such file|"
                          r"Permission denied|Read-only file system|database is locked|sqlite3")


def one_chinese_line(result: Result, code: int = 2) -> str:
    """The single Chinese line a refused command prints; no Python text in it, nothing on stdout."""
    assert result.code == code, (result.code, result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert CHINESE.search(lines[0]), lines[0]
    assert not PYTHON_WORDS.search(result.err), result.err
    return lines[0]


def sample_text_file() -> Path:
    from selfeval.bundled.samples import sample_text_path

    return sample_text_path()


def can_mount_read_only() -> bool:
    """Whether this process may bind-mount a folder read-only in a private mount namespace (root in
    a container or on CI): the one faithful way to give root a folder it cannot write."""
    if os.name != "posix" or shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind / /mnt 2>/dev/null || "
                            "mount -t tmpfs none /mnt"], capture_output=True)
    return probe.returncode == 0


def run_on_read_only_folder(tmp_path: Path, folder: Path, *args: str) -> Result:
    """``selfeval ARGS`` with ``folder`` mounted read-only (like a CD or a write-protected share)."""
    inner = " ".join(_quote(a) for a in command(*args))
    script = (f"mount --bind {_quote(str(folder))} {_quote(str(folder))} && "
              f"mount -o remount,ro,bind {_quote(str(folder))} && exec {inner}")
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True,
                          encoding="utf-8", env=clean_env(tmp_path), cwd=tmp_path, timeout=120)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)
