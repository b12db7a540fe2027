"""Running the real ``selfeval`` command in a subprocess, isolated from the user's folders
(shared by tests/cli and tests/robustness)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def last_line(self) -> str:
        return self.out.strip().splitlines()[-1]


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("SELFEVAL_DB", "SELFEVAL_DEBUG", "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["SELFEVAL_LOG_DIR"] = str(tmp_path / "logs")
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")  # never the real user data folder
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "selfeval", *args]


def run(tmp_path: Path, *args: str, env: dict | None = None, cwd: Path | None = None) -> Result:
    proc = subprocess.run(command(*args), capture_output=True, text=True, encoding="utf-8",
                          env=env or clean_env(tmp_path), cwd=cwd or tmp_path, timeout=120)
    return Result(proc.returncode, proc.stdout, proc.stderr)
