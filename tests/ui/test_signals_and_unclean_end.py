"""A real app process (started through ``run``, as the command starts it): SIGTERM and SIGINT save the
pending edit and close cleanly, printing nothing; after a kill, the next start says once that the
previous session ended unexpectedly, when it last saved, and that nothing before that was lost."""

from __future__ import annotations

import signal

import pytest

from app_driver import MARKER
from helpers import make_sample_db, read_section
from reports_helpers import WAIT_S, Child
from selfeval.ui.app.run_marker import UNCLEAN_TITLE

KEY = "goals"


def _saved_text(db, report_id) -> str:
    section = read_section(db, report_id, KEY)
    return section.intro + "".join(e.lead + e.text for e in section.entries)


def _end_with(child: Child, sig: int) -> int:
    """Sends ``sig`` and waits for the process to end; what it still printed goes to ``child.seen``."""
    child.proc.send_signal(sig)
    code = child.proc.wait(timeout=WAIT_S)
    child.proc.stdin.close()
    while (item := child.lines.get(timeout=WAIT_S)) is not None:
        child.seen.append(item)
    return code


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "reports.db"
    return path, make_sample_db(path)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_saves_the_pending_edit_and_closes_cleanly(tmp_path, db, sig):
    path, report_id = db
    child = Child("run-pending", path, report_id, KEY, tmp_path)
    typed = child.wait_for("typed")
    assert typed["pending"] is True
    assert MARKER not in _saved_text(path, report_id)  # not saved yet: only the close can save it
    code = _end_with(child, sig)
    err = child.stderr()
    assert code == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert {"exit": 0} in child.seen
    assert MARKER in _saved_text(path, report_id)
    assert not list((tmp_path / "log" / "running").glob("*.json"))  # a clean end


@pytest.mark.slow
def test_after_a_kill_the_next_start_says_so_once(tmp_path, db):
    path, report_id = db
    first = Child("run-saved", path, report_id, KEY, tmp_path)
    assert first.wait_for("saved")["ok"] is True
    first.kill()  # SIGKILL: no handler runs, as in a power cut
    assert MARKER in _saved_text(path, report_id)

    second = Child("run-idle", path, report_id, KEY, tmp_path)
    told = second.wait_for("dialog")
    assert told["title"] == UNCLEAN_TITLE
    from selfeval.store import Store

    with Store.open(path, read_only=True) as store:
        last = store.info(report_id).updated_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert last in told["text"] and "最后一秒" in told["text"]
    second.wait_for("ready")
    assert _end_with(second, signal.SIGTERM) == 0

    third = Child("run-idle", path, report_id, KEY, tmp_path)
    third.wait_for("ready")
    assert not [item for item in third.seen if "dialog" in item]  # said once, not again
    assert _end_with(third, signal.SIGTERM) == 0


@pytest.mark.slow
def test_a_clean_close_leaves_nothing_to_report(tmp_path, db):
    path, report_id = db
    first = Child("run-idle", path, report_id, KEY, tmp_path)
    ready = first.wait_for("ready")
    assert ready["icon"] is True  # set once the window has painted
    # garbage collection waits while the window is built (start-up), and is back once it has painted
    assert ready["paused_at_start"] is True and ready["collecting"] is True
    assert _end_with(first, signal.SIGTERM) == 0
    second = Child("run-idle", path, report_id, KEY, tmp_path)
    second.wait_for("ready")
    assert not [item for item in second.seen if "dialog" in item]
    assert _end_with(second, signal.SIGTERM) == 0
