"""``Report.table`` is read from its JSON form on first use (``model._TableSlot``): the same table as an eager
read, an empty one when none was given, and nothing parsed until something asks."""

from __future__ import annotations

from decimal import Decimal

from selfeval.domain.model import Report
from selfeval.domain.table.model import SelfEvalTable
from selfeval.bundled.samples import bundled_sample


def test_a_loaded_report_keeps_its_table_json_until_read_and_then_gives_the_same_table():
    sample = bundled_sample()
    data = sample.to_dict()
    loaded = Report.from_dict(data)
    assert isinstance(loaded.__dict__["_table"], dict)  # not read yet
    assert loaded.table == SelfEvalTable.from_dict(data["table"])
    assert isinstance(loaded.__dict__["_table"], SelfEvalTable)  # read once, then kept
    assert loaded.table is loaded.table
    assert loaded.table.budget.total.amount("spent").value == Decimal("7663.69")


def test_a_report_without_a_table_has_an_empty_one_and_takes_a_new_one():
    report = Report()
    assert report.table == SelfEvalTable()
    other = bundled_sample().table
    report.table = other
    assert report.table is other
    assert Report.from_dict({**Report().to_dict(), "table": None}).table == SelfEvalTable()


def test_equality_and_copies_see_the_table_whether_read_or_not():
    sample = bundled_sample()
    unread = Report.from_dict(sample.to_dict())
    assert unread == sample  # compares the tables, reading the unread one
    changed = sample.copy()
    changed.table = SelfEvalTable()
    assert changed != sample
    assert Report.from_dict(sample.to_dict()).copy() == sample
