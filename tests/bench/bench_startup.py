"""Startup, memory and autosave benchmark of the desktop app, side by side with a bare PySide6 window.

Run (not collected by pytest):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_startup.py [--runs 7]

(a) start → first painted main window: the real app, started as the ``selfeval`` command starts it
    (``selfeval --db <file> --report <id>`` on the bundled sample in a temporary database: argument
    parsing, Qt's import and all) vs a bare QMainWindow holding a QTabWidget with as many QPlainTextEdit tabs. Each
    is a fresh child process; the parent notes the wall clock just before spawning it, the child prints
    the wall clock when the main window's first Paint event arrives (both watch their main window only),
    then quits. Children keep compiled bytecode as an installed app does (``--no-bytecode``: they
    compile every module at each start, as with PYTHONDONTWRITEBYTECODE=1).
(b) peak memory: ru_maxrss of each child (from ``os.wait4``).
(c) an edit reaching the database: in one process, the real main window on the sample; 200 characters
    are typed into an editor of the largest section, one every 40 ms, while a 16 ms QTimer heartbeat
    records the longest gap in the event loop; the autosaver's own timings give the ms from the
    debounce timer firing to the row being committed; and ``store.apply(SetSection)`` on the largest
    section is timed directly as well.
(d) ``--instructions``: the instructions each child runs up to its first paint, counted by valgrind's
    callgrind (the two children exit at their first paint). Times move with the machine's load; the
    count does not, so this ratio is the one to compare between runs and machines.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Both children: print the wall clock at the first paint of the watched window, then quit.
FIRST_PAINT = textwrap.dedent("""
    class FirstPaint(QObject):
        def __init__(self, target):
            super().__init__()
            self.target, self.done = target, False
        def eventFilter(self, obj, event):
            if not self.done and obj is self.target and event.type() == QEvent.Type.Paint:
                self.done = True
                print("FIRST_PAINT", repr(time.time()), repr(time.process_time()), flush=True)
                if os.environ.get("SELFEVAL_BENCH_EXIT_AT_PAINT"):
                    os._exit(0)  # --instructions: count up to the first paint, not the teardown
                QTimer.singleShot(0, QApplication.instance().quit)
            return False
""")

# Child for (a)/(b): the bare window. argv: tab count.
BARE_CHILD = textwrap.dedent("""
    import os, sys, time
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QTabWidget

    {first_paint}
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget()
    for i in range(int(sys.argv[1])):
        tabs.addTab(QPlainTextEdit(), f"第{i + 1}页")
    window.setCentralWidget(tabs)
    window.resize(1366, 768)
    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    window.show()
    sys.exit(app.exec())
""").replace("{first_paint}", FIRST_PAINT)

# Child for (a)/(b): the real app, started as the ``selfeval`` command starts it (``cli.main.main`` with
# ``--db`` and ``--report``: its argument parsing, its pause of garbage collection, Qt imported by
# ``selfeval.ui.app.start``). argv: db path, report id. Only the main window gets the first-paint watcher,
# as the bare window does (an application-wide filter would see, and wrap in Python, every event of every
# widget, and so slow the app down for the measurement only): a one-off import hook swaps in a watched
# subclass of ``MainWindow`` as soon as ``selfeval.ui.app.start`` has loaded, before anything uses it.
APP_CHILD = textwrap.dedent("""
    import os, sys, time
    from importlib.machinery import PathFinder

    def watch(app_module):
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QApplication

        {first_paint}
        class WatchedWindow(app_module.MainWindow):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self._watcher = FirstPaint(self)
                self.installEventFilter(self._watcher)

        app_module.MainWindow = WatchedWindow

    class WatchStart:
        def find_spec(self, name, path=None, target=None):
            if name != "selfeval.ui.app.start":
                return None
            sys.meta_path.remove(self)
            spec = PathFinder.find_spec(name, path)
            load = spec.loader.exec_module
            def exec_module(module):
                load(module)
                watch(module)
            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, WatchStart())
    from selfeval.cli.main import main
    sys.exit(main(["--db", sys.argv[1], "--report", sys.argv[2]]))
