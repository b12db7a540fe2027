"""The licences of everything shipped, as listed in ``resources/licenses/index.toml`` (bundled with the
rest of resources/): what the About dialog shows. No Qt here."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from selfeval.system.paths import licenses_dir

INDEX_FILE = "index.toml"


@dataclass(frozen=True)
class Component:
    name: str
    license: str
    files: tuple[str, ...]
    distributions: tuple[str, ...] = ()
    version: str | None = None
    shipped: tuple[str, ...] = ()  # globs of the frozen build's native files it covers


def components(folder: Path | None = None) -> list[Component]:
    folder = folder or licenses_dir()
    with open(folder / INDEX_FILE, "rb") as handle:
        data = tomllib.load(handle)
    return [
        Component(
            name=entry["name"], license=entry["license"], files=tuple(entry["files"]),
            distributions=tuple(entry.get("distributions", ())), version=entry.get("version"),
            shipped=tuple(entry.get("shipped", ())),
        )
        for entry in data["component"]
    ]


def license_text(component: Component, folder: Path | None = None) -> str:
    """The component's notice and licence texts, one after the other, each under its file name."""
    folder = folder or licenses_dir()
    parts = []
    for name in component.files:
        text = (folder / name).read_text(encoding="utf-8", errors="replace").strip("\n")
        parts.append(f"―― {name} ――\n\n{text}\n")
    return "\n\n".join(parts)
