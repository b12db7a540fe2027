"""The database schema, versioned by sqlite-utils migrations.

Schema version N means the first N migrations of ``STEPS`` are applied. Never edit or reorder
a released migration: add a new one below (and run ``tests/fixtures/make_fixture_dbs.py`` so that a
database of the new version is kept as a test fixture next to the older ones).

Migration functions run inside a transaction (``db.atomic()``): use ``db.execute`` statement by
statement, never ``executescript`` (it would commit half-way).
"""

from __future__ import annotations

from typing import Callable

MIGRATION_SET = "selfeval"
# (name, function) in order. sqlite-utils' ``Migrations`` is built from this only when a file needs
# migrating (see ``migrations()``), so that opening an up-to-date file does not import sqlite-utils
# (about 40 ms of the app's start).
STEPS: list[tuple[str, Callable]] = []
MIGRATION_NAMES: list[str] = []

# A log row keeps the whole report after it (column ``snapshot``, a keyframe) every this many rows
# (migration 0002 below; ``Store.keyframe_rows`` for new rows), so that rebuilding an earlier state never
# replays a long stretch of the log (``replay.py``).
KEYFRAME_ROWS = 500


def migration(name: str):
    """Register a migration (in order) and remember its name."""

    def register(fn):
        STEPS.append((name, fn))
        MIGRATION_NAMES.append(name)
        return fn

    return register


def migrations():
    """The sqlite-utils migration set with every step registered, in order."""
    from sqlite_utils.migrations import Migrations

    migration_set = Migrations(MIGRATION_SET)
    for name, fn in STEPS:
        migration_set(name=name)(fn)
    return migration_set


