#!/usr/bin/env bash
# Runs a command inside a foreign-architecture Linux root (the arm64 build's Debian 11 root, made by
# installer/linux/toolchain.sh --arch arm64), with the build's folders at the same paths inside it:
#
#   installer/linux/in-root.sh ROOT_DIR [--bind DIR]... [--env NAME=VALUE]... -- COMMAND [ARG]...
#
# Each --bind DIR (an absolute path on this machine) is bind-mounted at the same path inside ROOT_DIR, so
# that paths mean the same on both sides (the repository, the toolchain, the output folders); /proc and
# /dev are mounted too. The command runs with chroot and a clean environment: PATH, HOME=/root,
# LANG=C.UTF-8 and the --env variables only. Every mount is undone when the command ends, also when it
# fails or is interrupted. The root's programs are aarch64: the kernel runs them through qemu-user
# (Debian's qemu-user-static, registered with binfmt_misc with the F flag, so it works inside a chroot).
# Needs root. Exit status: the command's.
set -euo pipefail

die() { echo "in-root.sh：$*" >&2; exit 2; }
[ $# -ge 1 ] || die "用法：in-root.sh 根目录 [--bind 目录]... [--env 名称=值]... -- 命令 [参数]..."
TARGET=$(realpath "$1"); shift
[ -x "$TARGET/bin/sh" ] || die "$TARGET 不是可用的根目录（没有 bin/sh）"
[ "$(id -u)" = 0 ] || die "需要 root 权限（chroot 与 mount --bind）"
BINDS=()
ENVS=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8)
while [ $# -gt 0 ]; do
    case "$1" in
        --bind) [ $# -ge 2 ] || die "--bind 后面要写目录"; BINDS+=("$(realpath -m "$2")"); shift 2 ;;
        --env) [ $# -ge 2 ] || die "--env 后面要写 名称=值"; ENVS+=("$2"); shift 2 ;;
        --) shift; break ;;
        *) die "未知参数“$1”" ;;
    esac
done
[ $# -ge 1 ] || die "没有要运行的命令"

MOUNTED=()
cleanup() {
    local i
    for (( i=${#MOUNTED[@]}-1; i>=0; i-- )); do
        umount "${MOUNTED[$i]}" 2>/dev/null || umount -l "${MOUNTED[$i]}" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_at() {  # mount_at INSIDE_PATH mount-arguments...
    local inside=$1; shift
    mkdir -p "$inside"
    mount "$@" "$inside"
    MOUNTED+=("$inside")
}
mountpoint -q "$TARGET/proc" || mount_at "$TARGET/proc" -t proc proc
mountpoint -q "$TARGET/dev" || mount_at "$TARGET/dev" --bind /dev
for dir in "${BINDS[@]}"; do
    mkdir -p "$dir"
    mountpoint -q "$TARGET$dir" || mount_at "$TARGET$dir" --bind "$dir"
done
set +e
chroot "$TARGET" /usr/bin/env -i "${ENVS[@]}" "$@"
status=$?
set -e
exit $status
