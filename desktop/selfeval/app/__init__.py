"""The application layer: one module per workflow (export, import, new year's report, exchange, backup/restore,
check), Qt-free. The window gathers the user's choices and shows results; the CLI parses arguments and prints;
both call these functions, and neither composes a workflow itself. Long workflows run as a :class:`jobs.Job`
(progress, cancel, result): inline in the CLI, on a thread in the window (``ui/widgets/job_thread.py``).

Nothing here is imported on the window's start path (tests/ui/test_startup_imports.py): each workflow is
imported when the user first asks for it."""
