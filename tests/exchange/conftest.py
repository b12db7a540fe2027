from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from selfeval.store import Store
from selfeval.templates import get_template
from selfeval.domain.model import Entry, Report


@pytest.fixture(autouse=True)
def every_save_is_a_step(monkeypatch):
    """Each edit here is a step of its own, as edits minutes apart are."""
    monkeypatch.setattr(Store, "coalesce_seconds", 0)


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
