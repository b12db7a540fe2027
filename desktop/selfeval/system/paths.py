"""Where things live: the bundled resources (a source checkout or a frozen PyInstaller build) and the
per-user folders for the database, settings and logs (``user_dir``, the one place that picks them).

Portable mode (绿色版): a file named ``portable`` beside the executable (frozen: the folder of
``sys.executable``) keeps everything in a ``data/`` folder beside it, so the program and its data
travel together on a USB stick. Unfrozen, the marker is looked for only in ``$SELFEVAL_PORTABLE_DIR``
(tests; a source checkout has no executable of its own).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "selfeval"
PORTABLE_MARKER = "portable"
PORTABLE_DATA_DIR = "data"
PORTABLE_DIR_ENV = "SELFEVAL_PORTABLE_DIR"

DATA = "data"  # the database and its backups
CONFIG = "config"  # the settings file (an INI file, never the registry)
LOGS = "logs"  # the log of unexpected errors
USER_DIR_KINDS = (DATA, CONFIG, LOGS)
# An explicit folder for one kind wins over everything (tests, administrators).
USER_DIR_ENV = {CONFIG: "SELFEVAL_CONFIG_DIR", LOGS: "SELFEVAL_LOG_DIR"}
# Inside the portable data/ folder: the database and settings at the top, the logs in their own folder.
_PORTABLE_SUBDIR = {DATA: "", CONFIG: "", LOGS: "logs"}


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[3] / "resources"


def templates_dir() -> Path:
    return resources_dir() / "templates"


def samples_dir() -> Path:
    return resources_dir() / "samples"


def docx_base_template() -> Path:
    return resources_dir() / "docx" / "base.docx"


def licenses_dir() -> Path:
    return resources_dir() / "licenses"


def program_dir() -> Path | None:
    """The folder a ``portable`` marker is looked for in: the executable's when frozen, else
    ``$SELFEVAL_PORTABLE_DIR`` (None when unset)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    override = os.environ.get(PORTABLE_DIR_ENV, "").strip()
    return Path(override).expanduser() if override else None


def portable_data_dir() -> Path | None:
    """``<program folder>/data`` when the program runs portable (a ``portable`` file beside it), else None."""
    folder = program_dir()
    if folder is not None and (folder / PORTABLE_MARKER).is_file():
        return folder / PORTABLE_DATA_DIR
    return None


def user_dir(kind: str) -> Path:
    """The folder for ``kind`` (DATA, CONFIG or LOGS), not created here: its environment override, else
    the portable ``data/`` folder, else the platform's per-user folder (platformdirs: on Windows
    %LOCALAPPDATA%\\selfeval, on Linux ~/.local/share/selfeval, ~/.config/selfeval, ~/.local/state/selfeval/log)."""
    if kind not in USER_DIR_KINDS:
        raise ValueError(f"unknown user folder kind: {kind!r}")
    override = os.environ.get(USER_DIR_ENV.get(kind, ""), "").strip()
    if override:
        return Path(override).expanduser()
    portable = portable_data_dir()
    if portable is not None:
        sub = _PORTABLE_SUBDIR[kind]
        return portable / sub if sub else portable
    import platformdirs  # only here: a portable or overridden start never loads it

    if kind == DATA:
        return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    if kind == CONFIG:
        return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))
    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))
