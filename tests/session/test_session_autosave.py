"""The autosaver without Qt: debounce, the one-second bound, failures retried with back-off."""

from __future__ import annotations

import pytest
from session_support import Timers
from selfeval.domain.errors import UserError
from selfeval.session.autosave import DEBOUNCE_MS, MAX_DELAY_MS, RETRY_MS, AutoSaver


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class FlakyApply:
    """Applies operations into a list; raises ``fail_with`` while it is set."""

    def __init__(self) -> None:
        self.applied: list = []
        self.fail_with: Exception | None = None

    def __call__(self, op):
        if self.fail_with is not None:
            raise self.fail_with
        self.applied.append(op)
        return op


@pytest.fixture
def parts():
    timers, clock, apply = Timers(), Clock(), FlakyApply()
    saver = AutoSaver(apply, timers, clock=clock)
    return saver, timers.timer, clock, apply


def test_a_burst_is_saved_once_after_a_pause_with_the_latest_value(parts):
    saver, timer, clock, apply = parts
    for n in range(3):
        saver.schedule("section:a", lambda n=n: f"value {n}")
        clock.now += 0.1
    assert timer.due_ms is not None and timer.due_ms <= DEBOUNCE_MS
    assert saver.pending and apply.applied == []
    timer.fire()
    assert apply.applied == ["value 2"]
    assert not saver.pending and saver.last_saved is not None


def test_continuous_typing_is_saved_within_the_bound(parts):
    saver, timer, clock, _apply = parts
    saver.schedule("section:a", lambda: "x")
    clock.now += MAX_DELAY_MS / 1000 - 0.05  # still typing, 0.9 s after the first change
    saver.schedule("section:a", lambda: "xy")
    assert timer.due_ms <= 50  # the deadline, not another full debounce


def test_a_failed_save_keeps_the_edit_and_retries_with_back_off(parts):
    saver, timer, clock, apply = parts
    failures: list[str] = []
    saver.failed.connect(failures.append)
    apply.fail_with = UserError("数据库正被其他程序占用，请稍后再试。")
    saver.schedule("section:a", lambda: "text")
    timer.fire()
    assert saver.pending and saver.failures == 1 and timer.due_ms == RETRY_MS[0]
    # Typing meanwhile keeps the back-off: the retry is not brought forward to a debounce.
    saver.schedule("section:a", lambda: "text, more")
    assert timer.due_ms == RETRY_MS[0]
    timer.fire()
    assert saver.failures == 2 and timer.due_ms == RETRY_MS[1]
    assert failures == ["数据库正被其他程序占用，请稍后再试。"]  # told once, not on every retry
    apply.fail_with = None
    timer.fire()
    assert apply.applied == ["text, more"]
    assert not saver.pending and saver.failures == 0 and saver.last_error is None and not timer.active


def test_back_off_stops_growing_at_the_last_step(parts):
    saver, timer, _clock, apply = parts
    apply.fail_with = OSError("disk full")
    saver.schedule("field:x", lambda: 1)
    for _ in range(len(RETRY_MS) + 3):
        timer.fire()
    assert timer.due_ms == RETRY_MS[-1]
    assert "磁盘" in saver.last_error


def test_an_unexpected_error_is_logged_once_and_retried(parts, monkeypatch):
    saver, timer, _clock, apply = parts
    logged: list = []
    monkeypatch.setattr("sys.excepthook", lambda *info: logged.append(info[0]))
    apply.fail_with = RuntimeError("bug")
    saver.schedule("field:x", lambda: 1)
    timer.fire()
    timer.fire()
    assert logged == [RuntimeError] and saver.pending and timer.active


def test_read_only_saves_nothing(parts):
    saver, timer, _clock, apply = parts
    saver.read_only = True
    saver.schedule("field:x", lambda: 1)
    assert not saver.pending and not timer.active
    assert saver.flush() and apply.applied == []


def test_discard_forgets_pending_and_failure(parts):
    saver, timer, _clock, apply = parts
    apply.fail_with = UserError("x")
    saver.schedule("field:x", lambda: 1)
    timer.fire()
    saver.discard()
    assert not saver.pending and saver.failures == 0 and saver.last_error is None and not timer.active


def test_the_timeline_of_a_burst_of_typing(parts):
    """The wait restarts on each edit but never reaches beyond MAX_DELAY_MS after the first unsaved one."""
    saver, timer, clock, apply = parts
    saver.schedule("section:a", lambda: "op1")
    assert timer.due_ms == DEBOUNCE_MS
    clock.now += 0.2
    saver.schedule("section:a", lambda: "op2")
    assert timer.due_ms == DEBOUNCE_MS  # 200 + 700 < 950: plain debounce
    clock.now += 0.6  # 800 ms after the first keystroke: 800 + 700 > 950, capped
    saver.schedule("section:a", lambda: "op3")
    assert timer.due_ms == MAX_DELAY_MS - 800
    clock.now += 0.5  # past the cap: save at once
    saver.schedule("section:a", lambda: "op4")
    assert timer.due_ms == 0
    assert MAX_DELAY_MS <= 1000
    timer.fire()
    assert apply.applied == ["op4"]  # the latest value of the key, once


def test_each_key_is_saved_once_in_order_and_timed(parts):
    saver, timer, _clock, apply = parts
    saver.schedule("section:a", lambda: "a1")
    saver.schedule("field:year", lambda: "y")
    saver.schedule("section:a", lambda: "a2")
    timer.fire()
    assert apply.applied == ["a2", "y"]
    assert not saver.pending and len(saver.timings_ms) == 2
