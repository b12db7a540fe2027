"""The file is still the file (issue 18, scenario 3): the database deleted, moved or replaced under the window.

Before, the window went on saving into the unlinked file, said 「已保存」, closed without a word, and the next
start found no report. Now every save first checks that the path still names the open file (device and
inode, and that it still has a name); if not, nothing is saved there, the status bar never says 「已保存」,
everything stays in the window, and 「另存到…」 writes it all (from the still-open connection) to a new file,
which the window uses from then on.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import answers, env, running, sample_db  # noqa: F401 - fixtures
from reports_helpers import Child
from selfeval.store import Store
from selfeval.ui.views.file_gone import TITLE

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="an open file cannot be deleted on Windows")


def _type(window, text: str) -> None:
    section = window.session.report.section("measures").copy_with(intro=text)
    window.session.edit_section("measures", lambda: section)


def _intro_seen_by_another_program(db: Path) -> str:
    script = ("import sys\nfrom selfeval.store import Store\n"
              "with Store.open(sys.argv[1], read_only=True) as s:\n"
              "    sys.stdout.buffer.write(s.load(1).section('measures').intro.encode('utf-8'))\n")
    done = subprocess.run([sys.executable, "-c", script, str(db)], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")


def test_a_deleted_file_is_never_saved_as_saved_and_is_saved_elsewhere(qtbot, running, answers, env):
    window = running.window
    db = running.store.path
    _type(window, "删除之前输入并保存的文字")
    assert window.flush()
    os.unlink(db)  # a file manager deletes the database (its -wal and -shm stay, as they do)
    _type(window, "删除之后输入的文字")
    answers.choices.append(0)  # 另存到…
    target = env / "另存的数据库.db"
    answers.save_paths.append(target)
    assert not window.flush()
    assert not window.saved_label.text().startswith("已保存")
    assert "未保存" in window.saved_label.text()
    qtbot.waitUntil(lambda: not answers.choices and not answers.save_paths, timeout=5000)
    assert answers.asked[0][1] == TITLE and "已被删除" in answers.asked[0][2]
    assert [title for title, _ in answers.of("inform")] == ["已另存"]
    # Everything is in the new file, for any program, and the window goes on saving there.
    assert window.store.path == target
    assert _intro_seen_by_another_program(target) == "删除之后输入的文字"
    with Store.open(target, read_only=True) as copy:
        assert len(copy.history(1)) >= 2  # the history came along
    _type(window, "另存之后输入的文字")
    assert window.flush()
    assert window.saved_label.text().startswith("已保存")
    assert _intro_seen_by_another_program(target) == "另存之后输入的文字"


def test_a_renamed_file_is_noticed_without_typing_and_closing_asks(qtbot, running, answers, env):
    window = running.window
    db = running.store.path
    _type(window, "改名之前保存的文字")
    assert window.flush()
    os.rename(db, env / "被同步盘改名.db")
    answers.choices.append(1)  # 稍后
    qtbot.waitUntil(lambda: not answers.choices, timeout=10000)  # the window looks every few seconds
    assert answers.asked[0][1] == TITLE
    assert "未保存" in window.saved_label.text()
    # Closing: asked again where to save it (稍后), then whether to lose it (否): the window stays open.
    answers.choices.append(1)
    answers.yes_no.append(False)
    assert not window.close()
    assert not window._closed
    answers.choices.append(1)  # the fixture's close at the end: 稍后, then 是 (lose it)
    answers.yes_no.append(True)


def test_a_replaced_file_is_not_written(qtbot, running, answers, env):
    window = running.window
    db = running.store.path
    other = env / "别的文件.db"
    conn = sqlite3.connect(str(other))
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    os.replace(other, db)  # a sync client puts another version in its place
    _type(window, "替换之后输入的文字")
    answers.choices.append(1)  # 稍后
    assert not window.flush()
    qtbot.waitUntil(lambda: not answers.choices, timeout=5000)
    assert "替换" in answers.asked[0][2]
    conn = sqlite3.connect(str(db))
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["t"]  # untouched
    conn.close()
    answers.choices.append(1)  # the fixture's close at the end: 稍后, then 是 (lose it)
    answers.yes_no.append(True)


@pytest.mark.slow
def test_a_window_process_notices_its_file_deleted(env, sample_db):
    """A real window process, a real deletion from outside: the window says so at once, while idle."""
    db, report_id = sample_db
    child = Child("type-pause", db, report_id, "measures", env)
    try:
        child.wait_for("typed")
        os.unlink(db)
        asked = child.wait_for("dialog")
        assert asked["dialog"] == "ask_buttons" and asked["title"] == TITLE, child.seen
        assert "已被删除" in asked["text"]
    finally:
        child.kill()
