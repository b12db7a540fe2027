"""The app on both Qt versions it ships with: PySide6 6.9.x (x86_64 and Windows, what bootstrap installs) and the
arm64 package's PySide6-Essentials 6.8.0.2 (the newest aarch64 wheel for glibc 2.31, Kylin V10 arm64).

The 6.8 pin is read from installer/linux/toolchain.sh (its ``PYSIDE_PIN="..."`` line), the one place it is written.
The slow test makes a second virtual environment with the project's dependencies and test extras but that
PySide6 (cached under ``$XDG_CACHE_HOME/selfeval``, named by its requirement list, so a later run reuses it; the
project itself comes from this checkout through PYTHONPATH) and runs the window's tests in it in a subprocess.
All of tests/ui and the 汇总 window's tests run (366 tests, one after another): 110 s and 160 s in two runs with the
venv cached, on a shared 2-core machine (load average 3 to 5); making the venv from pip's cache took 14 s more
(longer when PySide6, ≈ 100 MB, is downloaded).
Without the network the venv cannot be made and the test is skipped, saying so; any other failure to make it fails.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
TOOLCHAIN = ROOT / "installer" / "linux" / "toolchain.sh"
PYPROJECT = ROOT / "pyproject.toml"
# The window's tests: every module that imports PySide6 (tests/ui is all of them but the 汇总 window's).
QT_TESTS = ["tests/ui", "tests/summary/test_summary_window.py"]
# The environment as the run began (a fixture may point XDG_CACHE_HOME at a temporary folder later on).
_ENV_AT_START = dict(os.environ)
VENV_TIMEOUT_S = 1800
RUN_TIMEOUT_S = 1800


def pyside_pin() -> str:
    """The arm64 build's PySide6 requirement, e.g. ``PySide6-Essentials==6.8.0.2``."""
    pins = re.findall(r'^\s*PYSIDE_PIN="(PySide6[^"]+)"', TOOLCHAIN.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(pins) == 1, (f"{TOOLCHAIN.relative_to(ROOT)} should set the arm64 PySide6 once, as "
                            f'PYSIDE_PIN="PySide6-Essentials==X.Y.Z"; found {pins}')
    return pins[0]


def pinned_version() -> Version:
    (spec,) = Requirement(pyside_pin()).specifier
    assert spec.operator == "==", f"{pyside_pin()} should pin one version"
    return Version(spec.version)


def project_requirements() -> list[str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    return project["dependencies"] + project["optional-dependencies"]["test"]


def qt68_requirements() -> list[str]:
    """The project's dependencies and test extras with the pinned PySide6 in place of the project's range."""
    pin = pyside_pin()
    pin_name = Requirement(pin).name.lower()
    reqs = [pin if Requirement(r).name.lower() == pin_name else r for r in project_requirements()]
    assert pin in reqs, f"pyproject.toml has no {pin_name} requirement to replace"
    return reqs


def test_the_arm64_pin_and_the_default_qt_both_lie_in_the_projects_range():
    """pyproject admits both Qt versions the packages are built with (pip would refuse the arm64 venv else)."""
    pin, pinned = Requirement(pyside_pin()), pinned_version()
    (declared,) = [Requirement(r) for r in project_requirements() if Requirement(r).name == pin.name]
    import PySide6

    assert pinned in declared.specifier, f"{pin} is outside pyproject's {declared}"
    assert Version(PySide6.__version__) in declared.specifier, f"{PySide6.__version__} outside {declared}"


def _cache_dir() -> Path:
    return Path(_ENV_AT_START.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "selfeval"


def _index_url() -> str:
    return _ENV_AT_START.get("PIP_INDEX_URL") or "https://pypi.org/simple/"


def _index_reachable(name: str) -> str | None:
    """None when the package index answers for ``name``; else why it does not."""
    url = _index_url().rstrip("/") + "/" + re.sub(r"[-_.]+", "-", name).lower() + "/"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read(1)
    except (urllib.error.URLError, OSError) as error:
        return f"{url}: {error}"
    return None


def _python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _qt_version(venv: Path) -> str | None:
    try:
        done = subprocess.run([str(_python(venv)), "-c", "import PySide6; print(PySide6.__version__)"],
                              capture_output=True, text=True, timeout=120)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def qt68_venv() -> Path:
    """The second venv, reused when its requirement list is unchanged; made (under a lock: other checkouts on
    the machine share the cache) otherwise."""
    reqs = qt68_requirements()
    version = pinned_version()
    key = "\n".join([f"python {sys.version_info.major}.{sys.version_info.minor}", *reqs])
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    cache = _cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    venv = cache / f"venv-qt{version.major}{version.minor}-{digest}"
    ready = venv / "selfeval-requirements.txt"
    with open(cache / f"{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if ready.is_file() and ready.read_text(encoding="utf-8") == key and _qt_version(venv) == str(version):
            return venv
        if venv.exists():  # a half-made venv (the run was stopped) or its base Python gone: made again
            shutil.rmtree(venv)
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True,
                              timeout=VENV_TIMEOUT_S)
        assert made.returncode == 0, f"python -m venv {venv} failed:\n{made.stdout}\n{made.stderr}"
        env = {k: v for k, v in _ENV_AT_START.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        pip = subprocess.run([str(_python(venv)), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                              *reqs], capture_output=True, text=True, env=env, timeout=VENV_TIMEOUT_S)
        if pip.returncode != 0:
            unreachable = _index_reachable(Requirement(pyside_pin()).name)
            if unreachable is not None:
                pytest.skip(f"pip cannot reach the package index to make the {pyside_pin()} venv "
                            f"({unreachable}); the Qt 6.8 run needs the network once")
            pytest.fail(f"pip could not make the {pyside_pin()} venv in {venv} though the index answers:\n"
                        f"{pip.stdout[-8000:]}\n{pip.stderr[-8000:]}")
        assert _qt_version(venv) == str(version), f"{venv} has PySide6 {_qt_version(venv)}, not {version}"
        ready.write_text(key, encoding="utf-8")  # last: a venv without it is made again
        return venv


@pytest.mark.slow
@pytest.mark.timeout(VENV_TIMEOUT_S + RUN_TIMEOUT_S)
def test_the_window_tests_pass_on_the_arm64_qt(tmp_path):
    venv = qt68_venv()
    env = {k: v for k, v in _ENV_AT_START.items()
           if not k.startswith("PYTEST_") and k not in ("DISPLAY", "WAYLAND_DISPLAY", "VIRTUAL_ENV")}
    env.update(PYTHONPATH=str(ROOT / "desktop"), QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    done = subprocess.run([str(_python(venv)), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--basetemp", str(tmp_path / "inner"), *QT_TESTS],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=RUN_TIMEOUT_S)
    output = done.stdout + done.stderr
    assert done.returncode == 0, (f"the window's tests failed on {pyside_pin()} (exit {done.returncode}; "
                                  f"{venv}):\n{output[-30000:]}")
    assert re.search(r"\b\d+ passed\b", output), output[-4000:]
