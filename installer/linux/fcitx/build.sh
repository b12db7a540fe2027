#!/usr/bin/env bash
# Builds fcitx5-qt's Qt 6 input-method plugin (libfcitx5platforminputcontextplugin.so, keys "fcitx" and
# "fcitx5"; speaks the fcitx 4 and fcitx5 D-Bus protocols) for the Qt that PySide6 ships, so that Chinese
# can be typed in the frozen program under fcitx 4 (UOS 20, Kylin V10) and fcitx5. See README.md here.
#
#   installer/linux/fcitx/build.sh       # prints the plugin's path as its last line
#
# Output: ~/.cache/selfeval-build/fcitx/libfcitx5platforminputcontextplugin.so ($SELFEVAL_FCITX_BUILD overrides
# the folder; it is outside the checkout so that every clone on this machine, CI's too, reuses one build),
# reused while its inputs (this folder, the PySide6 version) are unchanged; build-info.txt beside it names
# what it was made from. The bundle build copies it into PySide6/Qt/plugins/platforminputcontexts/.
#
# Made from: fcitx5-qt 5.1.9 (the tarball here, upstream's tag), Qt 6.8.2's headers and moc from Debian 13
# (downloaded with apt into the build folder, never installed), PySide6's own Qt 6.9 libraries to link
# against, Debian 12's g++ to compile, and zig (PyPI "ziglang") to link against glibc 2.28's symbol
# versions with libstdc++ linked in statically. The result needs at most GLIBC_2.28 and no GLIBCXX/CXXABI
# version at all; the script checks that with objdump and fails otherwise.
#
# Build machine: Debian 12 with the packages of scripts/bootstrap.sh's "fcitx plugin" group and the project
# venv (.venv, or $PYTHON) holding PySide6 6.9.x. Network: Debian's archive and PyPI only, on a cache miss.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
OUT=$(realpath -m "${SELFEVAL_FCITX_BUILD:-${XDG_CACHE_HOME:-$HOME/.cache}/selfeval-build/fcitx}")
PLUGIN_NAME=libfcitx5platforminputcontextplugin.so
PLUGIN="$OUT/$PLUGIN_NAME"
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}

FCITX5_QT_VERSION=5.1.9
FCITX5_QT_TARBALL="$HERE/fcitx5-qt-$FCITX5_QT_VERSION.tar.xz"   # git archive of upstream's tag 5.1.9
FCITX5_QT_SHA256=2278081b56380029b451b24a77ee9bc7070b8decf20f98f2dae463c82224ebef
DEBIAN_SUITE=trixie            # Debian 13: Qt 6.8.2, whose private input-method API matches PySide6 6.9's
QT_UPSTREAM_VERSION=6.8.2      # any Debian revision of it
QT_DEBS=(qt6-base-dev qt6-base-private-dev qt6-base-dev-tools qmake6)
MOC_RUNTIME_DEBS=(libc6 libstdc++6 libgcc-s1 libpcre2-16-0)  # Debian 13's moc runs on its own libraries
ZIG_VERSION=0.17.1
GLIBC_FLOOR=2.28               # Kylin V10, UOS 20
JOBS=$(nproc)

say() { echo "fcitx 插件：$*" >&2; }
die() { say "$*"; exit 1; }

# --- what the build needs on this machine ------------------------------------------------------------
for tool in g++ cmake ninja pkg-config apt-get dpkg-deb patch objdump sha256sum; do
    command -v "$tool" >/dev/null || die "缺少 $tool：请先运行 scripts/bootstrap.sh"
done
[ -d /usr/share/ECM ] || die "缺少 extra-cmake-modules：请先运行 scripts/bootstrap.sh"
pkg-config --exists xkbcommon xcb x11 || die "缺少 libxkbcommon-dev、libxcb1-dev 或 libx11-dev：请先运行 scripts/bootstrap.sh"
[ -x "$PYTHON" ] || die "找不到 Python 虚拟环境 $PYTHON：请先运行 scripts/bootstrap.sh"
PYSIDE_DIR=$("$PYTHON" -c 'import os, PySide6; print(os.path.dirname(PySide6.__file__))')
PYSIDE_VERSION=$("$PYTHON" -c 'import PySide6; print(PySide6.__version__)')
case "$PYSIDE_VERSION" in 6.9.*) ;; *) die "需要 PySide6 6.9.x，当前为 $PYSIDE_VERSION" ;; esac
QT_LIB="$PYSIDE_DIR/Qt/lib"

