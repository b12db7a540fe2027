"""TagStudio-style: a stored database of EVERY schema version opens, migrates and keeps its data.

The fixtures are made by tests/fixtures/make_fixture_dbs.py (run it after adding a migration).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from selfeval.domain.model import Report
from selfeval.store import SetSection, Store, schema
from store_support import edited_section

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURE_DBS = sorted(FIXTURES.glob("schema-v*.db"), key=lambda p: int(re.search(r"v(\d+)", p.name).group(1)))


def test_a_fixture_for_every_schema_version() -> None:
    versions = [int(re.search(r"v(\d+)", p.name).group(1)) for p in FIXTURE_DBS]
    assert versions == list(range(1, len(schema.MIGRATION_NAMES) + 1)), \
        "run tests/fixtures/make_fixture_dbs.py after adding a migration"


@pytest.mark.parametrize("fixture", FIXTURE_DBS, ids=[p.stem for p in FIXTURE_DBS])
def test_fixture_opens_migrates_and_keeps_data(fixture: Path, tmp_path: Path) -> None:
    expected = json.loads(fixture.with_name(fixture.stem + ".expected.json").read_text(encoding="utf-8"))
    db = tmp_path / "selfeval.db"
    shutil.copyfile(fixture, db)
    with Store.open(db) as store:
        assert store.schema_version == len(schema.MIGRATION_NAMES)
        if expected["schema_version"] < store.schema_version:
            assert store.backup is not None and store.backup.exists()
        else:
            assert store.backup is None
        live = {str(i.id) for i in store.list_reports()}
        binned = {i.id for i in store.list_reports(deleted=True)}
        assert binned == set(expected["deleted"])
        assert live | {str(i) for i in binned} == set(expected["reports"])
        for rid, data in expected["reports"].items():
            assert store.load(int(rid)) == Report.from_dict(data)
            assert len(store.history(int(rid), limit=100_000)) == expected["log_rows"][rid]
        for rid, can_redo in expected["can_redo"].items():
            assert store.can_redo(int(rid)) == can_redo
        # The log still drives undo, redo and history on the migrated file.
        rid = int(next(iter(live)))
        before = store.load(rid)
        store.apply(SetSection(rid, edited_section(store, rid, "conclusion", "迁移后修改")))
        store.undo(rid)
        assert store.load(rid) == before
        first = store.history(rid, limit=100_000)[-1]
        assert first.kind == "create"
        assert store.state_after(rid, first.id).unit_short == Report.from_dict(first.after).unit_short
