#!/usr/bin/env bash
# Sets up a development machine (Debian/UOS/Kylin family) from a clean checkout: the Debian libraries Qt
# needs even offscreen, a virtual screen and CJK fonts for screenshots, LibreOffice for looking at exported
# documents, then a virtual environment in .venv with the project installed (editable) and its test extras.
# Idempotent: a second run installs nothing new.
#   bash scripts/bootstrap.sh                  # app + tests
#   bash scripts/bootstrap.sh --wait-for-apt   # only wait until no other program holds apt's locks
# Another apt (unattended upgrades on a freshly installed desktop, a software centre) may hold dpkg's lock:
# bootstrap then waits for it, saying so, up to $SELFEVAL_APT_LOCK_TIMEOUT seconds (default 600).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_LOCK_TIMEOUT=${SELFEVAL_APT_LOCK_TIMEOUT:-600}
# The locks apt-get update (lists) and apt-get install (dpkg, its frontend, the archives) take; a test
# names its own file here.
read -r -a APT_LOCKS <<< "${SELFEVAL_APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}"
APT_WAIT_START=$(date +%s)

# Waits until none of APT_LOCKS is held (apt and dpkg hold them as fcntl locks: probed the same way, with
# Python's fcntl.lockf, which never takes a lock another process holds); fails after APT_LOCK_TIMEOUT seconds
# counted from the start of bootstrap. Prints the seconds left (for apt-get's own DPkg::Lock::Timeout).
wait_for_apt_locks() {
    local told=0 now held
    while :; do
        held=$($SUDO python3 - "${APT_LOCKS[@]}" <<'PY'
import fcntl, os, sys
for path in sys.argv[1:]:
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:  # no such lock file (no apt yet): nobody holds it
        continue
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.lockf(fd, fcntl.LOCK_UN)
    except OSError:
        print(path)
        break
    finally:
        os.close(fd)
PY
)
        now=$(date +%s)
        if [ -z "$held" ]; then
            [ "$told" = 0 ] || echo "bootstrap：apt 已空闲，继续。/ apt is free now, continuing." >&2
            echo $(( APT_LOCK_TIMEOUT - (now - APT_WAIT_START) > 1 ? APT_LOCK_TIMEOUT - (now - APT_WAIT_START) : 1 ))
            return 0
        fi
        if [ $((now - APT_WAIT_START)) -ge "$APT_LOCK_TIMEOUT" ]; then
            echo "bootstrap：等待 ${APT_LOCK_TIMEOUT} 秒后，另一个软件包管理程序仍占用 $held（可能是系统自动更新）。请等它结束（或关闭“软件商店”/更新程序）后重新运行。" >&2
            echo "bootstrap: after ${APT_LOCK_TIMEOUT} s another package manager still holds $held (probably automatic updates). Wait for it to finish, then run this again." >&2
            return 1
        fi
        if [ "$told" = 0 ]; then
            echo "bootstrap：另一个软件包管理程序（可能是系统自动更新）正在使用 $held，等待它结束（最多 ${APT_LOCK_TIMEOUT} 秒）……" >&2
            echo "bootstrap: another package manager (probably automatic updates) holds $held; waiting for it (up to ${APT_LOCK_TIMEOUT} s)..." >&2
            told=1
        fi
        sleep 2
    done
}

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ "${1:-}" = --wait-for-apt ]; then
    wait_for_apt_locks >/dev/null
    exit 0
fi