# --- reuse ------------------------------------------------------------------------------------------
KEY=$( { for f in "$HERE"/build.sh "$HERE"/*.c "$HERE"/*.map "$FCITX5_QT_TARBALL" "$HERE"/patches/*.patch; do
             sha256sum "$f" | cut -d' ' -f1; done
         echo "PySide6 $PYSIDE_VERSION"; g++ -dumpfullversion; } | sha256sum | cut -c1-16)
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
pip_python() {
    local candidate
    for candidate in "$PYTHON" "$ROOT/.venv/bin/python" "$(command -v python3 || true)"; do
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
APT="$OUT/apt"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/parts.d" "$OUT/debs"
touch "$APT/status"
echo "deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $DEBIAN_SUITE main" \
    > "$APT/sources.list"
APT_OPTS=(-o "Dir::State=$APT" -o "Dir::State::Lists=$APT/lists" -o "Dir::State::status=$APT/status"
          -o "Dir::Cache=$APT/cache" -o "Dir::Etc::SourceList=$APT/sources.list" -o "Dir::Etc::SourceParts=$APT/parts.d"
          -o "Dir::Etc::Preferences=$APT/preferences" -o "Dir::Etc::PreferencesParts=$APT/parts.d"
          -o "APT::Sandbox::User=root" -o "Debug::NoLocking=1")
say "读取 Debian $DEBIAN_SUITE 的软件包索引"
apt-get "${APT_OPTS[@]}" -qq update
candidate() { apt-cache "${APT_OPTS[@]}" policy "$1" | awk '/Candidate:/ {print $2}'; }
WANTED=()
for pkg in "${QT_DEBS[@]}"; do
    version=$(candidate "$pkg")
    case "$version" in "$QT_UPSTREAM_VERSION"+*) ;; *) die "Debian $DEBIAN_SUITE 的 $pkg 版本为“$version”，不是 Qt $QT_UPSTREAM_VERSION" ;; esac
    WANTED+=("$pkg=$version")
done
for pkg in "${MOC_RUNTIME_DEBS[@]}"; do WANTED+=("$pkg=$(candidate "$pkg")"); done
( cd "$OUT/debs" && for want in "${WANTED[@]}"; do
      name=${want%%=*}; version=${want#*=}
      ls "${name}_${version//:/%3a}_"*.deb >/dev/null 2>&1 || apt-get "${APT_OPTS[@]}" -qq download "$want"
  done )
QT_ROOT="$OUT/qt-root"
rm -rf "$QT_ROOT"
mkdir -p "$QT_ROOT"
for want in "${WANTED[@]}"; do
    name=${want%%=*}; version=${want#*=}
    dpkg-deb -x "$(ls "$OUT/debs/${name}_${version//:/%3a}_"*.deb)" "$QT_ROOT"
done
PREFIX="$QT_ROOT/usr"
MULTIARCH="$PREFIX/lib/x86_64-linux-gnu"
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
    ln -sf "$QT_LIB/libQt6$module.so.6" "$MULTIARCH/libQt6$module.so.$QT_UPSTREAM_VERSION"
    ln -sf "libQt6$module.so.$QT_UPSTREAM_VERSION" "$MULTIARCH/libQt6$module.so.6"
done

# --- source ----------------------------------------------------------------------------------------
echo "$FCITX5_QT_SHA256  $FCITX5_QT_TARBALL" | sha256sum -c --quiet - || die "$FCITX5_QT_TARBALL 校验和不符"
SRC="$OUT/src/fcitx5-qt-$FCITX5_QT_VERSION"
rm -rf "$OUT/src"
mkdir -p "$OUT/src"
tar -xJf "$FCITX5_QT_TARBALL" -C "$OUT/src"
for p in "$HERE"/patches/*.patch; do patch -s -d "$SRC" -p1 < "$p"; done

# --- compile with g++ (libstdc++'s ABI, as Qt), link with zig against glibc 2.28 -------------------------
"$ZIG" cc -target "x86_64-linux-gnu.$GLIBC_FLOOR" -O2 -fPIC -c "$HERE/glibc228_compat.c" -o "$OUT/glibc228_compat.o"
LIBSTDCXX_A=$(g++ -print-file-name=libstdc++.a)
LIBGCC_S=$(g++ -print-file-name=libgcc_s.so.1)
[ -f "$LIBSTDCXX_A" ] || die "找不到 libstdc++.a（g++ 的静态库）"
LINK_RULE="$ZIG cc -target x86_64-linux-gnu.$GLIBC_FLOOR -shared -fPIC -s <LINK_FLAGS> -o <TARGET> <OBJECTS>"
LINK_RULE+=" $OUT/glibc228_compat.o $LIBSTDCXX_A $LIBGCC_S -Wl,--version-script=$HERE/plugin.map <LINK_LIBRARIES>"
BUILD="$OUT/cmake"
rm -rf "$BUILD"
say "编译 fcitx5-qt $FCITX5_QT_VERSION 的 Qt 6 插件（$JOBS 个并行任务）"
cmake -S "$SRC" -B "$BUILD" -G Ninja -Wno-dev \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER=g++ \
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
VERSIONS=$(objdump -T "$BUILT" | grep -oE '\((GLIBC|GLIBCXX|CXXABI)_[0-9.]+\)' | tr -d '()' | sort -u -V)
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
    echo "patches: $(cd "$HERE/patches" && ls *.patch | tr '\n' ' ')"
    echo "Debian $DEBIAN_SUITE: ${WANTED[*]}"
    echo "linked against: PySide6 $PYSIDE_VERSION ($QT_LIB)"
    echo "compiler: g++ $(g++ -dumpfullversion), libstdc++ static; linker: zig $ZIG_VERSION, x86_64-linux-gnu.$GLIBC_FLOOR"
    echo "newest GLIBC symbol version: $NEWEST_GLIBC; GLIBCXX/CXXABI: none"
    echo "build seconds: $(( $(date +%s) - START ))"
} > "$OUT/build-info.txt"
echo "$KEY" > "$OUT/key"
say "完成（$(( $(date +%s) - START )) 秒），最高 GLIBC_$NEWEST_GLIBC，无 GLIBCXX/CXXABI 依赖"
echo "$PLUGIN"
