"""The preview's background drawing hands the GIL over to the GUI thread every few milliseconds
(ui/views/pdf_job.let_the_window_run): without it, a thread making QPainter calls kept the window from
running any Python slot until the drawing ended (bench: tests/bench/bench_preview.py, 近似预览)."""

from __future__ import annotations

import threading

import pytest

from selfeval.ui.views import approx_pages, pdf_job


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def hand_over(monkeypatch) -> tuple[Clock, list]:
    """A clock the test moves, the sleeps asked for, and no thread's time kept from before."""
    clock, sleeps = Clock(), []
    monkeypatch.setattr(pdf_job.time, "perf_counter", clock)
    monkeypatch.setattr(pdf_job.time, "sleep", sleeps.append)
    monkeypatch.setattr(pdf_job, "_hand_over", threading.local())
    return clock, sleeps


def test_the_gil_is_let_go_once_per_interval(hand_over):
    clock, sleeps = hand_over
    pdf_job.let_the_window_run()
    assert sleeps == [0]  # a thread's first call hands over
    for _ in range(50):  # calls within the interval do not
        clock.now += pdf_job.HAND_OVER_EVERY_S / 100
        pdf_job.let_the_window_run()
    assert sleeps == [0]
    clock.now += pdf_job.HAND_OVER_EVERY_S
    pdf_job.let_the_window_run()
    assert sleeps == [0, 0]


def test_each_thread_keeps_its_own_time(hand_over):
    _clock, sleeps = hand_over
    pdf_job.let_the_window_run()
    worker = threading.Thread(target=pdf_job.let_the_window_run)
    worker.start()
    worker.join()
    assert sleeps == [0, 0]


def test_the_approximate_pages_hand_over_while_they_are_drawn(qtbot, monkeypatch):
    from selfeval.bundled.samples import bundled_sample

    calls = []
    monkeypatch.setattr(approx_pages, "let_the_window_run", lambda: calls.append(1))
    report = bundled_sample()
    images = approx_pages.approx_page_images(report, 72)
    lines = sum(len(page) for page in approx_pages.sheets(report))
    assert len(images) >= 6 and len(calls) == lines  # once a line