""").replace("{first_paint}", textwrap.indent(FIRST_PAINT, "    ").strip())


def spawn(code: str, args: list[str], env: dict) -> tuple[float, int, float]:
    """(ms from spawn to first paint, peak RSS in KiB, CPU ms the child used until its first paint) of one
    child run. The CPU time barely moves when other processes load the machine; the wall time does."""
    start = time.time()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd=ROOT)
    out = proc.stdout.read().decode("utf-8", "replace")
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    painted = [line for line in out.splitlines() if line.startswith("FIRST_PAINT")]
    if proc.returncode != 0 or not painted:
        raise SystemExit(f"child failed (exit {proc.returncode}):\n{out}\n{err}")
    _, wall, cpu = painted[0].split()
    return (float(wall) - start) * 1000, usage.ru_maxrss, float(cpu) * 1000


def prepare_sample_db(folder: Path) -> tuple[Path, int, int]:
    """A database holding the bundled sample; (path, report id, number of tabs the window shows)."""
    from selfeval.bundled.samples import bundled_sample
    from selfeval.store import Store
    from selfeval.store.operations import CreateReport

    db = folder / "bench.db"
    store = Store.open(db)
    try:
        report = bundled_sample()
        report_id = store.apply(CreateReport(report)).report_id
    finally:
        store.close()
    tabs = len(report.content_sections()) + 2  # + the 基本信息 and 自评表 tabs
    return db, report_id, tabs


def child_env(folder: Path, bytecode: bool = True) -> dict:
    """The children's environment. ``bytecode``: Python keeps compiled modules (in a folder of the
    benchmark's own), as it does for an installed app (pip compiles at install, PyInstaller bundles
    them); the warm-up run fills it. Without it every start compiles the app's sources again."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["SELFEVAL_CONFIG_DIR"] = str(folder / "config")
    env["SELFEVAL_LOG_DIR"] = str(folder / "log")
    return env


def startup(runs: int, folder: Path, bytecode: bool = True) -> dict:
    db, report_id, tabs = prepare_sample_db(folder)
    env = child_env(folder, bytecode)
    app_ms, app_kb, bare_ms, bare_kb, app_cpu, bare_cpu = [], [], [], [], [], []
    # one unmeasured warm-up each (page cache), then alternate so both see the same machine load
    spawn(BARE_CHILD, [str(tabs)], env)
    spawn(APP_CHILD, [str(db), str(report_id)], env)
    for _ in range(runs):
        ms, kb, cpu = spawn(BARE_CHILD, [str(tabs)], env)
        bare_ms.append(ms)
        bare_kb.append(kb)
        bare_cpu.append(cpu)
        ms, kb, cpu = spawn(APP_CHILD, [str(db), str(report_id)], env)
        app_ms.append(ms)
        app_kb.append(kb)
        app_cpu.append(cpu)
    return {"tabs": tabs, "app_ms": app_ms, "bare_ms": bare_ms, "app_kb": app_kb, "bare_kb": bare_kb,
            "app_cpu": app_cpu, "bare_cpu": bare_cpu}


