"""The exported .docx as PDF, through the office suite installed on the PC (LibreOffice), so that the
PDF matches the printed document page for page.

Office suites, as found on the clerks' PCs:
- LibreOffice (``soffice``): converts headless (``--convert-to pdf``) on Linux and Windows; the only
  one driven here. Found on PATH and in its usual install folders (:data:`LINUX_PLACES`,
  :func:`windows_places`).
- WPS Office: its Linux build (``wps``) has no command-line conversion; it can be driven only through
  its RPC SDK (pywpsrpc), which starts the WPS application itself and needs an X display, so it is not
  headless; on Windows only through COM automation (``KWps.Application``, needs pywin32). Not driven;
  not available on this build machine to try.
- Microsoft Word: COM automation (``Word.Application``, ``ExportAsFixedFormat``) on Windows only,
  needs pywin32 and an interactive session; Microsoft does not support it unattended. Not driven.

Each conversion runs in a throwaway LibreOffice profile (``-env:UserInstallation`` in a temporary
folder), so it never touches the user's own settings and never joins a LibreOffice the user has
open; in its own process group, so that a timeout or a cancel stops it with all its children; and
the temporary folder is removed whatever happens. PDFs are cached by the .docx's bytes: the same
document is converted once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from selfeval.domain.errors import UserError

DEFAULT_TIMEOUT_S = 120.0
CACHE_KEEP = 20  # PDFs kept in the cache, newest first
_POLL_S = 0.05  # how often a running conversion looks at the cancel flag

# Where LibreOffice installs itself on Linux when it is not on PATH (Debian/UOS/Kylin packages, the
# upstream .deb/.rpm under /opt, the UOS app store layout, snap and flatpak).
LINUX_PLACES = (
    "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/usr/lib64/libreoffice/program/soffice",
    "/opt/libreoffice*/program/soffice", "/opt/apps/org.libreoffice*/files/program/soffice",
    "/snap/bin/libreoffice", "/var/lib/flatpak/exports/bin/org.libreoffice.LibreOffice",
)


class ConvertError(UserError):
    """The PDF could not be made; ``str(err)`` says why in one Chinese sentence."""


class OfficeMissing(ConvertError):
    def __init__(self) -> None:
        super().__init__("找不到 LibreOffice，无法生成 PDF：请先安装 LibreOffice（统信 UOS、麒麟可从应用商店安装，"
                         "Windows 可从 libreoffice.org 下载），或先导出 Word 文档（.docx）再用 WPS 或 Word 另存为 PDF。")


class ConvertCancelled(ConvertError):
    def __init__(self) -> None:
        super().__init__("已取消生成 PDF。")


@dataclass(frozen=True)
class Converter:
    name: str
    program: Path


def windows_places(env: dict[str, str] | None = None) -> list[str]:
    env = os.environ if env is None else env
    roots = [env.get(k, "") for k in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432")]
    roots.append(os.path.join(env.get("LOCALAPPDATA", ""), "Programs") if env.get("LOCALAPPDATA") else "")
    return [os.path.join(root, "LibreOffice", "program", "soffice.exe") for root in roots if root]


def find_converter() -> Converter | None:
    """LibreOffice on PATH, else in its usual install folders; None when there is none."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Converter("LibreOffice", Path(found))
    if sys.platform == "win32":
        places = windows_places()
    else:
        from glob import glob

        places = [hit for pattern in LINUX_PLACES for hit in sorted(glob(pattern), reverse=True)]
    for place in places:
        if os.path.isfile(place) and os.access(place, os.X_OK):
            return Converter("LibreOffice", Path(place))
    return None


def default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("selfeval", appauthor=False)) / "pdf"


def docx_to_pdf(data: bytes, *, converter: Converter | None = None, timeout: float = DEFAULT_TIMEOUT_S,
                cancel: threading.Event | None = None, cache_dir: Path | None = None) -> bytes:
    """The PDF of the .docx ``data``. Raises :class:`OfficeMissing`, :class:`ConvertCancelled` (when
    ``cancel`` is set) or :class:`ConvertError` (a failed or hung conversion, stopped after
    ``timeout`` seconds)."""
    cache_dir = default_cache_dir() if cache_dir is None else cache_dir
    cached = cache_dir / f"{hashlib.sha256(data).hexdigest()}.pdf"
    hit = _read_cached(cached)
    if hit is not None:
        return hit
    converter = converter or find_converter()
    if converter is None:
        raise OfficeMissing()
    pdf = _convert(data, converter, timeout, cancel)
    _store(cached, pdf)
    return pdf


def _read_cached(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
        os.utime(path)  # newest first when the cache is trimmed
    except OSError:
        return None
    return data if data.startswith(b"%PDF") else None


def _store(path: Path, pdf: bytes) -> None:
    """Into the cache, atomically; a cache that cannot be written only costs a conversion next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pdf)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        old = sorted(path.parent.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)[CACHE_KEEP:]
        for stale in old:
            stale.unlink()
    except OSError:
        pass


def _convert(data: bytes, converter: Converter, timeout: float, cancel: threading.Event | None) -> bytes:
    with tempfile.TemporaryDirectory(prefix="selfeval-pdf-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        source = work / "report.docx"
        source.write_bytes(data)
        out = work / "out"
        cmd = [str(converter.program), "--headless", "--invisible", "--norestore", "--nolockcheck", "--nologo",
               "--nodefault", f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out), str(source)]
        with open(work / "soffice.log", "wb") as log:
            proc = _start(cmd, log, work)
            code = _wait(proc, timeout, cancel)
        _stop_leftovers(proc)
        pdf = out / "report.pdf"
        if code != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            raise ConvertError(f"{converter.name} 未能把文档转换为 PDF（退出状态 {code}）；"
                               "请确认 LibreOffice 可以正常打开该 Word 文档后重试。")
        result = pdf.read_bytes()
    if not result.startswith(b"%PDF"):
        raise ConvertError(f"{converter.name} 生成的文件不是 PDF，请重试。")
    return result


def _start(cmd: list[str], log, cwd: Path) -> subprocess.Popen:
    from selfeval.system.external_programs import environment, user_dll_search

    kwargs: dict = {"stdin": subprocess.DEVNULL, "stdout": log, "stderr": subprocess.STDOUT, "cwd": cwd,
                    "env": environment()}  # not the frozen program's own libraries
    if os.name == "posix":
        kwargs["start_new_session"] = True  # its own process group: a kill reaches every child
    else:
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW
    try:
        with user_dll_search():  # Windows: not the frozen program's DLL folder either
            return subprocess.Popen(cmd, **kwargs)
    except OSError as exc:
        from selfeval.domain.errors import os_error_reason

        raise ConvertError(f"无法启动 LibreOffice（{os_error_reason(exc)}）。") from None


def _wait(proc: subprocess.Popen, timeout: float, cancel: threading.Event | None) -> int:
    import time

    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                return proc.wait(timeout=_POLL_S)
            except subprocess.TimeoutExpired:
                pass
            if cancel is not None and cancel.is_set():
                raise ConvertCancelled()
            if time.monotonic() >= deadline:
                raise ConvertError(f"LibreOffice 在 {timeout:g} 秒内没有完成转换，已停止；请关闭其他程序后重试。")
    except BaseException:  # also Ctrl+C: the converter's own process group does not get the signal
        _kill(proc)
        raise


def _stop_leftovers(proc: subprocess.Popen) -> None:
    """Anything the finished converter left running in its process group (none, normally)."""
    if os.name == "posix":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _kill(proc: subprocess.Popen) -> None:
    """Stop the converter and every process it started."""
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True, check=False)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    proc.kill()
    proc.wait()
