"""Programs the app starts get the user's own environment, not the one the frozen program's start set for
itself (selfeval.external_programs): LibreOffice loaded the bundle's older C++ runtime and failed."""

from __future__ import annotations

import os

from selfeval.external_programs import IM_MODULE_ORIG, environment

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
