#!/usr/bin/env bash
# Packs a built program folder (dist/selfeval) into a .deb in the UOS application layout:
#
#   /opt/apps/cn.gov.selfeval/info                                  application description (JSON)
#   /opt/apps/cn.gov.selfeval/files/                                the program folder (selfeval, selfeval-gui, _internal/)
#   /opt/apps/cn.gov.selfeval/files/bin/cn.gov.selfeval             launcher: menu entry and .selfeval files
#   /opt/apps/cn.gov.selfeval/entries/applications/cn.gov.selfeval.desktop
#   /opt/apps/cn.gov.selfeval/entries/icons/hicolor/<N>x<N>/apps/cn.gov.selfeval.png
#   /opt/apps/cn.gov.selfeval/entries/mime/packages/cn.gov.selfeval.xml   MIME type application/x-selfeval (*.selfeval)
#
# UOS reads entries/ itself. For Kylin V10 and other Debian-family desktops the package also holds links
# to them in the standard places (/usr/share/applications, /usr/share/icons/hicolor, /usr/share/mime/packages)
# and /usr/bin/selfeval (the CLI): files dpkg owns and removes, whose menu, icon and MIME caches the
# system's own dpkg triggers (desktop-file-utils, hicolor-icon-theme, shared-mime-info) refresh. So the
# package has no maintainer scripts at all.
#
# appid cn.gov.selfeval: reversed domain as UOS asks (gov.cn, the government's domain, for a tool of
# government departments); it is the package name too.
#
# Usage: installer/linux/make-deb.sh APP_DIR OUT_DIR VERSION [ARCH]
# ARCH: amd64 (default; needs glibc 2.28) or arm64 (glibc 2.31). Prints the path of the .deb. Needs
# dpkg-deb; uses no network.
set -euo pipefail

APPID=cn.gov.selfeval
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
if [ $# -ne 3 ] && [ $# -ne 4 ]; then
    echo "用法：installer/linux/make-deb.sh 程序文件夹 输出文件夹 版本号 [amd64|arm64]" >&2
    exit 2
fi
APP_DIR=$(realpath "$1")
OUT_DIR=$(realpath -m "$2")
VERSION=$3
ARCH=${4:-amd64}
case "$ARCH" in
    amd64) MIN_GLIBC=2.28 ;;
    arm64) MIN_GLIBC=2.31 ;;
    *) echo "make-deb.sh：不支持的架构“$ARCH”（amd64 或 arm64）" >&2; exit 2 ;;
esac
[ -x "$APP_DIR/selfeval-gui" ] || { echo "make-deb.sh：$APP_DIR 中没有 selfeval-gui" >&2; exit 2; }

STAGE=$(mktemp -d "${TMPDIR:-/tmp}/selfeval-deb.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
PKG="$STAGE/pkg"
OPT="$PKG/opt/apps/$APPID"
mkdir -p "$OPT/files" "$OPT/entries/applications" "$OPT/entries/mime/packages" "$PKG/DEBIAN"

# The program folder, without the per-user menu script of the .tar.gz (the package has its own entry).
cp -a "$APP_DIR/." "$OPT/files/"
rm -f "$OPT/files/install-desktop-entry.sh"
install -D -m 755 "$HERE/deb/launcher.sh" "$OPT/files/bin/$APPID"
install -m 644 "$HERE/deb/$APPID.desktop" "$OPT/entries/applications/$APPID.desktop"
install -m 644 "$HERE/deb/$APPID.xml" "$OPT/entries/mime/packages/$APPID.xml"
for size in 32 64 256; do
    install -D -m 644 "$ROOT/resources/icons/selfeval-$size.png" \
        "$OPT/entries/icons/hicolor/${size}x${size}/apps/$APPID.png"
done

# info: UOS's application description. Its version has four numbers.
NUMBERS=$(echo "$VERSION" | tr -c '0-9.\n' '.' | cut -d. -f1-4)
while [ "$(echo "$NUMBERS" | tr -cd '.' | wc -c)" -lt 3 ]; do NUMBERS="$NUMBERS.0"; done
cat > "$OPT/info" <<EOF
{
    "appid": "$APPID",
    "name": "绩效自评编制工具",
    "version": "$NUMBERS",
    "arch": ["$ARCH"],
    "permissions": {
        "autostart": false,
        "notification": false,
        "trayicon": false,
        "clipboard": true,
        "account": false,
        "bluetooth": false,
        "camera": false,
        "audio_record": false,
        "installed_apps": false
    }
}
EOF

# Links in the standard places (see above), relative so that they also resolve inside a chroot.
link() {  # link TARGET_UNDER_PKG LINK_UNDER_PKG
    mkdir -p "$(dirname "$PKG/$2")"
    ln -s "$(realpath -m --relative-to="$(dirname "/$2")" "/$1")" "$PKG/$2"
}
link "opt/apps/$APPID/entries/applications/$APPID.desktop" "usr/share/applications/$APPID.desktop"
link "opt/apps/$APPID/entries/mime/packages/$APPID.xml" "usr/share/mime/packages/$APPID.xml"
for size in 32 64 256; do
    link "opt/apps/$APPID/entries/icons/hicolor/${size}x${size}/apps/$APPID.png" \
        "usr/share/icons/hicolor/${size}x${size}/apps/$APPID.png"
done
link "opt/apps/$APPID/files/selfeval" "usr/bin/selfeval"

# Depends: glibc 2.28 (arm64: 2.31), and the package of every library the bundle needs but leaves to the system (the
# spec's SYSTEM_LIBRARIES), as the build machine names it (the same names on Debian 10-12, UOS 20, Kylin V10).
BUNDLED=$(find "$APP_DIR" \( -type f -o -type l \) -name '*.so*' -printf '%f\n' | sort -u)
NEEDED=$(find "$APP_DIR" -type f -name '*.so*' -exec readelf -d {} + 2>/dev/null \
    | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u)
DEPENDS="libc6 (>= $MIN_GLIBC)"
for soname in $NEEDED; do
    case "$soname" in
        libc.so.*|libm.so.*|libdl.so.*|libpthread.so.*|librt.so.*|libutil.so.*|ld-linux*) continue ;;
    esac
    echo "$BUNDLED" | grep -qxF "$soname" && continue
    package=$(dpkg -S "*/$soname" 2>/dev/null | grep -v '^diversion' | head -1 | cut -d: -f1) || true
    [ -n "$package" ] || { echo "make-deb.sh：找不到提供 $soname 的软件包" >&2; exit 1; }
    case ", $DEPENDS, " in *", $package, "*) ;; *) DEPENDS="$DEPENDS, $package" ;; esac
done

INSTALLED_KB=$(du -sk --apparent-size "$PKG" | cut -f1)
cat > "$PKG/DEBIAN/control" <<EOF
Package: $APPID
Version: $VERSION
Architecture: $ARCH
Maintainer: selfeval <selfeval@localhost>
Installed-Size: $INSTALLED_KB
Depends: $DEPENDS
Section: utils
Priority: optional
Description: 绩效自评编制工具
 编制部门整体支出绩效自评表及说明，检查并按 GB/T 9704-2012 版式导出 Word 文档。
 离线运行，数据保存在本机。
EOF
(cd "$PKG" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
    | xargs -0 md5sum > DEBIAN/md5sums)

mkdir -p "$OUT_DIR"
DEB="$OUT_DIR/${APPID}_${VERSION}_${ARCH}.deb"
rm -f "$DEB"
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 1735689600)} \
    dpkg-deb --build --root-owner-group -Zxz "$PKG" "$DEB" >&2
echo "$DEB"
