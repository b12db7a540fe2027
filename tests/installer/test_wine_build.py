"""The Windows distribution built and installed for real, under wine (Debian 12's wine 8, scripts/bootstrap.sh
installs it): installer/windows/wine-build.sh builds the bundle with python.org's Windows CPython, the zip and
the setup program (ISCC), the same steps build.ps1 runs on Windows (installer/windows/build_windows.py). The
setup then installs silently per user into a fresh Windows 10 prefix (Xvfb: Inno Setup needs an X server
even when silent), the installed selfeval.exe adds the sample, exports it with the 自评表, exports the table
alone, imports the exported document, and its .docx equals the Linux one but for timestamps. The uninstaller
leaves the user's data, and the registry shows only HKEY_CURRENT_USER keys, none left but the one Inno Setup
documents (an empty .selfeval\\OpenWithProgids).

Not run under wine 8: the window (Qt 6.9 aborts in any QGuiApplication: no WinRT UISettings class).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WINE_BUILD = ROOT / "installer" / "windows" / "wine-build.sh"
VERSION = __import__("tomllib").loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
APP_ID = "{C99447FB-5729-478D-8BF1-825556AEE07C}_is1"
BUILD_TIMEOUT_S = 3600
RUN_TIMEOUT_S = 300
# Inno Setup leaves this key when the uninstaller removed its value (uninsdeletevalue on a key that
# Windows itself may use): documented in README's Windows section.
DOCUMENTED_LEFTOVERS = {r"software\classes\.selfeval\openwithprogids"}
TIMESTAMPS = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")
# The export stamp's report identity (domain.export_stamp.report_uid: a hash of the report's id and creation time),
# a timestamp in disguise: each database made its own sample report.
REPORT_UID = re.compile(rb'(name="selfeval\.report_uid"><vt:lpwstr>)[0-9a-f]{32}(</vt:lpwstr>)')

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the wine build runs on Linux"),
]

_TIMES: list[str] = []


def pytest_terminal_summary_line(text: str) -> None:
    _TIMES.append(text)
    print(text)


def _need(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"缺少 {'、'.join(missing)}：请先运行 scripts/bootstrap.sh（wine、wine32:i386、xvfb、npm）")


def _wine_env() -> dict[str, str]:
    printed = subprocess.run(["bash", str(WINE_BUILD), "--env"], capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^export (\w+)='([^']*)'$", printed, re.M))


@pytest.fixture(scope="module")
def windows_build(tmp_path_factory) -> dict[str, Path]:
    """wine-build.sh into a folder of the test's own (the prefix, Python and ISCC come from the machine's cache).
    $SELFEVAL_WINE_DIST names the dist folder of a build made already (while working on the install steps)."""
    _need("wine", "wineserver", "npm", "Xvfb")
    given = os.environ.get("SELFEVAL_WINE_DIST")
    if given:
        dist = Path(given)
        return {"app": dist / "selfeval", "zip": dist / f"selfeval-{VERSION}-windows-x64.zip",
                "setup": dist / f"selfeval-{VERSION}-windows-x64-setup.exe", "log": dist / "build.log"}
    out = tmp_path_factory.mktemp("windows-build")
    started = time.monotonic()
    result = subprocess.run(["bash", str(WINE_BUILD), "--distpath", str(out / "dist"), "--workpath",
                             str(out / "work")], cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                            errors="replace", timeout=BUILD_TIMEOUT_S)
    took = time.monotonic() - started
    log = result.stdout + result.stderr
    (out / "build.log").write_text(log, encoding="utf-8")
    assert result.returncode == 0, f"wine-build.sh failed ({result.returncode}):\n{log[-6000:]}"
    pytest_terminal_summary_line(f"wine build (bundle + zip + setup): {took:.0f} s")
    dist = out / "dist"
    return {"app": dist / "selfeval", "zip": dist / f"selfeval-{VERSION}-windows-x64.zip",
            "setup": dist / f"selfeval-{VERSION}-windows-x64-setup.exe", "log": out / "build.log"}


def test_build_makes_the_bundle_the_zip_and_the_setup(windows_build):
    app = windows_build["app"]
    for name in ("selfeval.exe", "selfeval-gui.exe", "_internal/python311.dll"):
        assert (app / name).is_file(), name
    assert (app / "_internal" / "resources").is_dir()
    sources = {p.relative_to(ROOT / "desktop").with_suffix("").as_posix()
               for p in (ROOT / "desktop" / "selfeval").rglob("*.py") if p.name != "__main__.py"}
    bundled = {p.relative_to(app / "_internal").with_suffix("").as_posix()
               for p in (app / "_internal" / "selfeval").rglob("*.pyc")}
    assert sources - bundled == set(), "every module of the app (some are imported by name only)"
    assert windows_build["setup"].read_bytes()[:2] == b"MZ"
    rels = [p.relative_to(app).as_posix() for p in app.rglob(".rels")]
    assert rels, "docx's template _rels/.rels is in the bundle (dot-files)"
    with zipfile.ZipFile(windows_build["zip"]) as archive:
        names = set(archive.namelist())
    assert {f"selfeval/{r}" for r in rels} <= names
    assert len(names) == sum(1 for p in app.rglob("*") if p.is_file())
    # The Qt translations the spec keeps: the one catalogue the app loads (and its fallback copy).
    qms = sorted(p.relative_to(app / "_internal").as_posix() for p in app.rglob("*.qm"))
    assert qms == ["PySide6/translations/qtbase_zh_CN.qm", "resources/translations/qtbase_zh_CN.qm"]


# --- a fresh user's Windows 10 ---------------------------------------------------------------------------

class Windows:
    """A fresh wine prefix (Windows 10) with its own home and an X server: one user's PC."""

    def __init__(self, folder: Path, display: str) -> None:
        self.folder = folder
        self.home = folder / "home"
        self.home.mkdir(parents=True)
        base = _wine_env()
        keep = {k: v for k, v in os.environ.items()
                if not k.startswith(("PIP_", "PYTHON", "SELFEVAL_", "QT_", "VIRTUAL_ENV", "LD_", "WINE"))}
        self.env = dict(keep, WINEPREFIX=str(folder / "prefix"), WINEDEBUG="-all", WINEARCH="win64",
                        WINEDLLOVERRIDES=base["WINEDLLOVERRIDES"], HOME=str(self.home), DISPLAY=display,
                        XDG_CONFIG_HOME=str(self.home / ".config"), XDG_DATA_HOME=str(self.home / ".local/share"),
                        XDG_CACHE_HOME=str(self.home / ".cache"))
        # A Chinese Windows: zh_CN gives wine the code page 936 (GBK), as on the offices' PCs; the locale is
        # compiled into a folder of the test's own (LOCPATH), the machine's locales stay as they are.
        locales = folder / "locale"
        locales.mkdir()
        made = subprocess.run(["localedef", "-i", "zh_CN", "-f", "UTF-8", str(locales / "zh_CN.UTF-8")],
                              capture_output=True, text=True)
        assert made.returncode in (0, 1), made.stderr  # 1: warnings only
        self.env.update(LOCPATH=str(locales), LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8")
        self.wine("wineboot", "-i", check=False)
        self.wine("reg", "add", r"HKCU\Software\Wine", "/v", "Version", "/d", "win10", "/f")
        self.settle()

    def wine(self, *args: str, check: bool = True, timeout: float = RUN_TIMEOUT_S) -> subprocess.CompletedProcess:
        result = subprocess.run(["wine", *args], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                timeout=timeout)
        if check:
            assert result.returncode == 0, (args, result.returncode, result.stdout[-3000:], result.stderr[-3000:])
        return result

    def settle(self) -> None:
        """Waits until wine's processes ended (and its registry files are written)."""
        subprocess.run(["wineserver", "-w"], env=self.env, timeout=RUN_TIMEOUT_S)

    def unix(self, windows_path: str) -> Path:
        out = subprocess.run(["winepath", "-u", windows_path], env=self.env, capture_output=True, text=True,
                             timeout=60).stdout.strip()
        return Path(out)

    def windows(self, path: Path) -> str:
        return subprocess.run(["winepath", "-w", str(path)], env=self.env, capture_output=True, text=True,
                              timeout=60).stdout.strip()

    def expand(self, variable: str) -> str:
        return self.wine("cmd", "/c", f"echo %{variable}%").stdout.decode("ascii", "replace").strip()

    def registry(self) -> dict[str, str]:
        self.settle()
        prefix = Path(self.env["WINEPREFIX"])
        return {hive: (prefix / f"{hive}.reg").read_text("utf-8", "replace").lower() for hive in ("system", "user")}


def _reg_keys(text: str, needle: str) -> set[str]:
    """Registry keys in a wine .reg file whose name holds ``needle`` (lowercase, single backslashes)."""
    keys = set()
    for line in text.splitlines():
        if line.startswith("[") and needle in line:
            keys.add(line[1:line.index("]")].replace("\\\\", "\\"))
    return keys


@pytest.fixture(scope="module")
def x_display():
    _need("Xvfb")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1366x768x24", "-nolisten",
                               "tcp"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    assert number.isdigit(), "Xvfb did not report its display"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=30)


