"""The fast loop (``pytest -m "not slow"``) leaves the builds out and draws fewer examples; the full run has it all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import loop

ROOT = Path(__file__).resolve().parents[1]


def _collect(*args: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    return done.stdout


def test_the_build_folders_are_slow_and_left_out_of_the_fast_loop():
    fast = _collect("-m", "not slow", "tests/frozen", "tests/installer")
    full = _collect("tests/frozen", "tests/installer")
    assert "no tests collected" in fast and "deselected" in fast
    assert "tests/frozen/" in full and "tests/installer/" in full


def test_property_tests_draw_all_their_examples_only_in_the_full_run(monkeypatch):
    monkeypatch.setattr(loop, "fast", False)
    assert loop.examples(300) == 300
    monkeypatch.setattr(loop, "fast", True)
    assert loop.examples(300) == loop.FAST_EXAMPLES and loop.examples(10) == 10
