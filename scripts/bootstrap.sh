#!/usr/bin/env bash
# Sets up a development machine (Debian/UOS/Kylin family) from a clean checkout: the Debian libraries Qt
# needs even offscreen, a virtual screen and CJK fonts for screenshots, LibreOffice for looking at exported
# documents, then a virtual environment in .venv with the project installed (editable) and its test extras.
# Idempotent: a second run installs nothing new.
#   bash scripts/bootstrap.sh           # app + tests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

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
  # with KDE's modules, and the X and GL development files that Qt's CMake packages look for; ICU's icupkg,
  # which cuts the bundle's ICU data down (installer/linux/icu_data.py)
  g++ cmake ninja-build pkg-config extra-cmake-modules patch binutils xz-utils icu-devtools
  libxkbcommon-dev libxcb1-dev libx11-dev libgl-dev libopengl-dev libegl-dev
  # typing Chinese through real input-method daemons (tests/frozen/test_input_method.py): fcitx 4 with its
  # pinyin (what UOS 20 and Kylin V10 run), fcitx5's addons and libraries (its daemon package conflicts with
  # fcitx 4's: unpacked below), ibus with libpinyin, a private session bus, xdotool for the keys
  fcitx-bin fcitx-data fcitx-modules fcitx-module-dbus fcitx-module-x11 fcitx-pinyin
  fcitx5-modules fcitx5-data ibus ibus-libpinyin dbus-daemon xdotool
  # venv on Debian
  python3-venv
)

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${DEB_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "bootstrap: installing Debian packages: ${missing[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
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
