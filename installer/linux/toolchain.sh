#!/usr/bin/env bash
# The toolchain of the Linux build, for one of two machines:
#   x86_64 (the default): glibc 2.28 (Kylin V10 and UOS 20 on x86_64, and every newer x86_64 Linux);
#   arm64 (--arch arm64): glibc 2.31 (Kylin V10 on Phytium/Kunpeng), cross-built on an x86_64 machine.
#   - zig (PyPI "ziglang", pinned) as the C/C++ compiler, always with -target x86_64-linux-gnu.2.28
#     (aarch64-linux-gnu.2.31), so whatever it links needs no newer glibc symbol version;
#   - zlib, bzip2, xz (liblzma), libffi and SQLite from Debian 12's source packages, built with it as
#     static, position-independent libraries (CPython links them into its extension modules, so the
#     bundle carries none of them as separate .so files);
#   - CPython (Debian 12's source package, 3.11.2) built with it as a shared libpython, without the
#     modules the program never loads (ssl/hashlib's OpenSSL, readline, curses, dbm, tkinter, ...),
#     with a virtual environment holding the project's dependencies and PyInstaller (wheels from PyPI
#     that need at most glibc 2.28);
#   - libstdc++ and libgcc_s of GCC 10 and libzstd 1.4.8 (Debian 11's binary packages): they need only
#     GLIBC_2.18, 2.14 and 2.14; libstdc++ provides GLIBCXX_3.4.28 / CXXABI_1.3.12, more than Qt 6.9
#     asks for (3.4.21 / 1.3.11). The bundle takes these instead of the build machine's copies.
# arm64 in addition: a Debian 11 (bullseye, glibc 2.31) arm64 root made with debootstrap ($TC/root), in which
# every aarch64 program runs under qemu-user (Debian's qemu-user-static registers it with binfmt_misc): the
# built python3.11 (QEMU_LD_PREFIX=$TC/root), and later PyInstaller itself (installer/build-linux.sh runs
# installer/build.sh inside it with chroot). CPython is cross-compiled with the build machine's python3.11
# (--with-build-python); the venv takes PySide6-Essentials 6.8.0.2, the newest PySide6 whose aarch64 wheel
# needs no more than glibc 2.31 (6.9's needs 2.39); the runtime libraries are Debian 11's arm64 ones.
#
# Everything goes into one cache folder outside the repository, reused by later builds:
#   ${SELFEVAL_TOOLCHAIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/selfeval/toolchain}
# Each step leaves a stamp file and is skipped when it is there. The first run takes about half an
# hour on two cores (mostly CPython); later runs take seconds.
#
# Usage:
#   installer/linux/toolchain.sh            build what is missing, then print the environment (sh syntax)
#   installer/linux/toolchain.sh --zig      only zig and its compiler wrappers (a minute), then print
#   installer/linux/toolchain.sh --check    print the environment if the toolchain is complete, else exit 1
#   installer/linux/toolchain.sh --arch arm64 [--zig|--check]   the same for arm64 (toolchain-arm64 folder)
#   eval "$(installer/linux/toolchain.sh)"  use it in a script
# Printed variables: SELFEVAL_TOOLCHAIN_DIR, ZIG, CC, CXX, AR, RANLIB (wrappers that target glibc 2.28),
# SELFEVAL_TC_DEPS (static C libraries: include/ and lib/), SELFEVAL_TC_PYTHON (the built python3.11),
# SELFEVAL_TC_VENV (its venv with the project's dependencies and PyInstaller), SELFEVAL_TC_RUNTIME
# (libstdc++.so.6, libgcc_s.so.1 and libzstd.so.1 to bundle); arm64 adds SELFEVAL_TC_ROOT (the Debian 11
# arm64 root) and QEMU_LD_PREFIX (the same folder).
# Needs: network access to PyPI and Debian's archive on the first run, make, tclsh (SQLite's build),
# apt-get, dpkg-deb; for arm64 also python3.11, debootstrap and qemu-user-static (binfmt_misc registered),
# and root (debootstrap, chroot). Messages in Chinese go to stderr, the environment to stdout.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ZIG_VERSION=0.14.1
JOBS=$(nproc 2>/dev/null || echo 2)
MODE=all
ARCH=amd64

