"""Top-level test configuration. Its presence puts ``tests/`` on ``sys.path``, so that helpers shared
by several test folders (``cli_runner``) are imported by name, like each folder's own helpers. Also the
fixtures of a fresh database that several folders use (``db_path``, ``store``), and the fast loop: the build
folders marked ``slow``, the hypothesis profile chosen (``loop.py``)."""

from pathlib import Path

import pytest

import loop

TESTS = Path(__file__).resolve().parent
# Folders whose every test is slow: they build the frozen app (PyInstaller) or install it (a .deb, setup.exe).
SLOW_FOLDERS = ("frozen", "installer")
# A build may take many minutes; every other test gets pyproject's timeout (pytest-timeout).
BUILD_TIMEOUT_S = 3600


def pytest_configure(config):
    """The fast loop (``-m "not slow"``) draws fewer hypothesis examples; any other run draws them all."""
    from hypothesis import settings

    loop.fast = "not slow" in (config.option.markexpr or "")
    settings.load_profile("fast" if loop.fast else "full")


def pytest_collection_modifyitems(config, items):
    for item in items:
        try:
            folder = Path(str(item.fspath)).resolve().relative_to(TESTS).parts[0]
        except ValueError:
            continue
        if folder in SLOW_FOLDERS:
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.timeout(BUILD_TIMEOUT_S))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database goes (not created)."""
    return tmp_path / "selfeval.db"


@pytest.fixture
def store(db_path: Path):
    """The test's own store on ``db_path``, closed at the end."""
    from selfeval.store import Store

    opened = Store.open(db_path)
    yield opened
    opened.close()
