from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "selfeval.db"


@pytest.fixture(autouse=True)
def _db_folder(db: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
