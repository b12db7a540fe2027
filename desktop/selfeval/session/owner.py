"""One owner per database file: the running window. Who holds a file, and how to hand a request to it.

The window that opens a database for writing holds ``<db>.lock`` (a ``QLockFile``, ``ui.app.instance_lock``)
and listens on a local channel keyed by the database's path. Both are read here without Qt, so that the
command line can ask too:

- ``window_holder(db)``: the window holding the file (its pid, its computer), or None. A lock left by a
  crashed or killed window is stale and counts as none: on this computer when its process is gone or the
  computer restarted since (Qt's own rules: the lock names the process, the computer and the boot), from
  another computer (a shared folder) when it is older than ``STALE_SECONDS`` (a live window touches it every
  10 s).
- ``hand_over(db, request)``: a second start of the program (a double-click on a .selfeval file, the menu,
  ``selfeval --open FILE``) gives its request to the running window, which comes to the front and does it;
  True when the window took it.

The channel is a Unix-domain socket in a folder of the user's own (``XDG_RUNTIME_DIR`` or the temp folder,
mode 0700), or, where Python has none (Windows), a loopback TCP port written into such a folder. A request is
one line of JSON; the window answers one line (``{"ok": true, "pid": …}``).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import NamedTuple

try:  # the same SHA-1 as hashlib's, without loading OpenSSL (a start of the program)
    from _sha1 import sha1
except ImportError:  # pragma: no cover
    from hashlib import sha1

LOCK_SUFFIX = ".lock"
STALE_SECONDS = 60  # a live window touches its lock every 10 s (instance_lock.REFRESH_MS)
HAND_OVER_TIMEOUT_S = 3.0
MAX_REQUEST_BYTES = 64 * 1024


class Holder(NamedTuple):
    pid: int
    host: str
    here: bool  # on this computer

    def describe(self) -> str:
        return f"进程 {self.pid}" if self.here else f"电脑“{self.host}”上的进程 {self.pid}"


def lock_path(db_path: Path) -> Path:
    return Path(str(db_path) + LOCK_SUFFIX)


def _read_first_line(path: str) -> str:
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            return f.readline().strip()
    except OSError:
        return ""


def _machine_id() -> str:
    if sys.platform.startswith("linux"):
        return _read_first_line("/etc/machine-id") or _read_first_line("/var/lib/dbus/machine-id")
    return ""


def _boot_id() -> str:
    if sys.platform.startswith("linux"):
        return _read_first_line("/proc/sys/kernel/random/boot_id")
    return ""


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform.startswith("win"):
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # somebody else's process: alive
        return True
    except OSError:
        return False
    return True


def window_holder(db_path: Path) -> Holder | None:
    """The window that has ``db_path`` open for writing, or None (no lock, or a stale one)."""
    path = lock_path(db_path)
    try:
        with open(path, "rb") as f:
            data = f.read(4096)
        age = time.time() - os.stat(path).st_mtime
    except OSError:
        return None
    lines = data.decode("utf-8", "replace").split("\n")
    try:
        pid = int(lines[0].strip())
    except (ValueError, IndexError):
        return None
    host = lines[2].strip() if len(lines) > 2 else ""
    machine = lines[3].strip() if len(lines) > 3 else ""
    boot = lines[4].strip() if len(lines) > 4 else ""
    import socket

    here_machine = _machine_id()
    here = host == socket.gethostname() and (not machine or not here_machine or machine == here_machine)
    if here:
        current_boot = _boot_id()
        if boot and current_boot and boot != current_boot:
            return None  # the computer restarted since: that window is gone
        if not _alive(pid) or age > STALE_SECONDS:
            return None
        return Holder(pid, host, True)
    return Holder(pid, host, False) if age <= STALE_SECONDS else None


# ---------------------------------------------------------------- the channel

def _key(db_path: Path) -> str:
    resolved = str(Path(db_path).expanduser().resolve())
    return sha1(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:20]


def channel_folder(create: bool = False) -> Path:
    """The folder, only this user's, of the channels' sockets (``create``: made, and checked to be the user's
    own and closed to others, as the window does before it listens)."""
    # The temp folder as tempfile names it, without loading tempfile (random, shutil…) on every start.
    base = next((os.environ[name] for name in ("XDG_RUNTIME_DIR", "TMPDIR", "TEMP", "TMP") if os.environ.get(name)),
                "/tmp" if os.name == "posix" else str(Path.home()))
    user = os.getuid() if hasattr(os, "getuid") else (os.environ.get("USERNAME") or "user")
    folder = Path(base) / f"selfeval-{user}"
    if create:
        folder.mkdir(mode=0o700, exist_ok=True)
        if hasattr(os, "getuid"):
            st = folder.stat()
            if st.st_uid != os.getuid():
                raise OSError(f"{folder} belongs to another user")
            if st.st_mode & 0o077:
                os.chmod(folder, 0o700)
    return folder


UNIX = os.name == "posix"  # Unix-domain sockets (Python on Windows has none: a loopback port instead)


def channel_address(db_path: Path, create: bool = False) -> Path:
    """The socket's path (Unix), or the file holding the port (elsewhere)."""
    return channel_folder(create) / (_key(db_path) + (".sock" if UNIX else ".port"))


