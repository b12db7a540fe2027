#!/usr/bin/env bash
# Builds the Linux distribution of 绩效自评编制工具 that runs on glibc 2.28 and newer (Kylin V10, UOS 20,
# Debian 10+, Ubuntu 18.10+/20.04+, openEuler 20.03+, RHEL/Rocky/Alma 8+, …), on any x86_64 Linux:
#   dist/selfeval/                                   the program folder (onedir): selfeval, selfeval-gui
#   dist/cn.gov.selfeval_<version>_amd64.deb          the same, in the UOS application layout
#
# Usage: installer/build-linux.sh [--distpath DIR] [--workpath DIR] [--no-deb] [--no-fcitx]
#
# Steps:
# 1. installer/linux/toolchain.sh: zig (targets glibc 2.28), the C libraries Python needs and CPython 3.11
#    itself built with it, a venv with the project's dependencies and PyInstaller, and Debian 11's
#    libstdc++/libgcc_s/libzstd. Cached outside the repository (~/.cache/selfeval/toolchain, or
#    $SELFEVAL_TOOLCHAIN_DIR): the first run takes about half an hour, later ones skip it.
# 2. installer/linux/fcitx/build.sh, when it exists (and unless --no-fcitx): the fcitx input-method plugin
#    for the bundle's Qt, run with PYTHON set to the toolchain's venv (whose PySide6 the bundle carries);
#    the last line it prints is the plugin's path (libfcitx5platforminputcontextplugin.so).
# 3. installer/build.sh with the toolchain's venv (PyInstaller, installer/selfeval.spec), then the plugin
#    goes into _internal/PySide6/Qt/plugins/platforminputcontexts/. The spec cuts ICU's data down
#    (installer/linux/icu_data.py: icupkg, and the toolchain's zig as $CC).
# 4. installer/linux/elf_floor.py: objdump -T over every ELF file; stops the build if any needs more
#    than GLIBC_2.28, or a GLIBCXX/CXXABI version the bundled libstdc++ lacks.
# 5. installer/linux/make-deb.sh: the .deb.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST="$ROOT/dist"
WORK="$ROOT/build/linux"
DEB=1
FCITX=1
MAX_GLIBC=2.28

usage="用法：installer/build-linux.sh [--distpath 目录] [--workpath 目录] [--no-deb] [--no-fcitx]"
while [ $# -gt 0 ]; do
    case "$1" in
        --distpath) DIST=$(realpath -m "$2"); shift 2 ;;
        --workpath) WORK=$(realpath -m "$2"); shift 2 ;;
        --no-deb) DEB=0; shift ;;
        --no-fcitx) FCITX=0; shift ;;
        -h|--help)
            echo "$usage"
            echo "打包可在 glibc $MAX_GLIBC 及以上系统（麒麟 V10、统信 UOS 20 等）运行的程序文件夹 dist/selfeval/ 和 .deb 安装包。"
            echo "  --distpath 目录   输出文件夹（默认 dist）"
            echo "  --workpath 目录   临时文件夹（默认 build/linux）"
            echo "  --no-deb          不生成 .deb"
            echo "  --no-fcitx        不加入 fcitx 输入法插件"
            echo "首次运行会编译工具链（约半小时，缓存在 ~/.cache/selfeval/toolchain），之后几分钟完成。"
            exit 0 ;;
        *) echo "build-linux.sh：未知参数“$1”。$usage" >&2; exit 2 ;;
    esac
done
if [ "$(uname -m)" != x86_64 ]; then
    echo "build-linux.sh：目前只支持在 x86_64 上打包。" >&2
    exit 2
fi

START=$(date +%s)
echo "== 工具链（glibc $MAX_GLIBC）"
TOOLCHAIN_ENV=$(bash "$ROOT/installer/linux/toolchain.sh")  # stops here if the toolchain cannot be made
eval "$TOOLCHAIN_ENV"
TOOLCHAIN_END=$(date +%s)

mkdir -p "$WORK"
FCITX_SCRIPT="$ROOT/installer/linux/fcitx/build.sh"
FCITX_PLUGIN=""
if [ "$FCITX" = 1 ] && [ -f "$FCITX_SCRIPT" ]; then
    echo "== fcitx 输入法插件"
    FCITX_PLUGIN=$(PYTHON="$SELFEVAL_TC_VENV/bin/python" bash "$FCITX_SCRIPT" | tail -1)
    [ -f "$FCITX_PLUGIN" ] || { echo "build-linux.sh：$FCITX_SCRIPT 没有给出插件文件（得到“$FCITX_PLUGIN”）" >&2; exit 1; }
fi

echo "== 程序文件夹"
bash "$ROOT/installer/build.sh" --venv "$SELFEVAL_TC_VENV" --distpath "$DIST" --workpath "$WORK/pyinstaller" --no-archive
APP_DIR="$DIST/selfeval"
if [ -n "$FCITX_PLUGIN" ]; then
    install -m 755 "$FCITX_PLUGIN" "$APP_DIR/_internal/PySide6/Qt/plugins/platforminputcontexts/"
fi

echo "== glibc 下限检查"
"$SELFEVAL_TC_VENV/bin/python" "$ROOT/installer/linux/elf_floor.py" "$APP_DIR" --max-glibc "$MAX_GLIBC"

if [ "$DEB" = 1 ]; then
    echo "== .deb 安装包"
    VERSION=$(PYTHONPATH="$ROOT/desktop" "$SELFEVAL_TC_VENV/bin/python" -c "import selfeval; print(selfeval.__version__)")
    DEB_FILE=$(bash "$ROOT/installer/linux/make-deb.sh" "$APP_DIR" "$DIST" "$VERSION")
    echo "安装包：$DEB_FILE（$(du -h "$DEB_FILE" | cut -f1)）"
    echo "SHA-256：$(sha256sum "$DEB_FILE" | cut -d' ' -f1)"
fi
END=$(date +%s)
echo "完成：$APP_DIR（$(du -sh "$APP_DIR" | cut -f1)），工具链 $((TOOLCHAIN_END - START)) 秒，打包 $((END - TOOLCHAIN_END)) 秒。"
