"""Chinese input in the FROZEN app on Linux (issue 6, item 4), typed through a real input-method daemon.

Each case runs the frozen window on a private Xvfb screen with a D-Bus session bus of its own and an
input-method daemon, closes the one-time notice about missing official fonts, focuses the 标题 field
(Alt+T on the 基本信息 tab the window opens on), types "nihao" and a space with xdotool as a clerk would,
waits for the autosave, then reads the title back through the frozen CLI's export: it must be 你好.

- fcitx 4 (UOS 20, Kylin V10): through fcitx5-qt's Qt 6 plugin built by installer/linux/fcitx/build.sh
  (cached in ~/.cache/selfeval-build/fcitx, shared by every clone on the machine; a clean build takes 5 to 7
  minutes on two cores), copied into a hard-linked
  copy of the frozen bundle, where the bundle build puts it.
- fcitx5: through the same plugin, committing a quick phrase of the user's ("nihao" → 你好, started with
  Super+`): Debian's fcitx5 pinyin cannot be installed beside fcitx 4's (conflicting data packages).
- ibus: through Qt's own ibus plugin, which PySide6 ships.
- the same fcitx 4 desktop with today's bundle (no fcitx plugin) gives Latin letters only: the case the
  plugin fixes, and the proof that the check above can fail.

Not proved here: 搜狗输入法 and the desktops' own 系统拼音 (not in Debian; both are fcitx 4 input methods, so
they reach the app through the same daemon and plugin as fcitx 4's pinyin), and fcitx5's pinyin.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from frozen_build import _ENV_AT_START
from im_desktop import (desktop, fcitx4, fcitx4_activate, fcitx5, fcitx5_focused, focus_window, ibus, ibus_activate,
                        keys, type_text, visible_window, wait_until)
from selfeval.domain.official_fonts import NOTICE_TITLE

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "installer" / "linux" / "fcitx" / "build.sh"
PLUGIN_NAME = "libfcitx5platforminputcontextplugin.so"
IBUS_PLUGIN_NAME = "libibusplatforminputcontextplugin.so"
PLUGIN_DIR = Path("_internal", "PySide6", "Qt", "plugins", "platforminputcontexts")
BUILD_TIMEOUT_S = 1800
RUN_TIMEOUT_S = 60
WINDOW = "绩效自评编制工具"
CJK = re.compile(r"[\u4e00-\u9fff]")
GLIBC_FLOOR = (2, 28)
ALLOWED_NEEDED = re.compile(r"libQt6(Core|Gui|DBus|Widgets)\.so\.6|libxkbcommon\.so\.0|libxcb\.so\.1|libgcc_s\.so\.1"
                            r"|libc\.so\.6|ld-linux-x86-64\.so\.2")

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux input methods")


@pytest.fixture(scope="session")
def fcitx_plugin() -> Path:
    """The plugin from installer/linux/fcitx/build.sh: reused from the machine's cache, else built once
    into it (the environment as the run began: never a temporary XDG_CACHE_HOME a fixture may have set)."""
    env = dict(_ENV_AT_START, PYTHON=sys.executable)
    result = subprocess.run(["bash", str(BUILD_SCRIPT)], cwd=ROOT, capture_output=True, text=True,
                            encoding="utf-8", errors="replace", timeout=BUILD_TIMEOUT_S, env=env)
    assert result.returncode == 0, f"build.sh failed ({result.returncode}):\n{result.stderr[-4000:]}"
    plugin = Path(result.stdout.strip().splitlines()[-1])
    assert plugin.name == PLUGIN_NAME and plugin.is_file(), result.stdout
    machine_cache = Path(env.get("SELFEVAL_FCITX_BUILD")
                         or Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "selfeval-build" / "fcitx")
    assert plugin.parent.resolve() == machine_cache.resolve(), "built into the machine's cache, reused next run"
    return plugin


def _linked_copy(source: Path, target: Path) -> None:
    """A copy of the bundle that costs no disk: hard links (a plain copy across file systems)."""
    def link(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    shutil.copytree(source, target, symlinks=True, copy_function=link)


@pytest.fixture(scope="session")
def bundle_with_plugin(frozen, fcitx_plugin, tmp_path_factory) -> Path:
    """The frozen bundle with the plugin where the bundle build puts it. New files only: the hard-linked
    files of the cached build are never written."""
    app_dir = tmp_path_factory.mktemp("bundle") / "selfeval"
    _linked_copy(frozen.app_dir, app_dir)
    plugins = app_dir / PLUGIN_DIR
    assert (plugins / IBUS_PLUGIN_NAME).is_file(), sorted(p.name for p in plugins.iterdir())
    shutil.copyfile(fcitx_plugin, plugins / PLUGIN_NAME)
    return app_dir


def _cli(app_dir: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([str(app_dir / "selfeval"), *args], env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=RUN_TIMEOUT_S)
    assert result.returncode == 0, result.stderr
    return result


PINYIN = (("type", "nihao"), ("key", "space"))
QUICK_PHRASE = (("key", "super+grave"), ("type", "nihao"), ("key", "1"))


def _close_fonts_notice(session: dict[str, str], settings: Path, window: subprocess.Popen) -> None:
    """On a PC without the official fonts the window opens a one-time notice after its first paint, having
    first noted the missing fonts in its settings: a clerk closes it (Return: 知道了) before typing."""
    def noted() -> str | None:
        found = re.search(r"^notified_missing=(.*)$", settings.read_text("utf-8") if settings.exists() else "", re.M)
        return found.group(1).strip() if found else None
    wait_until(lambda: window.poll() is not None or noted() is not None, "the window's check of the official fonts")
    if not noted():
        return
    focus_window(session, NOTICE_TITLE, window)
    keys(session, "Return")
    wait_until(lambda: visible_window(session, NOTICE_TITLE) is None, "the fonts notice closed")


def _type_nihao(app_dir: Path, env: dict[str, str], tmp_path: Path, daemon, activate, im_module: str,
                strokes=PINYIN) -> tuple[str, str]:
    """Types "nihao" (and a space, or what ``strokes`` says) into the 标题 field of the frozen window;
    returns (the exported title, the window's QT_DEBUG_PLUGINS output)."""
    db = tmp_path / "im.db"
    _cli(app_dir, env, "--db", str(db), "sample")
    logs = tmp_path / "logs"
    window_log = logs / "window.log"
    with desktop(env, logs) as session, daemon(session, logs):
        config = tmp_path / "config"
        window_env = dict(session, QT_IM_MODULE=im_module, QT_DEBUG_PLUGINS="1", SELFEVAL_CONFIG_DIR=str(config))
        with open(window_log, "wb") as out:
            window = subprocess.Popen([str(app_dir / "selfeval-gui"), "--db", str(db)], env=window_env,
                                      stdout=out, stderr=subprocess.STDOUT)
        try:
            _close_fonts_notice(session, config / "selfeval.ini", window)
            focus_window(session, WINDOW, window)
            keys(session, "alt+t")
            if activate is not None:
                activate(session)
            for kind, what in strokes:
                (type_text if kind == "type" else keys)(session, what)
            wait_until(lambda: "修改标题" in _cli(app_dir, env, "--db", str(db), "history", "1").stdout,
                       "the typed title saved")
        finally:
            window.terminate()
            window.wait(timeout=RUN_TIMEOUT_S)
    out = tmp_path / "im.docx"
    _cli(app_dir, env, "--db", str(db), "export", "1", "-o", str(out))
    return docx.Document(str(out)).core_properties.title, window_log.read_text("utf-8", "replace")


LOADED = re.compile(r'^qt\.core\.library: "([^"]*/platforminputcontexts/[^"]+)" loaded library', re.M)


def _loaded_input_contexts(log: str) -> list[str]:
    """The input-context plugins QT_DEBUG_PLUGINS says were loaded (not the "unloaded library" lines at exit)."""
    return [Path(path).name for path in LOADED.findall(log)]


def test_plugin_needs_glibc_2_28_and_no_system_libstdcxx(fcitx_plugin):
    """Kylin V10 and UOS 20 have glibc 2.28; the plugin carries its own libstdc++ (static), so it asks
    the system for no GLIBCXX/CXXABI version, and needs no library beyond Qt's and X's."""
    symbols = subprocess.run(["objdump", "-T", str(fcitx_plugin)], capture_output=True, text=True, check=True).stdout
    glibc = {tuple(int(n) for n in v.split(".")) for v in re.findall(r"\(GLIBC_([0-9.]+)\)", symbols)}
    newest = max(glibc)
    print(f"fcitx plugin: newest GLIBC symbol version {'.'.join(map(str, newest))}")
    assert newest <= GLIBC_FLOOR
    assert not re.findall(r"\((?:GLIBCXX|CXXABI)_[0-9.]+\)", symbols)
    dynamic = subprocess.run(["objdump", "-p", str(fcitx_plugin)], capture_output=True, text=True, check=True).stdout
    needed = re.findall(r"NEEDED\s+(\S+)", dynamic)
    assert needed and all(ALLOWED_NEEDED.fullmatch(name) for name in needed), needed
    assert "RPATH" not in dynamic and "RUNPATH" not in dynamic
    exported = [line.split()[-1] for line in symbols.splitlines() if " .text" in line]
    assert sorted(exported) == ["qt_plugin_instance", "qt_plugin_query_metadata_v2"]


def test_fcitx4_commits_chinese_through_the_bundled_plugin(bundle_with_plugin, env, tmp_path):
    title, log = _type_nihao(bundle_with_plugin, env, tmp_path, fcitx4, fcitx4_activate, "fcitx")
    assert PLUGIN_NAME in _loaded_input_contexts(log), log[-3000:]
    assert title == "你好", log[-3000:]


def test_fcitx5_commits_chinese_through_the_bundled_plugin(bundle_with_plugin, env, tmp_path):
    title, log = _type_nihao(bundle_with_plugin, env, tmp_path, fcitx5, fcitx5_focused, "fcitx", QUICK_PHRASE)
    assert PLUGIN_NAME in _loaded_input_contexts(log), log[-3000:]
    assert title == "你好", log[-3000:]


def test_ibus_commits_chinese_through_qts_ibus_plugin(bundle_with_plugin, env, tmp_path):
    title, log = _type_nihao(bundle_with_plugin, env, tmp_path, ibus, ibus_activate, "ibus")
    assert _loaded_input_contexts(log) == [IBUS_PLUGIN_NAME], log[-3000:]
    assert title == "你好", log[-3000:]


def test_without_the_plugin_fcitx4_gives_latin_letters_only(frozen, env, tmp_path):
    """Today's bundle on a fcitx 4 desktop: no input context reaches fcitx, so pinyin is never turned
    into Chinese (what clerks on UOS 20 and Kylin V10 met)."""
    assert not (frozen.app_dir / PLUGIN_DIR / PLUGIN_NAME).exists()
    title, log = _type_nihao(frozen.app_dir, env, tmp_path, fcitx4, None, "fcitx")
    assert PLUGIN_NAME not in _loaded_input_contexts(log)
    assert "nihao" in title and not CJK.search(title), title