say() { echo "toolchain：$*" >&2; }
die() { echo "toolchain：$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --arch)
            [ $# -ge 2 ] || die "--arch 后面要写 amd64 或 arm64"
            ARCH=$2; shift 2 ;;
        *) MODE=$1; shift ;;
    esac
done
case "$ARCH" in
    amd64|x86_64)
        ARCH=amd64
        TARGET=x86_64-linux-gnu.2.28
        MULTIARCH=x86_64-linux-gnu
        TC=${SELFEVAL_TOOLCHAIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/selfeval/toolchain}
        PLATFORMS=(manylinux_2_28_x86_64 manylinux_2_27_x86_64 manylinux_2_26_x86_64 manylinux_2_17_x86_64
                   manylinux2014_x86_64 manylinux_2_5_x86_64 linux_x86_64)
        PYSIDE_PIN="" ;;
    arm64|aarch64)
        ARCH=arm64
        TARGET=aarch64-linux-gnu.2.31
        MULTIARCH=aarch64-linux-gnu
        TC=${SELFEVAL_TOOLCHAIN_DIR_ARM64:-${XDG_CACHE_HOME:-$HOME/.cache}/selfeval/toolchain-arm64}
        PLATFORMS=(manylinux_2_31_aarch64 manylinux_2_28_aarch64 manylinux_2_27_aarch64 manylinux_2_26_aarch64
                   manylinux_2_17_aarch64 manylinux2014_aarch64 linux_aarch64)
        # The newest PySide6 with an aarch64 wheel for glibc <= 2.31 (tests/platform checks the app on it).
        PYSIDE_PIN="PySide6-Essentials==6.8.0.2" ;;
    *) die "不支持的架构“$ARCH”：只能是 amd64 或 arm64" ;;
esac

# The build venv's requirements (the project's dependencies, PyInstaller, pip) and its folder, named by them.
REQS=$(python3 - "$ROOT/pyproject.toml" "$PYSIDE_PIN" <<'EOF'
import re, sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
reqs = project["dependencies"] + project["optional-dependencies"]["build"] + ["pip", "setuptools", "wheel"]
if sys.argv[2]:  # a pinned PySide6 in place of the project's range
    reqs = [sys.argv[2] if re.match(r"PySide6", r) else r for r in reqs]
print("\n".join(reqs))
EOF
)
VENV="$TC/venv-$(printf '%s\n' "$REQS" | sha256sum | cut -c1-12)"

print_env() {
    cat <<EOF
export SELFEVAL_TOOLCHAIN_DIR='$TC'
export ZIG='$TC/bin/zig'
export CC='$TC/bin/cc'
export CXX='$TC/bin/c++'
export AR='$TC/bin/ar'
export RANLIB='$TC/bin/ranlib'
export SELFEVAL_TC_TARGET='$TARGET'
export SELFEVAL_TC_DEPS='$TC/deps'
export SELFEVAL_TC_PYTHON='$TC/python/bin/python3.11'
export SELFEVAL_TC_VENV='$VENV'
export SELFEVAL_TC_RUNTIME='$TC/runtime'
export SELFEVAL_TC_ARCH='$ARCH'
EOF
    if [ "$ARCH" = arm64 ]; then
        cat <<EOF
export SELFEVAL_TC_ROOT='$TC/root'
export QEMU_LD_PREFIX='$TC/root'
EOF
    fi
}

case "$MODE" in
    all|--zig) ;;
    --check)
        # The slow parts; the venv for this checkout's dependencies is made by the next full run if missing.
        [ -f "$TC/stamps/python" ] && [ -f "$TC/stamps/runtime" ] || exit 1
        print_env; exit 0 ;;
    -h|--help) sed -n '2,32p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "未知参数“$MODE”。用法：toolchain.sh [--arch amd64|arm64] [--zig|--check]" ;;
esac

mkdir -p "$TC"/{bin,stamps,src,build,deps,runtime}
done_step() { [ -f "$TC/stamps/$1" ]; }
mark() { date -u +%FT%TZ > "$TC/stamps/$1"; }