def _docx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: REPORT_UID.sub(rb"\1\2", TIMESTAMPS.sub(b"", archive.read(name)))
                for name in sorted(archive.namelist())}


def _linux(*args: str, home: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SELFEVAL_")}
    env.update(HOME=str(home), SELFEVAL_CONFIG_DIR=str(home / "config"), SELFEVAL_LOG_DIR=str(home / "logs"))
    result = subprocess.run([str(Path(sys.executable).with_name("selfeval")), *args], env=env, capture_output=True,
                            text=True, timeout=RUN_TIMEOUT_S)
    assert result.returncode == 0, (args, result.stderr)
    return result.stdout


def test_setup_installs_per_user_runs_the_cli_and_uninstalls_keeping_the_data(windows_build, x_display, tmp_path):
    started = time.monotonic()
    pc = Windows(tmp_path / "pc", x_display)
    before = pc.registry()
    local = pc.expand("LOCALAPPDATA")
    assert local.lower().endswith(r"appdata\local"), local

    setup_log = tmp_path / "setup.log"
    pc.wine(str(windows_build["setup"]), "/VERYSILENT", "/CURRENTUSER", "/SUPPRESSMSGBOXES", "/NORESTART",
            f"/LOG={pc.windows(setup_log)}")
    pc.settle()
    app = pc.unix(local + r"\Programs\selfeval")
    exe = app / "selfeval.exe"
    assert exe.is_file() and (app / "selfeval-gui.exe").is_file(), setup_log.read_text("utf-8", "replace")[-3000:]
    installed = pc.registry()
    assert "selfeval" not in installed["system"].replace(before["system"], "")  # nothing per machine
    assert _reg_keys(before["system"], "selfeval") == _reg_keys(installed["system"], "selfeval")
    user_keys = _reg_keys(installed["user"], "selfeval") | _reg_keys(installed["user"], APP_ID.lower())
    assert r"software\classes\.selfeval" in user_keys and r"software\classes\selfeval.exchange" in user_keys
    assert any(APP_ID.lower() in key for key in user_keys), "the uninstall entry (HKCU)"
    shortcut = pc.unix(pc.expand("APPDATA") + r"\Microsoft\Windows\Start Menu\Programs\绩效自评编制工具.lnk")
    assert shortcut.is_file(), "the Start menu shortcut"
    assert not any(pc.home.parent.glob("../home/.local/share/applications/wine*")), "no menus in a real home"

    # The installed program, as a clerk's command line uses it (the database in the user's data folder).
    work = tmp_path / "工作"
    work.mkdir()

    acp = pc.wine("reg", "query", r"HKLM\System\CurrentControlSet\Control\Nls\CodePage", "/v", "ACP").stdout
    assert re.search(rb"ACP\s+REG_SZ\s+936", acp), acp  # a Chinese Windows: GBK

    def selfeval(*args: str) -> str:
        result = pc.wine(str(exe), *args)
        return result.stdout.decode("gbk")  # a console program's output on a Chinese Windows

    report = selfeval("sample").strip().splitlines()[-1].strip()
    assert report.isdigit(), report
    docx = work / "说明和自评表.docx"
    selfeval("export", report, "--table", "-o", pc.windows(docx))
    xlsx = work / "自评表.xlsx"
    selfeval("export-table", report, "-o", pc.windows(xlsx))
    imported = selfeval("import", "--duplicate", pc.windows(docx)).strip().splitlines()[-1].strip()
    assert imported.isdigit() and imported != report
    listed = selfeval("list")
    assert "昌华街道" in listed and len(listed.strip().splitlines()) == 3, listed  # Chinese, in GBK
    assert zipfile.ZipFile(xlsx).testzip() is None
    data = pc.unix(local + r"\selfeval")
    databases = sorted(p.name for p in data.rglob("*.db"))
    assert databases, f"the database is in the user's data folder {data}"

    # The same export on Linux: the same document but for the timestamps.
    linux_docx = tmp_path / "linux.docx"
    home = tmp_path / "linux-home"
    home.mkdir()
    linux_db = home / "x.db"
    linux_report = _linux("--db", str(linux_db), "sample", home=home).strip().splitlines()[-1]
    _linux("--db", str(linux_db), "export", linux_report, "--table", "-o", str(linux_docx), home=home)
    _linux("--db", str(linux_db), "import", "--duplicate", str(linux_docx), home=home)
    without_times = re.compile(r"\s*\d{4}-\d\d-\d\d \d\d:\d\d\s*$")
    assert [without_times.sub("", line) for line in listed.strip().splitlines()] == \
        [without_times.sub("", line) for line in _linux("--db", str(linux_db), "list", home=home).strip().splitlines()]
    windows_parts, linux_parts = _docx_parts(docx), _docx_parts(linux_docx)
    assert list(windows_parts) == list(linux_parts)
    different = [name for name in linux_parts if windows_parts[name] != linux_parts[name]]
    assert different == [], different

    # Uninstall: the program and its keys go, the data stays.
    uninstaller = next(app.glob("unins*.exe"))
    pc.wine(pc.windows(uninstaller), "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART")
    pc.settle()
    deadline = time.monotonic() + 120
    while exe.exists() and time.monotonic() < deadline:  # the uninstaller finishes from a copy of itself
        time.sleep(1)
        pc.settle()
    assert not exe.exists() and not (app / "_internal").exists()
    assert sorted(p.name for p in data.rglob("*.db")) == databases, "the user's data stayed"
    assert docx.is_file()
    after = pc.registry()
    left = (_reg_keys(after["user"], "selfeval") | _reg_keys(after["user"], APP_ID.lower())) - \
        _reg_keys(before["user"], "selfeval")
    assert left <= DOCUMENTED_LEFTOVERS, sorted(left)
    assert _reg_keys(after["system"], "selfeval") == _reg_keys(before["system"], "selfeval")
    assert not shortcut.exists()
    pytest_terminal_summary_line(f"wine install, run, uninstall: {time.monotonic() - started:.0f} s")
