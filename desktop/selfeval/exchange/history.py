"""Each section's and each 自评表 item's history as content hashes, rebuilt from a report's operation log."""

from __future__ import annotations

from dataclasses import dataclass

from selfeval.domain.merge import section_hash
from selfeval.domain.table.model import SelfEvalTable
from selfeval.domain.table.merge import item_histories
from selfeval.store.records import PIECE_FIELD, PIECE_REPORT, PIECE_SECTION

# Every row of the log: a report's history is read once per pack or unpack.
_ALL_ROWS = 2**31


@dataclass(frozen=True)
class Histories:
    sections: dict[str, list[str]]  # section key -> hashes of its versions, oldest first, current last
    table: dict[str, list[str]]  # 自评表 item key -> hashes of its values (table_merge.item_histories)


def report_histories(store, report_id: int) -> Histories:
    """Both histories from one walk of the log: sections change by section rows and whole-report rows, the
    table by SetField rows of the field "table" and by whole-report rows."""
    sections: dict[str, list[str]] = {}
    tables: list[dict | None] = []

    def add(section: dict | None) -> None:
        if section is None:
            return
        versions = sections.setdefault(section["key"], [])
        h = section_hash(section)
        if not versions or versions[-1] != h:
            versions.append(h)

    for record in reversed(store.history(report_id, limit=_ALL_ROWS, with_data=True)):
        if record.piece == PIECE_SECTION:
            add(record.before)
            add(record.after)
        elif record.piece == PIECE_FIELD and record.field == "table":
            tables += [record.before, record.after]
        elif record.piece == PIECE_REPORT:
            for state in (record.before, record.after):
                for section in (state or {}).get("sections", []):
                    add(section)
                if state:
                    tables.append(state.get("table"))
    current = store.load(report_id)
    for section in current.to_dict()["sections"]:
        add(section)
    table = item_histories([*(SelfEvalTable.from_dict(t) for t in tables), current.table])
    return Histories(sections, table)