def instructions(folder: Path) -> dict:
    """(d) instructions each child executes up to its first paint, counted by valgrind's callgrind: unlike
    times, the count does not move with the machine's load (other processes, CPU frequency), so the
    ratio can be compared between runs. One warm-up each fills the bytecode cache first."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    db, report_id, tabs = prepare_sample_db(folder)
    env = dict(child_env(folder), SELFEVAL_BENCH_EXIT_AT_PAINT="1")
    counts = {}
    for name, code, args in (("bare", BARE_CHILD, [str(tabs)]), ("app", APP_CHILD, [str(db), str(report_id)])):
        spawn(code, args, env)
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                               "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT)
        found = re.search(r"Collected : (\d+)", done.stderr)
        if found is None or "FIRST_PAINT" not in done.stdout:
            raise SystemExit(f"callgrind run of the {name} child failed:\n{done.stderr[-2000:]}")
        counts[name] = int(found.group(1))
    return counts


# (c) runs in this process, after the children.
def typing_and_saving(folder: Path, chars: int = 200, interval_ms: int = 40) -> dict:
    """Types ``chars`` characters into the real window (input-method commits), one every ``interval_ms``,
    with a 16 ms heartbeat; times each autosave from its timer firing to the commit."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["SELFEVAL_CONFIG_DIR"] = str(folder / "config-c")
    os.environ["SELFEVAL_LOG_DIR"] = str(folder / "log-c")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtGui import QInputMethodEvent, QTextCursor
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from selfeval.bundled.samples import bundled_sample
    from selfeval.store import Store
    from selfeval.store.operations import CreateReport
    from selfeval.ui.app import start as app_module

    db = folder / "typing.db"
    store = Store.open(db)
    report = bundled_sample()
    report_id = store.apply(CreateReport(report)).report_id
    store.close()
    largest = max(report.content_sections(), key=lambda s: len(s.plain_text())).key

    qt_app = app_module.ensure_app()
    running = app_module.start(db, report_id)
    window = running.window
    window.resize(1366, 768)
    window.show()
    window.tabs.select(largest)
    field = [w for w in window.editors[largest].findChildren(QPlainTextEdit) if w.isVisibleTo(window)][-1]
    field.setFocus()
    cursor = field.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    field.setTextCursor(cursor)
    QApplication.processEvents()

    # Time every autosave from its timer firing to the commit (wraps the timer's slot; benchmark only).
    saver = window.session.autosaver
    save_ms: list[float] = []
    saver._timer.timeout.disconnect(saver.flush)

    def timed_flush() -> None:
        start = time.perf_counter()
        saver.flush()
        save_ms.append((time.perf_counter() - start) * 1000)

    saver._timer.timeout.connect(timed_flush)

    clock = QElapsedTimer()
    clock.start()
    gaps: list[int] = []
    last = [clock.elapsed()]

    def beat() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(beat)
    typed = [0]
    loop = QEventLoop()
    text = "推进基层治理精准高效持续优化营商环境" * 20

    def type_one() -> None:
        event = QInputMethodEvent()
        event.setCommitString(text[typed[0]])
        QApplication.sendEvent(field, event)
        typed[0] += 1
        if typed[0] >= chars:
            typist.stop()
            QTimer.singleShot(1500, loop.quit)  # let the last save happen while the heartbeat runs

    typist = QTimer()
    typist.setTimerType(Qt.TimerType.PreciseTimer)
    typist.timeout.connect(type_one)
    heartbeat.start(16)
    typist.start(interval_ms)
    loop.exec()
    heartbeat.stop()
    saved = text[:chars] in json.dumps(Store.open(db, read_only=True).load(report_id).section(largest).to_dict(),
                                       ensure_ascii=False)
    running.close()
    del qt_app
    if not saved or not save_ms:
        raise SystemExit("the typed text did not reach the database")
    return {"chars": chars, "interval_ms": interval_ms, "section": largest, "save_ms": save_ms,
            "max_gap_ms": float(max(gaps)), "gaps_over_2_frames": sum(1 for g in gaps if g > 33),
            "beats": len(gaps)}