# --- arm64: the Debian 11 root that aarch64 programs run in (qemu-user through binfmt_misc) -----------------
if [ "$ARCH" = arm64 ]; then
    export QEMU_LD_PREFIX="$TC/root"
    [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] \
        || die "本机不能运行 arm64 程序：请安装 qemu-user-static（apt-get install qemu-user-static binfmt-support），并确认 binfmt_misc 已挂载"
    if ! done_step root; then
        command -v debootstrap >/dev/null || die "缺少 debootstrap：apt-get install debootstrap"
        [ "$(id -u)" = 0 ] || die "制作 arm64 的 Debian 11 根目录需要 root 权限（debootstrap、chroot）"
        say "制作 Debian 11 arm64 根目录（debootstrap，约 10 分钟）……"
        rm -rf "$TC/root"
        debootstrap --arch=arm64 --variant=minbase bullseye "$TC/root" http://deb.debian.org/debian >&2 \
            || die "debootstrap 失败（见上面的输出）"
        mark root
    fi
    # What the build needs in the root: binutils (PyInstaller and the spec read ELF files: ldd, objdump,
    # readelf, strip), icu-devtools (icupkg cuts ICU's data: installer/linux/icu_data.py), and the system
    # libraries Qt's libraries and plugins link (PyInstaller must find them to follow Qt's dependencies and
    # to run Qt in its analysis; the spec bundles some, e.g. libxcb-cursor, and leaves the rest to the system).
    ROOT_PKGS=(binutils icu-devtools libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0
               libxkbcommon-x11-0 libx11-6 libx11-xcb1 libegl1 libgl1 libopengl0 libxcb1 libxcb-cursor0
               libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
               libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libxcb-util1)
    ROOT_PKGS_STAMP="root-packages-$(printf '%s\n' "${ROOT_PKGS[@]}" | sha256sum | cut -c1-12)"
    if ! done_step "$ROOT_PKGS_STAMP"; then
        say "在 arm64 根目录中安装打包所需的软件包……"
        bash "$ROOT/installer/linux/in-root.sh" "$TC/root" -- sh -c \
            "apt-get -qq update && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${ROOT_PKGS[*]}" >&2 \
            || die "arm64 根目录中的软件包安装失败（见上面的输出）"
        rm -f "$TC"/stamps/root-packages-*
        mark "$ROOT_PKGS_STAMP"
    fi
fi

# --- zig and the compiler wrappers ---------------------------------------------------------------------
# cc / c++: zig for glibc 2.28, UBSan off (zig turns it on for unoptimised C, which a configure test may
# be), and -Wl,-hNAME (CPython's Makefile) spelled -Wl,-soname,NAME (zig's linker knows only that).
write_wrappers() {
    for tool in cc c++; do
        cat > "$TC/bin/$tool" <<EOF
#!/bin/sh
for arg do
    shift
    case "\$arg" in
        -Wl,-h*) set -- "\$@" "-Wl,-soname,\${arg#-Wl,-h}" ;;
        *) set -- "\$@" "\$arg" ;;
    esac
done
exec '$TC/bin/zig' $tool -target $TARGET -fno-sanitize=undefined "\$@"
EOF
        chmod 755 "$TC/bin/$tool"
    done
    for tool in ar ranlib; do
        printf '#!/bin/sh\nexec %s %s "$@"\n' "'$TC/bin/zig'" "$tool" > "$TC/bin/$tool"
        chmod 755 "$TC/bin/$tool"
    done
}
if done_step zig; then
    write_wrappers  # cheap: always the current version
else
    say "安装 zig $ZIG_VERSION（PyPI：ziglang）……"
    rm -rf "$TC/zigvenv"
    python3 -m venv "$TC/zigvenv"
    "$TC/zigvenv/bin/python" -m pip install -q "ziglang==$ZIG_VERSION" >&2
    ZIG_BIN=$("$TC/zigvenv/bin/python" -c 'import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')
    ln -sf "$ZIG_BIN" "$TC/bin/zig"
    write_wrappers
    echo 'int main(void){return 0;}' > "$TC/build/probe.c"
    "$TC/bin/cc" -o "$TC/build/probe" "$TC/build/probe.c"
    "$TC/build/probe"
    mark zig
fi
if [ "$MODE" = --zig ]; then
    print_env
    exit 0
fi

