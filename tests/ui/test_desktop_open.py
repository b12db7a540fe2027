"""Folders are shown in the file manager (导出 → 打开所在文件夹, 关于 → 数据文件夹): by Qt, or, in the frozen
program on Linux, by xdg-open started with the user's own environment (ui/widgets/desktop_open.py), so that
the file manager does not start with the bundle's libraries and Qt plugins."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices

from selfeval.ui.widgets import desktop_open
from stand_ins import recorded, recording_dll_search, recording_program


@pytest.fixture
def fake_xdg_open(tmp_path, monkeypatch) -> Path:
    """An xdg-open on PATH that records its argument and environment; the file it writes them to."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    seen = tmp_path / "seen"
    recording_program(bin_dir / "xdg-open", seen)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    return seen


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xdg-open: Linux")
def test_the_frozen_program_starts_xdg_open_with_the_users_environment(qtbot, tmp_path, monkeypatch, fake_xdg_open):
    bundle = tmp_path / "selfeval" / "_internal"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", str(bundle))
    monkeypatch.setenv("QT_PLUGIN_PATH", str(bundle / "PySide6" / "Qt" / "plugins"))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: pytest.fail("Qt would pass on the bundle's paths"))
    folder = tmp_path / "导出"
    folder.mkdir()
    assert desktop_open.open_with_desktop(folder)
    qtbot.waitUntil(fake_xdg_open.exists, timeout=10_000)
    args, env = recorded(fake_xdg_open)
    assert args == str(folder)
    assert "LD_LIBRARY_PATH" not in env and "QT_PLUGIN_PATH" not in env
    assert env["PATH"].startswith(str(fake_xdg_open.parent / "bin"))


def test_unfrozen_qt_opens_the_folder(tmp_path, monkeypatch, fake_xdg_open):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    assert desktop_open.open_with_desktop(tmp_path)
    assert opened == [str(tmp_path)] and not fake_xdg_open.exists()


def test_the_frozen_program_without_xdg_open_leaves_it_to_qt(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    assert not desktop_open.open_with_desktop(tmp_path)


def test_qt_opens_the_folder_without_the_frozen_programs_dll_folder(tmp_path, monkeypatch):
    """Windows: what Qt starts for the folder would inherit the bootloader's DLL folder; it is lifted
    around the call (external_programs.user_dll_search), and only around it."""
    events: list[str] = []
    monkeypatch.setattr(desktop_open, "user_dll_search", recording_dll_search(events))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: events.append("opened") or True)
    assert desktop_open.open_with_desktop(tmp_path)
    assert events == ["lifted", "opened", "set back"]
