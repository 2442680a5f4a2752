#!/usr/bin/env bash
# Installs the Debian packages that build and boot-test the images (idempotent; apt only when one is missing).
set -euo pipefail
packages=(mmdebstrap qemu-user-static qemu-system-x86 qemu-system-arm ovmf dosfstools mtools fdisk e2fsprogs xz-utils)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "install-tools: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=900 "${missing[@]}" >/dev/null
fi