export CC="$TC/bin/cc" CXX="$TC/bin/c++" AR="$TC/bin/ar" RANLIB="$TC/bin/ranlib"
command -v tclsh >/dev/null || die "缺少 tclsh（SQLite 的构建需要）：apt-get install tcl"
command -v make >/dev/null || die "缺少 make：apt-get install make"

# --- sources: Debian 12's source packages, Debian 11's runtime libraries (a private apt setup) ----------
APT=(-o "Dir::Etc::SourceList=$TC/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
     -o "Dir::State::Lists=$TC/apt/lists" -o "Dir::Cache=$TC/apt/cache" -o APT::Sandbox::User=root
     -o "APT::Architecture=$ARCH" -o "APT::Architectures=$ARCH")
if ! done_step sources; then
    say "下载源码包（Debian 12：python3.11 sqlite3 libffi zlib bzip2 xz-utils）……"
    mkdir -p "$TC/apt/lists/partial" "$TC/apt/cache/archives/partial"
    cat > "$TC/apt/sources.list" <<'EOF'
deb-src http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bullseye main
EOF
    apt-get "${APT[@]}" -qq update >&2
    (cd "$TC/src" && apt-get "${APT[@]}" -qq source --download-only \
        python3.11 sqlite3 libffi zlib bzip2 xz-utils >&2)
    mark sources
fi

unpack() {  # unpack <orig tarball glob> <folder>: the upstream source, without Debian's patches
    local archive
    archive=$(ls "$TC"/src/$1 | head -1)
    rm -rf "$TC/build/$2"
    mkdir -p "$TC/build/$2"
    tar -xf "$archive" -C "$TC/build/$2" --strip-components=1
}

D="$TC/deps"
DEP_CFLAGS="-O2 -fPIC"
# Autoconf's cross-compiling arguments (arm64 is built on an x86_64 machine).
HOST_ARGS=()
[ "$ARCH" = arm64 ] && HOST_ARGS=(--build=x86_64-pc-linux-gnu --host=aarch64-unknown-linux-gnu)

if ! done_step zlib; then
    say "编译 zlib……"
    unpack 'zlib_*.orig.tar.*' zlib
    (cd "$TC/build/zlib" && CFLAGS="$DEP_CFLAGS" ./configure --static --prefix="$D" >&2 && make -j"$JOBS" >&2 && make install >&2)
    mark zlib
fi
if ! done_step bzip2; then
    say "编译 bzip2……"
    unpack 'bzip2_*.orig.tar.*' bzip2
    (cd "$TC/build/bzip2" && make -j"$JOBS" CC="$CC" AR="$AR" RANLIB="$RANLIB" CFLAGS="$DEP_CFLAGS -D_FILE_OFFSET_BITS=64" libbz2.a >&2 \
        && install -D -m 644 libbz2.a "$D/lib/libbz2.a" && install -D -m 644 bzlib.h "$D/include/bzlib.h")
    mark bzip2
fi
if ! done_step xz; then
    say "编译 xz（liblzma）……"
    unpack 'xz-utils_*.orig.tar.xz' xz
    (cd "$TC/build/xz" && CFLAGS="$DEP_CFLAGS" ./configure "${HOST_ARGS[@]}" --prefix="$D" --disable-shared --enable-static \
        --disable-xz --disable-xzdec --disable-lzmadec --disable-lzmainfo --disable-scripts --disable-doc \
        --disable-nls >&2 && make -j"$JOBS" >&2 && make install >&2)
    mark xz
fi
if ! done_step libffi; then
    say "编译 libffi……"
    unpack 'libffi_*.orig.tar.*' libffi
    (cd "$TC/build/libffi" && CFLAGS="$DEP_CFLAGS" ./configure "${HOST_ARGS[@]}" --prefix="$D" --libdir="$D/lib" --disable-shared \
        --enable-static --disable-docs --disable-multi-os-directory --disable-exec-static-tramp >&2 && make -j"$JOBS" >&2 && make install >&2)
    mark libffi
