"""The fcitx step of installer/build-linux.sh (installer/linux/fcitx/build.sh) from a COLD cache, as on a
fresh packaging machine, with the Python build-linux.sh gives it: the glibc-2.28 toolchain's, built
without ssl. Before the fix the step pip-installed ziglang with that Python and stopped at
``No matching distribution found for ziglang==0.17.1``; a cached zig hid it on every machine that had built
once. A second run reuses the build (the tests' fixture and build-linux.sh share one folder per machine).

The Python without ssl is the test venv's behind a wrapper whose ``import ssl`` fails as it does in the
toolchain's; the wrapper notes every call, so the test sees that pip was never run with it (whatever
index this machine's pip is configured with).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from frozen_build import _ENV_AT_START

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux build")]

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "installer" / "linux" / "fcitx" / "build.sh"
PLUGIN_NAME = "libfcitx5platforminputcontextplugin.so"
BUILD_TIMEOUT_S = 2400


def _python_without_ssl(folder: Path) -> tuple[Path, Path]:
    """A python whose ``import ssl`` fails (as the toolchain's); every call is noted in the log."""
    blocker = folder / "no-ssl"
    blocker.mkdir(parents=True)
    (blocker / "ssl.py").write_text('raise ImportError("this Python is built without ssl")\n')
    (blocker / "_ssl.py").write_text('raise ImportError("this Python is built without ssl")\n')
    log = folder / "calls.log"
    wrapper = folder / "python"
    wrapper.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\n'
                       f'PYTHONPATH="{blocker}" exec "{sys.executable}" "$@"\n')
    wrapper.chmod(0o755)
    assert subprocess.run([str(wrapper), "-c", "import ssl"], capture_output=True).returncode != 0
    return wrapper, log


def _build(out: Path, python: Path) -> subprocess.CompletedProcess:
    env = dict(_ENV_AT_START, SELFEVAL_FCITX_BUILD=str(out), PYTHON=str(python))
    return subprocess.run(["bash", str(BUILD_SCRIPT)], cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=BUILD_TIMEOUT_S, env=env)


def test_fcitx_step_builds_from_a_cold_cache_with_a_python_without_ssl_then_reuses_it(tmp_path, note):
    python, calls = _python_without_ssl(tmp_path / "python")
    out = tmp_path / "fcitx-cache"
    first = _build(out, python)
    assert first.returncode == 0, f"build.sh failed ({first.returncode}):\n{first.stderr[-4000:]}"
    plugin = Path(first.stdout.strip().splitlines()[-1])
    assert plugin == out / PLUGIN_NAME and plugin.is_file()
    assert "安装 ziglang" in first.stderr, "the zig download ran (a cold cache)"
    assert (out / "zig" / "ziglang" / "zig").is_file()
    used = calls.read_text().splitlines()
    assert used, "build.sh asked the given Python for PySide6"
    assert not [c for c in used if "pip" in c.split()], f"pip ran with the Python without ssl: {used}"
    note(f"fcitx plugin built from a cold cache: {plugin.stat().st_size} bytes")

    second = _build(out, python)
    assert second.returncode == 0, second.stderr[-4000:]
    assert second.stdout.strip().splitlines()[-1] == str(plugin)
    assert "沿用已构建的插件" in second.stderr
    assert "安装 ziglang" not in second.stderr and "编译" not in second.stderr
