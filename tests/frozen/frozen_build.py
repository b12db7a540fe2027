"""The frozen (PyInstaller) build under test: made by installer/build.sh into a cache folder and reused
while nothing it is made from has changed.

The cache key is a hash of desktop/ and resources/ (the app and what it bundles), installer/ (the spec,
the entry script, build.sh), and the Python, PyInstaller and PySide6 versions. The cache lives in
``build/frozen-test/<key>/`` (``$SELFEVAL_FROZEN_CACHE`` overrides the folder); older keys are removed
after a successful build so that only one build (about 155 MB) is kept.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HASHED_DIRS = ("desktop", "resources", "installer")
SKIPPED_PARTS = {"__pycache__", ".pytest_cache"}
BUILD_TIMEOUT_S = 1200
COMPLETE = "complete"


@dataclass(frozen=True)
class FrozenBuild:
    app_dir: Path  # dist/selfeval: the onedir folder
    reused: bool
    build_seconds: float | None  # None when reused
    log: Path

    @property
    def cli(self) -> Path:
        return self.app_dir / ("selfeval.exe" if sys.platform == "win32" else "selfeval")

    @property
    def gui(self) -> Path:
        return self.app_dir / ("selfeval-gui.exe" if sys.platform == "win32" else "selfeval-gui")

    @property
    def internal(self) -> Path:
        return self.app_dir / "_internal"


def _hashed_files() -> list[Path]:
    files = []
    for top in HASHED_DIRS:
        for path in (ROOT / top).rglob("*"):
            rel_parts = path.relative_to(ROOT).parts
            if any(part in SKIPPED_PARTS or part.endswith(".egg-info") for part in rel_parts):
                continue
            if path.is_file() and path.suffix != ".pyc":
                files.append(path)
    return sorted(files)


def source_key() -> str:
    digest = hashlib.sha256()
    for name in ("pyinstaller", "pyinstaller-hooks-contrib", "PySide6-Essentials", "shiboken6"):
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\n".encode())
    digest.update(f"python={sys.version}\n".encode())
    for path in _hashed_files():
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def cache_root() -> Path:
    return Path(os.environ.get("SELFEVAL_FROZEN_CACHE") or ROOT / "build" / "frozen-test")


@contextlib.contextmanager
def _locked(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def frozen_build() -> FrozenBuild:
    """The build for the current sources: reused when complete, else made now (raises on failure)."""
    root = cache_root()
    key = source_key()
    folder = root / key
    with _locked(root):
        app_dir = folder / "dist" / "selfeval"
        log = folder / "build.log"
        if (folder / COMPLETE).exists() and app_dir.is_dir():
            return FrozenBuild(app_dir, True, None, log)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        start = time.monotonic()
        with open(log, "wb") as out:
            result = subprocess.run(
                ["bash", str(ROOT / "installer" / "build.sh"), "--distpath", str(folder / "dist"),
                 "--workpath", str(folder / "work"), "--no-archive"],
                stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, timeout=BUILD_TIMEOUT_S,
            )
        seconds = time.monotonic() - start
        if result.returncode != 0:
            tail = "\n".join(log.read_text("utf-8", "replace").splitlines()[-40:])
            raise RuntimeError(f"installer/build.sh failed ({result.returncode}); log {log}:\n{tail}")
        shutil.rmtree(folder / "work", ignore_errors=True)  # the work folder is only needed while building
        (folder / "build-seconds.txt").write_text(f"{seconds:.1f}\n")
        (folder / COMPLETE).write_text(key + "\n")
        for other in root.iterdir():
            if other.is_dir() and other.name != key:
                shutil.rmtree(other, ignore_errors=True)
        return FrozenBuild(app_dir, False, seconds, log)
