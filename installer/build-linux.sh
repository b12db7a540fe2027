#!/usr/bin/env bash
# Builds the Linux distribution of 绩效自评编制工具, on an x86_64 Linux machine, for one of two targets:
#   amd64 (default): runs on glibc 2.28 and newer (Kylin V10, UOS 20, Debian 10+, Ubuntu 18.10+/20.04+,
#                    openEuler 20.03+, RHEL/Rocky/Alma 8+, …) on any x86_64 PC (Intel, AMD, Zhaoxin, Hygon);
#     dist/selfeval/                                   the program folder (onedir): selfeval, selfeval-gui
#     dist/cn.gov.selfeval_<version>_amd64.deb          the same, in the UOS application layout
#   arm64 (--arch arm64): runs on glibc 2.31 and newer on aarch64 (Kylin V10 desktop on Phytium 飞腾 and
#                    Kunpeng 鲲鹏; Debian 11+, Ubuntu 20.04+), with Qt 6.8 (PySide6's newest aarch64 wheel
#                    for glibc 2.31); cross-built: the toolchain's arm64 CPython is made with zig here, and
#                    PyInstaller runs inside a Debian 11 arm64 root under qemu-user (needs root and
#                    qemu-user-static; installer/linux/in-root.sh):
#     dist/arm64/selfeval/                              the program folder
#     dist/arm64/cn.gov.selfeval_<version>_arm64.deb    the .deb
#
# Usage: installer/build-linux.sh [--arch amd64|arm64] [--distpath DIR] [--workpath DIR] [--no-deb] [--no-fcitx]
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
#    than GLIBC_2.28 (arm64: 2.31), a GLIBCXX/CXXABI version the bundled libstdc++ lacks, or is made for
#    another machine than the target's.
# 5. installer/linux/make-deb.sh: the .deb.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST=""
WORK=""
DEB=1
FCITX=1
ARCH=amd64

usage="用法：installer/build-linux.sh [--arch amd64|arm64] [--distpath 目录] [--workpath 目录] [--no-deb] [--no-fcitx]"
while [ $# -gt 0 ]; do
    case "$1" in
        --arch) [ $# -ge 2 ] || { echo "build-linux.sh：--arch 后面要写 amd64 或 arm64" >&2; exit 2; }
            ARCH=$2; shift 2 ;;
        --distpath) DIST=$(realpath -m "$2"); shift 2 ;;
        --workpath) WORK=$(realpath -m "$2"); shift 2 ;;
        --no-deb) DEB=0; shift ;;
        --no-fcitx) FCITX=0; shift ;;
        -h|--help)
            echo "$usage"
            echo "打包程序文件夹和 .deb 安装包："
            echo "  amd64（默认）：x86_64 电脑，glibc 2.28 及以上（麒麟 V10、统信 UOS 20 等），输出到 dist/"
            echo "  arm64：飞腾、鲲鹏等 ARM64 电脑，glibc 2.31 及以上（麒麟 V10 桌面版等），输出到 dist/arm64/；"
            echo "         在 x86_64 电脑上交叉编译、用 qemu 模拟运行打包，需要 root 权限和 qemu-user-static、debootstrap"
            echo "  --arch 架构       amd64 或 arm64"
            echo "  --distpath 目录   输出文件夹（默认 dist 或 dist/arm64）"
            echo "  --workpath 目录   临时文件夹（默认 build/linux 或 build/linux-arm64）"
            echo "  --no-deb          不生成 .deb"
            echo "  --no-fcitx        不加入 fcitx 输入法插件"
            echo "首次运行会编译工具链（约半小时，缓存在 ~/.cache/selfeval/toolchain 或 toolchain-arm64），之后几分钟完成。"
            exit 0 ;;
        *) echo "build-linux.sh：未知参数“$1”。$usage" >&2; exit 2 ;;
    esac