def apply_timing(folder: Path, repeats: int = 50) -> list[float]:
    """ms of ``store.apply(SetSection)`` on the sample's largest section, each with a real change."""
    from selfeval.bundled.samples import bundled_sample
    from selfeval.store import Store
    from selfeval.store.operations import CreateReport, SetSection

    store = Store.open(folder / "apply.db")
    try:
        report = bundled_sample()
        report_id = store.apply(CreateReport(report)).report_id
        largest = max(report.content_sections(), key=lambda s: len(s.plain_text()))
        timings = []
        for i in range(repeats):
            section = store.load(report_id).section(largest.key)
            if section.entries:
                section.entries[-1].text += f"补{i}"
            else:
                section.intro += f"补{i}"
            start = time.perf_counter()
            store.apply(SetSection(report_id, section))
            timings.append((time.perf_counter() - start) * 1000)
        return timings
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--startup-only", action="store_true", help="measure the start only (quicker)")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="children compile every module at each start (PYTHONDONTWRITEBYTECODE=1)")
    parser.add_argument("--instructions", action="store_true",
                        help="count each start's instructions up to the first paint with valgrind (load-proof)")
    args = parser.parse_args()
    if args.instructions:
        with tempfile.TemporaryDirectory(prefix="selfeval-bench-") as tmp:
            counts = instructions(Path(tmp))
        print(f"{'':32} {'app':>8} {'bare':>8} {'ratio':>8} target")
        print(f"{'启动到首次绘制的指令数（百万）':26} {counts['app'] / 1e6:>8.0f} {counts['bare'] / 1e6:>8.0f} "
              f"{counts['app'] / counts['bare']:>7.3f}× ≤ 1.3×")
        return 0
    with tempfile.TemporaryDirectory(prefix="selfeval-bench-") as tmp:
        folder = Path(tmp)
        s = startup(args.runs, folder, bytecode=not args.no_bytecode)
        apply_ms = [] if args.startup_only else apply_timing(folder)
        typing = None if args.startup_only else typing_and_saving(folder)

    med = statistics.median
    start_ratio = med(s["app_ms"]) / med(s["bare_ms"])
    cpu_ratio = med(s["app_cpu"]) / med(s["bare_cpu"])
    mem_ratio = max(s["app_kb"]) / max(s["bare_kb"])
    pair_ratio = med([a / b for a, b in zip(s["app_ms"], s["bare_ms"])])
    rows = [
        ("启动到首次绘制（中位数, ms）", f"{med(s['app_ms']):.0f}", f"{med(s['bare_ms']):.0f}",
         f"{start_ratio:.2f}×", "≤ 1.3×"),
        ("其中占用 CPU（中位数, ms）", f"{med(s['app_cpu']):.0f}", f"{med(s['bare_cpu']):.0f}",
         f"{cpu_ratio:.2f}×", "≤ 1.3×"),
        ("峰值内存 ru_maxrss（MiB）", f"{max(s['app_kb']) / 1024:.1f}", f"{max(s['bare_kb']) / 1024:.1f}",
         f"{mem_ratio:.2f}×", "≤ 1.25×"),
        # Each run of the app follows a run of the bare window: the ratio within each such pair, whose two runs
        # saw nearly the same machine load, moves far less with bursts of other work than the medians do.
        ("成对比值的中位数（启动到首次绘制）", "", "", f"{pair_ratio:.2f}×", "≤ 1.3×"),
    ]
    print(f"\n{args.runs} runs each, {s['tabs']} tabs, platform {os.environ.get('QT_QPA_PLATFORM', 'default')}, "
          + ("no bytecode cache" if args.no_bytecode else "bytecode cache"))
    print(f"{'':32} {'app':>8} {'bare':>8} {'ratio':>8} target")
    for name, a, b, r, t in rows:
        print(f"{name:32} {a:>8} {b:>8} {r:>8} {t}")
    if typing is not None:
        print(f"\nstore.apply(SetSection) on the largest section: median {med(apply_ms):.1f} ms, "
              f"max {max(apply_ms):.1f} ms over {len(apply_ms)} (target < 50 ms median)")
        print(f"autosave, debounce timer fired → committed: median {med(typing['save_ms']):.1f} ms, "
              f"max {max(typing['save_ms']):.1f} ms over {len(typing['save_ms'])} saves")
        print(f"typing {typing['chars']} characters (one per {typing['interval_ms']} ms): longest event-loop "
              f"gap {typing['max_gap_ms']:.1f} ms against a 16 ms heartbeat (one frame at 60 Hz = 16.7 ms); "
              f"gaps over 33 ms: {typing['gaps_over_2_frames']}")
    print(f"\nraw: app ms {[round(x) for x in s['app_ms']]}, bare ms {[round(x) for x in s['bare_ms']]}; "
          f"CPU ms app {[round(x) for x in s['app_cpu']]}, bare {[round(x) for x in s['bare_cpu']]}")
    if args.json:
        args.json.write_text(json.dumps({"startup": s, "apply_ms": apply_ms, "typing": typing}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
