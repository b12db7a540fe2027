"""The build steps of the Windows distribution of 绩效自评编制工具, in one place: build.ps1 runs this script
with the project venv's Python on Windows, installer/windows/wine-build.sh with python.org's embeddable
CPython under wine on Linux. Standard library only; run by a Windows Python (it makes .exe files).

    python installer\\windows\\build_windows.py [--distpath DIR] [--workpath DIR] [--no-archive] [--no-setup]
                                               [--iscc PATH\\ISCC.exe] [--chinese-isl FILE.isl]

1. the PyInstaller bundle (installer/selfeval.spec) in <dist>/selfeval/: selfeval.exe (command line; with no
   subcommand it opens the window), selfeval-gui.exe (no console window; the shortcuts point at it),
   _internal/; then a smoke check (``selfeval.exe --version`` and ``templates``);
2. <dist>/selfeval-<version>-windows-x64.zip, the same folder packed (绿色版: an empty file named
   "portable" beside selfeval.exe keeps the data in a data/ folder there); entries in name order, dated
   SOURCE_DATE_EPOCH, so that the same bundle gives the same zip;
3. <dist>/selfeval-<version>-windows-x64-setup.exe, the setup program: Inno Setup 6.3+ (ISCC.exe: --iscc,
   else on PATH, else Inno Setup's own uninstall entry, else its usual folders) compiles
   installer/windows/selfeval.iss with the project's own Simplified Chinese messages
   (installer/windows/ChineseSimplified.isl; nothing is downloaded).

Reproducible: PYTHONHASHSEED=0 and SOURCE_DATE_EPOCH (the last commit's time, else 2025-01-01) for
PyInstaller; no package index is reached (PIP_NO_INDEX). Every run starts from a clean work folder and
replaces the output. Messages in Chinese; exit code 2 for a missing tool, 1 for a failed step.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent  # installer/windows
ROOT = HERE.parents[1]
SPEC = ROOT / "installer" / "selfeval.spec"
ISS = HERE / "selfeval.iss"
CHINESE_ISL = HERE / "ChineseSimplified.isl"
APP_FOLDER = "selfeval"  # the spec's COLLECT name
DEFAULT_EPOCH = "1735689600"  # 2025-01-01, when there is no git
INNO_MAJOR_VERSIONS = (7, 6)


class BuildError(Exception):
    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def say(text: str) -> None:
    print(text, flush=True)


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def source_date_epoch() -> str:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"].strip()
    try:
        found = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True,
                               text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    return found or DEFAULT_EPOCH


def find_iscc(given: str | None) -> Path:
    if given:
        path = Path(given)
        if not path.is_file():
            raise BuildError(f"找不到 --iscc 指定的 {given}。", 2)
        return path.resolve()
    on_path = shutil.which("ISCC.exe") or shutil.which("ISCC")
    if on_path:
        return Path(on_path)
    candidates: list[Path] = []
    try:
        import winreg
    except ImportError:  # not Windows: only --iscc or PATH
        winreg = None
    for major in INNO_MAJOR_VERSIONS:
        if winreg is not None:
            for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
                for view in (r"SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall",
                             r"SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall"):
                    try:
                        with winreg.OpenKey(hive, rf"{view}\Inno Setup {major}_is1") as key:
                            candidates.append(Path(winreg.QueryValueEx(key, "InstallLocation")[0]) / "ISCC.exe")
                    except OSError:
                        pass
        for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles"),
                     os.path.join(os.environ.get("LOCALAPPDATA", ""), "Programs")):
            if base:
                candidates.append(Path(base) / f"Inno Setup {major}" / "ISCC.exe")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise BuildError("找不到 Inno Setup 的编译器 ISCC.exe。请安装 Inno Setup 6.3 或更高版本（https://jrsoftware.org/isdl.php），"
                     "或用 --iscc 指定其路径；只打包程序文件夹时加 --no-setup。", 2)


def run(command: list[str], what: str, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, env=env)
    if result.returncode != 0:
        raise BuildError(f"{what}失败（退出码 {result.returncode}）。")


def pyinstaller(dist: Path, work: Path, env: dict[str, str]) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise BuildError(f"{sys.executable} 中没有 PyInstaller。请先创建项目虚拟环境并安装打包工具："
                         r"py -3.11 -m venv .venv; .venv\Scripts\pip install -e .[build]", 2) from None
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(SPEC)], "PyInstaller 打包", env)
    app_dir = dist / APP_FOLDER
    exe = app_dir / "selfeval.exe"
    for args in (["--version"], ["templates"]):
        check = subprocess.run([str(exe), *args], capture_output=True)
        if check.returncode != 0:
            raise BuildError(f"打包结果无法运行：selfeval.exe {' '.join(args)} 失败（退出码 {check.returncode}）。")
    if (app_dir / "portable").exists():
        raise BuildError("程序文件夹中不应有 portable 文件（安装版的数据应保存在用户文件夹中）。")
    if not (app_dir / "selfeval-gui.exe").is_file():
        raise BuildError("程序文件夹中没有 selfeval-gui.exe。")
    return app_dir


def bundle_files(app_dir: Path) -> list[Path]:
    """Every file of the program folder, dot-files included, in name order."""
    return sorted((p for p in app_dir.rglob("*") if p.is_file()), key=lambda p: p.relative_to(app_dir).as_posix())


def make_zip(app_dir: Path, target: Path, epoch: str) -> Path:
    stamp = time.gmtime(max(int(epoch), 315532800))[:6]  # zip dates start in 1980
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in bundle_files(app_dir):
            info = zipfile.ZipInfo(f"{app_dir.name}/{path.relative_to(app_dir).as_posix()}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(path, "rb") as source, archive.open(info, "w") as out:
                shutil.copyfileobj(source, out, 1 << 20)
    os.replace(tmp, target)
    return target


def make_setup(iscc: Path, app_dir: Path, dist: Path, isl: Path, app_version: str) -> Path:
    run([str(iscc), "/Qp", f"/DAppVersion={app_version}", f"/DBundleDir={app_dir}", f"/DChineseMessages={isl}",
         f"/O{dist}", str(ISS)], "Inno Setup 编译")
    setup = dist / f"selfeval-{app_version}-windows-x64-setup.exe"
    if not setup.is_file():
        raise BuildError(f"没有生成 {setup}。")
    return setup


def describe(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return f"{path}（{path.stat().st_size / 2**20:.1f} MB）\nSHA-256：{digest}"


def build(args: argparse.Namespace) -> None:
    dist = Path(args.distpath).resolve() if args.distpath else ROOT / "dist"
    work = Path(args.workpath).resolve() if args.workpath else ROOT / "build" / "pyinstaller"
    app_version = version()
    epoch = source_date_epoch()
    env = dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH=epoch, PIP_NO_INDEX="1")
    # Found before the long PyInstaller run, so that a missing Inno Setup fails at once.
    iscc = isl = None
    if not args.no_setup:
        iscc = find_iscc(args.iscc)
        isl = Path(args.chinese_isl).resolve() if args.chinese_isl else CHINESE_ISL
        if not isl.is_file():
            raise BuildError(f"找不到简体中文语言文件 {isl}。", 2)

    say(f"正在打包 绩效自评编制工具 {app_version}（Windows x64，Python {sys.version.split()[0]}）……")
    started = time.monotonic()
    app_dir = pyinstaller(dist, work, env)
    files = bundle_files(app_dir)
    size = sum(p.stat().st_size for p in files) / 2**20
    say(f"完成：{app_dir}（{size:.1f} MB，{len(files)} 个文件，用时 {time.monotonic() - started:.0f} 秒）")
    if not args.no_archive:
        say("压缩包：" + describe(make_zip(app_dir, dist / f"selfeval-{app_version}-windows-x64.zip", epoch)))
    if iscc is not None:
        say(f"正在生成安装程序（{iscc}）……")
        started = time.monotonic()
        setup = make_setup(iscc, app_dir, dist, isl, app_version)
        say(f"安装程序：{describe(setup)}（用时 {time.monotonic() - started:.0f} 秒）")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build_windows.py", description="打包 Windows 版：程序文件夹、压缩包和安装程序。")
    parser.add_argument("--distpath", help="输出文件夹（默认 dist）")
    parser.add_argument("--workpath", help="临时文件夹（默认 build\\pyinstaller）")
    parser.add_argument("--no-archive", action="store_true", help="不生成 .zip 压缩包")
    parser.add_argument("--no-setup", action="store_true", help="不生成安装程序")
    parser.add_argument("--iscc", help="Inno Setup 的 ISCC.exe")
    parser.add_argument("--chinese-isl", help="简体中文语言文件（默认 installer\\windows\\ChineseSimplified.isl）")
    args = parser.parse_args(argv)
    try:
        build(args)
    except BuildError as exc:
        print(f"build_windows.py：{exc}", file=sys.stderr, flush=True)
        return exc.code
    return 0


if __name__ == "__main__":
    sys.exit(main())
