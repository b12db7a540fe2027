#!/usr/bin/env bash
# Builds fcitx5-qt's Qt 6 input-method plugin (libfcitx5platforminputcontextplugin.so, keys "fcitx" and
# "fcitx5"; speaks the fcitx 4 and fcitx5 D-Bus protocols) for the Qt that PySide6 ships, so that Chinese
# can be typed in the frozen program under fcitx 4 (UOS 20, Kylin V10) and fcitx5. See README.md here.
#
#   installer/linux/fcitx/build.sh                  # x86_64; prints the plugin's path as its last line
#   installer/linux/fcitx/build.sh --arch arm64     # aarch64 (Kylin V10 on Phytium/Kunpeng), same last line
#
# Output: ~/.cache/selfeval-build/fcitx/libfcitx5platforminputcontextplugin.so ($SELFEVAL_FCITX_BUILD overrides
# the folder; it is outside the checkout so that every clone on this machine, CI's too, reuses one build),
# reused while its inputs (this folder, the PySide6 version) are unchanged; build-info.txt beside it names
# what it was made from. The bundle build copies it into PySide6/Qt/plugins/platforminputcontexts/.
# --arch arm64 builds into the folder's sibling ".../fcitx-arm64" (from $SELFEVAL_FCITX_BUILD too: "<it>-arm64").
#
# Which PySide6 it links against (its Qt libraries, Qt/lib/libQt6*.so.6, are the ones the plugin binds to):
#   x86_64: $PYTHON's (default: the project venv, .venv/bin/python), PySide6 6.9.x.
#   arm64:  PySide6 6.8.x for aarch64, from $PYSIDE6_DIR if set (an unpacked aarch64 PySide6 package folder,
#           the one holding __init__.py and Qt/lib/), else from $PYTHON, which must then be given: an aarch64
#           venv's python (installer/linux/toolchain.sh --arch arm64's), run here under qemu-user through
#           binfmt, so the caller sets QEMU_LD_PREFIX to its arm64 root. It is asked only where PySide6 is
#           (importlib, nothing of PySide6 is loaded); its Qt/lib/ must hold aarch64 ELF files.
#   From installer/build-linux.sh --arch arm64:
#     PYTHON="$SELFEVAL_TC_VENV/bin/python" QEMU_LD_PREFIX=<arm64 root> installer/linux/fcitx/build.sh --arch arm64 | tail -1
#
# Made from: fcitx5-qt 5.1.9 (the tarball here, upstream's tag), Qt 6.8.2's headers and moc from Debian 13
# (downloaded with apt into the build folder, never installed), PySide6's own Qt 6.9 libraries to link
# against, Debian 12's g++ to compile, and zig (PyPI "ziglang") to link against glibc 2.28's symbol
# versions with libstdc++ linked in statically. The result needs at most GLIBC_2.28 and no GLIBCXX/CXXABI
# version at all; the script checks that with objdump and fails otherwise.
# arm64: Debian 13's arm64 Qt 6.8.2 headers and CMake packages (with the amd64 moc, run here), the X, xkb and GL
# development files of the arm64 archive for Qt's CMake packages and the link, Debian 12's aarch64 cross g++
# and its static libstdc++, zig -target aarch64-linux-gnu.2.31, PySide6 6.8.x's aarch64 Qt libraries.
# The result needs at most GLIBC_2.31 (Kylin V10 desktop on arm64) and no GLIBCXX/CXXABI version.
#
# Build machine: Debian 12 (x86_64) with the packages of scripts/bootstrap.sh's "fcitx plugin" group and the
# project venv (.venv, or $PYTHON) holding PySide6 6.9.x. Network: Debian's archive and PyPI only, on a cache miss.
set -euo pipefail

usage="用法：installer/linux/fcitx/build.sh [--arch x86_64|arm64]"
ARCH=x86_64
while [ $# -gt 0 ]; do
    case "$1" in
        --arch) [ $# -ge 2 ] || { echo "fcitx 插件：--arch 后缺少架构。$usage" >&2; exit 2; }; ARCH=$2; shift 2 ;;
        --arch=*) ARCH=${1#--arch=}; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "fcitx 插件：未知参数“$1”。$usage" >&2; exit 2 ;;
    esac
done
case "$ARCH" in
    x86_64|amd64) ARCH=x86_64 ;;
    arm64|aarch64) ARCH=arm64 ;;
    *) echo "fcitx 插件：不支持的架构“$ARCH”（可选 x86_64、arm64）。$usage" >&2; exit 2 ;;
