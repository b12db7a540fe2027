"""Each section's and each 自评表 item's history as content hashes, rebuilt from a report's operation log."""

from __future__ import annotations

from selfeval.domain.merge import section_hash
from selfeval.domain.table import SelfEvalTable
from selfeval.domain.table_merge import item_histories
from selfeval.store.records import PIECE_FIELD, PIECE_REPORT, PIECE_SECTION

# Every row of the log: a report's history is read once per pack or unpack.
_ALL_ROWS = 2**31


def section_histories(store, report_id: int) -> dict[str, list[str]]:
    """Section key -> the hashes of the versions it had, oldest first, its current version last."""
    histories: dict[str, list[str]] = {}

    def add(section: dict | None) -> None:
        if section is None:
            return
        versions = histories.setdefault(section["key"], [])
        h = section_hash(section)
        if not versions or versions[-1] != h:
            versions.append(h)

    for record in reversed(store.history(report_id, limit=_ALL_ROWS, with_data=True)):
        if record.piece == PIECE_SECTION:
            add(record.before)
            add(record.after)
        elif record.piece == PIECE_REPORT:
            for state in (record.before, record.after):
                for section in (state or {}).get("sections", []):
                    add(section)
    for section in store.load(report_id).to_dict()["sections"]:
        add(section)
    return histories


def table_histories(store, report_id: int) -> dict[str, list[str]]:
    """自评表 item key -> the hashes of the values it had, oldest first, its current value last (a report's
    table changes by SetField rows of the field "table" and by whole-report rows)."""
    states: list[dict | None] = []
    for record in reversed(store.history(report_id, limit=_ALL_ROWS, with_data=True)):
        if record.piece == PIECE_FIELD and record.field == "table":
            states += [record.before, record.after]
        elif record.piece == PIECE_REPORT:
            states += [(state or {}).get("table") for state in (record.before, record.after) if state]
    tables = [SelfEvalTable.from_dict(s) for s in states]
    return item_histories([*tables, store.load(report_id).table])
