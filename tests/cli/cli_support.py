"""Helpers for tests/cli: judging what the real ``selfeval`` command says (running it: ``cli_runner``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cli_runner import CHINESE, Result, clean_env, command, run  # noqa: F401 - re-exported for tests/cli

def assert_one_chinese_line(result: Result, code: int = 2) -> str:
    assert result.code == code, (result.code, result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert CHINESE.search(lines[0]), lines[0]
    assert "Traceback" not in result.err
    return lines[0]


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
