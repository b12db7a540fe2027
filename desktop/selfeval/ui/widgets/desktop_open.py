"""Opening a folder as the desktop does (its file manager), from the frozen program too.

Qt's ``QDesktopServices.openUrl`` starts ``xdg-open`` on Linux with this process's environment, which in the
frozen program points at the bundle's libraries and Qt plugins (``selfeval.system.external_programs``): the file
manager, and whatever the user opens from it, would start with them. The frozen program on Linux therefore
starts ``xdg-open`` itself, detached, with the user's own environment; everywhere else Qt does it (on Windows
without the frozen program's DLL folder, which a program started then would inherit).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QProcess, QProcessEnvironment, QUrl
from PySide6.QtGui import QDesktopServices

from selfeval.system.external_programs import environment, user_dll_search


def open_with_desktop(path: Path) -> bool:
    """Shows ``path`` (a folder) in the system's file manager; False when nothing could be started."""
    if getattr(sys, "frozen", False) and sys.platform.startswith("linux"):
        opener = shutil.which("xdg-open")
        if opener is not None:
            return _start_detached(opener, [str(path)])
    with user_dll_search():
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _start_detached(program: str, arguments: list[str]) -> bool:
    process = QProcess()
    process.setProgram(program)
    process.setArguments(arguments)
    env = QProcessEnvironment()
    for name, value in environment().items():
        env.insert(name, value)
    process.setProcessEnvironment(env)
    started = process.startDetached()  # PySide 6.8 and 6.9 give a bool here (their signature says a (bool, pid) pair)
    return bool(started[0] if isinstance(started, tuple) else started)