def connect(db_path: Path, timeout: float):
    """A connection to the window listening for ``db_path``, or None. No window: nothing there to connect to
    (checked without loading the socket module, which a usual start does not need)."""
    try:
        address = channel_address(db_path)
        if not address.exists():
            return None
        import socket

        if UNIX:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            try:
                sock.connect(str(address))
            except OSError:
                sock.close()
                return None
            return sock
        port = int(address.read_text(encoding="ascii").strip())
        return socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except (OSError, ValueError):
        return None


def read_line(sock) -> bytes | None:
    data = b""
    while b"\n" not in data:
        try:
            chunk = sock.recv(4096)
        except OSError:
            return None
        if not chunk:
            break
        data += chunk
        if len(data) > MAX_REQUEST_BYTES:
            return None
    return data.split(b"\n", 1)[0] if data else None


def hand_over(db_path: Path, request: dict, timeout: float = HAND_OVER_TIMEOUT_S) -> dict | None:
    """Gives ``request`` ({"open": exchange file or None, "report": id or None}) to the window that has
    ``db_path`` open; its answer ({"ok": true, "pid": …}), or None when no window took it."""
    sock = connect(db_path, timeout)
    if sock is None:
        return None
    try:
        sock.sendall(json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n")
        line = read_line(sock)
    except OSError:
        return None
    finally:
        sock.close()
    try:
        answer = json.loads(line.decode("utf-8")) if line else None
    except (UnicodeDecodeError, ValueError):
        return None
    return answer if isinstance(answer, dict) and answer.get("ok") else None


def listening_socket(db_path: Path):
    """The window's end of the channel, bound and listening, non-blocking (a stale socket of a crashed
    window is replaced). Raises OSError when it cannot be made."""
    import socket

    address = channel_address(db_path, create=True)
    if UNIX:
        try:
            address.unlink()
        except FileNotFoundError:
            pass
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(str(address))
        os.chmod(address, 0o600)
    else:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        address.write_text(str(sock.getsockname()[1]), encoding="ascii")
    sock.listen(8)
    sock.setblocking(False)
    return sock


def remove_address(db_path: Path) -> None:
    try:
        channel_address(db_path).unlink()
    except OSError:
        pass


def answer(conn) -> dict | None:
    """Reads one request from a connection the window accepted and answers it; the request, or None."""
    try:
        conn.settimeout(1.0)
        line = read_line(conn)
        request = json.loads(line.decode("utf-8")) if line else None
        if not isinstance(request, dict):
            return None
        conn.sendall(json.dumps({"ok": True, "pid": os.getpid()}).encode("utf-8") + b"\n")
        return request
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    finally:
        conn.close()
