"""Programs the app starts get the user's own environment, not the one the frozen program's start set for
itself (selfeval.system.external_programs): LibreOffice loaded the bundle's older C++ runtime and failed."""

from __future__ import annotations

import os
import threading

import pytest

import selfeval.system.external_programs as programs
from selfeval.system.external_programs import IM_MODULE_ORIG, environment, user_dll_search

BUNDLE = "/opt/apps/cn.gov.selfeval/files/_internal"


def frozen_env(**extra: str) -> dict[str, str]:
    env = {"HOME": "/home/clerk", "PATH": "/usr/bin", "LD_LIBRARY_PATH": BUNDLE,
           "QT_PLUGIN_PATH": f"{BUNDLE}/PySide6/Qt/plugins", "_PYI_ARCHIVE_FILE": "/opt/selfeval-gui",
           "_PYI_PARENT_PROCESS_LEVEL": "-1"}
    env.update(extra)
    return env


def test_unfrozen_the_environment_is_passed_on_unchanged():
    env = frozen_env()
    assert environment(env, frozen_root="") == env
    assert environment() == dict(os.environ)  # this test run is not frozen


def test_frozen_the_bundles_library_path_plugins_and_marks_are_gone():
    out = environment(frozen_env(), frozen_root=BUNDLE)
    assert out == {"HOME": "/home/clerk", "PATH": "/usr/bin"}


def test_the_users_own_library_path_comes_back():
    out = environment(frozen_env(LD_LIBRARY_PATH_ORIG="/usr/local/lib"), frozen_root=BUNDLE)
    assert out["LD_LIBRARY_PATH"] == "/usr/local/lib" and "LD_LIBRARY_PATH_ORIG" not in out


def test_the_users_own_plugin_folders_stay():
    mixed = os.pathsep.join([f"{BUNDLE}/PySide6/Qt/plugins", "/usr/lib/qt5/plugins-extra", BUNDLE])
    out = environment(frozen_env(QT_PLUGIN_PATH=mixed), frozen_root=BUNDLE)
    assert out["QT_PLUGIN_PATH"] == "/usr/lib/qt5/plugins-extra"
    # a folder that only begins like the bundle's is not inside it
    out = environment(frozen_env(QT_PLUGIN_PATH=f"{BUNDLE}-old/plugins"), frozen_root=BUNDLE)
    assert out["QT_PLUGIN_PATH"] == f"{BUNDLE}-old/plugins"


def test_the_users_input_method_comes_back():
    out = environment(frozen_env(QT_IM_MODULE="ibus", **{IM_MODULE_ORIG: "fcitx"}), frozen_root=BUNDLE)
    assert out["QT_IM_MODULE"] == "fcitx" and IM_MODULE_ORIG not in out
    assert environment(frozen_env(QT_IM_MODULE="fcitx"), frozen_root=BUNDLE)["QT_IM_MODULE"] == "fcitx"


def test_the_running_program_keeps_its_own():
    env = frozen_env()
    environment(env, frozen_root=BUNDLE)
    assert env == frozen_env()  # a copy is changed, not the process's environment


def test_bundle_folders_leave_the_search_path_the_users_stay():
    path = os.pathsep.join([f"{BUNDLE}/PySide6", "/usr/local/bin", BUNDLE, "/usr/bin"])
    out = environment(frozen_env(PATH=path), frozen_root=BUNDLE)
    assert out["PATH"] == os.pathsep.join(["/usr/local/bin", "/usr/bin"])
    windows = {k: v for k, v in frozen_env().items() if k != "PATH"} | {"Path": f"/usr/bin{os.pathsep}{BUNDLE}"}
    assert environment(windows, frozen_root=BUNDLE)["Path"] == "/usr/bin"  # Windows spells it "Path"


class FakeKernel32:
    """Windows' GetDllDirectoryW/SetDllDirectoryW over one value, recording what was set."""

    def __init__(self, directory: str | None) -> None:
        self.directory, self.set_to = directory, []

    def GetDllDirectoryW(self, size: int, buffer) -> int:  # noqa: N802 - the Win32 name
        if not self.directory:
            return 0
        buffer.value = self.directory
        return len(self.directory)

    def SetDllDirectoryW(self, directory: str | None) -> int:  # noqa: N802 - the Win32 name
        self.directory = directory
        self.set_to.append(directory)
        return 1


def test_a_program_is_started_without_the_frozen_programs_dll_folder_which_comes_back_afterwards():
    folder = r"C:\Program Files\绩效自评编制工具\_internal"
    kernel32 = FakeKernel32(folder)
    with user_dll_search(kernel32):
        assert kernel32.directory is None  # what a program started now inherits: Windows' standard search
    assert kernel32.directory == folder and kernel32.set_to == [None, folder]
    with pytest.raises(OSError), user_dll_search(kernel32):
        raise OSError("the program could not be started")
    assert kernel32.directory == folder  # set back even then
    never_set = FakeKernel32(None)
    with user_dll_search(never_set):
        pass
    assert never_set.set_to == [None]


def test_unfrozen_or_off_windows_the_dll_search_is_left_alone(monkeypatch):
    def no_kernel32():
        pytest.fail("Windows' DLL search touched")

    monkeypatch.setattr(programs, "_kernel32", no_kernel32)
    with user_dll_search():
        pass
    monkeypatch.setattr(programs.sys, "frozen", True, raising=False)
    with user_dll_search():  # frozen, but not Windows
        pass


def test_one_start_at_a_time_so_that_none_sets_the_folder_back_while_another_is_under_way():
    """A PDF is converted on a worker thread while the window may open a folder: a second start waits."""

    def another_thread_could_start() -> bool:
        got = []

        def attempt():
            got.append(programs._starting.acquire(blocking=False))
            if got[0]:
                programs._starting.release()

        thread = threading.Thread(target=attempt)
        thread.start()
        thread.join()
        return got[0]

    kernel32 = FakeKernel32(r"C:\selfeval\_internal")
    with user_dll_search(kernel32):
        assert not another_thread_could_start()
        with user_dll_search(kernel32):  # the same thread may nest
            assert kernel32.directory is None
    assert another_thread_could_start() and kernel32.directory == r"C:\selfeval\_internal"
