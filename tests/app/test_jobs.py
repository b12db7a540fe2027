"""The application layer's job object (``app.jobs``): what the CLI runs inline and the window on a thread."""

from __future__ import annotations

import errno
import threading

from selfeval.app.jobs import CANCELLED_TEXT, Job
from selfeval.domain.errors import UserError
from selfeval.export.convert import ConvertCancelled


def test_a_result_comes_back_with_the_progress_told_on_the_way():
    told = []
    job = Job(lambda control: (control.progress("第一步"), control.progress("第二步"), 42)[-1])
    job.control.on_progress(told.append)
    outcome = job.run()
    assert outcome.ok and outcome.result == 42 and told == ["第一步", "第二步"]


def test_a_user_error_and_an_os_error_end_as_one_chinese_message():
    def refuse(_control):
        raise UserError("文件已损坏。")

    def disk_full(_control):
        raise OSError(errno.ENOSPC, "No space left on device")

    refused = Job(refuse).run()
    assert not refused.ok and refused.message == "文件已损坏。" and not refused.cancelled
    full = Job(disk_full, failed_text="生成 PDF 时出错：{}").run()
    assert full.message.startswith("生成 PDF 时出错：") and "磁盘空间不足" in full.message


def test_cancel_from_another_thread_stops_the_work_between_steps():
    started, steps = threading.Event(), []

    def work(control):
        started.set()
        for step in range(1000):
            control.check()
            steps.append(step)
            control.wait(0.01)
        return "done"

    job = Job(work)
    runner = threading.Thread(target=lambda: steps.append(job.run()))
    runner.start()
    started.wait(5)
    job.cancel()
    runner.join(5)
    outcome = steps[-1]
    assert outcome.cancelled and outcome.message == CANCELLED_TEXT and len(steps) < 1000


def test_a_cancelled_conversion_is_a_cancel_not_a_failure():
    def convert(control):
        control.set()
        raise ConvertCancelled()

    outcome = Job(convert).run()
    assert outcome.cancelled and outcome.message == str(ConvertCancelled())


def test_work_that_finishes_after_a_cancel_counts_as_cancelled():
    job = Job(lambda control: (job.cancel(), "late")[1])
    outcome = job.run()
    assert outcome.cancelled and outcome.result is None
