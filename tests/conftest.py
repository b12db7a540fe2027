"""Top-level test configuration. Its presence puts ``tests/`` on ``sys.path``, so that helpers shared
by several test folders (``cli_runner``) are imported by name, like each folder's own helpers. Also the
fixtures of a fresh database that several folders use (``db_path``, ``store``)."""

from pathlib import Path

import pytest


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
