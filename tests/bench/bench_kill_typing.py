"""kill -9 while typing: how many seconds of typing a SIGKILL of the real window loses, at most.

Run (not collected by pytest):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_kill_typing.py [--kills 50]

Each round is a fresh window process on the bundled sample (as tests/ui/test_autosave_kill.py starts it): a
driver inside it types one character every 100 ms without pause into the first text box of 部门整体支出绩效目标
(「字1」「字2」…, committed as an input method commits), and prints each keystroke's wall clock. At a random
moment 1–4 s into the typing the parent sends SIGKILL, then reads the database (read-only): the last
keystroke found there tells which were lost; lost seconds = the kill's time − the first lost keystroke's time.
Every round also runs ``PRAGMA integrity_check`` on the file. Prints the maximum and the median of the lost
seconds, and the number of damaged databases (expected 0). The autosaver saves 700 ms after a pause, and at
most 1 s after the first unsaved keystroke while typing goes on, so the bound to compare with is about 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QTextCursor, QInputMethodEvent
    from PySide6.QtWidgets import QApplication
    from selfeval.ui.app.start import ensure_app, start

    app = ensure_app()
    running = start(Path(sys.argv[1]), int(sys.argv[2]))
    window = running.window
    window.show()
    count = [0]
    box = []

    def begin():
        window.tabs.setCurrentIndex(2)
        box.append(window.editors["goals"].rows()[0].text)
        box[0].setFocus()
        box[0].moveCursor(QTextCursor.MoveOperation.End)
        print("READY", flush=True)
        typing.start()

    def type_one():
        count[0] += 1
        event = QInputMethodEvent("", [])
        event.setCommitString(f"字{count[0]}")
        print(f"T {count[0]} {time.time():.6f}", flush=True)
        QApplication.sendEvent(box[0], event)

    typing = QTimer()
    typing.setInterval(100)
    typing.timeout.connect(type_one)
    QTimer.singleShot(500, begin)
    app.exec()
""")

LAST = re.compile(r"字(\d+)(?!.*字\d)", re.S)


def make_db(folder: Path) -> tuple[Path, int]:
    from selfeval.bundled.samples import bundled_sample
    from selfeval.store import CreateReport, Store

    path = folder / "typing.db"
    with Store.open(path) as store:
        return path, store.apply(CreateReport(bundled_sample())).report_id


def stored_text(db: Path, report_id: int) -> tuple[str, str]:
    from selfeval.store import Store

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    with Store.open(db, read_only=True) as store:
        text = store.load(report_id).section("goals").entries[0].text
    return text, integrity


def one_round(template: Path, report_id: int, folder: Path, rng: random.Random) -> tuple[float, int, bool]:
    db = folder / "round.db"
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, db)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               SELFEVAL_CONFIG_DIR=str(folder / "config"), SELFEVAL_LOG_DIR=str(folder / "logs"))
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(report_id)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    typed: dict[int, float] = {}
    ready = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            if line.startswith("READY"):
                ready.set()
            elif line.startswith("T "):
                _, n, when = line.split()
                typed[int(n)] = float(when)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not ready.wait(60):
        proc.kill()
        raise SystemExit("the window did not start")
    time.sleep(rng.uniform(1.0, 4.0))
    killed_at = time.time()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    reader.join(timeout=5)
    text, integrity = stored_text(db, report_id)
    match = LAST.search(text)
    saved = int(match.group(1)) if match else 0
    first_lost = saved + 1
    lost = killed_at - typed[first_lost] if first_lost in typed and typed[first_lost] <= killed_at else 0.0
    return lost, len(typed), integrity == "ok"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-kill-typing-") as tmp:
        folder = Path(tmp)
        template, report_id = make_db(folder)
        losses, damaged = [], 0
        for i in range(args.kills):
            lost, keystrokes, whole = one_round(template, report_id, folder, rng)
            losses.append(lost)
            damaged += not whole
            print(f"  kill {i + 1:3d}: {keystrokes:3d} keystrokes typed, lost {lost:.2f} s", flush=True)
        print(f"{args.kills} kills of the window while typing (one keystroke every 100 ms): lost seconds max "
              f"{max(losses):.2f}, median {statistics.median(losses):.2f}; damaged databases {damaged}")


if __name__ == "__main__":
    main()
