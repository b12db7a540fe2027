"""What every exported .docx carries, invisibly, so that it can be merged back into its report: the
report's id in the database it came from, an identity that survives copies of that database, and the
version it was exported from (the SHA-256 of the report's JSON form at export time).

The identity is made from the report's creation (its id and the time of its ``create`` log row): a copy
of the database file (a backup, a restore, a colleague's copy) keeps both, while a report made anew
(another unit's, a duplicate, last year's carried over) has another. No migration is needed: the data
was always there. The version is found again in the report's history as the step whose state has that
hash (``app.merge_back``), so the base of the three-way merge is exactly the text that was exported.

The properties are written as custom document properties (``docProps/custom.xml``), which Word, WPS and
LibreOffice keep when they save.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

PREFIX = "selfeval."
REPORT_ID = PREFIX + "report_id"
REPORT_UID = PREFIX + "report_uid"
VERSION = PREFIX + "version"
OP_ID = PREFIX + "op_id"  # the newest step of the report's history at export time (where to look first)
PART = PREFIX + "part"  # what the file holds: TEXT, TABLE or BOTH (``domain.export_plan.Part`` values)
TEXT, TABLE, BOTH = "text", "table", "both"


def report_uid(report_id: int, created_at: dt.datetime) -> str:
    """The identity of the report ``report_id`` created at ``created_at`` (32 hex digits)."""
    stamp = created_at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")
    return hashlib.sha256(f"selfeval-report|{report_id}|{stamp}".encode()).hexdigest()[:32]


def report_version(report_dict: dict) -> str:
    """The version of a report: the SHA-256 of its JSON form (``Report.to_dict()``), key order aside."""
    text = json.dumps(report_dict, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ExportStamp:
    report_id: int
    report_uid: str
    version: str
    op_id: int = 0  # 0: not known

    @classmethod
    def of(cls, report_id: int, created_at: dt.datetime, report, op_id: int = 0) -> "ExportStamp":
        return cls(report_id, report_uid(report_id, created_at), report_version(report.to_dict()), op_id)

    def properties(self) -> dict[str, str]:
        props = {REPORT_ID: str(self.report_id), REPORT_UID: self.report_uid, VERSION: self.version}
        if self.op_id:
            props[OP_ID] = str(self.op_id)
        return props

    @classmethod
    def from_properties(cls, props: dict[str, str]) -> "ExportStamp | None":
        """The stamp in a document's custom properties; None when it has none (or a damaged one)."""
        try:
            op_id = int(props.get(OP_ID) or 0)
        except ValueError:
            op_id = 0
        try:
            return cls(int(props[REPORT_ID]), props[REPORT_UID].strip(), props[VERSION].strip(), op_id)
        except (KeyError, ValueError):
            return None