esac

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
OUT=$(realpath -m "${SELFEVAL_FCITX_BUILD:-${XDG_CACHE_HOME:-$HOME/.cache}/selfeval-build/fcitx}")
[ "$ARCH" = x86_64 ] || OUT="$OUT-$ARCH"
PLUGIN_NAME=libfcitx5platforminputcontextplugin.so
PLUGIN="$OUT/$PLUGIN_NAME"
if [ "$ARCH" = x86_64 ]; then PYTHON=${PYTHON:-$ROOT/.venv/bin/python}; else PYTHON=${PYTHON:-}; fi

FCITX5_QT_VERSION=5.1.9
FCITX5_QT_TARBALL="$HERE/fcitx5-qt-$FCITX5_QT_VERSION.tar.xz"   # git archive of upstream's tag 5.1.9
FCITX5_QT_SHA256=2278081b56380029b451b24a77ee9bc7070b8decf20f98f2dae463c82224ebef
DEBIAN_SUITE=trixie            # Debian 13: Qt 6.8.2, whose private input-method API matches PySide6 6.9's
QT_UPSTREAM_VERSION=6.8.2      # any Debian revision of it
QT_DEBS=(qt6-base-dev qt6-base-private-dev qt6-base-dev-tools qmake6)
MOC_RUNTIME_DEBS=(libc6 libstdc++6 libgcc-s1 libpcre2-16-0)  # Debian 13's moc runs on its own libraries
ZIG_VERSION=0.17.1
JOBS=$(nproc)
if [ "$ARCH" = x86_64 ]; then
    GLIBC_FLOOR=2.28           # Kylin V10, UOS 20
    TRIPLET=x86_64-linux-gnu
    CC_FOR_TARGET=gcc
    TARGET_CXX=g++
    OBJDUMP=objdump
    PYSIDE_SERIES=6.9          # what installer/build-linux.sh bundles
    QT_DEB_ARCH=""             # the Qt packages: amd64, the sources.list's only architecture
    LINK_DEBS=()               # X, xkb and GL: the build machine's own development packages
else
    GLIBC_FLOOR=2.31           # Kylin V10 desktop on Phytium/Kunpeng; PySide6's aarch64 wheels need it too
    TRIPLET=aarch64-linux-gnu
    CC_FOR_TARGET=aarch64-linux-gnu-gcc
    TARGET_CXX=aarch64-linux-gnu-g++  # Debian 12's cross g++: libstdc++'s ABI, as Qt's; zig c++ would bring libc++
    OBJDUMP=aarch64-linux-gnu-objdump
    PYSIDE_SERIES=6.8          # the newest PySide6 with aarch64 wheels at manylinux_2_31
    QT_DEB_ARCH=":arm64"
    QT_DEBS=(qt6-base-dev qt6-base-private-dev qmake6)   # arm64; qt6-base-dev-tools (moc) stays amd64
    # What Qt's CMake packages and fcitx5-qt look for, and the plugin links against (xkbcommon, xcb): arm64.
    LINK_DEBS=(libxkbcommon-dev libxkbcommon0 libxcb1-dev libxcb1 libx11-dev libx11-6 libxau-dev libxau6
               libxdmcp-dev libxdmcp6 libgl-dev libgl1 libglx-dev libglx0 libopengl-dev libopengl0
               libegl-dev libegl1 libglvnd0)
    LINK_DEBS_ALL=(x11proto-dev)                         # Architecture: all
fi

say() { echo "fcitx 插件：$*" >&2; }
die() { say "$*"; exit 1; }

# --- what the build needs on this machine ------------------------------------------------------------
for tool in g++ "$TARGET_CXX" "$CC_FOR_TARGET" cmake ninja pkg-config apt-get dpkg-deb patch "$OBJDUMP" sha256sum; do
    command -v "$tool" >/dev/null || die "缺少 $tool：请先运行 scripts/bootstrap.sh"
done
[ -d /usr/share/ECM ] || die "缺少 extra-cmake-modules：请先运行 scripts/bootstrap.sh"
if [ "$ARCH" = x86_64 ]; then
    pkg-config --exists xkbcommon xcb x11 || die "缺少 libxkbcommon-dev、libxcb1-dev 或 libx11-dev：请先运行 scripts/bootstrap.sh"
    [ -x "$PYTHON" ] || die "找不到 Python 虚拟环境 $PYTHON：请先运行 scripts/bootstrap.sh"
    PYSIDE_DIR=$("$PYTHON" -c 'import os, PySide6; print(os.path.dirname(PySide6.__file__))')
    PYSIDE_VERSION=$("$PYTHON" -c 'import PySide6; print(PySide6.__version__)')
