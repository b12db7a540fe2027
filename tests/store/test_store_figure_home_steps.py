"""Linking a figure to the 自评表, keeping it apart, confirming it: each a step of its own in the log, never
merged with the typing before or after it (typing bursts are merged: Ctrl+Z undoes a burst)."""

from __future__ import annotations

from decimal import Decimal

from selfeval.domain.table import figure_homes
from selfeval.store import SetSection
from selfeval.bundled.samples import bundled_sample


def test_a_figure_home_change_is_one_step_between_typing(store, monkeypatch):
    monkeypatch.setattr(type(store), "coalesce_seconds", 60.0)  # every save here is within one burst
    rid = store.create(bundled_sample())
    section = store.load(rid).section("efficiency")
    typed = section.copy_with(intro="先打几个字")
    store.apply(SetSection(rid, typed))
    linked = figure_homes.linked(typed, "预算金额")
    store.apply(SetSection(rid, linked, step="管理效率分析：“预算金额”改为引用自评表"))
    more = linked.copy_with(intro="先打几个字，再打几个")
    store.apply(SetSection(rid, more))
    summaries = [r.summary for r in store.history(rid)[:3]]
    assert summaries == ["修改“管理效率分析”", "管理效率分析：“预算金额”改为引用自评表", "修改“管理效率分析”"]
    store.undo(rid)  # the typing after it
    assert store.load(rid).section("efficiency").figure("预算金额").source == "全年预算数"
    store.undo(rid)  # the link alone
    back = store.load(rid).section("efficiency")
    assert back.figure("预算金额").value == Decimal("7704.69") and back.intro == "先打几个字"


def test_typing_bursts_still_merge(store, monkeypatch):
    monkeypatch.setattr(type(store), "coalesce_seconds", 60.0)
    rid = store.create(bundled_sample())
    section = store.load(rid).section("efficiency")
    store.apply(SetSection(rid, section.copy_with(intro="一")))
    store.apply(SetSection(rid, section.copy_with(intro="一二")))
    assert len([r for r in store.history(rid) if r.summary == "修改“管理效率分析”"]) == 1
