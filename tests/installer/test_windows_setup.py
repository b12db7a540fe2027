"""The Windows setup program (installer/windows/selfeval.iss, built by installer/windows/build.ps1), checked
by reading, since neither Windows, Inno Setup nor PowerShell runs here: every file it installs or names is
in the build output layout (the spec's declared outputs, or the Linux build of tests/frozen when one is
cached for the current sources), it needs no administrator, writes only HKEY_CURRENT_USER, never deletes
the user's data, and names the executables the spec makes."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path, PureWindowsPath

import pytest

from iss import IssError, parse

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "installer" / "windows"
ISS = WINDOWS / "selfeval.iss"
BUILD_PS1 = WINDOWS / "build.ps1"
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

def test_version_comes_from_pyproject_only(script):
    with pytest.raises(IssError, match="build.ps1"):
        parse(ISS, {})  # no /DAppVersion: the script refuses to compile
    assert "AppVersion" not in re.findall(r"#define\s+(\w+)", ISS.read_text(encoding="utf-8-sig"))
    assert script.setup["AppVersion"] == VERSION
    assert script.setup["OutputBaseFilename"] == f"selfeval-{VERSION}-windows-x64-setup"
    ps1 = BUILD_PS1.read_text(encoding="utf-8-sig")
    assert "tomllib" in ps1 and "pyproject.toml" in ps1
    for define in ("AppVersion=$Version", "BundleDir=$AppDir", "ChineseMessages=$IslPath"):
        assert f'"/D{define}"' in ps1, define
    assert 'Join-Path $Here "selfeval.iss"' in ps1
    assert 'installer\\selfeval.spec' in ps1


def test_bundle_folder_is_the_specs_output(script):
    bundle = PureWindowsPath(script.defines["BundleDir"])
    assert (WINDOWS / Path(*bundle.parts)).resolve() == ROOT / "dist" / spec_folder_name()
    ps1 = BUILD_PS1.read_text(encoding="utf-8-sig")
    assert '$DistPath = Join-Path $Root "dist"' in ps1
    assert f'$AppDir = Join-Path $DistPath "{spec_folder_name()}"' in ps1


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


def test_chinese_installer_language_and_where_it_comes_from(script):
    [language] = script.section("Languages")
    assert language["Name"] == "chinesesimplified"
    assert language["MessagesFile"] == "compiler:Languages\\ChineseSimplified.isl"  # Inno Setup 7.0.2+
    assert script.setup["ShowLanguageDialog"] == "no"
    ps1 = BUILD_PS1.read_text(encoding="utf-8-sig")
    url = re.search(r'\$IslUrl = "([^"]+)"', ps1).group(1)
    sha = re.search(r'\$IslSha256 = "([0-9a-f]{64})"', ps1).group(1)
    assert re.fullmatch(r"https://raw\.githubusercontent\.com/jrsoftware/issrc/[0-9a-f]{40}/Files/Languages/"
                        r"Unofficial/ChineseSimplified\.isl", url)  # pinned to a commit, not a branch
    assert url in script.comments and sha in script.comments
    assert "Get-FileHash -Algorithm SHA256 $cache" in ps1 and "-ChineseIsl" in ps1


def test_files_are_utf8_with_bom_for_windows_tools():
    for path in (ISS, BUILD_PS1):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path
        path.read_text(encoding="utf-8-sig")
