"""The window's runner for an application job (``selfeval.app.jobs.Job``): the job's work on a QThread, its
end as signals in the thread that started it, and a modal progress dialog with 取消 for the workflows that
wait for it (导出 PDF). The job itself knows nothing of Qt; the CLI runs the same job inline."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from selfeval.app.jobs import Job, Outcome


class JobThread(QThread):
    """Runs ``job`` (or ``work(control)`` wrapped in one) in its own thread; ``succeeded(result)`` or
    ``failed(message, cancelled)`` arrive in the thread that started it, ``progressed(text)`` meanwhile."""

    succeeded = Signal(object)
    failed = Signal(str, bool)
    progressed = Signal(str)

    def __init__(self, job: Job | Callable, parent=None) -> None:
        super().__init__(parent)
        self.job = job if isinstance(job, Job) else Job(job)
        self.job.control.on_progress(self.progressed.emit)
        self.outcome: Outcome | None = None

    def cancel(self) -> None:
        self.job.cancel()

    @property
    def cancelled(self) -> bool:
        return self.job.cancelled

    def run(self) -> None:  # the job's thread
        self.outcome = outcome = self.job.run()
        if outcome.ok:
            self.succeeded.emit(outcome.result)
        else:
            self.failed.emit(outcome.message, outcome.cancelled)


def run_with_progress(parent: QWidget | None, job: Job | Callable, title: str, label: str, *,
                      delay_ms: int = 0) -> Outcome:
    """Runs ``job`` on a thread while a modal progress dialog with 取消 shows (the event loop keeps running);
    returns its outcome. ``delay_ms``: the dialog shows only once the job has taken that long (reading a
    .docx to import never shows it)."""
    progress = QProgressDialog(label, "取消", 0, 0, parent)
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    thread = JobThread(job)
    loop = QEventLoop()
    thread.finished.connect(loop.quit)
    thread.progressed.connect(progress.setLabelText)
    progress.canceled.connect(thread.cancel)
    progress.canceled.connect(lambda: progress.setLabelText("正在取消…"))
    watch = QTimer(progress)  # a dialog cancelled otherwise than by its button (``cancel()``, Esc) stops the job too
    watch.timeout.connect(lambda: progress.wasCanceled() and not thread.cancelled and thread.cancel())
    late = QTimer(progress)  # shows the dialog once the job has taken ``delay_ms``
    late.setSingleShot(True)
    late.timeout.connect(lambda: thread.isFinished() or progress.show())
    thread.start()
    watch.start(50)
    if delay_ms:
        late.start(delay_ms)
    else:
        progress.show()
    if not thread.isFinished():
        loop.exec()
    thread.wait()
    late.stop()
    watch.stop()
    QCoreApplication.processEvents()  # the thread's queued signals
    progress.hide()
    progress.deleteLater()
    thread.deleteLater()
    return thread.outcome
