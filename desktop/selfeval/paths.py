"""Where the bundled resources live, in a source checkout and in a frozen (PyInstaller) build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def templates_dir() -> Path:
    return resources_dir() / "templates"


def samples_dir() -> Path:
    return resources_dir() / "samples"


def docx_base_template() -> Path:
    return resources_dir() / "docx" / "base.docx"
