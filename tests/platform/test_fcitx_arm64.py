"""The arm64 fcitx input-method plugin (issue 25): built by installer/linux/fcitx/build.sh --arch arm64 for
PySide6 6.8.0.2's aarch64 Qt, it needs nothing above GLIBC_2.31 and no GLIBCXX/CXXABI, and Qt loads it under
qemu in a Debian 11 arm64 root for QT_IM_MODULE=fcitx: the factory makes fcitx5-qt's input context, which
opens its own D-Bus connection. How: fcitx_arm64_check.py. The root, the wheels and the build are cached, so
a second run takes seconds (4 s measured); a first one about 6 minutes on two shared cores (debootstrap and
the wheels 3 min, the build 3 min)."""

from __future__ import annotations

import pytest

import fcitx_arm64_check as check

pytestmark = [pytest.mark.slow, pytest.mark.timeout(3600)]

REASON = check.missing_prerequisite()


@pytest.fixture(scope="module")
def arm64_root():
    if REASON:
        pytest.skip(REASON)
    return check.arm64_root(check.cache_dir())


@pytest.fixture(scope="module")
def plugin(arm64_root):
    built, _messages = check.build_plugin(arm64_root)
    return built


def test_arm64_plugin_needs_at_most_glibc_2_31_and_no_system_libstdcxx(plugin):
    found = check.floor(plugin)
    assert found.machine == "aarch64"
    assert found.newest_glibc <= check.GLIBC_FLOOR, found.newest_glibc
    assert found.cxx_versions == []
    assert set(found.needed) <= {"libQt6Core.so.6", "libQt6Gui.so.6", "libQt6DBus.so.6", "libQt6Widgets.so.6",
                                 "libxkbcommon.so.0", "libxcb.so.1", "libgcc_s.so.1", "libc.so.6"}, found.needed
    print(f"arm64 fcitx plugin: newest GLIBC_{'.'.join(map(str, found.newest_glibc))}, {plugin.stat().st_size} bytes")


def test_qt_loads_the_arm64_plugin_under_qemu_and_its_factory_makes_the_input_context(arm64_root, plugin):
    loaded = check.run_probe(arm64_root, plugin)
    assert loaded.probe["qt"] == "6.8.0" and loaded.probe["platform"] == "offscreen"
    loaded_line = f'{check.PLUGIN_NAME}" loaded library'
    assert any(line.endswith(loaded_line) for line in loaded.plugin_lines), loaded.stderr[-3000:]
    assert any('QList("fcitx", "fcitx5")' in line for line in loaded.plugin_lines), loaded.plugin_lines
    # Only QFcitxPlatformInputContext's constructor opens a connection named "fcitx": the factory ran.
    assert loaded.probe["fcitx_connection"] == "fcitx" and loaded.probe["connected"], loaded.probe
    assert loaded.probe["unique_name"].startswith(":")

    control = check.run_probe(arm64_root, None)
    assert control.probe["fcitx_connection"] == "" and not control.plugin_lines, control.probe
    print("arm64 fcitx plugin loaded under qemu:", *loaded.plugin_lines, loaded.probe, sep="\n  ")
