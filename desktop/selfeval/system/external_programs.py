"""Other programs the app starts (LibreOffice for PDF, the file manager through xdg-open) get the user's own
environment, without what the frozen program's start set for itself.

A frozen program changes a few variables for its own process:
- PyInstaller's bootloader points ``LD_LIBRARY_PATH`` at the bundle's libraries (keeping the user's value, if
  any, in ``LD_LIBRARY_PATH_ORIG``) and marks its process with ``_PYI_*`` variables;
- the runtime hooks point Qt at the bundle's plugins (``QT_PLUGIN_PATH``) and, without a bundled fcitx plugin,
  ask Qt for ibus (``QT_IM_MODULE``, the user's value kept in :data:`IM_MODULE_ORIG`); a package's hook may put
  a bundle folder on ``PATH``.
Inherited, they made LibreOffice load the bundle's C++ runtime, older than its own, so that every PDF
conversion failed ("GLIBCXX_3.4.29 not found"), and they would hand a Qt 5 file manager Qt 6's plugins. The
running program itself is not affected by the change: the dynamic loader read ``LD_LIBRARY_PATH`` when the
program started, and Qt its plugin path when it did.

On Windows the bootloader also makes the bundle's folder the process's DLL directory (``SetDllDirectoryW``),
searched before System32, and every process started from this one inherits it (PyInstaller's "common issues"
page, issue #3795): LibreOffice would load the bundle's C++ runtime (``VCRUNTIME140.dll``) instead of the
system's, as it loaded the bundle's libstdc++ on Linux. :func:`user_dll_search` lifts it while a program is
started.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator, Mapping

_starting = threading.RLock()

# Set by installer/rthooks/pyi_rth_selfeval_input_method.py to the user's QT_IM_MODULE when it chooses ibus.
IM_MODULE_ORIG = "SELFEVAL_QT_IM_MODULE_ORIG"


def environment(env: Mapping[str, str] | None = None, frozen_root: str | None = None) -> dict[str, str]:
    """The environment for another program: ``env`` (this process's by default) as the user's session had it.
    Unfrozen (``frozen_root`` None and no ``sys._MEIPASS``) it is returned unchanged."""
    env = dict(os.environ if env is None else env)
    root = frozen_root if frozen_root is not None else getattr(sys, "_MEIPASS", None)
    if not root:
        return env
    if "LD_LIBRARY_PATH_ORIG" in env:
        env["LD_LIBRARY_PATH"] = env.pop("LD_LIBRARY_PATH_ORIG")
    else:
        env.pop("LD_LIBRARY_PATH", None)
    plugin_dirs = [d for d in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if d and not _inside(d, root)]
    if plugin_dirs:
        env["QT_PLUGIN_PATH"] = os.pathsep.join(plugin_dirs)
    else:
        env.pop("QT_PLUGIN_PATH", None)
    if IM_MODULE_ORIG in env:
        env["QT_IM_MODULE"] = env.pop(IM_MODULE_ORIG)
    path_key = next((name for name in env if name.upper() == "PATH"), None)  # "Path" on Windows
    if path_key is not None:
        env[path_key] = os.pathsep.join(d for d in env[path_key].split(os.pathsep) if not d or not _inside(d, root))
    for name in [name for name in env if name.startswith("_PYI_")]:
        del env[name]
    return env


def _inside(path: str, root: str) -> bool:
    path, root = os.path.normcase(os.path.abspath(path)), os.path.normcase(os.path.abspath(root))
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


@contextlib.contextmanager
def user_dll_search(kernel32=None) -> Iterator[None]:
    """While the body starts a program: Windows' standard DLL search, without the frozen program's DLL
    directory, which the started program would inherit. The directory is set back afterwards (the
    running program still finds its own DLLs there). Elsewhere, or unfrozen, nothing happens.
    ``kernel32``: the functions to use (tests); Windows' own by default."""
    if kernel32 is None:
        if sys.platform != "win32" or not getattr(sys, "frozen", False):
            yield
            return
        kernel32 = _kernel32()
    import ctypes

    # One start at a time (a PDF is converted on a worker thread while the window may open a folder): one
    # start must not set the folder back while another is still under way.
    with _starting:
        buffer = ctypes.create_unicode_buffer(32768)
        previous = buffer.value if kernel32.GetDllDirectoryW(len(buffer), buffer) else None
        kernel32.SetDllDirectoryW(None)
        try:
            yield
        finally:
            if previous:
                kernel32.SetDllDirectoryW(previous)


def _kernel32():
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.GetDllDirectoryW.argtypes = [wintypes.DWORD, wintypes.LPWSTR]
    kernel32.GetDllDirectoryW.restype = wintypes.DWORD
    kernel32.SetDllDirectoryW.argtypes = [wintypes.LPCWSTR]
    kernel32.SetDllDirectoryW.restype = wintypes.BOOL
    return kernel32
