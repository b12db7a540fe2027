"""Prints the requirements the wheels in a folder have on Windows (x64, CPython 3.11) that no wheel there
meets yet, one a line. ``pip download --platform win_amd64`` judges dependency markers by the machine it
runs on, so on Linux it leaves out the Windows-only ones (PyInstaller's pefile and pywin32-ctypes, click's
colorama, ...): installer/windows/wine-build.sh downloads these until none is missing.

    python windows_only_requirements.py WHEEL_FOLDER
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

WINDOWS = dict(default_environment(), sys_platform="win32", platform_system="Windows", os_name="nt",
               platform_machine="AMD64", python_version="3.11", python_full_version="3.11.9",
               implementation_name="cpython", platform_python_implementation="CPython", extra="")


def missing(folder: Path) -> list[str]:
    wheels = sorted(folder.glob("*.whl"))
    have = {canonicalize_name(wheel.name.split("-")[0]) for wheel in wheels}
    wanted = set()
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            for line in archive.read(metadata).decode("utf-8").splitlines():
                if not line.startswith("Requires-Dist:"):
                    continue
                requirement = Requirement(line.split(":", 1)[1].strip())
                if requirement.marker is not None and not requirement.marker.evaluate(WINDOWS):
                    continue
                if canonicalize_name(requirement.name) not in have:
                    requirement.marker = None
                    wanted.add(str(requirement))
    return sorted(wanted)


if __name__ == "__main__":
    print("\n".join(missing(Path(sys.argv[1]))))
