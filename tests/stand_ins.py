"""Stand-ins for the programs the app starts (LibreOffice, xdg-open): shell scripts that write what they were
started with (arguments, environment) to a file, which the tests then read; and a stand-in for lifting the
frozen program's DLL folder around a start (``external_programs.user_dll_search``)."""

from __future__ import annotations

import contextlib
from pathlib import Path

# What a stand-in LibreOffice does after recording: a one-line "PDF" where ``--outdir`` says.
_SOFFICE_OUTPUT = ('while [ $# -gt 0 ]; do [ "$1" = --outdir ] && out="$2"; shift; done\n'
                   'mkdir -p "$out" && printf "%%PDF-1.4 stand-in" > "$out/report.pdf"\n')


def recording_program(path: Path, seen: Path, then: str = "") -> Path:
    """An executable at ``path`` that writes its arguments and environment to ``seen`` (whole, by a rename: a
    test waiting for the file never reads half of it), then runs the shell lines ``then``."""
    path.write_text(f'#!/bin/sh\n{{ printf "ARGS=%s\\n" "$*"; env; }} > "{seen}.part" && mv "{seen}.part" "{seen}"\n'
                    f"{then}", encoding="utf-8")
    path.chmod(0o755)
    return path


def recording_soffice(path: Path, seen: Path) -> Path:
    """A LibreOffice that records how it was started and "converts" into a small file starting ``%PDF``."""
    return recording_program(path, seen, then=_SOFFICE_OUTPUT)


def recorded(seen: Path) -> tuple[str, dict[str, str]]:
    """(the arguments, the environment) a stand-in wrote to ``seen``."""
    first, *rest = seen.read_text("utf-8").splitlines()
    return first.removeprefix("ARGS="), dict(line.split("=", 1) for line in rest if "=" in line)


def recording_dll_search(events: list[str]):
    """A ``user_dll_search`` that appends "lifted" to ``events`` on entering and "set back" on leaving."""

    @contextlib.contextmanager
    def lifted():
        events.append("lifted")
        yield
        events.append("set back")

    return lifted