done
case "$ARCH" in
    amd64|x86_64) ARCH=amd64; MAX_GLIBC=2.28; MACHINE=x86_64; DIST=${DIST:-$ROOT/dist}; WORK=${WORK:-$ROOT/build/linux} ;;
    arm64|aarch64) ARCH=arm64; MAX_GLIBC=2.31; MACHINE=aarch64; DIST=${DIST:-$ROOT/dist/arm64}; WORK=${WORK:-$ROOT/build/linux-arm64} ;;
    *) echo "build-linux.sh：不支持的架构“$ARCH”。$usage" >&2; exit 2 ;;
esac
if [ "$(uname -m)" != x86_64 ]; then
    echo "build-linux.sh：目前只支持在 x86_64 电脑上打包（arm64 的程序包也在 x86_64 上交叉编译）。" >&2
    exit 2
fi

START=$(date +%s)
echo "== 工具链（$ARCH，glibc $MAX_GLIBC）"
TOOLCHAIN_ENV=$(bash "$ROOT/installer/linux/toolchain.sh" --arch "$ARCH")  # stops here if the toolchain cannot be made
eval "$TOOLCHAIN_ENV"
TOOLCHAIN_END=$(date +%s)

mkdir -p "$WORK"
FCITX_SCRIPT="$ROOT/installer/linux/fcitx/build.sh"
FCITX_PLUGIN=""
if [ "$FCITX" = 1 ] && [ -f "$FCITX_SCRIPT" ]; then
    echo "== fcitx 输入法插件"
    FCITX_PLUGIN=$(PYTHON="$SELFEVAL_TC_VENV/bin/python" bash "$FCITX_SCRIPT" --arch "$ARCH" | tail -1)
    [ -f "$FCITX_PLUGIN" ] || { echo "build-linux.sh：$FCITX_SCRIPT 没有给出插件文件（得到“$FCITX_PLUGIN”）" >&2; exit 1; }
fi

echo "== 程序文件夹"
if [ "$ARCH" = arm64 ]; then
    # PyInstaller reads the aarch64 program's libraries with the root's own ldd, objdump and readelf: the
    # whole of build.sh runs inside the Debian 11 arm64 root, the folders it uses at the same paths there.
    SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 1735689600)}
    bash "$ROOT/installer/linux/in-root.sh" "$SELFEVAL_TC_ROOT" \
        --bind "$ROOT" --bind "$SELFEVAL_TOOLCHAIN_DIR" --bind "$DIST" --bind "$WORK" \
        --env "SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH" --env "CC=$CC" --env "SELFEVAL_TC_RUNTIME=$SELFEVAL_TC_RUNTIME" \
        -- bash "$ROOT/installer/build.sh" --venv "$SELFEVAL_TC_VENV" --distpath "$DIST" --workpath "$WORK/pyinstaller" --no-archive
else
    bash "$ROOT/installer/build.sh" --venv "$SELFEVAL_TC_VENV" --distpath "$DIST" --workpath "$WORK/pyinstaller" --no-archive
fi
APP_DIR="$DIST/selfeval"
if [ -n "$FCITX_PLUGIN" ]; then
    install -m 755 "$FCITX_PLUGIN" "$APP_DIR/_internal/PySide6/Qt/plugins/platforminputcontexts/"
fi

echo "== glibc 下限检查"
python3 "$ROOT/installer/linux/elf_floor.py" "$APP_DIR" --max-glibc "$MAX_GLIBC" --machine "$MACHINE"

if [ "$DEB" = 1 ]; then
    echo "== .deb 安装包"
    VERSION=$(PYTHONPATH="$ROOT/desktop" python3 -c "import selfeval; print(selfeval.__version__)")
    DEB_FILE=$(bash "$ROOT/installer/linux/make-deb.sh" "$APP_DIR" "$DIST" "$VERSION" "$ARCH")
    echo "安装包：$DEB_FILE（$(du -h "$DEB_FILE" | cut -f1)）"
    echo "SHA-256：$(sha256sum "$DEB_FILE" | cut -d' ' -f1)"
fi
END=$(date +%s)
echo "完成：$APP_DIR（$(du -sh "$APP_DIR" | cut -f1)），工具链 $((TOOLCHAIN_END - START)) 秒，打包 $((END - TOOLCHAIN_END)) 秒。"
