"""What another program writes while the window is open is seen, never overwritten (issue 18, scenario 2).

Another program (an older version's ``selfeval unpack``, a second user on a shared folder) merges a 科室's
exchange file into the database the window has open: 居民满意度 97.2 → 98.5 in the 自评表, a new text in a
section. Before, the window never showed it, and its next 自评表 edit wrote the whole table from its stale
copy (98.5 gone); its next save of that section wrote the section over the merged text. Now the window looks
at ``PRAGMA data_version`` before every save, on focus and every few seconds, loads what changed, keeps its own
unsaved edits on top, and says so in the status bar; the 自评表 is saved cell by cell.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from helpers import answers, env, running, sample_db  # noqa: F401 - fixtures
from selfeval.domain.table.model import Indicator, Nature
from selfeval.domain.table.rows import COLUMN_KEYS, tree_rows
from selfeval.bundled.report_table import table_of
from selfeval.store import SetField, Store
from selfeval.ui.window.report_tabs import TABLE_KEY

D = Decimal
SATISFACTION = "居民满意度"

# Another program's merge, as an older ``selfeval unpack`` does it (it knows nothing of the window): plan the
# exchange file against the database, apply the plan in one step.
MERGE = textwrap.dedent("""
    import sys
    from selfeval.exchange import plan_unpack, read_exchange
    from selfeval.store import Store
    with Store.open(sys.argv[1]) as store:
        plan = plan_unpack(store, read_exchange(sys.argv[2]))
        record = store.apply(plan.operation())
        print(record.summary)
""")


@pytest.fixture
def sample_db(env):  # noqa: F811 - the sample, with a 满意度 indicator of 97.2 in its 自评表
    from helpers import make_sample_db

    path = env / "reports.db"
    report_id = make_sample_db(path)
    with Store.open(path) as store:
        report = store.load(report_id)
        table = table_of(report)
        gi, ci = next((gi, ci) for gi, g in enumerate(table.groups) for ci, c in enumerate(g.categories)
                      if "满意度" in c.name)
        table = table.with_indicators(gi, ci, (Indicator(SATISFACTION, Nature.GE, D("95"), "%", actual=D("97.2"),
                                                         weight=D("10")),))
        store.apply(SetField(report_id, "table", table))
    return path, report_id


def _exchange_from_a_copy(db: Path, folder: Path, change) -> Path:
    """The 科室's exchange file: a copy of the database (made through SQLite), changed there by ``change``."""
    import sqlite3

    from selfeval.exchange import pack_report, write_exchange

    copy = folder / "科室.db"
    source, target = sqlite3.connect(str(db)), sqlite3.connect(str(copy))
    source.backup(target)
    target.close()
    source.close()
    with Store.open(copy) as there:
        change(there)
        return write_exchange(pack_report(there, 1, None), folder / "科室.selfeval")


