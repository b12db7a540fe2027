"""The font families installed on this PC, for the CLI (the window asks Qt): fontconfig's ``fc-list`` where
it exists (Linux, the fonts LibreOffice sees too), the registry's font list on Windows. None when it
cannot be told, and then nothing is said or substituted."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from selfeval.system.external_programs import environment


def installed_families() -> list[str] | None:
    if sys.platform == "win32":
        return _windows_families()
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        done = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=20, env=environment())
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    families = {name.strip() for line in done.stdout.splitlines() for name in line.split(",")}
    return sorted(f for f in families if f)


def _windows_families() -> list[str] | None:  # pragma: no cover - Windows only
    import winreg

    families: set[str] = set()
    for root in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            key = winreg.OpenKey(root, r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts")
        except OSError:
            continue
        with key:
            index = 0
            while True:
                try:
                    name, _value, _kind = winreg.EnumValue(key, index)
                except OSError:
                    break
                index += 1
                # "仿宋_GB2312 (TrueType)", "SimSun & NSimSun (TrueType)"
                name = re.sub(r"\s*\([^)]*\)\s*$", "", name)
                families.update(part.strip() for part in name.split("&") if part.strip())
    return sorted(families) if families else None
