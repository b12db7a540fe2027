"""The model's written-out record classes (``model._Record``; not ``@dataclass``, to keep start-up short)
behave as the dataclasses they replace: every field in ``__init__`` in order, equality and repr over all
fields, ``copy_with`` as ``dataclasses.replace``; ``OpRecord`` is read-only."""

import datetime as dt
import inspect
from decimal import Decimal

import pytest

from selfeval.domain.figures import Figure, FigureKind
from selfeval.domain.layout import LayoutSettings
from selfeval.domain.model import Entry, Report, Section, SectionKind
from selfeval.bundled.samples import bundled_sample
from selfeval.store.records import OpRecord


@pytest.mark.parametrize("cls", [Entry, Section, Report])
def test_init_takes_every_field_in_order(cls):
    params = list(inspect.signature(cls.__init__).parameters)[1:]
    assert tuple(params) == cls.FIELDS


@pytest.mark.parametrize("cls", [Entry, Section, Report])
def test_every_field_counts_for_equality_and_repr(cls):
    base = cls("k", "标题", 2, SectionKind.ITEMS) if cls is Section else cls()
    shown = repr(base)
    for name in cls.FIELDS:
        assert f"{name}=" in shown
        if name == "table":
            continue  # a different table: see the report test below
        other = base.copy_with(**{name: _other_value(getattr(base, name))})
        assert other != base, name
    assert base.copy_with() == base and base.copy_with() is not base


def _other_value(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, list):
        return value + [Entry("另")]
    if isinstance(value, dict):
        return {**value, "x": "y"}
    if isinstance(value, SectionKind):
        return SectionKind.THEMES if value is not SectionKind.THEMES else SectionKind.ITEMS
    if isinstance(value, LayoutSettings):
        return value._replace(level2_bold=not value.level2_bold)
    if value is None:
        return dt.date(2025, 3, 1)
    raise AssertionError(f"no other value for {value!r}")


def test_defaults_are_not_shared():
    a, b = Section("a", "", 2, SectionKind.ITEMS), Section("b", "", 2, SectionKind.ITEMS)
    a.entries.append(Entry("一是"))
    a.prompts["lead"] = "例"
    assert b.entries == [] and b.prompts == {}
    r1, r2 = Report(), Report()
    r1.sections.append(a)
    r1.explanations["k"] = None
    assert r2.sections == [] and r2.explanations == {}


def test_mutable_records_are_unhashable_and_unequal_to_other_types():
    with pytest.raises(TypeError):
        hash(Entry())
    assert Entry("a", "b") != ("a", "b")
    assert Entry("a", "b") == Entry(lead="a", text="b")


def test_copy_with_refuses_unknown_fields():
    with pytest.raises(TypeError, match="no field 'colour'"):
        Entry().copy_with(colour="red")


def test_report_copy_keeps_an_unread_table_unread_and_equal():
    report = bundled_sample()
    stored = Report.from_dict(report.to_dict())
    assert isinstance(stored.__dict__["_table"], dict)  # read on first use
    copy = stored.copy_with(sections=list(stored.sections))
    assert isinstance(copy.__dict__["_table"], dict)
    assert copy == stored  # equality reads both tables
    assert copy.table == report.table


def test_figure_and_layout_are_immutable_values():
    fig = Figure("预算金额", FigureKind.MONEY, "万元", Decimal("7704.69"))
    with pytest.raises(AttributeError):
        fig.value = Decimal(1)
    assert fig._replace(value=Decimal(1)).value == Decimal(1) and fig.value == Decimal("7704.69")
    assert hash(fig) == hash(Figure("预算金额", FigureKind.MONEY, "万元", Decimal("7704.69")))
    layout = LayoutSettings()
    with pytest.raises(AttributeError):
        layout.level2_bold = True
    assert LayoutSettings.from_dict(layout._replace(level3_bold=True).to_dict()).level3_bold is True


def test_op_record_is_read_only_and_reads_its_data_once():
    calls = []

    def loader(op_id):
        calls.append(op_id)
        return {"a": 1}, {"a": 2}

    record = OpRecord(7, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), 1, None, "set_field", "改", loader=loader)
    with pytest.raises(AttributeError):
        record.summary = "别的"
    with pytest.raises(AttributeError):
        del record.kind
    assert not record.has_data
    first = record.before
    first["a"] = 99  # each access gives a copy of its own
    assert record.before == {"a": 1} and record.after == {"a": 2} and calls == [7]
    assert "id=7" in repr(record) and "loader" not in repr(record)
    assert record != OpRecord(7, record.time, 1, None, "set_field", "改", loader=loader)  # equal only to itself