@migration("0001_reports_sections_ops")
def _v1(db) -> None:
    # One row per report; ``data`` is Report.to_dict() without "sections". The columns next to it
    # mirror what lists and look-ups need without parsing JSON.
    db.execute("""
        CREATE TABLE reports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            unit_name TEXT NOT NULL DEFAULT '',
            unit_short TEXT NOT NULL DEFAULT '',
            year INTEGER NOT NULL DEFAULT 0,
            template_id TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            data TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX reports_unit_year ON reports (unit_name, year)")
    # One row per section; ``data`` is Section.to_dict().
    db.execute("""
        CREATE TABLE sections (
            report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            position INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (report_id, key)
        )""")
    # The operation log: one row per change, in order. ``piece`` says what before/after (JSON) hold:
    # "report" (whole report), "field" (top-level field ``field``), "section" (``section_key``) or
    # "bin" (the recycle-bin mark). Edit rows carry the undo state (undone, dropped = redo branch
    # dropped by a later edit); undo/redo rows point at the edit they act on (target_op).
    # No foreign key to reports: the purge of a report leaves its own log row behind.
    # before/after come last: SQLite then reads the small columns without walking overflow pages.
    db.execute("""
        CREATE TABLE ops (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time TEXT NOT NULL,
            report_id INTEGER,
            kind TEXT NOT NULL,
            piece TEXT NOT NULL,
            section_key TEXT,
            field TEXT,
            summary TEXT NOT NULL,
            target_op INTEGER,
            undone INTEGER NOT NULL DEFAULT 0,
            dropped INTEGER NOT NULL DEFAULT 0,
            before TEXT,
            after TEXT
        )""")
    db.execute("CREATE INDEX ops_report ON ops (report_id, id)")
    db.execute("CREATE INDEX ops_report_undo ON ops (report_id, undone, dropped)")


@migration("0002_compact_op_log")
def _v2(db) -> None:
    # The log stores what changed, not the piece twice (see store/replay.py): edit rows get a
    # ``delta`` (store/delta.py) and lose before/after; undo/redo rows keep neither and refer to
    # the edit they act on (target_op); "create" rows keep the whole first report, "bin" rows
    # their dates. A row whose stored values do not fit the rows after it keeps them as they are.
    # ``snapshot``: every KEYFRAME_ROWS rows, the whole report after the row (a keyframe), so that
    # rebuilding an earlier state never replays a long stretch of the log.
    db.execute("ALTER TABLE ops ADD COLUMN delta TEXT")
    db.execute("ALTER TABLE ops ADD COLUMN snapshot TEXT")
    for (report_id,) in db.execute("SELECT id FROM reports ORDER BY id").fetchall():
        _compact_report_log(db.conn, report_id)


def _compact_report_log(conn, report_id: int) -> None:
    """Walk a report's log back from its current state, turning each row into the compact form
    where the state there is the row's ``after`` (as the old full-copy rows said it was)."""
    import json

    from selfeval.store.delta import diff, same
    from selfeval.store.replay import get_piece, set_piece

    def loads(text):
        return None if text is None else json.loads(text)

    head = json.loads(conn.execute("SELECT data FROM reports WHERE id = ?", (report_id,)).fetchone()[0])
    sections = [json.loads(r[0]) for r in conn.execute(
        "SELECT data FROM sections WHERE report_id = ? ORDER BY position", (report_id,))]
    state = {**head, "sections": sections}
    rows = conn.execute("SELECT id, kind, piece, section_key, field, target_op FROM ops "
                        "WHERE report_id = ? ORDER BY id DESC", (report_id,)).fetchall()
    for index, (op_id, kind, piece, section_key, field, target_op) in enumerate(rows):
        if kind == "create":
            break
        if index % KEYFRAME_ROWS == KEYFRAME_ROWS - 1:
            conn.execute("UPDATE ops SET snapshot = ? WHERE id = ?",
                         (json.dumps(state, ensure_ascii=False, separators=(",", ":")), op_id))
        if piece == "bin":
            continue
        before_text, after_text = conn.execute("SELECT before, after FROM ops WHERE id = ?", (op_id,)).fetchone()
        before, after = loads(before_text), loads(after_text)
        name = section_key or field
        if same(get_piece(state, piece, name), after):
            if kind in ("undo", "redo") and _repeats_target(conn, kind, target_op, before_text, after_text):
                conn.execute("UPDATE ops SET before = NULL, after = NULL WHERE id = ?", (op_id,))
            else:
                delta = json.dumps(diff(before, after), ensure_ascii=False, separators=(",", ":"))
                conn.execute("UPDATE ops SET delta = ?, before = NULL, after = NULL WHERE id = ?", (delta, op_id))
        state = set_piece(state, piece, name, before)


def _repeats_target(conn, kind: str, target_op: int | None, before: str | None, after: str | None) -> bool:
    """Whether an undo (redo) row's values are its target edit's after and before (before and after)."""
    import json

    from selfeval.store.delta import same

    target = conn.execute("SELECT before, after FROM ops WHERE id = ?", (target_op,)).fetchone()
    if target is None:
        return False
    t_before, t_after = target if kind == "redo" else target[::-1]
    if (before, after) == (t_before, t_after):
        return True
    return same([None if v is None else json.loads(v) for v in (before, after)],
                [None if v is None else json.loads(v) for v in (t_before, t_after)])


@migration("0003_figures_into_table")
def _v3(db) -> None:
    # Reports made before the 自评表 existed state their budget figures in a section (已用金额, 预算金额,
    # 执行率) and have an empty table: the figures move into the table's 年度资金总额 row and quote it
    # (domain/figures_into_table.py decides; it leaves a report alone rather than guess). The change is
    # one undoable step of the report's log (kind "upgrade", a whole-report delta like a restore's), so
    # undo takes it back whole, older steps undo and replay as before, and the history names it.
    for (report_id,) in db.execute("SELECT id FROM reports ORDER BY id").fetchall():
        _move_figures_into_table(db.conn, report_id)


def _move_figures_into_table(conn, report_id: int) -> None:
    import json

    from selfeval.domain.table.figures_into_table import figures_into_table
    from selfeval.domain.model import Report, figure_to_dict
    from selfeval.bundled.report_table import table_of
    from selfeval.store.delta import diff
    from selfeval.store.records import KIND_UPGRADE, PIECE_REPORT, now_text
    from selfeval.store.summaries import FIGURES_INTO_TABLE

    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    head = json.loads(conn.execute("SELECT data FROM reports WHERE id = ?", (report_id,)).fetchone()[0])
    sections = [json.loads(r[0]) for r in conn.execute(
        "SELECT data FROM sections WHERE report_id = ? ORDER BY position", (report_id,))]
    current = {**head, "sections": sections}
    try:
        report = Report.from_dict(current)
        table = report.table if not report.table.is_blank else table_of(report)
        migrated = figures_into_table(report, table).report
    except (ArithmeticError, KeyError, TypeError, ValueError):
        # A report the model cannot read (a damaged row) stays exactly as it is; the file still opens.
        return
    if migrated is None:
        return
    # The stored form changes only where the migration changed something (the table, figures).
    target = {**current, "table": migrated.to_dict()["table"], "sections": [
        {**stored, "figures": [figure_to_dict(f) for f in new.figures]}
        if new.figures != old.figures else stored
        for stored, old, new in zip(sections, report.sections, migrated.sections)]}
    # A new step ends the redo branch, as every edit does (undone steps are always the newest).
    conn.execute("UPDATE ops SET dropped = 1 WHERE report_id = ? AND undone = 1 AND dropped = 0", (report_id,))
    conn.execute("UPDATE reports SET data = ? WHERE id = ?",
                 (dumps({k: v for k, v in target.items() if k != "sections"}), report_id))
    for stored, section in zip(sections, target["sections"]):
        if section is not stored:
            conn.execute("UPDATE sections SET data = ? WHERE report_id = ? AND key = ?",
                         (dumps(section), report_id, section["key"]))
    conn.execute("INSERT INTO ops (time, report_id, kind, piece, summary, delta) VALUES (?, ?, ?, ?, ?, ?)",
                 (now_text(), report_id, KIND_UPGRADE, PIECE_REPORT, FIGURES_INTO_TABLE,
                  dumps(diff(current, target))))


SCHEMA_VERSION = len(MIGRATION_NAMES)
