"""A private desktop for the input-method tests: an Xvfb screen, a D-Bus session bus of its own, an
input-method daemon on both (fcitx 4 with its pinyin, fcitx5 with a quick phrase, or ibus with libpinyin),
and xdotool to type.

Every step waits for the state it needs (the daemon answering, the input context focused, the window
mapped), never for a fixed time.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FCITX5_UNPACKED = ROOT / "build" / "fcitx5-daemon" / "root" / "usr" / "bin"  # see scripts/bootstrap.sh
STEP_TIMEOUT_S = 30
WAIT_S = 45.0
TOOLS = ("Xvfb", "dbus-daemon", "xdotool")


def wait_until(check: Callable[[], bool], what: str, timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:.0f} s waiting for: {what}")
        time.sleep(0.1)


def need(*tools: str) -> None:
    missing = [tool for tool in (*TOOLS, *tools) if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run scripts/bootstrap.sh (its input-method group)")


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=STEP_TIMEOUT_S)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STEP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def _started(args: list[str], env: dict[str, str], log: Path, **popen) -> Iterator[subprocess.Popen]:
    with open(log, "ab") as out:
        process = subprocess.Popen(args, env=env, stdout=popen.pop("stdout", out), stderr=out, **popen)
    try:
        yield process
    finally:
        _stop(process)


def _first_line(process: subprocess.Popen, what: str) -> str:
    line = process.stdout.readline().strip()
    if not line:
        raise AssertionError(f"{what} did not start")
    return line


@contextlib.contextmanager
def desktop(env: dict[str, str], logs: Path) -> Iterator[dict[str, str]]:
    """An X screen and a session bus; yields ``env`` with DISPLAY and DBUS_SESSION_BUS_ADDRESS set."""
    logs.mkdir(parents=True, exist_ok=True)
    read_fd, write_fd = os.pipe()
    with open(logs / "xvfb.log", "ab") as out:
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1366x768x24",
                                 "-nolisten", "tcp"], pass_fds=(write_fd,), stdout=out, stderr=out)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number.isdigit():
            raise AssertionError("Xvfb did not report its display number")
        with _started(["dbus-daemon", "--session", "--nofork", "--print-address=1"], env,
                      logs / "dbus.log", stdout=subprocess.PIPE, text=True) as bus:
            address = _first_line(bus, "dbus-daemon")
            yield dict(env, DISPLAY=f":{number}", DBUS_SESSION_BUS_ADDRESS=address)
    finally:
        _stop(xvfb)


@contextlib.contextmanager
def fcitx4(env: dict[str, str], logs: Path) -> Iterator[None]:
    """fcitx 4 (what UOS 20 and Kylin V10 run) with its own pinyin as the second input method."""
    need("fcitx", "fcitx-remote")
    profile = Path(env["XDG_CONFIG_HOME"]) / "fcitx" / "profile"
    profile.parent.mkdir(parents=True, exist_ok=True)
    profile.write_text("[Profile]\nIMName=pinyin\nEnabledIMList=fcitx-keyboard-us:True,pinyin:True\n", "utf-8")
    with _started(["fcitx", "-D", "-r", "-s", "0"], env, logs / "fcitx.log"):
        wait_until(lambda: fcitx4_state(env) is not None, "fcitx 4 answering fcitx-remote")
        yield


def fcitx4_state(env: dict[str, str]) -> str | None:
    """fcitx-remote's answer for the focused input context: 0 none/closed, 1 inactive, 2 active."""
    result = run(["fcitx-remote"], env)
    return result.stdout.strip() if result.returncode == 0 else None


def fcitx4_activate(env: dict[str, str]) -> None:
    """Turns the focused input context to pinyin, once the app's input context has the focus."""
    wait_until(lambda: fcitx4_state(env) in ("1", "2"), "an input context of the app focused in fcitx 4")
    run(["fcitx-remote", "-o"], env)
    wait_until(lambda: fcitx4_state(env) == "2", "fcitx 4 active on the focused input context")


def _fcitx5_tool(name: str) -> str:
    unpacked = FCITX5_UNPACKED / name
    found = str(unpacked) if unpacked.is_file() else shutil.which(name)
    if found is None:
        pytest.fail(f"missing {name}: run scripts/bootstrap.sh (it unpacks fcitx5 into build/fcitx5-daemon)")
    return found


@contextlib.contextmanager
def fcitx5(env: dict[str, str], logs: Path) -> Iterator[None]:
    """fcitx5 with its own keyboard engine and one quick phrase of the user's, "nihao" → 你好 (Debian's
    fcitx5 pinyin conflicts with fcitx 4's data); Super+` starts a quick phrase."""
    phrases = Path(env["XDG_DATA_HOME"]) / "fcitx5" / "data" / "QuickPhrase.mb"
    phrases.parent.mkdir(parents=True, exist_ok=True)
    phrases.write_text("nihao 你好\n", "utf-8")
    with _started([_fcitx5_tool("fcitx5"), "-r"], env, logs / "fcitx5.log"):
        wait_until(lambda: fcitx5_state(env) is not None, "fcitx5 answering fcitx5-remote")
        yield


def fcitx5_state(env: dict[str, str]) -> str | None:
    result = run([_fcitx5_tool("fcitx5-remote")], env)
    return result.stdout.strip() if result.returncode == 0 else None


def fcitx5_focused(env: dict[str, str]) -> None:
    wait_until(lambda: fcitx5_state(env) in ("1", "2"), "an input context of the app focused in fcitx5")


@contextlib.contextmanager
def ibus(env: dict[str, str], logs: Path) -> Iterator[None]:
    """ibus (its own bus, found through $XDG_CONFIG_HOME/ibus/bus) with libpinyin installed."""
    need("ibus-daemon", "ibus")
    with _started(["ibus-daemon", "--xim=false", "--panel=disable", "--emoji-extension=disable", "-r"],
                  env, logs / "ibus.log"):
        wait_until(lambda: run(["ibus", "list-engine"], env).returncode == 0, "ibus answering")
        yield


def _ibus_engine_is(env: dict[str, str], name: str) -> bool:
    run(["ibus", "engine", name], env)  # its exit code is 1 while the engine is still starting
    return run(["ibus", "engine"], env).stdout.strip() == name


def ibus_activate(env: dict[str, str]) -> None:
    """Makes libpinyin the global engine, which the focused input context uses."""
    wait_until(lambda: _ibus_engine_is(env, "libpinyin"), "ibus engine libpinyin")


def visible_window(env: dict[str, str], title: str) -> str | None:
    result = run(["xdotool", "search", "--onlyvisible", "--name", title], env)
    ids = result.stdout.split()
    return ids[0] if result.returncode == 0 and ids else None


def focus_window(env: dict[str, str], title: str, app: subprocess.Popen) -> None:
    wait_until(lambda: app.poll() is not None or visible_window(env, title) is not None, f"window {title!r}")
    assert app.poll() is None, f"the app exited with {app.returncode}"
    window = visible_window(env, title)
    result = run(["xdotool", "windowfocus", "--sync", window], env)
    assert result.returncode == 0, result.stderr


def keys(env: dict[str, str], *names: str) -> None:
    result = run(["xdotool", "key", "--delay", "30", *names], env)
    assert result.returncode == 0, result.stderr


def type_text(env: dict[str, str], text: str) -> None:
    result = run(["xdotool", "type", "--delay", "30", text], env)
    assert result.returncode == 0, result.stderr
