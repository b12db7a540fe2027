"""The Linux frozen build (made or reused by tests/frozen/frozen_build.py) for the licence check."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "frozen"))

from frozen_build import FrozenBuild, frozen_build  # noqa: E402


@pytest.fixture(scope="session")
def linux_build() -> FrozenBuild:
    if not sys.platform.startswith("linux"):
        pytest.skip("冻结构建测试使用 installer/build.sh，只在 Linux 上运行")
    return frozen_build()