else
    if [ -n "${PYSIDE6_DIR:-}" ]; then
        PYSIDE_DIR=$(realpath -m "$PYSIDE6_DIR")
    elif [ -n "$PYTHON" ]; then
        [ -x "$PYTHON" ] || die "找不到 arm64 的 Python $PYTHON"
        # find_spec only locates the package: nothing of PySide6 runs, so an aarch64 python under qemu does.
        PYSIDE_DIR=$("$PYTHON" -c 'import importlib.util; print(importlib.util.find_spec("PySide6").submodule_search_locations[0])') \
            || die "无法用 $PYTHON 找到 PySide6（aarch64 的 Python 要在 qemu 下运行：请设置 QEMU_LD_PREFIX 为 arm64 根目录）"
    else
        die "arm64 构建需要 aarch64 的 PySide6：请设置 PYSIDE6_DIR（解开的 PySide6 文件夹）或 PYTHON（arm64 虚拟环境的 python）"
    fi
    [ -f "$PYSIDE_DIR/__init__.py" ] || die "$PYSIDE_DIR 不是 PySide6 文件夹（没有 __init__.py）"
    PYSIDE_VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$PYSIDE_DIR/__init__.py")
    for module in Core Gui DBus Widgets; do
        "$OBJDUMP" -f "$PYSIDE_DIR/Qt/lib/libQt6$module.so.6" 2>/dev/null | grep -q 'architecture: aarch64' \
            || die "$PYSIDE_DIR/Qt/lib/libQt6$module.so.6 不是 aarch64 的 Qt 库"
    done
fi
case "$PYSIDE_VERSION" in "$PYSIDE_SERIES".*) ;; *) die "需要 PySide6 $PYSIDE_SERIES.x，当前为 $PYSIDE_VERSION" ;; esac
QT_LIB="$PYSIDE_DIR/Qt/lib"

