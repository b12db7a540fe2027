"""The .deb (installer/linux/make-deb.sh) in the UOS application layout: what it holds, and a real
install, run and removal with dpkg in a throwaway root (``dpkg --root``: this machine's own package
database and /opt are never touched).
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import pytest

import selfeval
from selfeval.bundled.samples import bundled_sample

APPID = "cn.gov.selfeval"
OPT = f"opt/apps/{APPID}"
TIMEOUT_S = 120

pytestmark = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb 不可用（非 Debian 系统）")


def dpkg_deb(*args: str) -> str:
    return subprocess.run(["dpkg-deb", *args], capture_output=True, text=True, check=True, timeout=TIMEOUT_S).stdout


def contents(deb: Path) -> dict[str, str]:
    """Path (without ./) -> link target, or "" for files and folders."""
    entries = {}
    for line in dpkg_deb("-c", str(deb)).splitlines():
        name = line.split(None, 5)[5]
        target = ""
        if " -> " in name:
            name, target = name.split(" -> ", 1)
        entries[name.removeprefix("./").rstrip("/")] = target
    return entries


def control(deb: Path) -> dict[str, str]:
    fields = {}
    for line in dpkg_deb("-f", str(deb)).splitlines():
        if line[:1] not in (" ", "") and ":" in line:
            key, value = line.split(":", 1)
            fields[key] = value.strip()
    return fields


def test_package_name_version_and_dependencies(frozen):
    fields = control(frozen.deb)
    assert fields["Package"] == APPID
    assert fields["Version"] == selfeval.__version__
    assert fields["Architecture"] == "amd64"
    depends = [d.strip() for d in fields["Depends"].split(",")]
    assert depends[0] == "libc6 (>= 2.28)"
    # what the bundle leaves to the system (the spec's SYSTEM_LIBRARIES) is named
    for package in ("libx11-6", "libxcb1", "libfontconfig1", "libfreetype6", "libdbus-1-3", "libxkbcommon0"):
        assert package in depends, fields["Depends"]
    assert frozen.deb.name == f"{APPID}_{selfeval.__version__}_amd64.deb"


def test_no_maintainer_scripts(frozen, tmp_path):
    subprocess.run(["dpkg-deb", "-e", str(frozen.deb), str(tmp_path / "control")], check=True, timeout=TIMEOUT_S)
    assert sorted(p.name for p in (tmp_path / "control").iterdir()) == ["control", "md5sums"]


def test_uos_application_layout(frozen):
    entries = contents(frozen.deb)
    for needed in (f"{OPT}/info", f"{OPT}/files/selfeval", f"{OPT}/files/selfeval-gui",
                   f"{OPT}/files/_internal/libpython3.11.so.1.0", f"{OPT}/files/bin/{APPID}",
                   f"{OPT}/entries/applications/{APPID}.desktop", f"{OPT}/entries/mime/packages/{APPID}.xml",
                   f"{OPT}/entries/icons/hicolor/256x256/apps/{APPID}.png",
                   f"{OPT}/entries/icons/hicolor/32x32/apps/{APPID}.png"):
        assert needed in entries, needed
    outside = sorted(name for name in entries if not name.startswith(("opt", "usr")) and name != "")
    assert outside == []
    # outside /opt/apps only links, into the package's own entries (for Kylin and other Debian-family desktops)
    usr = {name: target for name, target in entries.items() if name.startswith("usr/") and target}
    assert set(usr) == {
        f"usr/share/applications/{APPID}.desktop", f"usr/share/mime/packages/{APPID}.xml", "usr/bin/selfeval",
        *(f"usr/share/icons/hicolor/{s}x{s}/apps/{APPID}.png" for s in (32, 64, 256)),
    }
    for name, target in usr.items():
        resolved = os.path.normpath(os.path.join(os.path.dirname("/" + name), target)).lstrip("/")
        assert resolved.startswith(OPT) and resolved in entries, (name, target)
    assert "install-desktop-entry.sh" not in {Path(name).name for name in entries}


@pytest.fixture(scope="module")
def unpacked(frozen, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("deb")
    subprocess.run(["dpkg-deb", "-x", str(frozen.deb), str(folder)], check=True, timeout=TIMEOUT_S)
    return folder


def test_info_desktop_entry_and_mime_type(unpacked):
    info = json.loads((unpacked / OPT / "info").read_text("utf-8"))
    assert info["appid"] == APPID and info["name"] == "绩效自评编制工具"
    assert info["arch"] == ["amd64"]
    assert len(info["version"].split(".")) == 4 and info["version"].startswith(selfeval.__version__)
    assert all(value is False for key, value in info["permissions"].items() if key != "clipboard")

    desktop = configparser.ConfigParser(interpolation=None, strict=True)
    desktop.optionxform = str
    desktop.read_string((unpacked / OPT / "entries" / "applications" / f"{APPID}.desktop").read_text("utf-8"))
    entry = desktop["Desktop Entry"]
    assert entry["Name"] == "绩效自评编制工具" and entry["Icon"] == APPID
    assert entry["Exec"] == f"/{OPT}/files/bin/{APPID} %f"
    assert entry["MimeType"] == "application/x-selfeval;"

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(unpacked / OPT / "entries" / "mime" / "packages" / f"{APPID}.xml").getroot()
    mime_type = mime.find("m:mime-type", ns)
    assert mime_type.get("type") == "application/x-selfeval"
    assert [g.get("pattern") for g in mime_type.findall("m:glob", ns)] == ["*.selfeval"]


def test_the_mime_database_learns_the_selfeval_type(unpacked):
    tool = shutil.which("update-mime-database")
    if tool is None:
        pytest.skip("update-mime-database（shared-mime-info）不可用")
    mime_dir = unpacked / "usr" / "share" / "mime"
    subprocess.run([tool, str(mime_dir)], check=True, capture_output=True, timeout=TIMEOUT_S)
    assert (mime_dir / "application" / "x-selfeval.xml").is_file()
    assert "application/x-selfeval:*.selfeval" in (mime_dir / "globs2").read_text("utf-8")


def _dpkg(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["dpkg", f"--root={root}", "--force-depends", "--force-not-root", *args],
                          capture_output=True, text=True, timeout=TIMEOUT_S)


def test_installs_runs_and_removes_cleanly_with_dpkg(frozen, env, tmp_path, home):
    if shutil.which("dpkg") is None:
        pytest.skip("dpkg 不可用")
    root = tmp_path / "root"
    for folder in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers"):
        (root / folder).mkdir(parents=True)
    (root / "var/lib/dpkg/status").touch()

    installed = _dpkg(root, "-i", str(frozen.deb))
    assert installed.returncode == 0, installed.stderr
    status = _dpkg(root, "-s", APPID)
    assert "Status: install ok installed" in status.stdout

    # the installed program works: the CLI through /usr/bin/selfeval, the window through the launcher
    cli = root / "usr" / "bin" / "selfeval"
    db = tmp_path / "installed.db"
    sample = subprocess.run([str(cli), "--db", str(db), "sample"], env=env, capture_output=True, text=True,
                            timeout=TIMEOUT_S)
    assert sample.returncode == 0, sample.stderr
    report_id = sample.stdout.split()[-1]
    out = tmp_path / "installed.docx"
    exported = subprocess.run([str(cli), "--db", str(db), "export", report_id, "-o", str(out)], env=env,
                              capture_output=True, text=True, timeout=TIMEOUT_S)
    assert exported.returncode == 0, exported.stderr
    assert docx.Document(str(out)).core_properties.title == bundled_sample().title

    exchange = tmp_path / "科室.selfeval"
    packed = subprocess.run([str(cli), "--db", str(db), "pack", report_id, "-o", str(exchange)], env=env,
                            capture_output=True, text=True, timeout=TIMEOUT_S)
    assert packed.returncode == 0, packed.stderr
    launcher = root / OPT / "files" / "bin" / APPID
    log = tmp_path / "window.log"
    with open(log, "wb") as output:  # a double-clicked exchange file: the window opens to merge it
        window = subprocess.Popen([str(launcher), str(exchange)], env=dict(env, QT_QPA_PLATFORM="offscreen"),
                                  stdout=output, stderr=subprocess.STDOUT)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            window.wait(timeout=3)  # the window stays up with the file it was given
    finally:
        window.terminate()
        window.wait(timeout=TIMEOUT_S)
    assert "Traceback" not in log.read_text("utf-8", "replace")

    removed = _dpkg(root, "--purge", APPID)
    assert removed.returncode == 0, removed.stderr
    left = sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if not p.relative_to(root).as_posix().startswith("var/lib/dpkg") and not p.is_dir())
    assert left == []
    assert not (root / "opt" / "apps" / APPID).exists()
