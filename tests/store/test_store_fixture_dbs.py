"""TagStudio-style: a stored database of EVERY schema version opens, migrates and keeps its data
and its history.

The fixtures are made by tests/fixtures/make_fixture_dbs.py (run it after adding a migration).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from selfeval.domain.model import Report
from selfeval.store import SetSection, Store, schema
from selfeval.store.replay import get_piece
from selfeval.domain.table.figures_into_table import rendered_texts
from store_support import edited_section, states_amounts, unlinked

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
            loaded, then = store.load(int(rid)), Report.from_dict(data)
            assert rendered_texts(loaded) == rendered_texts(then)  # every paragraph reads as before
            history = store.history(int(rid), limit=100_000)
            if upgraded(expected, rid):
                assert unlinked(loaded) == unlinked(then)  # nothing but the table and the links changed
                assert history[0].kind == "upgrade" and history[0].summary == "升级：数字移入自评表"
            else:
                assert loaded == then
            assert len(history) == expected["log_rows"][rid] + upgraded(expected, rid)
        for rid, can_redo in expected["can_redo"].items():
            # The upgrade step is a new edit: it ends the redo branch, as every edit does.
            assert store.can_redo(int(rid)) == (can_redo and not upgraded(expected, rid))
        # The log still drives undo, redo and history on the migrated file.
        rid = int(next(iter(live)))
        before = store.load(rid)
        store.apply(SetSection(rid, edited_section(store, rid, "conclusion", "迁移后修改")))
        store.undo(rid)
        assert store.load(rid) == before
        first = store.history(rid, limit=100_000)[-1]
        assert first.kind == "create"
        assert store.state_after(rid, first.id).unit_short == Report.from_dict(first.after).unit_short


def upgraded(expected: dict, rid: str) -> bool:
    """Whether migration 0003 (figures into the 自评表) changed this report of the fixture: a file made
    before it, and a report whose figures state an amount."""
    return expected["schema_version"] < 3 and states_amounts(expected["reports"][rid])


def state_digest(report: Report, known: set[str] | None = None) -> str:
    """As tests/fixtures/make_fixture_dbs.py computes it, over the report fields the fixture's program knew
    (``known``: a field added to the model later, such as the 自评表, is not part of what it recorded)."""
    data = report.to_dict()
    if known is not None:
        data = {k: v for k, v in data.items() if k in known}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def as_then(value, then):
    """``value`` (a report piece read back now) with only the top-level report fields ``then`` (what the
    fixture's log recorded) has: report fields added to the model since are not in an old log."""
    if isinstance(value, dict) and isinstance(then, dict) and "sections" in then:
        return {k: v for k, v in value.items() if k in then}
    return value


@pytest.mark.parametrize("fixture", FIXTURE_DBS, ids=[p.stem for p in FIXTURE_DBS])
def test_fixture_history_rebuilds_every_state(fixture: Path, tmp_path: Path) -> None:
    """Every state the fixture's log recorded (fixtures from v2 on keep a digest of each) is rebuilt
    after migrating, and undo all the way back reaches the report as it was created."""
    expected = json.loads(fixture.with_name(fixture.stem + ".expected.json").read_text(encoding="utf-8"))
    db = tmp_path / "selfeval.db"
    shutil.copyfile(fixture, db)
    with Store.open(db) as store:
        for rid, rows in expected.get("states", {}).items():
            history = list(reversed(store.history(int(rid), limit=100_000)))
            if upgraded(expected, rid):
                assert history.pop().kind == "upgrade"
            assert [[r.id, r.kind] for r in history] == [row[:2] for row in rows]
            known = set(store.op(history[0].id).after)  # the fields the created report had then
            for op_id, _kind, digest in rows:
                assert state_digest(store.state_after(int(rid), op_id), known) == digest, op_id
        for info in store.list_reports():
            first = store.history(info.id, limit=100_000)[-1]
            while store.undo(info.id):
                pass
            assert as_then(store.load(info.id).to_dict(), first.after) == as_then(
                Report.from_dict(first.after).to_dict(), first.after)


def _v1_rows(path: Path) -> dict[int, tuple]:
    conn = sqlite3.connect(path)
    try:
        return {r[0]: r[1:] for r in conn.execute(
            "SELECT id, report_id, kind, piece, section_key, field, before, after FROM ops")}
    finally:
        conn.close()


def _loads(text):
    return None if text is None else json.loads(text)


def test_v1_log_becomes_compact_and_exact(tmp_path: Path) -> None:
    """Migration 0002 on the v1 fixture: what each full-copy row held is what the compact log gives
    back (history before/after, state_after), and only "create" and recycle-bin rows keep values."""
    fixture = FIXTURES / "schema-v1.db"
    old = _v1_rows(fixture)
    db = tmp_path / "selfeval.db"
    shutil.copyfile(fixture, db)
    with Store.open(db) as store:
        conn = store.db.conn
        for op_id, (rid, kind, piece, key, field, before, after) in old.items():
            record = store.op(op_id)
            then = (_loads(before), _loads(after))
            assert (as_then(record.before, then[0]), as_then(record.after, then[1])) == then, op_id
            if piece != "bin":
                state = store.state_after(rid, op_id).to_dict()
                assert as_then(get_piece(state, piece, key or field), then[1]) == then[1], op_id
            delta, new_before, new_after = conn.execute(
                "SELECT delta, before, after FROM ops WHERE id = ?", (op_id,)).fetchone()
            if kind == "create" or piece == "bin":
                assert (delta, new_before, new_after) == (None, before, after)
            elif kind in ("undo", "redo"):
                assert (delta, new_before, new_after) == (None, None, None)  # refers to its edit
            else:
                assert delta is not None and (new_before, new_after) == (None, None)
        for rid in {r[0] for r in old.values()}:
            with_data = [r for r in store.history(rid, limit=100_000, with_data=True) if r.kind != "upgrade"]
            then = [(_loads(old[r.id][5]), _loads(old[r.id][6])) for r in with_data]
            assert [(as_then(r.before, b), as_then(r.after, a)) for r, (b, a) in zip(with_data, then)] == then


def test_v1_rows_that_do_not_fit_the_log_keep_their_values(tmp_path: Path) -> None:
    """A damaged v1 log (a row whose after is not what the rows after it started from) migrates
    without losing anything: that row keeps its full values, the others become compact."""
    db = tmp_path / "selfeval.db"
    shutil.copyfile(FIXTURES / "schema-v1.db", db)
    conn = sqlite3.connect(db)
    op_id, before = conn.execute(
        "SELECT id, before FROM ops WHERE field = 'contact_person' AND kind = 'set_field'").fetchone()
    conn.execute("UPDATE ops SET after = ? WHERE id = ?", ('"王五"', op_id))
    conn.commit()
    conn.close()
    expected = json.loads((FIXTURES / "schema-v1.expected.json").read_text(encoding="utf-8"))
    with Store.open(db) as store:
        rid = store.op(op_id).report_id
        assert unlinked(store.load(rid)) == unlinked(Report.from_dict(expected["reports"][str(rid)]))
        row = store.db.conn.execute("SELECT delta, before, after FROM ops WHERE id = ?", (op_id,)).fetchone()
        assert row == (None, before, '"王五"')
        assert (store.op(op_id).before, store.op(op_id).after) == ("", "王五")
        compact = store.db.conn.execute(
            "SELECT COUNT(*) FROM ops WHERE kind = 'set_section' AND delta IS NOT NULL").fetchone()[0]
        assert compact == 3


def test_migration_adds_keyframes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("selfeval.store.schema.KEYFRAME_ROWS", 3)
    db = tmp_path / "selfeval.db"
    shutil.copyfile(FIXTURES / "schema-v1.db", db)
    with Store.open(db) as store:
        rows = store.db.conn.execute("SELECT id, report_id, snapshot FROM ops WHERE snapshot IS NOT NULL").fetchall()
        assert len(rows) >= 2
        # Compared with the states the log gives without them.
        store.db.conn.execute("UPDATE ops SET snapshot = NULL")
        for op_id, rid, snapshot in rows:
            assert Report.from_dict(json.loads(snapshot)) == store.state_after(rid, op_id)
