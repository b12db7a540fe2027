"""Writes resources/licenses/native-libraries.txt: the copyright and licence files of the C/C++ libraries
the Linux bundle carries besides Python's and Qt's own (PyInstaller collects them from the build
machine), taken from the Debian packages they come from (/usr/share/doc/<package>/copyright).

Run on the build machine after the set of bundled libraries changes:
    .venv/bin/python scripts/make_native_licenses.py
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "licenses" / "native-libraries.txt"
DOC = Path("/usr/share/doc")

# Bundled libraries → the Debian package they come from (libpython has its own: python.txt).
LIBRARIES = {
    "libstdc++, libgcc_s": "gcc-12-base",
    "libicudata, libicui18n, libicuuc (ICU, used by Qt)": "libicu72",
    "libz": "zlib1g", "libexpat": "libexpat1", "libffi": "libffi8", "libsqlite3": "libsqlite3-0",
    "libbz2": "libbz2-1.0", "liblzma": "liblzma5", "libssl, libcrypto": "libssl3",
    "libreadline": "libreadline8", "libtinfo": "libtinfo6", "libuuid": "libuuid1",
    "libX11, libX11-xcb": "libx11-6", "libXau": "libxau6", "libXdmcp": "libxdmcp6",
    "libxcb and its extensions (xcb-*)": "libxcb1", "libxkbcommon, libxkbcommon-x11": "libxkbcommon0",
    "libglib-2.0, libgthread-2.0": "libglib2.0-0", "libdbus-1": "libdbus-1-3",
    "libfontconfig": "libfontconfig1", "libfreetype": "libfreetype6", "libpng16": "libpng16-16",
    "libpcre2-8": "libpcre2-8-0", "libzstd": "libzstd1", "libbrotlicommon, libbrotlidec": "libbrotli1",
    "libsystemd": "libsystemd0", "libgcrypt": "libgcrypt20", "libgpg-error": "libgpg-error0",
    "liblz4": "liblz4-1", "libcap": "libcap2", "libbsd": "libbsd0", "libmd": "libmd0",
}

HEADER = """本程序 Linux 版附带的 C/C++ 运行库的版权与许可声明
Copyright and licence notices of the C/C++ libraries shipped in the Linux bundle

These libraries are copied unchanged from Debian 12 packages of the build machine. Below, for each, the
Debian package's copyright file (/usr/share/doc/<package>/copyright). Full texts of the GPL, LGPL and
Apache licences named there are in GPL-2.0.txt, GPL-3.0.txt, LGPL-2.1.txt, LGPL-3.0.txt and
Apache-2.0.txt beside this file. Their source code is at https://sources.debian.org/ (package and
version as named below).
"""


def main() -> None:
    parts = [HEADER]
    for files, package in LIBRARIES.items():
        text = (DOC / package / "copyright").read_text(encoding="utf-8", errors="replace")
        parts.append(f"\n{'=' * 100}\n{files} — Debian package {package}\n{'=' * 100}\n\n{text.strip()}\n")
    TARGET.write_text("".join(parts), encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
