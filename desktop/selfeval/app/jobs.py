"""One background-job object for every long workflow (导出 PDF, 打印预览's conversion, …), Qt-free.

A :class:`Job` wraps ``work(control)``; ``control`` is the job's :class:`JobControl`: a ``threading.Event``
that is set when the user cancels (pass it as is to ``export.convert.docx_to_pdf(cancel=…)``) and the channel
for progress (``control.progress("…")``). ``Job.run()`` runs the work in the calling thread and returns an
:class:`Outcome`: the result, or one Chinese message (and whether it was cancelled); a ``UserError`` or an
``OSError`` never escapes. The CLI calls ``run()`` inline; the window runs the same job on a thread
(``ui/widgets/job_thread.JobThread``) and shows progress and 取消 — the pattern of Anki's ``CollectionOp``/
``QueryOp`` and Vorta's jobs: the op knows nothing of the widget that shows it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from selfeval.domain.errors import UserError, os_error_reason

T = TypeVar("T")
FAILED_TEXT = "处理时出错：{}"
CANCELLED_TEXT = "已取消。"


class JobCancelled(UserError):
    """Raised by ``control.check()`` once the user has cancelled."""

    def __init__(self, message: str = CANCELLED_TEXT) -> None:
        super().__init__(message)


class JobControl(threading.Event):
    """The job's cancel flag (set: cancelled) and its progress channel."""

    def __init__(self) -> None:
        super().__init__()
        self._listeners: list[Callable[[str], None]] = []

    def on_progress(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def progress(self, text: str) -> None:
        """Tells whoever shows the job what it does now (called in the job's thread)."""
        for listener in self._listeners:
            listener(text)

    def check(self) -> None:
        """Raises :class:`JobCancelled` once cancelled: the work's loops call this between steps."""
        if self.is_set():
            raise JobCancelled()


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """A job's end: ``result`` when it succeeded, else ``message`` (and ``cancelled`` when the user asked)."""

    result: T | None = None
    message: str | None = None
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.message is None


class Job(Generic[T]):
    """``work(control)`` run once by :meth:`run`, in whatever thread calls it; ``cancel()`` from any thread."""

    def __init__(self, work: Callable[[JobControl], T], *, failed_text: str = FAILED_TEXT) -> None:
        self._work = work
        self._failed_text = failed_text
        self.control = JobControl()

    def cancel(self) -> None:
        self.control.set()

    @property
    def cancelled(self) -> bool:
        return self.control.is_set()

    def run(self) -> Outcome[T]:
        cancelled_errors: tuple[type[BaseException], ...] = (JobCancelled,)
        try:
            from selfeval.export.convert import ConvertCancelled

            cancelled_errors += (ConvertCancelled,)
        except ImportError:  # pragma: no cover - export is part of every installation
            pass
        try:
            result = self._work(self.control)
        except cancelled_errors as exc:
            return Outcome(message=str(exc), cancelled=True)
        except UserError as exc:
            return Outcome(message=str(exc), cancelled=self.cancelled)
        except OSError as exc:
            return Outcome(message=self._failed_text.format(os_error_reason(exc)), cancelled=self.cancelled)
        if self.cancelled:
            return Outcome(message=CANCELLED_TEXT, cancelled=True)
        return Outcome(result=result)