fi
if ! done_step sqlite; then
    say "编译 SQLite……"
    unpack 'sqlite3_*.orig.tar.xz' sqlite
    # The features Python's sqlite3 module and Debian's libsqlite3 have (JSON1 is built in since 3.38).
    (cd "$TC/build/sqlite" && CFLAGS="$DEP_CFLAGS -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS \
        -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_COLUMN_METADATA \
        -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_SECURE_DELETE -DSQLITE_MAX_VARIABLE_NUMBER=250000" \
        ./configure "${HOST_ARGS[@]}" --prefix="$D" --disable-shared --enable-static --disable-tcl --disable-readline \
        --disable-editline >&2 && make -j"$JOBS" libsqlite3.la >&2 \
        && install -D -m 644 .libs/libsqlite3.a "$D/lib/libsqlite3.a" \
        && install -D -m 644 sqlite3.h "$D/include/sqlite3.h" && install -m 644 sqlite3ext.h "$D/include/")
    mark sqlite
fi

# --- CPython -------------------------------------------------------------------------------------------
PY="$TC/python"
if ! done_step python; then
    say "编译 CPython 3.11（首次约 20 分钟）……"
    unpack 'python3.11_*.orig.tar.*' python
    rm -rf "$PY"
    # _ctypes through Modules/Setup.local (the Makefile), not setup.py, which would look for libffi in the
    # build machine's library folders: linked with the static libffi. (makesetup reads a line with "=" as
    # a variable: -DNAME alone defines NAME as 1.)
    # setup.py (which builds the extension modules in 3.11) would add the build machine's /usr/include/<multiarch>
    # and /usr/local/include, whose glibc 2.36 headers do not mix with zig's glibc 2.28 ones: not here.
    sed -i -e 's/^    def add_multiarch_paths(self):$/&\n        return/' \
        -e "s%^\( *\)add_dir_to_list(self.compiler.\(include\|library\)_dirs, '/usr/local/\(include\|lib\)')%\1pass%" \
        "$TC/build/python/setup.py"
    cat > "$TC/build/python/Modules/Setup.local" <<EOF
*shared*
_ctypes _ctypes/_ctypes.c _ctypes/callbacks.c _ctypes/callproc.c _ctypes/stgdict.c _ctypes/cfield.c -I$D/include -DHAVE_FFI_PREP_CIF_VAR -DHAVE_FFI_PREP_CLOSURE_LOC -DHAVE_FFI_CLOSURE_ALLOC $D/lib/libffi.a
EOF
    # -Wno-date-time: zig makes __DATE__/__TIME__ (sys.version's build date) an error. PY3LIBRARY empty:
    # no libpython3.so (the stable-ABI forwarder nothing here links to; zig cannot link a library
    # made of a library alone).
    # Modules left out: nothing in the program loads them, and each would need a library of the build
    # machine (OpenSSL, readline, ncurses, gdbm, Tk, libuuid, libcrypt, NIS).
    # arm64: cross-compiled; the build machine's python3.11 runs the build's Python steps, and configure is
    # told what it cannot try out on another machine's files (/dev/ptmx is there on every Linux).
    PY_HOST_ARGS=()
    if [ "$ARCH" = arm64 ]; then
        BUILD_PY=$(command -v python3.11 || true)
        [ -x "$HOME/.cache/selfeval/toolchain/python/bin/python3.11" ] && BUILD_PY="$HOME/.cache/selfeval/toolchain/python/bin/python3.11"
        [ -n "$BUILD_PY" ] || die "交叉编译 CPython 需要本机的 python3.11（apt-get install python3.11）"
        printf 'ac_cv_file__dev_ptmx=yes\nac_cv_file__dev_ptc=no\nac_cv_buggy_getaddrinfo=no\n' > "$TC/build/python/config.site"
        export CONFIG_SITE="$TC/build/python/config.site"
        PY_HOST_ARGS=("${HOST_ARGS[@]}" "--with-build-python=$BUILD_PY")
        export READELF=$(command -v readelf)  # the build machine's (reads any ELF file), by its full path: configure refuses a bare "readelf" when cross-compiling
    fi
    (cd "$TC/build/python" && \
        ZLIB_CFLAGS="-I$D/include" ZLIB_LIBS="$D/lib/libz.a" \
        BZIP2_CFLAGS="-I$D/include" BZIP2_LIBS="$D/lib/libbz2.a" \
        LIBLZMA_CFLAGS="-I$D/include" LIBLZMA_LIBS="$D/lib/liblzma.a" \
        LIBFFI_CFLAGS="-I$D/include" LIBFFI_LIBS="$D/lib/libffi.a" \
        LIBSQLITE3_CFLAGS="-I$D/include" LIBSQLITE3_LIBS="-L$D/lib -lsqlite3 -lm -lpthread -ldl" \
        LDFLAGS="-Wl,-rpath,$PY/lib" CFLAGS="-Wno-date-time" \
        py_cv_module__ssl=n/a py_cv_module__hashlib=n/a py_cv_module_readline=n/a \
        py_cv_module__curses=n/a py_cv_module__curses_panel=n/a py_cv_module__dbm=n/a \
        py_cv_module__gdbm=n/a py_cv_module__tkinter=n/a py_cv_module__uuid=n/a \
        py_cv_module__crypt=n/a py_cv_module_nis=n/a \
        ./configure "${PY_HOST_ARGS[@]}" --prefix="$PY" --enable-shared --without-ensurepip --with-lto=no \
        --without-static-libpython --disable-test-modules >&2 \
        && make -j"$JOBS" PY3LIBRARY= >&2 && make install PY3LIBRARY= >&2)
    "$PY/bin/python3.11" -c 'import sqlite3, ctypes, lzma, bz2, zlib, pyexpat, decimal, json, _socket, select; print(sqlite3.sqlite_version)' >&2
    mark python