def _another_program_merges(db: Path, exchange: Path) -> str:
    done = subprocess.run([sys.executable, "-c", MERGE, str(db), str(exchange)], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8").strip()


def _stored(db: Path):
    script = ("import sys, json\nfrom selfeval.store import Store\n"
              "with Store.open(sys.argv[1], read_only=True) as s:\n"
              "    print(json.dumps(s.load(1).to_dict(), ensure_ascii=False))\n")
    out = subprocess.run([sys.executable, "-c", script, str(db)], capture_output=True, check=True, timeout=120)
    from selfeval.domain.model import Report

    return Report.from_dict(json.loads(out.stdout.decode("utf-8")))


def _satisfaction(table) -> Indicator:
    return table.find_indicator(SATISFACTION)


def _set_satisfaction(store: Store) -> None:
    table = table_of(store.load(1))
    for gi, g in enumerate(table.groups):
        for ci, c in enumerate(g.categories):
            rows = tuple(replace(i, actual=D("98.5")) if i.name == SATISFACTION else i for i in c.indicators)
            table = table.with_indicators(gi, ci, rows)
    store.apply(SetField(1, "table", table))


def _grid_row(tab, name: str) -> int:
    for row, ref in enumerate(tree_rows(tab.table())):
        if ref.index is not None and tab.table().groups[ref.group].categories[ref.category].indicators[ref.index].name == name:
            return row
    raise AssertionError(name)


def test_a_table_edit_after_another_programs_merge_keeps_the_merged_cell(qtbot, running, env):
    window = running.window
    db = running.store.path
    window.tabs.select(TABLE_KEY)
    tab = window.tabs.table_tab
    file = _exchange_from_a_copy(db, env, _set_satisfaction)
    assert "自评表" in _another_program_merges(db, file)
    # The clerk, who has not looked away, now types another cell of the table (the first row's 年度指标值).
    col = COLUMN_KEYS.index("target")
    tab.grid.setCurrentCell(0, col)
    tab.grid.item(0, col).setText("9300")
    qtbot.waitUntil(lambda: not window.session.pending, timeout=5000)
    table = _stored(db).table
    assert _satisfaction(table).actual == D("98.5")  # the merged cell is still there
    assert table.groups[0].categories[0].indicators[0].target == D("9300")  # and the clerk's cell with it
    # The window shows the merged value too, and said why.
    row = _grid_row(tab, SATISFACTION)
    assert tab.grid.item(row, COLUMN_KEYS.index("actual")).text().startswith("98.5")
    assert "另一个程序修改了本报告" in window.statusBar().currentMessage()
    # The history names the cell: the window's step, then the merge before it.
    summaries = [r.summary for r in running.store.history(1, limit=2)]
    assert summaries[0].startswith("修改自评表：完成固定资产 年度指标值")


def test_the_window_shows_a_merged_section_and_types_on_top_of_it(qtbot, running, env):
    window = running.window
    db = running.store.path
    window.tabs.select("problems")
    editor = window.tabs.editor("problems")

    def change(there: Store) -> None:
        from selfeval.store import SetSection

        there.apply(SetSection(1, there.load(1).section("problems").copy_with(intro="科室写的存在问题")))

    _another_program_merges(db, _exchange_from_a_copy(db, env, change))
    # Within a few seconds, with nothing typed, the window shows what the other program wrote.
    qtbot.waitUntil(lambda: editor.section().intro == "科室写的存在问题", timeout=10000)
    assert window.statusBar().currentMessage().startswith("另一个程序修改了本报告（“")
    # The clerk's next edit of that section is made on top of it.
    edited = editor.section().copy_with(intro="科室写的存在问题；本机补充")
    window.session.edit_section("problems", lambda: edited)
    assert window.flush()
    assert _stored(db).section("problems").intro == "科室写的存在问题；本机补充"


def test_pending_typing_survives_another_programs_change_of_another_section(qtbot, running, env):
    window = running.window
    db = running.store.path
    mine = window.session.report.section("measures").copy_with(intro="本机正在输入的措施")
    window.session.edit_section("measures", lambda: mine)  # pending, not saved yet

    def change(there: Store) -> None:
        from selfeval.store import SetSection

        there.apply(SetSection(1, there.load(1).section("problems").copy_with(intro="科室写的存在问题")))

    _another_program_merges(db, _exchange_from_a_copy(db, env, change))
    assert window.flush()
    stored = _stored(db)
    assert stored.section("measures").intro == "本机正在输入的措施"
    assert stored.section("problems").intro == "科室写的存在问题"
    assert window.tabs.editor("problems").section().intro == "科室写的存在问题"
    assert "已保留" in window.statusBar().currentMessage()


def test_a_section_changed_here_and_there_is_merged_field_by_field(qtbot, running, env):
    """The window has unsaved typing in 「改进措施」's intro; the other program changed that section's first
    item. Both survive: the other program's item, the window's intro."""
    window = running.window
    db = running.store.path
    window.tabs.select("measures")
    editor = window.tabs.editor("measures")
    mine = editor.section().copy_with(intro="本机正在输入的导语")
    window.session.edit_section("measures", lambda: mine)  # pending

    def change(there: Store) -> None:
        from selfeval.domain.model import Entry
        from selfeval.store import SetSection

        section = there.load(1).section("measures")
        entries = list(section.entries)
        entries[0] = Entry(entries[0].lead, "科室改写的第一条措施")
        there.apply(SetSection(1, section.copy_with(entries=entries)))

    _another_program_merges(db, _exchange_from_a_copy(db, env, change))
    assert window.flush()
    stored = _stored(db).section("measures")
    assert stored.intro == "本机正在输入的导语"
    assert stored.entries[0].text == "科室改写的第一条措施"
    assert editor.section().entries[0].text == "科室改写的第一条措施"  # the window shows the merge
    assert "两边都改过：已合并" in window.statusBar().currentMessage()


def test_a_replace_all_never_writes_back_text_another_program_changed(qtbot, running, env, answers):
    """全部替换 carries the report's whole text: it starts from the report as stored, another program's change
    included (before, it started from the window's copy and wrote the older text back)."""
    from selfeval.ui.views.find_replace_dialog import replace_in_report

    window = running.window
    db = running.store.path

    def change(there: Store) -> None:
        from selfeval.store import SetSection

        there.apply(SetSection(1, there.load(1).section("problems").copy_with(intro="科室写的存在问题")))

    _another_program_merges(db, _exchange_from_a_copy(db, env, change))
    assert replace_in_report(window.session, "昌华街道", "昌华街") is not None
    stored = _stored(db)
    assert stored.section("problems").intro == "科室写的存在问题"