# --- reuse ------------------------------------------------------------------------------------------
KEY=$( { for f in "$HERE"/build.sh "$HERE"/*.c "$HERE"/*.map "$FCITX5_QT_TARBALL" "$HERE"/patches/*.patch; do
             sha256sum "$f" | cut -d' ' -f1; done
         echo "PySide6 $PYSIDE_VERSION"; g++ -dumpfullversion
         [ "$ARCH" = x86_64 ] || { echo "arch $ARCH"; "$TARGET_CXX" -dumpfullversion
                                   for f in "$HERE"/patches/"$ARCH"/*.patch; do sha256sum "$f" | cut -d' ' -f1; done; }
       } | sha256sum | cut -c1-16)
if [ -f "$PLUGIN" ] && [ "$(cat "$OUT/key" 2>/dev/null)" = "$KEY" ]; then
    say "沿用已构建的插件（$KEY）"
    echo "$PLUGIN"
    exit 0
fi
START=$(date +%s)
mkdir -p "$OUT"
rm -f "$OUT/key" "$PLUGIN"

# --- zig, for linking against glibc 2.28 ---------------------------------------------------------------
# Downloading from PyPI needs ssl: $PYTHON may be the glibc-2.28 toolchain's (installer/build-linux.sh),
# which is built without it. The first of $PYTHON, the project venv and the host's python3 that has ssl
# and pip does it; else a venv of the host's python3 (Debian's python3 has ssl, its pip may be missing).
# For arm64, $PYTHON is an aarch64 python: its pip would fetch the aarch64 zig, so it is not asked.
pip_python() {
    local candidate host_python=$PYTHON
    [ "$ARCH" = x86_64 ] || host_python=""
    for candidate in "$host_python" "$ROOT/.venv/bin/python" "$(command -v python3 || true)"; do
        [ -n "$candidate" ] && [ -x "$candidate" ] || continue
        if "$candidate" -c 'import ssl' 2>/dev/null && "$candidate" -m pip --version >/dev/null 2>&1; then
            echo "$candidate"
            return 0
        fi
    done
    command -v python3 >/dev/null && python3 -c 'import ssl' 2>/dev/null \
        || die "找不到带 ssl 模块的 Python 来下载 ziglang：请先运行 scripts/bootstrap.sh"
    [ -x "$OUT/pip-venv/bin/python" ] || python3 -m venv "$OUT/pip-venv" >&2 || die "无法建立下载用的虚拟环境（python3-venv）"
    echo "$OUT/pip-venv/bin/python"
}
ZIG="$OUT/zig/ziglang/zig"
if ! [ -x "$ZIG" ] || [ "$("$ZIG" version)" != "$ZIG_VERSION" ]; then
    say "安装 ziglang $ZIG_VERSION（PyPI）"
    rm -rf "$OUT/zig"
    "$(pip_python)" -m pip install -q --disable-pip-version-check --target "$OUT/zig" "ziglang==$ZIG_VERSION" >&2
fi

# --- Debian 13's Qt headers and moc, extracted (not installed) ------------------------------------------
# arm64: the Qt packages and the X/xkb/GL development files are arm64's, moc and its runtime amd64's, all
# unpacked into one tree (lib/aarch64-linux-gnu beside lib/x86_64-linux-gnu), as a multiarch system has them.
APT="$OUT/apt"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/parts.d" "$OUT/debs"
touch "$APT/status"
APT_ARCHS=amd64
[ "$ARCH" = x86_64 ] || APT_ARCHS=amd64,arm64
echo "deb [arch=$APT_ARCHS signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $DEBIAN_SUITE main" \
    > "$APT/sources.list"
APT_OPTS=(-o "Dir::State=$APT" -o "Dir::State::Lists=$APT/lists" -o "Dir::State::status=$APT/status"
          -o "Dir::Cache=$APT/cache" -o "Dir::Etc::SourceList=$APT/sources.list" -o "Dir::Etc::SourceParts=$APT/parts.d"
          -o "Dir::Etc::Preferences=$APT/preferences" -o "Dir::Etc::PreferencesParts=$APT/parts.d"
          -o "APT::Sandbox::User=root" -o "Debug::NoLocking=1")
[ "$ARCH" = x86_64 ] || APT_OPTS+=(-o "APT::Architecture=amd64" -o "APT::Architectures::=amd64" -o "APT::Architectures::=arm64")
say "读取 Debian $DEBIAN_SUITE 的软件包索引"
apt-get "${APT_OPTS[@]}" -qq update
candidate() { apt-cache "${APT_OPTS[@]}" policy "$1" | awk '/Candidate:/ {print $2}'; }
qt_candidate() {
    local version
    version=$(candidate "$1")
    case "$version" in "$QT_UPSTREAM_VERSION"+*) ;; *) die "Debian $DEBIAN_SUITE 的 $1 版本为“$version”，不是 Qt $QT_UPSTREAM_VERSION" ;; esac
    echo "$version"
}
WANTED=()   # name[:arch]=version
for pkg in "${QT_DEBS[@]}"; do WANTED+=("$pkg$QT_DEB_ARCH=$(qt_candidate "$pkg$QT_DEB_ARCH")"); done
[ "$ARCH" = x86_64 ] || WANTED+=("qt6-base-dev-tools:amd64=$(qt_candidate qt6-base-dev-tools:amd64)")
for pkg in "${MOC_RUNTIME_DEBS[@]}"; do WANTED+=("$pkg=$(candidate "$pkg")"); done
if [ "$ARCH" != x86_64 ]; then
    for pkg in "${LINK_DEBS[@]}"; do WANTED+=("$pkg$QT_DEB_ARCH=$(candidate "$pkg$QT_DEB_ARCH")"); done
    for pkg in "${LINK_DEBS_ALL[@]}"; do WANTED+=("$pkg=$(candidate "$pkg")"); done
fi
for want in "${WANTED[@]}"; do
    case "$want" in *=) die "Debian $DEBIAN_SUITE 中找不到 ${want%=}" ;; esac
done
deb_file() {   # the downloaded .deb of "name[:arch]=version" (a glob when no architecture is named)
    local name=${1%%=*} version=${1#*=} arch="*"
    case "$name" in *:*) arch=${name#*:}; name=${name%%:*} ;; esac
    echo "${name}_${version//:/%3a}_"$arch".deb"
}
( cd "$OUT/debs" && for want in "${WANTED[@]}"; do
      ls $(deb_file "$want") >/dev/null 2>&1 || apt-get "${APT_OPTS[@]}" -qq download "$want"
  done )
QT_ROOT="$OUT/qt-root"
rm -rf "$QT_ROOT"
mkdir -p "$QT_ROOT"
for want in "${WANTED[@]}"; do
    dpkg-deb -x "$(ls "$OUT/debs/"$(deb_file "$want"))" "$QT_ROOT"
done
PREFIX="$QT_ROOT/usr"
MULTIARCH="$PREFIX/lib/x86_64-linux-gnu"     # moc's runtime
TARGET_LIB="$PREFIX/lib/$TRIPLET"            # Qt's CMake packages and the libraries linked against
# moc (a bootstrap tool: libc, libstdc++, pcre2 only) runs through Debian 13's own loader and libraries.
mv "$PREFIX/lib/qt6/libexec/moc" "$PREFIX/lib/qt6/libexec/moc.debian13"
cat > "$PREFIX/lib/qt6/libexec/moc" <<EOF
#!/bin/sh
exec "$MULTIARCH/ld-linux-x86-64.so.2" --library-path "$MULTIARCH" "$PREFIX/lib/qt6/libexec/moc.debian13" "\$@"
EOF
chmod +x "$PREFIX/lib/qt6/libexec/moc"
"$PREFIX/lib/qt6/libexec/moc" --version >/dev/null || die "Debian 13 的 moc 无法运行"
# Qt's CMake files name Debian's libQt6*.so.6.8.2: they become PySide6's own libraries, linked against.
for module in Core Gui DBus Widgets; do
    [ -f "$QT_LIB/libQt6$module.so.6" ] || die "PySide6 中没有 libQt6$module.so.6"
    ln -sf "$QT_LIB/libQt6$module.so.6" "$TARGET_LIB/libQt6$module.so.$QT_UPSTREAM_VERSION"
    ln -sf "libQt6$module.so.$QT_UPSTREAM_VERSION" "$TARGET_LIB/libQt6$module.so.6"
done

# --- source ----------------------------------------------------------------------------------------
echo "$FCITX5_QT_SHA256  $FCITX5_QT_TARBALL" | sha256sum -c --quiet - || die "$FCITX5_QT_TARBALL 校验和不符"
SRC="$OUT/src/fcitx5-qt-$FCITX5_QT_VERSION"
rm -rf "$OUT/src"
mkdir -p "$OUT/src"
tar -xJf "$FCITX5_QT_TARBALL" -C "$OUT/src"
for p in "$HERE"/patches/*.patch; do patch -s -d "$SRC" -p1 < "$p"; done
# arm64 only: patches/arm64/ (Qt 6.8.2's headers for PySide6 6.8.0's Qt; see each patch's comment)
if [ "$ARCH" != x86_64 ]; then for p in "$HERE"/patches/"$ARCH"/*.patch; do patch -s -d "$SRC" -p1 < "$p"; done; fi

# --- compile with g++ (libstdc++'s ABI, as Qt), link with zig against glibc 2.28 (arm64: 2.31) -----------
ZIG_TARGET="$TRIPLET.$GLIBC_FLOOR"
"$ZIG" cc -target "$ZIG_TARGET" -O2 -fPIC -c "$HERE/glibc228_compat.c" -o "$OUT/glibc228_compat.o"
LIBSTDCXX_A=$("$TARGET_CXX" -print-file-name=libstdc++.a)
LIBGCC_S=$("$TARGET_CXX" -print-file-name=libgcc_s.so.1)
[ -f "$LIBSTDCXX_A" ] || die "找不到 libstdc++.a（$TARGET_CXX 的静态库）"
[ -f "$LIBGCC_S" ] || die "找不到 libgcc_s.so.1（$TARGET_CXX 的运行库）"
LINK_RULE="$ZIG cc -target $ZIG_TARGET -shared -fPIC -s <LINK_FLAGS> -o <TARGET> <OBJECTS>"
LINK_RULE+=" $OUT/glibc228_compat.o $LIBSTDCXX_A $LIBGCC_S -Wl,--version-script=$HERE/plugin.map <LINK_LIBRARIES>"
CMAKE_TARGET_ARGS=(-DCMAKE_CXX_COMPILER=g++)
if [ "$ARCH" != x86_64 ]; then
    # Cross-compiling: the compilers are Debian 12's aarch64 ones; headers, libraries and Qt's CMake packages
    # come only from the unpacked tree (never the build machine's x86_64 ones); programs (moc, msgfmt) and
    # ECM from the build machine. pkg-config (xkbcommon, xcb, x11) reads the tree's arm64 .pc files.
    cat > "$OUT/toolchain.cmake" <<EOF
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER $CC_FOR_TARGET)
set(CMAKE_CXX_COMPILER $TARGET_CXX)
set(CMAKE_LIBRARY_ARCHITECTURE $TRIPLET)
set(CMAKE_FIND_ROOT_PATH "$QT_ROOT")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(ECM_DIR /usr/share/ECM/cmake)
EOF
    export PKG_CONFIG_LIBDIR="$TARGET_LIB/pkgconfig:$PREFIX/share/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$QT_ROOT"
    unset PKG_CONFIG_PATH
    CMAKE_TARGET_ARGS=(-DCMAKE_TOOLCHAIN_FILE="$OUT/toolchain.cmake")
fi
BUILD="$OUT/cmake"
rm -rf "$BUILD"
say "编译 fcitx5-qt $FCITX5_QT_VERSION 的 Qt 6 插件（$ARCH，$JOBS 个并行任务）"
cmake -S "$SRC" -B "$BUILD" -G Ninja -Wno-dev \
    -DCMAKE_BUILD_TYPE=Release \
    "${CMAKE_TARGET_ARGS[@]}" \
    -DCMAKE_PREFIX_PATH="$PREFIX" \
    -DCMAKE_SKIP_RPATH=ON \
    -DCMAKE_CXX_CREATE_SHARED_MODULE="$LINK_RULE" \
    -DENABLE_QT4=Off -DENABLE_QT5=Off -DENABLE_QT6=On \
    -DBUILD_ONLY_PLUGIN=On -DENABLE_X11=On -DENABLE_QT6_WAYLAND_WORKAROUND=Off \
    > "$OUT/cmake.log" 2>&1 || { tail -40 "$OUT/cmake.log" >&2; die "CMake 配置失败，见 $OUT/cmake.log"; }
ninja -C "$BUILD" -j "$JOBS" fcitx5platforminputcontextplugin-qt6 > "$OUT/ninja.log" 2>&1 \
    || { tail -40 "$OUT/ninja.log" >&2; die "编译失败，见 $OUT/ninja.log"; }
BUILT="$BUILD/qt6/platforminputcontext/$PLUGIN_NAME"

# --- the glibc floor and the C++ runtime, checked -------------------------------------------------------
"$OBJDUMP" -f "$BUILT" | grep -q "architecture: $( [ "$ARCH" = x86_64 ] && echo i386:x86-64 || echo aarch64 )" \
    || die "插件不是 $ARCH 的 ELF 文件"
VERSIONS=$("$OBJDUMP" -T "$BUILT" | grep -oE '\((GLIBC|GLIBCXX|CXXABI)_[0-9.]+\)' | tr -d '()' | sort -u -V)
NEWEST_GLIBC=$(echo "$VERSIONS" | grep '^GLIBC_' | sed 's/^GLIBC_//' | sort -V | tail -1)
if [ "$(printf '%s\n%s\n' "$NEWEST_GLIBC" "$GLIBC_FLOOR" | sort -V | tail -1)" != "$GLIBC_FLOOR" ]; then
    die "插件需要 GLIBC_$NEWEST_GLIBC，超过 $GLIBC_FLOOR"
fi
if echo "$VERSIONS" | grep -qE '^(GLIBCXX|CXXABI)_'; then
    die "插件依赖系统的 libstdc++：$(echo "$VERSIONS" | grep -E '^(GLIBCXX|CXXABI)_' | tr '\n' ' ')"
fi

cp "$BUILT" "$PLUGIN.tmp"
mv "$PLUGIN.tmp" "$PLUGIN"
{
    echo "plugin: $PLUGIN_NAME"
    echo "fcitx5-qt: $FCITX5_QT_VERSION (sha256 $FCITX5_QT_SHA256)"
    echo "patches: $(cd "$HERE/patches" && ls *.patch | tr '\n' ' ')$( [ "$ARCH" = x86_64 ] || (cd "$HERE/patches" && ls "$ARCH"/*.patch | tr '\n' ' '))"
    echo "Debian $DEBIAN_SUITE: ${WANTED[*]}"
    echo "linked against: PySide6 $PYSIDE_VERSION ($QT_LIB)"
    echo "compiler: $TARGET_CXX $("$TARGET_CXX" -dumpfullversion), libstdc++ static; linker: zig $ZIG_VERSION, $ZIG_TARGET"
    echo "newest GLIBC symbol version: $NEWEST_GLIBC; GLIBCXX/CXXABI: none"
    echo "build seconds: $(( $(date +%s) - START ))"
} > "$OUT/build-info.txt"
echo "$KEY" > "$OUT/key"
say "完成（$(( $(date +%s) - START )) 秒），最高 GLIBC_$NEWEST_GLIBC，无 GLIBCXX/CXXABI 依赖"
echo "$PLUGIN"
