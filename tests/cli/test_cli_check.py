"""``selfeval check``: one line per finding, --json, exit 1 while 错误 remain, last year's report of
the same unit compared, and the database never written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import assert_one_chinese_line, file_hash, run

from selfeval.domain.carry import next_year_report
from selfeval.bundled.samples import bundled_sample
from selfeval.store import Store


@pytest.fixture
def sample_db(tmp_path: Path, db: Path) -> Path:
    assert run(tmp_path, "--db", str(db), "sample").code == 0
    return db


def _add(db: Path, report) -> int:
    with Store.open(db) as store:
        return store.create(report)


def test_sample_lists_its_two_warnings_and_exits_0(tmp_path: Path, sample_db: Path) -> None:
    before = file_hash(sample_db)
    result = run(tmp_path, "--db", str(sample_db), "check", "1")
    assert result.code == 0, result.err
    lines = result.out.strip().splitlines()
    warnings = [line for line in lines if line.startswith("警告") and "  自评表 · " not in line]
    assert len(warnings) == 2
    assert "管理效率分析 · 数据“预算金额”" in warnings[0] and "单位不一致" in warnings[0]
    assert "管理效率分析 · 第4条 · 正文" in warnings[1] and "公开公开" in warnings[1]
    table_notes = [line for line in lines if "  自评表 · " in line]  # the sample's table is not complete
    assert table_notes and all(line.startswith("警告") for line in table_notes)
    assert any("分值合计为 0 分，应为 50 分" in line for line in table_notes)
    assert all(line.split()[0] in ("错误", "警告", "提示") for line in lines)
    assert f"错误 0 条，警告 {2 + len(table_notes)} 条" in result.err
    assert file_hash(sample_db) == before
    assert not Path(f"{sample_db}-wal").exists()


def test_json_output(tmp_path: Path, sample_db: Path) -> None:
    result = run(tmp_path, "--db", str(sample_db), "check", "1", "--json")
    assert result.code == 0, result.err
    items = json.loads(result.out)
    for item in items:
        assert {"rule", "severity", "section", "message", "excerpt"} <= item.keys()
        assert item["severity"] in ("错误", "警告", "提示")
    doubled = next(i for i in items if i["rule"] == "text.doubled_word")
    assert (doubled["section"], doubled["excerpt"], doubled["entry"], doubled["field"]) == (
        "efficiency", "公开公开", 3, "text")
    unit = next(i for i in items if i["rule"] == "figure.unit_mismatch")
    assert (unit["section"], unit["figure"], unit["excerpt"]) == ("efficiency", "预算金额", "7704.69元")


def test_errors_give_exit_code_1(tmp_path: Path, db: Path) -> None:
    report = bundled_sample()
    report.section("efficiency").entries[1].text += "结余金额为{结余金额}。"
    rid = _add(db, report)
    result = run(tmp_path, "--db", str(db), "check", str(rid))
    assert result.code == 1
    assert any(line.startswith("错误") and "{结余金额}" in line for line in result.out.splitlines())
    items = json.loads(run(tmp_path, "--db", str(db), "check", str(rid), "--json").out)
    assert [i["excerpt"] for i in items if i["severity"] == "错误"] == ["{结余金额}"]


def test_last_years_report_of_the_same_unit_is_compared(tmp_path: Path, db: Path) -> None:
    last = bundled_sample()
    last_id = _add(db, last)
    other = bundled_sample()
    other.unit_name, other.year = "另一个单位", 2024
    _add(db, other)
    rid = _add(db, next_year_report(last))
    result = run(tmp_path, "--db", str(db), "check", str(rid), "--json")
    assert result.code == 1, result.err  # the budget figures wait for this year's table: 待填
    items = json.loads(result.out)
    rules = [i["rule"] for i in items]
    pending = [i["excerpt"] for i in items if i["rule"] == "figure.empty_reference"]
    assert pending == ["{已用金额}", "{预算金额}", "{执行率}"]
    assert rules.count("year.stale") == 5
    assert "year.copied_sentence" in rules
    stale = next(i for i in items if i["rule"] == "year.stale")
    assert stale["fix"]["label"] == "将 5 处“2024年度”改为“2025年度”"
    plain = run(tmp_path, "--db", str(db), "check", str(rid))
    assert f"已与上年报告（编号 {last_id}）比对" in plain.err
    assert "与上年相同，请确认已更新" in plain.out
    # The 2024 report has no 2023 report to compare with.
    assert "year.copied_sentence" not in {i["rule"] for i in json.loads(
        run(tmp_path, "--db", str(db), "check", str(last_id), "--json").out)}


def test_report_id_from_the_report_option(tmp_path: Path, sample_db: Path) -> None:
    assert run(tmp_path, "--db", str(sample_db), "--report", "1", "check").code == 0


def test_unknown_report_and_missing_database(tmp_path: Path, sample_db: Path) -> None:
    before = file_hash(sample_db)
    line = assert_one_chinese_line(run(tmp_path, "--db", str(sample_db), "check", "99"))
    assert "找不到编号为 99 的报告" in line
    assert file_hash(sample_db) == before
    missing = tmp_path / "none.db"
    assert_one_chinese_line(run(tmp_path, "--db", str(missing), "check", "1"))
    assert not missing.exists()
    assert_one_chinese_line(run(tmp_path, "--db", str(sample_db), "check"))


def test_check_opens_the_database_read_only(monkeypatch, capsys, tmp_path: Path) -> None:
    from selfeval.cli import main as cli

    db = tmp_path / "x.db"
    _add(db, bundled_sample())
    opened = []
    real_open = Store.open.__func__

    def spy(cls, path=None, *, read_only=False, **kwargs):
        opened.append(read_only)
        return real_open(cls, path, read_only=read_only, **kwargs)

    monkeypatch.setattr(Store, "open", classmethod(spy))
    assert cli.main(["--db", str(db), "check", "1"]) == 0
    assert opened == [True]
    assert "公开公开" in capsys.readouterr().out


def _explain_all_warnings(db: Path, rid: int, *, dismiss_rule: str = "") -> None:
    from selfeval.app.check import check_report
    from selfeval.domain.checks import Severity, explain
    from selfeval.store import SetExplanation

    with Store.open(db) as store:
        for f in check_report(store.load(rid)).open_findings(Severity.WARNING):
            answer = explain(f, "已与财务科核实。", dismissed=f.rule == dismiss_rule)
            store.apply(SetExplanation(rid, f.key, answer))


def test_explained_warnings_are_listed_with_their_status_and_text(tmp_path: Path, sample_db: Path) -> None:
    _explain_all_warnings(sample_db, 1, dismiss_rule="figure.unit_mismatch")
    result = run(tmp_path, "--db", str(sample_db), "check", "1", "--json")
    assert result.code == 0, result.err
    items = {i["rule"]: i for i in json.loads(result.out)}
    assert items["text.doubled_word"]["status"] == "explained"
    assert items["text.doubled_word"]["explanation"] == {"text": "已与财务科核实。", "dismissed": False}
    assert items["figure.unit_mismatch"]["status"] == "dismissed"
    assert items["figure.unit_mismatch"]["explanation"]["dismissed"] is True
    assert all(i["explanation"] is None for i in items.values() if i["status"] == "open")
    plain = run(tmp_path, "--db", str(sample_db), "check", "1")
    warnings = [line for line in plain.out.splitlines() if line.startswith("警告") and "  自评表 · " not in line]
    assert [w.split()[0] for w in warnings] == ["警告（已忽略）", "警告（已说明）"]
    explained = len([line for line in plain.out.splitlines() if line.startswith("警告（")])
    assert "错误 0 条，警告 0 条" in plain.err and f"另有 {explained} 条已说明或已忽略" in plain.err


def test_explanations_do_not_change_the_exit_code_while_errors_remain(tmp_path: Path, db: Path) -> None:
    report = bundled_sample()
    report.section("efficiency").entries[1].text += "结余金额为{结余金额}。"
    rid = _add(db, report)
    _explain_all_warnings(db, rid)
    result = run(tmp_path, "--db", str(db), "check", str(rid), "--json")
    assert result.code == 1
    items = json.loads(result.out)
    assert [i["status"] for i in items if i["severity"] == "错误"] == ["open"]
    assert {i["status"] for i in items if i["severity"] == "警告"} == {"explained"}


def test_an_explanation_whose_finding_is_gone_is_mentioned(tmp_path: Path, sample_db: Path) -> None:
    from selfeval.store import SetSection

    _explain_all_warnings(sample_db, 1)
    with Store.open(sample_db) as store:
        section = store.load(1).section("efficiency")
        for entry in section.entries:
            entry.text = entry.text.replace("公开公开", "公开")
        store.apply(SetSection(1, section))
    plain = run(tmp_path, "--db", str(sample_db), "check", "1")
    assert plain.code == 0 and "1 条说明对应的问题已不存在（已失效）" in plain.err
