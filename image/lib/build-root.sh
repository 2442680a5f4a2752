#!/usr/bin/env bash
# Builds the Debian 12 root tree of the image as a tarball, with mmdebstrap in a private user namespace
# (lib/userns-run.sh: arm64 maintainer scripts run under qemu-user through a private binfmt_misc). The packages
# come from packages/*.txt; root-hooks/ pre-seed settings before the packages install and build the initramfs
# once at the end (each initramfs costs ~12 min under emulation). Nothing is mounted on the host.
# Usage: image/lib/build-root.sh ARCH MIRROR SECURITY_MIRROR OUT.tar PACKAGE_FILE... [-- EXTRA_SOURCE_LINE...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arch=$1 mirror=$2 security=$3 out=$4
shift 4
package_files=()
while (($#)) && [[ $1 != -- ]]; do package_files+=("$1"); shift; done
(($#)) && shift
extra_sources=("$@")

packages=$(sed -e 's/#.*//' "${package_files[@]}" | tr -s ' \n' ',' | sed -e 's/^,//' -e 's/,$//')
components="main non-free-firmware"
tmp="$out.tmp.tar"
rm -f "$tmp"
# TMPDIR: mmdebstrap unpacks in a temporary directory first; keep it on the same disk as the output.
TMPDIR="$(dirname "$out")" "$here/lib/userns-run.sh" mmdebstrap \
    --mode=root --variant=minbase --architectures="$arch" --format=tar \
    --skip=check/qemu --skip=chroot/mount/sys \
    --aptopt='APT::Install-Recommends "false"' --dpkgopt=force-confold \
    --include="$packages" \
    --hook-directory="$here/root-hooks" \
    bookworm "$tmp" \
    "deb $mirror bookworm $components" \
    "deb $mirror bookworm-updates $components" \
    "deb $security bookworm-security $components" \
    "${extra_sources[@]}"
mv "$tmp" "$out"
