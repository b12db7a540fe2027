"""The 汇总 workspace: loading a folder of mixed submissions, the import report, replacing, and the overview and
batch 审核 agreeing with each unit's report checked alone."""

import json
import sqlite3
from decimal import Decimal

import pytest

from selfeval.app.summary import Workspace
from selfeval.app.summary.workspace import check_report
from selfeval.domain.summary.overview import DISAGREE, UNFINISHED, filtered, sorted_rows, totals
from selfeval.domain.table.scoring import score_table
from selfeval.exchange.file_format import read_exchange
from selfeval.app.summary.reading import read_submission
from selfeval.store.errors import StoreError
from summary_submissions import exchange_bytes, units


@pytest.fixture
def loaded(tmp_path, submissions):
    folder, written = submissions
    ws = Workspace.new(tmp_path / "ws.db")
    plan = ws.plan_add([folder])
    ws.apply(plan, replace=False)
    yield ws, plan, written
    ws.close()


def test_folder_loads_with_one_line_per_bad_file(loaded):
    ws, plan, written = loaded
    assert len(plan.new) == len(written["units"]) == 36
    rejected = {r.name: r.reason for r in plan.rejected}
    assert set(rejected) == set(written["bad"])
    assert "不是本程序的交换文件" in rejected["bad-01-foreign.txt"]
    assert "损坏" in rejected["bad-02-damaged.selfeval"]
    assert "更新版本" in rejected["bad-03-newer.selfeval"]
    assert "不是自评说明" in rejected["bad-04-not_a_report.docx"]
    lines = plan.lines(replace=False)
    assert sum(1 for line in lines if line.startswith("未导入")) == 4
    assert ws.db.count() == 36


def test_overview_agrees_with_each_report_alone(loaded, submissions):
    ws, _, written = loaded
    folder, _ = submissions
    rows = {r.unit: r for r in ws.rows()}
    for name, made in written["units"].items():
        path = folder / name
        report = read_exchange(path).report if name.endswith(".selfeval") else read_submission(path).report
        row = rows[report.unit_name]
        alone = check_report(report)
        count = lambda sev: sum(1 for f in alone if f["severity"] == sev and f["status"] == "open")
        assert (row.errors, row.warnings, row.hints) == (count("错误"), count("警告"), count("提示"))
        total = report.table.budget.total
        assert (row.budget, row.spent, row.rate) == (total.budget, total.spent, total.rate)
        if name in written["docx_with_table"]:  # the 自评表 read from the Word tables: the unit's own table
            assert report.table == made.report.table and report.unit_name == made.report.unit_name
        if "unfinished" in made.slips or (name.endswith(".docx") and name not in written["docx_with_table"]):
            assert row.score is None and row.grade == UNFINISHED
        else:
            assert row.score == score_table(report.table).total == score_table(made.report.table).total
        if "disagree" in made.slips:
            assert row.agreement.status == DISAGREE
    t = ws.totals()
    assert t.units == len(rows)
    assert t.budget == sum(r.budget for r in rows.values() if r.budget is not None)
    cross = ws.cross_findings()
    assert t.errors == sum(r.errors for r in rows.values()) + sum(1 for c in cross if c.severity == "错误")
    for r in rows.values():
        assert r.cross_warnings == sum(1 for c in cross if c.unit_id == r.id and c.severity == "警告")
    spent = sum(r.spent for r in rows.values() if r.budget)
    assert t.rate == spent / t.budget * 100


def test_batch_check_has_every_unit_finding_and_the_cross_unit_ones(loaded):
    ws, _, written = loaded
    findings = ws.findings()
    own = [f for f in findings if not f.cross]
    for s in ws.submissions:
        assert len([f for f in own if f.unit_id == s.id]) == len(check_report(ws.report(s.id)))
    cross = [f for f in findings if f.cross]
    slipped = {m.report.unit_name: m.slips for m in written["units"].values()}
    years = {f.unit for f in cross if f.rule == "summary.year"}
    assert years == {u for u, s in slipped.items() if "year" in s}
    copied = {f.unit for f in cross if f.rule == "summary.copied_sentence"}
    template = {u for u, s in slipped.items() if "template" in s}
    # a template sentence left in by one unit alone is no copy; by two or more, each of them is flagged
    assert template <= copied if len(template) > 1 else not template & copied
    far = {f.unit for f in cross if f.rule == "summary.far_from_department"}
    assert {u for u, s in slipped.items() if "yuan" in s} <= far


