#!/usr/bin/env bash
# Runs a command as root of a private user, mount and PID namespace whose own binfmt_misc hands aarch64 ELF files
# to qemu-aarch64-static (flags OPF: the interpreter is opened now, so it works inside any chroot). The host's
# binfmt_misc, mounts, /etc/subuid and devices are untouched; needs Linux >= 6.7 (binfmt_misc per user namespace).
# uids and gids 0-65535 map to themselves (written by this script, which runs as root), so packages' system users
# own their files in the tree as they would on the device; device nodes cannot be made inside (no CAP_MKNOD).
# Usage: image/lib/userns-run.sh COMMAND [ARG...]
set -euo pipefail
qemu=/usr/bin/qemu-aarch64-static
[[ -x $qemu ]] || { echo "userns-run: $qemu is missing (apt-get install qemu-user-static)" >&2; exit 1; }
[[ $(id -u) == 0 ]] || { echo "userns-run: run as root (the uid map is written by this process)" >&2; exit 1; }

gate=$(mktemp -u) && mkfifo "$gate"
trap 'rm -f "$gate"' EXIT
inner='
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
    magic="\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00"
    mask="\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff"
    printf "%s" ":qemu-aarch64:M::$magic:$mask:$1:OPF" > /proc/sys/fs/binfmt_misc/register
    shift
    exec "$@"'
# The first process only enters a new user namespace and waits until its uid/gid maps are written; then it makes
# the mount and PID namespaces, which the new user namespace owns.
unshare --user -- bash -c 'read -r _ < "$1"; shift; exec unshare --mount --pid --fork --mount-proc -- "$@"' \
    userns-gate "$gate" bash -euo pipefail -c "$inner" userns-run "$qemu" "$@" &
child=$!
for _ in $(seq 500); do # until it has entered its user namespace
    [[ $(readlink "/proc/$child/ns/user") != $(readlink /proc/self/ns/user) ]] && break
    sleep 0.01
done
echo "0 0 65536" > "/proc/$child/uid_map"
echo "0 0 65536" > "/proc/$child/gid_map"
echo go > "$gate"
wait "$child"
