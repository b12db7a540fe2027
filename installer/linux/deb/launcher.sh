#!/bin/sh
# Starts 绩效自评编制工具 from the menu entry, or with a .selfeval exchange file (the file association): the
# program opens and merges it (selfeval --open).
HERE=$(dirname "$(readlink -f "$0")")
if [ $# -gt 0 ] && [ -n "$1" ]; then
    exec "$HERE/../selfeval-gui" --open "$1"
fi
exec "$HERE/../selfeval-gui"
