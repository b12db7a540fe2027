"""Every distribution selfeval needs at run time (its requirements, recursively, as installed) has its
licence in resources/licenses/, so a new dependency cannot ship without one; the index names only
files that exist, and version-bound notices name the installed version."""

from __future__ import annotations

import re
from importlib import metadata

from packaging.requirements import Requirement

from selfeval.bundled import licenses
from selfeval.system.paths import licenses_dir


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions() -> dict[str, metadata.Distribution]:
    found: dict[str, metadata.Distribution] = {}
    todo = [Requirement(r) for r in metadata.requires("selfeval") or []]
    while todo:
        req = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue  # an optional extra (test, build) or another platform's dependency
        key = canonical(req.name)
        if key in found:
            continue
        dist = metadata.distribution(req.name)
        found[key] = dist
        todo.extend(Requirement(r) for r in dist.requires or [])
    return found


def test_every_runtime_distribution_has_a_licence_file():
    covered = {d: c for c in licenses.components() for d in c.distributions}
    dists = runtime_distributions()
    assert {"pyside6-essentials", "lxml", "sqlite-utils", "platformdirs"} <= dists.keys()
    missing = sorted(set(dists) - set(covered))
    assert missing == [], f"no licence in resources/licenses/index.toml for: {missing}"
    for key, dist in dists.items():
        component = covered[key]
        declared = dist.metadata.get("License-Expression")
        if declared:  # the licence the package declares is the one the index names (or one of its choices)
            choices = {part.strip() for part in declared.split(" OR ")}
            assert component.license == declared or component.license in choices, (key, declared)


def test_index_names_existing_files_and_the_installed_versions():
    folder = licenses_dir()
    named = set()
    for component in licenses.components():
        assert component.files, component.name
        for name in component.files:
            assert (folder / name).is_file(), name
            named.add(name)
        if component.version is not None:
            assert metadata.version(component.distributions[0]) == component.version, component.name
            notice = (folder / component.files[0]).read_text(encoding="utf-8")
            assert component.version in notice
        text = licenses.license_text(component)
        assert all(f"―― {name} ――" in text for name in component.files)
    on_disk = {p.name for p in folder.iterdir()} - {licenses.INDEX_FILE}
    assert on_disk == named, f"files no entry names: {sorted(on_disk - named)}"


def test_shipped_essentials_are_listed():
    names = " ".join(c.name for c in licenses.components())
    for needed in ("Qt", "Python", "PyInstaller", "lxml", "python-docx", "sqlite-utils"):
        assert needed in names
    qt = next(c for c in licenses.components() if "pyside6-essentials" in c.distributions)
    assert qt.license == "LGPL-3.0-only" and "LGPL-3.0.txt" in qt.files
    notice = (licenses_dir() / qt.files[0]).read_text(encoding="utf-8")
    assert "https://download.qt.io/" in notice  # where the source is offered


def _is_native(path) -> bool:
    if not path.is_file() or path.is_symlink():
        return False
    with open(path, "rb") as handle:
        return handle.read(4) == b"\x7fELF"


def test_every_native_file_of_the_build_is_covered(linux_build):
    """Every shared library and executable PyInstaller put in the Linux bundle (Python, Qt, and what it
    collected from the build machine) falls under a licence entry."""
    from fnmatch import fnmatchcase

    globs = [g for c in licenses.components() for g in c.shipped]
    natives = [p.relative_to(linux_build.app_dir).as_posix() for p in linux_build.app_dir.rglob("*") if _is_native(p)]
    assert len(natives) > 50 and "selfeval" in natives
    uncovered = sorted(n for n in natives if not any(fnmatchcase(n, g) for g in globs))
    assert uncovered == [], f"shipped without a licence entry (resources/licenses/index.toml): {uncovered}"
