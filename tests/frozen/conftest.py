"""Fixtures for the end-to-end tests through the frozen (PyInstaller) build."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from frozen_build import FrozenBuild, frozen_build

_BUILD_NOTE: list[str] = []


@pytest.fixture(scope="session")
def frozen() -> FrozenBuild:
    if not sys.platform.startswith("linux"):
        pytest.skip("冻结构建测试使用 installer/build.sh，只在 Linux 上运行")
    if shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("虚拟环境中没有 PyInstaller（pip install -e .[build]）")
    build = frozen_build()
    how = "installer/build-linux.sh (glibc 2.28 toolchain)" if build.glibc_floor else "installer/build.sh"
    if build.reused:
        _BUILD_NOTE.append(f"frozen build reused ({how}): {build.app_dir}")
    else:
        _BUILD_NOTE.append(f"frozen build made in {build.build_seconds:.0f} s ({how}): {build.app_dir}")
    return build


@pytest.fixture
def note():
    """Adds a line to the summary at the end of the run (figures a test measured)."""
    return _BUILD_NOTE.append


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A private home, so the frozen app's settings, data and logs stay in the test's folder."""
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def env(home: Path) -> dict[str, str]:
    """The frozen app's environment: none of the test venv's Python, Qt or loader settings."""
    dropped_prefixes = ("SELFEVAL_", "QT_", "PYTHON", "LD_", "PYTEST", "VIRTUAL_ENV")
    result = {k: v for k, v in os.environ.items() if not k.startswith(dropped_prefixes)}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR"):
        result.pop(name, None)
    result.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        SELFEVAL_LOG_DIR=str(home / "logs"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    return result


def pytest_terminal_summary(terminalreporter):
    for note in _BUILD_NOTE:
        terminalreporter.write_line(note)