DEB_PKGS=(
  # Qt (xcb and offscreen platform plugins)
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libx11-xcb1
  # a virtual screen and a CJK font for screenshots
  xvfb xauth x11-utils fonts-noto-cjk
  # rendering exported .docx to PDF/PNG in tests (opens cleanly in LibreOffice), with the free fonts that
  # ../shared/tools/render.sh maps the official font names to (same advance widths, so same line breaks)
  libreoffice-writer-nogui poppler-utils fonts-noto-cjk-extra fonts-arphic-ukai fonts-arphic-uming
  fonts-arphic-gkai00mp fonts-arphic-gbsn00lp fonts-lxgw-wenkai fonts-wqy-zenhei fonts-liberation2
  # building the frozen app's fcitx input-method plugin (installer/linux/fcitx/build.sh): the compiler, CMake
  # with KDE's modules, and the X and GL development files that Qt's CMake packages look for; its arm64 build
  # (--arch arm64) with the aarch64 cross compiler and its libstdc++; ICU's icupkg, which cuts the bundle's
  # ICU data down (installer/linux/icu_data.py)
  g++ g++-aarch64-linux-gnu cmake ninja-build pkg-config extra-cmake-modules patch binutils xz-utils icu-devtools
  libxkbcommon-dev libxcb1-dev libx11-dev libgl-dev libopengl-dev libegl-dev
  # typing Chinese through real input-method daemons (tests/frozen/test_input_method.py): fcitx 4 with its
  # pinyin (what UOS 20 and Kylin V10 run), fcitx5's addons and libraries (its daemon package conflicts with
  # fcitx 4's: unpacked below), ibus with libpinyin, a private session bus, xdotool for the keys
  fcitx-bin fcitx-data fcitx-modules fcitx-module-dbus fcitx-module-x11 fcitx-pinyin
  fcitx5-modules fcitx5-data ibus ibus-libpinyin dbus-daemon xdotool
  # the Windows build and its install test under wine (installer/windows/wine-build.sh,
  # tests/installer/test_wine_build.py): wine 8 with its 32-bit part (ISCC.exe, Setup.e32 and the
  # uninstaller are 32-bit programs; the i386 architecture is added below), npm for Inno Setup's compiler
  wine wine64 wine32:i386
  # a zh_CN locale compiled for the wine test's Chinese Windows (code page 936)
  locales
  # the arm64 package (installer/build-linux.sh --arch arm64, tests/frozen/test_arm64.py): aarch64 programs
  # run through qemu-user (registered with binfmt_misc), a Debian 11 arm64 root made with debootstrap
  qemu-user-static binfmt-support debootstrap
  # venv on Debian
  python3-venv
)
command -v npm >/dev/null 2>&1 || DEB_PKGS+=(npm)

if command -v dpkg-query >/dev/null 2>&1; then
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    echo "bootstrap: adding the i386 architecture (wine32)" >&2
    $SUDO dpkg --add-architecture i386
  fi
  missing=()
  for p in "${DEB_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: installing Debian packages: ${missing[*]}" >&2
    # apt-get install waits for dpkg's lock itself (DPkg::Lock::Timeout); apt-get update does not wait for
    # the lists' lock: both go after wait_for_apt_locks, the install with the time that is left.
    wait_for_apt_locks >/dev/null
    $SUDO apt-get update -qq
    left=$(wait_for_apt_locks)
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      -o DPkg::Lock::Timeout="$left" "${missing[@]}" >/dev/null
  fi
  # qemu-user runs aarch64 programs once binfmt_misc is mounted and the handler registered (a container
  # may start without either; the package registers it only where it is mounted at install time).
  if [ -z "$SUDO" ] && [ "$(id -u)" = 0 ]; then
    [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || true
    if [ -e /proc/sys/fs/binfmt_misc/register ] && [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
      update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || update-binfmts --import qemu-aarch64 >/dev/null 2>&1 || true
    fi
  fi
  # The fcitx5 daemon for the input-method tests: Debian's fcitx5 package conflicts with fcitx 4's, so its
  # files (the daemon and fcitx5-remote, over the addons installed above) are unpacked into build/fcitx5-daemon.
  fcitx5_version=$(dpkg-query -W -f='${Version}' fcitx5-modules)
  if [ "$(cat build/fcitx5-daemon/version 2>/dev/null)" != "$fcitx5_version" ]; then
    rm -rf build/fcitx5-daemon && mkdir -p build/fcitx5-daemon
    (cd build/fcitx5-daemon && apt-get download -qq "fcitx5=$fcitx5_version" 2>/dev/null \
      && dpkg-deb -x fcitx5_*.deb root && rm fcitx5_*.deb && echo "$fcitx5_version" > version)
  fi
fi

PY="${PYTHON:-python3}"
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
if ! .venv/bin/python -c 'import selfeval, PySide6, docx, sqlite_utils, pytest, pytestqt, hypothesis, openxml_audit, PyInstaller' 2>/dev/null \
   || [ pyproject.toml -nt .venv/.installed ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[test,build]'
  touch .venv/.installed
fi
echo "bootstrap: ready ($(.venv/bin/python --version))" >&2
