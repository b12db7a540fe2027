from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from exchange_support import make_report
from selfeval.store import Store


@pytest.fixture(autouse=True)
def every_save_is_a_step(monkeypatch):
    """Each edit here is a step of its own, as edits minutes apart are."""
    monkeypatch.setattr(Store, "coalesce_seconds", 0)


@pytest.fixture
def two_copies(tmp_path: Path):
    """One report in a database on PC A, and a copy of that file on PC B."""
    a_path = tmp_path / "a" / "selfeval.db"
    a_path.parent.mkdir()
    with Store.open(a_path) as a:
        report_id = a.create(make_report())
    b_path = tmp_path / "b" / "selfeval.db"
    b_path.parent.mkdir()
    shutil.copy(a_path, b_path)
    a, b = Store.open(a_path), Store.open(b_path)
    yield a, b, report_id
    a.close()
    b.close()
