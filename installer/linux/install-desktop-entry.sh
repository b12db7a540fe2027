#!/bin/sh
# Adds "绩效自评编制工具" to the applications menu of the current user (UOS, Kylin, Debian, …),
# pointing at this unpacked folder. Run it from anywhere: ./install-desktop-entry.sh
# Remove the entry again with: ./install-desktop-entry.sh --remove
# Needs no network and no root; with root it still writes only to the invoking user's folder.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
APPS_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
ENTRY="$APPS_DIR/selfeval.desktop"

if [ "${1:-}" = "--remove" ]; then
    rm -f "$ENTRY"
    echo "已从应用菜单中移除“绩效自评编制工具”。"
    exit 0
fi

if [ ! -x "$HERE/selfeval-gui" ]; then
    echo "错误：在 $HERE 中找不到 selfeval-gui，请在解压后的 selfeval 文件夹中运行本脚本。" >&2
    exit 2
fi

mkdir -p "$APPS_DIR"
cat > "$ENTRY" <<DESKTOP
[Desktop Entry]
Type=Application
Version=1.0
Name=绩效自评编制工具
Name[zh_CN]=绩效自评编制工具
Comment=编制部门整体支出绩效自评表说明，按 GB/T 9704-2012 版式导出 Word 文档
Exec="$HERE/selfeval-gui"
Icon=$HERE/_internal/resources/icons/selfeval-256.png
Terminal=false
Categories=Office;
StartupNotify=true
StartupWMClass=selfeval
DESKTOP
chmod 644 "$ENTRY"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$APPS_DIR" >/dev/null 2>&1 || true
echo "已添加到应用菜单：$ENTRY"
