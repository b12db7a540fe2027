"""A PC with no font that writes Chinese (minimal and English installs): the window starts, tells the user
what to install, exports, and closes cleanly, from a checkout and from the frozen build.

The fonts come from a private fontconfig (FONTCONFIG_FILE) whose only folder holds links to this machine's
fonts that fontconfig does not list for Chinese (DejaVu, Liberation, ...). Before the fix the first start
died with SIGSEGV (exit 139) in the fonts notice (``QRawFont.familyName()``), and the next one reported
「上次未正常关闭」.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document

from selfeval.domain.official_fonts import NOTICE_TITLE
from selfeval.ui.app.run_marker import MARKER_FOLDER, UNCLEAN_TITLE

pytestmark = pytest.mark.slow

DRIVER = Path(__file__).with_name("window_driver.py")
SELFEVAL = Path(sys.executable).with_name("selfeval")
TIMEOUT_S = 180


def _fc_files(*pattern: str) -> set[str]:
    listed = subprocess.run(["fc-list", *(pattern or (":",)), "file"], capture_output=True, text=True, check=True).stdout
    return {line.split(":")[0].strip() for line in listed.splitlines() if line.strip()}


@pytest.fixture(scope="module")
def latin_only_fonts(tmp_path_factory) -> Path:
    """A fonts.conf with only the fonts that cover no Chinese (and at least one font: a PC has some)."""
    if shutil.which("fc-list") is None:
        pytest.skip("需要 fontconfig 的 fc-list")
    latin = sorted(_fc_files() - _fc_files(":lang=zh") - _fc_files(":lang=ja") - _fc_files(":lang=ko"))
    latin = [f for f in latin if f.endswith((".ttf", ".otf", ".pfb"))]
    if not latin:
        pytest.skip("本机没有不含中文的字体")
    folder = tmp_path_factory.mktemp("latin-fonts")
    fonts = folder / "fonts"
    fonts.mkdir()
    for i, path in enumerate(latin):
        (fonts / f"{i:03d}-{Path(path).name}").symlink_to(path)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{fonts}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n", encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    assert subprocess.run(["fc-list", ":lang=zh", "family"], env=env, capture_output=True, text=True,
                          check=True).stdout.strip() == ""
    assert subprocess.run(["fc-list", ":", "family"], env=env, capture_output=True, text=True, check=True).stdout
    return conf


def _env(base: dict[str, str], fonts_conf: Path, home: Path) -> dict[str, str]:
    return dict(base, FONTCONFIG_FILE=str(fonts_conf), QT_QPA_PLATFORM="offscreen", HOME=str(home),
                XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local" / "share"),
                XDG_CACHE_HOME=str(home / ".cache"), SELFEVAL_CONFIG_DIR=str(home / "config"),
                SELFEVAL_LOG_DIR=str(home / "logs"))


def _drive(env: dict[str, str], db: Path, out: Path) -> dict:
    result = subprocess.run([sys.executable, str(DRIVER), str(db), str(out)], env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=TIMEOUT_S)
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert not seen.get("timeout"), seen
    return seen


def _running_markers(home: Path) -> list[Path]:
    return list((home / "logs" / MARKER_FOLDER).glob("*.json"))


def test_window_starts_tells_what_to_install_exports_and_closes_cleanly(latin_only_fonts, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = _env({k: v for k, v in os.environ.items() if not k.startswith("SELFEVAL_")}, latin_only_fonts, home)
    db = tmp_path / "报告.db"
    added = subprocess.run([str(SELFEVAL), "--db", str(db), "sample"], env=env, capture_output=True, text=True,
                           timeout=TIMEOUT_S)
    assert added.returncode == 0, added.stderr

    first = _drive(env, db, tmp_path / "一.docx")
    assert first["chinese_families"] == []
    notice = first["notice"]
    assert notice is not None and notice["title"] == NOTICE_TITLE and notice["visible"]
    assert "没有安装任何中文字体" in notice["text"] and "sudo apt install fonts-noto-cjk" in notice["text"]
    assert "仿宋_GB2312（正文和三、四级标题）：本电脑上找不到可代替的字体" in notice["text"]
    assert [box["title"] for box in first["boxes"]] == [NOTICE_TITLE]  # and nothing else
    assert first["exported"] == str(tmp_path / "一.docx")
    document = Document(first["exported"])
    assert any("昌华街道" in p.text for p in document.paragraphs)
    assert document.tables, "the 自评表 was exported with the 说明"
    assert _running_markers(home) == []  # the session ended cleanly

    second = _drive(env, db, tmp_path / "二.docx")
    assert UNCLEAN_TITLE not in [box["title"] for box in second["boxes"]]
    assert second["boxes"] == [] and second["notice"] is None  # told once
    assert Path(second["exported"]).is_file()
    assert _running_markers(home) == []


def test_frozen_window_starts_without_chinese_fonts(frozen, env, latin_only_fonts, tmp_path, home):
    """The frozen build: the window survives its fonts check (the settings note the missing fonts), closes
    on SIGTERM as by its close button, and the next start finds no unclean end."""
    gui_env = dict(env, FONTCONFIG_FILE=str(latin_only_fonts), QT_QPA_PLATFORM="offscreen",
                   SELFEVAL_CONFIG_DIR=str(home / "config"))
    db = tmp_path / "gui.db"
    assert subprocess.run([str(frozen.cli), "--db", str(db), "sample"], env=gui_env, capture_output=True,
                          timeout=TIMEOUT_S).returncode == 0
    settings = home / "config" / "selfeval.ini"

    for attempt in ("first", "second"):
        log = tmp_path / f"{attempt}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen([str(frozen.gui), "--db", str(db)], env=gui_env, stdout=out,
                                       stderr=subprocess.STDOUT)
        # Up: the window marks its session as running after its first paint (and installs its SIGTERM
        # handler before that), and the fonts check has noted the missing fonts in the settings.
        markers = home / "logs" / MARKER_FOLDER
        deadline = time.monotonic() + 90
        while process.poll() is None and time.monotonic() < deadline and not (
                list(markers.glob("*.json")) and settings.is_file()
                and "仿宋_GB2312" in settings.read_text("utf-8", "replace")):
            time.sleep(0.2)
        time.sleep(1.0)  # the notice is open now (a crash would come with it)
        alive = process.poll() is None
        if alive:
            process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=TIMEOUT_S)
        output = log.read_text("utf-8", "replace")
        assert alive, f"{attempt} start exited with {code}:\n{output}"
        assert code == 0, output
        assert "仿宋_GB2312" in settings.read_text("utf-8", "replace")
        assert list((home / "logs" / MARKER_FOLDER).glob("*.json")) == []
