"""Frozen vs unfrozen, side by side in one run: the CLI export and the window's start, plus the sizes.

Run (not collected by pytest; on an otherwise quiet machine):

    .venv/bin/python tests/bench/bench_frozen.py [--runs 11] [--app dist/selfeval --deb dist/X.deb]

Without --app it uses the frozen tests' build (tests/frozen/frozen_build.py: installer/build-linux.sh
when the glibc-2.28 toolchain is cached, else installer/build.sh), making it if needed.

(a) CLI export: ``selfeval --db sample.db export 1 -o out.docx``, the frozen executable vs the project
    venv's ``selfeval`` script; wall clock of the whole process, one unmeasured warm-up each, then the
    two alternate; medians and the median of the pair-by-pair ratios. The unfrozen one keeps its
    compiled bytecode in a folder of the benchmark's own (PYTHONPYCACHEPREFIX), as an installed app does.
(b) window start → first paint: ``selfeval-gui --db sample.db`` vs ``python -m selfeval --db sample.db``
    offscreen; both print Qt's own ``qt.widgets.painting`` debug line when the main window's first
    painted region is flushed (QT_LOGGING_RULES), the parent notes the wall clock before spawning and
    when that line arrives, then ends the child. Same Qt, same watcher, nothing injected.
(c) sizes: the program folder on disk (du) and the .deb.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PAINT_RULES = "qt.widgets.painting.debug=true"
FIRST_FLUSH = "of MainWindow("  # "Flushing QRegion(...) of MainWindow(0x...) to QWidgetWindow(...)"


def base_env(folder: Path) -> dict[str, str]:
    dropped = ("SELFEVAL_", "QT_", "PYTHON", "LD_", "PYTEST")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    home = folder / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_CACHE_HOME=str(home / "cache"), SELFEVAL_LOG_DIR=str(home / "logs"), LANG="C.UTF-8",
               QT_QPA_PLATFORM="offscreen")
    return env


def unfrozen_env(folder: Path) -> dict[str, str]:
    env = base_env(folder)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    return env


def wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{command} failed: {result.stderr}")
    return seconds


def first_paint(command: list[str], env: dict[str, str]) -> float:
    env = dict(env, QT_LOGGING_RULES=PAINT_RULES)
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             errors="replace")
    try:
        for line in child.stderr:
            if FIRST_FLUSH in line and "Flushing" in line:
                return time.perf_counter() - start
        raise RuntimeError(f"{command} ended before its first paint (exit {child.wait()})")
    finally:
        child.kill()
        child.wait()


def side_by_side(runs: int, frozen, unfrozen) -> dict:
    frozen(), unfrozen()  # warm-up: caches, bytecode
    a, b = [], []
    for _ in range(runs):
        a.append(frozen())
        b.append(unfrozen())
    return {"frozen": a, "unfrozen": b, "ratio": statistics.median(x / y for x, y in zip(a, b))}


def du_mb(path: Path) -> float:
    return int(subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True).stdout.split()[0]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--app", type=Path, help="the program folder (dist/selfeval)")
    parser.add_argument("--deb", type=Path, help="its .deb")
    args = parser.parse_args()

    if args.app is None:
        sys.path.insert(0, str(ROOT / "tests" / "frozen"))
        from frozen_build import frozen_build

        build = frozen_build()
        args.app, args.deb = build.app_dir, build.deb
        how = "installer/build-linux.sh" if build.glibc_floor else "installer/build.sh"
        print(f"bundle: {args.app} ({how})")
    unfrozen_cli = VENV_BIN / "selfeval"
    if not unfrozen_cli.exists():
        raise SystemExit(f"{unfrozen_cli} is missing: run scripts/bootstrap.sh")

    with tempfile.TemporaryDirectory(prefix="bench-frozen-") as tmp:
        folder = Path(tmp)
        db = folder / "sample.db"
        subprocess.run([str(args.app / "selfeval"), "--db", str(db), "sample"], env=base_env(folder), check=True,
                       capture_output=True)
        frozen_env, plain_env = base_env(folder), unfrozen_env(folder)

        export = side_by_side(
            args.runs,
            lambda: wall([str(args.app / "selfeval"), "--db", str(db), "export", "1", "-o", str(folder / "f.docx")],
                         frozen_env),
            lambda: wall([str(unfrozen_cli), "--db", str(db), "export", "1", "-o", str(folder / "u.docx")], plain_env),
        )
        window = side_by_side(
            args.runs,
            lambda: first_paint([str(args.app / "selfeval-gui"), "--db", str(db)], frozen_env),
            lambda: first_paint([sys.executable, "-m", "selfeval", "--db", str(db)], plain_env),
        )

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.0f} ms"

    print(f"runs: {args.runs} each, alternating, after one warm-up; medians")
    print(f"{'':32} {'frozen':>10} {'unfrozen':>10} {'ratio':>7}  target")
    print(f"{'CLI export (whole process)':32} {ms(export['frozen']):>10} {ms(export['unfrozen']):>10} "
          f"{export['ratio']:>6.2f}×  ≤ 1.15×")
    print(f"{'window start → first paint':32} {ms(window['frozen']):>10} {ms(window['unfrozen']):>10} "
          f"{window['ratio']:>6.2f}×  ≤ 1.15×")
    print(f"raw export ms: frozen {[round(x * 1000) for x in export['frozen']]}, "
          f"unfrozen {[round(x * 1000) for x in export['unfrozen']]}")
    print(f"raw window ms: frozen {[round(x * 1000) for x in window['frozen']]}, "
          f"unfrozen {[round(x * 1000) for x in window['unfrozen']]}")
    print(f"program folder on disk: {du_mb(args.app):.1f} MB (target ≤ 110)")
    if args.deb and args.deb.exists():
        print(f".deb: {args.deb.stat().st_size / 1024 / 1024:.1f} MB (target ≤ 50)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
