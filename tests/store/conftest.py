from __future__ import annotations

import pytest
from selfeval.store import Store
from store_support import make_report


@pytest.fixture(autouse=True)
def every_save_is_a_step(monkeypatch):
    """These tests count log steps; joining saves into typing bursts is tested in test_store_coalesce.py."""
    monkeypatch.setattr(Store, "coalesce_seconds", 0)


@pytest.fixture
def report_id(store: Store) -> int:
    return store.create(make_report())