def test_filters_and_sort(loaded):
    ws, _, _ = loaded
    rows = ws.rows()
    low = filtered(rows, "low-rate")
    assert low and all(r.rate < 90 for r in low)
    assert all(r.grade not in ("优", "良") for r in filtered(rows, "below-good"))
    by_rate = [r.rate for r in sorted_rows(rows, "执行率") if r.rate is not None]
    assert by_rate == sorted(by_rate)
    assert totals(low).units == len(low)


def test_same_unit_again_lists_changes_and_replaces_only_when_asked(loaded, tmp_path):
    ws, _, written = loaded
    made = next(m for m in written["units"].values() if not m.slips)
    report = made.report.copy()
    rows = tuple(r.__class__(r.key, r.initial, r.budget, r.spent - Decimal(100) if r.spent else r.spent)
                 for r in report.table.budget.rows)
    report.table = report.table.__class__(**{**report.table.__dict__, "budget": report.table.budget.__class__(
        rows, report.table.budget.weight, report.table.budget.override)})
    import datetime as dt
    again = tmp_path / "again.selfeval"
    again.write_bytes(exchange_bytes(report, dt.datetime(2025, 4, 1, tzinfo=dt.timezone.utc)))
    before = ws.db.find(report.unit_name, report.year)
    plan = ws.plan_add([again])
    assert len(plan.replacements) == 1 and not plan.new
    changes = plan.replacements[0].changes
    assert any(c.startswith("全年执行数") for c in changes)
    assert ws.apply(plan, replace=False) == 0
    assert ws.db.find(report.unit_name, report.year).source_sha256 == before.source_sha256
    assert ws.apply(plan, replace=True) == 1
    after = ws.db.find(report.unit_name, report.year)
    assert after.source_name == "again.selfeval" and ws.db.count() == 36
    assert ws.plan_add([again]).unchanged  # the same file a third time: nothing to do


def test_bad_files_leave_the_workspace_unchanged(tmp_path, submissions):
    folder, written = submissions
    ws = Workspace.new(tmp_path / "ws.db")
    bad = [folder / n for n in written["bad"]]
    plan = ws.plan_add(bad)
    assert ws.apply(plan, replace=False) == 0
    assert ws.db.count() == 0
    ws.close()


def test_workspace_file_is_refused_when_foreign_or_newer(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="不是汇总文件"):
        Workspace.open(other)
    text = tmp_path / "a.db"
    text.write_text("hello")
    with pytest.raises(StoreError, match="不是汇总文件"):
        Workspace.open(text)
    ws = Workspace.new(tmp_path / "ws.db")
    ws.close()
    conn = sqlite3.connect(tmp_path / "ws.db")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="更新版本"):
        Workspace.open(tmp_path / "ws.db")
    with pytest.raises(StoreError, match="已存在"):
        Workspace.new(tmp_path / "ws.db")


def test_findings_cached_in_the_file(tmp_path):
    report = units(1)[0].report
    import datetime as dt
    (tmp_path / "a.selfeval").write_bytes(exchange_bytes(report, dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc)))
    ws = Workspace.new(tmp_path / "ws.db")
    ws.apply(ws.plan_add([tmp_path]), replace=False)
    ws.close()
    again = Workspace.open(tmp_path / "ws.db")
    assert again.ensure_checked() == 0  # read from the file
    assert json.loads(again.submissions[0].findings_json) == check_report(report)
    again.close()


def test_department_option_fills_in_only_what_the_table_lacks(tmp_path):
    import datetime as dt

    made = units(2)
    made[1].report.table = made[1].report.table.__class__(**{**made[1].report.table.__dict__, "supervisor": ""})
    for i, m in enumerate(made):
        (tmp_path / f"{i}.selfeval").write_bytes(exchange_bytes(m.report, dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc)))
    ws = Workspace.new(tmp_path / "ws.db")
    plan = ws.plan_add([tmp_path / "0.selfeval", tmp_path / "1.selfeval"], department="区财政局")
    assert [i.submission.department for i in plan.new] == [made[0].department, "区财政局"]
    ws.close()
