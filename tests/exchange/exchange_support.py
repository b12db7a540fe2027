"""Helpers of the exchange tests (a module of its own: ``conftest`` names clash across test folders)."""

from __future__ import annotations

from selfeval.domain.model import Entry, Report
from selfeval.store import Store
from selfeval.bundled.templates import get_template


def make_report(unit_short: str = "昌华街道", year: int = 2024) -> Report:
    report = get_template("liwan-street-2024").new_report(
        unit_name=f"广州市荔湾区人民政府{unit_short}办事处", unit_short=unit_short, year=year)
    report.section("goals").entries = [Entry(text="完成年度任务；"), Entry(text="保障民生支出。")]
    return report


def edit(store: Store, report_id: int, key: str, intro: str) -> None:
    from selfeval.store.operations import SetSection

    section = store.load(report_id).section(key)
    section.intro = intro
    store.apply(SetSection(report_id, section))
