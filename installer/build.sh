#!/usr/bin/env bash
# Builds the Linux (UOS, Kylin, Debian, …) distribution of 绩效自评编制工具 with PyInstaller:
#   dist/selfeval/                                  the program folder (onedir): selfeval, selfeval-gui
#   dist/selfeval-<version>-linux-<arch>.tar.gz     the same folder, packed for copying to offline PCs
#
# Usage: installer/build.sh [--distpath DIR] [--workpath DIR] [--venv DIR] [--no-archive] [--no-strip]
# Needs the project venv (.venv, with the "build" extra: pip install -e .[build]), or the one --venv
# names (installer/build-linux.sh passes the glibc-2.28 toolchain's); ICU's icupkg (Debian: icu-devtools)
# and a C compiler ($CC, else cc) to cut ICU's data down (installer/linux/icu_data.py); uses no network.
# Idempotent: every run starts from a clean work folder and replaces the previous output.
#
# glibc: with the project venv, the frozen program needs at least the glibc of the machine it was
# built on (the script prints the figure). For Kylin V10 and UOS 20 (glibc 2.28) use
# installer/build-linux.sh, which runs this script with a Python built for glibc 2.28.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST="$ROOT/dist"
WORK="$ROOT/build/pyinstaller"
ARCHIVE=1
STRIP=1
VENV="$ROOT/.venv"
OLDEST_TARGET_GLIBC="2.28"  # Kylin V10, UOS 20
OLDEST_TARGET_SYSTEMS="麒麟 V10、统信 UOS 20"
if [ "$(uname -m)" = aarch64 ]; then  # the arm64 build (build-linux.sh --arch arm64 runs this under qemu)
    OLDEST_TARGET_GLIBC="2.31"  # Kylin V10 desktop on Phytium / Kunpeng
    OLDEST_TARGET_SYSTEMS="ARM64 的麒麟 V10 桌面版"
fi

while [ $# -gt 0 ]; do
    case "$1" in
        --distpath) DIST=$(realpath -m "$2"); shift 2 ;;
        --workpath) WORK=$(realpath -m "$2"); shift 2 ;;
        --venv) VENV=$(realpath -m "$2"); shift 2 ;;
        --no-archive) ARCHIVE=0; shift ;;
        --no-strip) STRIP=0; shift ;;
        -h|--help)
            echo "用法：installer/build.sh [--distpath 目录] [--workpath 目录] [--venv 目录] [--no-archive] [--no-strip]"
            echo "用 PyInstaller 打包到 dist/selfeval/（程序文件夹），并生成 dist/selfeval-版本-linux-架构.tar.gz。"
            echo "  --distpath 目录   输出文件夹（默认 dist）"
            echo "  --workpath 目录   临时文件夹（默认 build/pyinstaller）"
            echo "  --venv 目录       打包用的 Python 虚拟环境（默认 .venv）"
            echo "  --no-archive      不生成 .tar.gz 压缩包"
            echo "  --no-strip        不去除动态库中的调试信息"
            exit 0 ;;
        *) echo "build.sh：未知参数“$1”。用法：installer/build.sh [--distpath 目录] [--workpath 目录] [--venv 目录] [--no-archive] [--no-strip]" >&2; exit 2 ;;
    esac
done

PYTHON="$VENV/bin/python"
PYINSTALLER="$VENV/bin/pyinstaller"
if [ ! -x "$PYINSTALLER" ]; then
    echo "build.sh：找不到 $PYINSTALLER。请先创建项目虚拟环境并安装打包工具：python3 -m venv .venv && .venv/bin/pip install -e .[build]" >&2
    exit 2
fi

# Reproducible output: fixed hash seed, and file times from the last commit (or a fixed date).
export PYTHONHASHSEED=0
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
    SOURCE_DATE_EPOCH=$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 1735689600)
fi
export SOURCE_DATE_EPOCH
# Never reach out to a package index during the build.
export PIP_NO_INDEX=1
# The app's sources come from the checkout (the toolchain venv of build-linux.sh does not install them).
export PYTHONPATH="$ROOT/desktop"

VERSION=$("$PYTHON" -c "import selfeval; print(selfeval.__version__)")
ARCH=$(uname -m)
APP_DIR="$DIST/selfeval"

echo "正在打包 绩效自评编制工具 $VERSION（$ARCH）……"
START=$(date +%s)
"$PYINSTALLER" --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" "$ROOT/installer/selfeval.spec"
cp "$ROOT/installer/linux/install-desktop-entry.sh" "$APP_DIR/"
chmod 755 "$APP_DIR/install-desktop-entry.sh"
# Debug information only (symbols stay): libpython and the extension modules of a self-built Python
# carry ~20 MB of it. PyInstaller's own strip option would strip everything, Qt included.
if [ "$STRIP" = 1 ] && command -v strip >/dev/null 2>&1; then
    find "$APP_DIR/_internal" -type f -name '*.so*' -exec strip --strip-debug {} +
fi
END=$(date +%s)

# Smoke check: the frozen CLI starts and finds its bundled templates.
"$APP_DIR/selfeval" --version >/dev/null
"$APP_DIR/selfeval" templates >/dev/null

SIZE=$(du -sh "$APP_DIR" | cut -f1)
FILES=$(find "$APP_DIR" -type f | wc -l)
echo "完成：$APP_DIR（$SIZE，$FILES 个文件，用时 $((END - START)) 秒）"

# The oldest glibc the frozen program runs on: the newest GLIBC_x.y symbol version it uses.
if command -v objdump >/dev/null 2>&1; then
    NEEDED_GLIBC=$(find "$APP_DIR" -type f \( -name '*.so*' -o -name 'selfeval' -o -name 'selfeval-gui' \) \
        -exec objdump -T {} + 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
    if [ -n "$NEEDED_GLIBC" ]; then
        echo "运行需要 glibc $NEEDED_GLIBC 或更高版本。"
        if [ "$(printf '%s\n%s\n' "$OLDEST_TARGET_GLIBC" "$NEEDED_GLIBC" | sort -V | tail -1)" != "$OLDEST_TARGET_GLIBC" ]; then
            echo "注意：$OLDEST_TARGET_SYSTEMS 的 glibc 为 $OLDEST_TARGET_GLIBC，本次打包的程序不能在这些系统上运行；请在 glibc $OLDEST_TARGET_GLIBC 的系统上打包（或用 installer/build-linux.sh）。" >&2
        fi
    fi
fi

if [ "$ARCHIVE" = 1 ]; then
    TARBALL="$DIST/selfeval-$VERSION-linux-$ARCH.tar.gz"
    rm -f "$TARBALL"
    tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
        -C "$DIST" -cf - selfeval | gzip -n -6 > "$TARBALL"
    echo "压缩包：$TARBALL（$(du -h "$TARBALL" | cut -f1)）"
    echo "SHA-256：$(sha256sum "$TARBALL" | cut -d' ' -f1)"
fi
