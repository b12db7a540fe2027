"""Helpers shared by the store tests (imported by name: tests/store is on sys.path under pytest)."""

from __future__ import annotations

import hashlib
from pathlib import Path


from selfeval.domain.model import Entry, Report
from selfeval.domain.table.model import SelfEvalTable
from selfeval.store import Store
from selfeval.bundled.templates import get_template


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_report(unit_short: str = "昌华街道", year: int = 2024) -> Report:
    report = get_template("liwan-street-2024").new_report(
        unit_name=f"广州市荔湾区人民政府{unit_short}办事处", unit_short=unit_short, year=year)
    report.section("goals").entries = [Entry(text="完成年度任务；"), Entry(text="保障民生支出。")]
    return report


def edited_section(store: Store, report_id: int, key: str, intro: str):
    section = store.load(report_id).section(key)
    section.intro = intro
    return section


def unlinked(report: Report) -> Report:
    """``report`` with an empty 自评表 and no figure quoting it: as a report made before the table existed
    reads once migration 0003 (figures into the table) is taken away."""
    out = report.copy()
    out.table = SelfEvalTable()
    for section in out.sections:
        section.figures = [f._replace(source="") for f in section.figures]
    return out


def states_amounts(data: dict) -> bool:
    """Whether a report (JSON form) states an amount in a figure: migration 0003 then moves it into the
    report's table, as one "upgrade" step of its log."""
    return any(f.get("value") not in (None, "") and f.get("kind") == "money"
               for s in data["sections"] for f in s.get("figures", []))