fi

# --- the build venv: the project's dependencies and PyInstaller, as wheels for glibc <= 2.28 ------------
# One venv per list of dependencies ($VENV, named by its hash, complete when .complete is in it): checkouts
# with different dependencies (branches) each keep theirs instead of rebuilding one venv in turn, and a
# lock makes a second build of the same list wait for the first.
(
    flock 9
    if [ ! -f "$VENV/.complete" ]; then
        say "准备打包用的虚拟环境（$(basename "$VENV")）……"
        rm -rf "$VENV" "$VENV.wheels"
        mkdir -p "$VENV.wheels"
        # The built Python has no ssl module: the host's pip downloads, the venv installs from the folder.
        printf '%s\n' "$REQS" > "$VENV.wheels/requirements.txt"
        python3 -m pip download -q --only-binary=:all: --python-version 3.11 --implementation cp --abi cp311 \
            "${PLATFORMS[@]/#/--platform=}" --platform any \
            -d "$VENV.wheels" -r "$VENV.wheels/requirements.txt" >&2
        "$PY/bin/python3.11" -m venv --without-pip "$VENV"
        # Bootstrap pip from its own wheel, then install everything from the folder only.
        PIP_WHEEL=$(ls "$VENV".wheels/pip-*.whl | head -1)
        "$VENV/bin/python" "$PIP_WHEEL/pip" install -q --no-index "$PIP_WHEEL" >&2
        "$VENV/bin/python" -m pip install -q --no-index --find-links "$VENV.wheels" -r "$VENV.wheels/requirements.txt" >&2
        printf '%s\n' "$REQS" > "$VENV/.complete"
        rm -rf "$VENV.wheels"
    fi
) 9> "$TC/venv.lock"

# --- GCC 10's C++ runtime and zstd (Debian 11) ------------------------------------------------------------
if ! done_step runtime; then
    say "取得 libstdc++ / libgcc_s / libzstd（Debian 11）……"
    rm -rf "$TC/runtime" "$TC/build/runtime"
    mkdir -p "$TC/runtime" "$TC/build/runtime"
    for pkg in libstdc++6 libgcc-s1 libzstd1; do
        version=$(apt-cache "${APT[@]}" show "$pkg" | awk '/^Version:/ {print $2}' | sort -V | head -1)
        (cd "$TC/build/runtime" && apt-get "${APT[@]}" -qq download "$pkg:$ARCH=$version" >&2)
    done
    for deb in "$TC"/build/runtime/*.deb; do
        dpkg-deb -x "$deb" "$TC/build/runtime/root"
    done
    cp -L "$TC/build/runtime/root/usr/lib/$MULTIARCH/libstdc++.so.6" "$TC/runtime/libstdc++.so.6"
    cp -L "$TC/build/runtime/root/lib/$MULTIARCH/libgcc_s.so.1" "$TC/runtime/libgcc_s.so.1"
    cp -L "$TC/build/runtime/root/usr/lib/$MULTIARCH/libzstd.so.1" "$TC/runtime/libzstd.so.1"
    mark runtime
fi

print_env
