#!/bin/sh
# Starts 绩效自评编制工具 from the menu entry, or with a .selfeval data file (the file association).
HERE=$(dirname "$(readlink -f "$0")")
if [ $# -gt 0 ] && [ -n "$1" ]; then
    exec "$HERE/../selfeval-gui" --db "$1"
fi
exec "$HERE/../selfeval-gui"
