#!/usr/bin/env bash
# Raspberry Pi 4 disk, as Debian's raspi images lay it out: MBR; partition 1 FAT32 "RASPIFIRM" at 8 MiB with the
# firmware, config.txt, cmdline.txt, kernel, initramfs and DTBs (from the tree's /boot/firmware, which
# raspi-firmware filled); partition 2 ext4 "RASPIROOT" with the rest, sized to its contents plus headroom (first
# boot grows it to the card). Built from plain files: sfdisk, mkfs.vfat -C, mcopy, mkfs.ext4 -d, dd conv=notrunc.
# Usage: image/lib/assemble-pi.sh TREE OUT.img
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tree=$1 img=$2
source "$here/disk.sh"

firmware="$tree/boot/firmware"
for file in config.txt cmdline.txt start4.elf fixup4.dat bcm2711-rpi-4-b.dtb; do
    [[ -e $firmware/$file ]] || { echo "assemble-pi: /boot/firmware/$file is missing in the tree" >&2; exit 1; }
done
ls "$firmware"/vmlinuz-* "$firmware"/initrd.img-* >/dev/null

boot_mib=512
work=$(dirname "$img")
make_vfat "$work/boot.vfat" RASPIFIRM "$boot_mib" "$firmware"
# The firmware files live on the FAT partition (mounted at /boot/firmware); the root keeps an empty mount point.
find "$firmware" -mindepth 1 -delete
root_mib=$(root_size_mib "$tree")
make_ext4 "$work/root.ext4" RASPIROOT "$root_mib" "$tree"

first_mib=8
truncate -s 0 "$img"
truncate -s "$((first_mib + boot_mib + root_mib))M" "$img"
sfdisk --quiet "$img" <<TABLE
label: dos
start=${first_mib}MiB, size=${boot_mib}MiB, type=c, bootable
start=$((first_mib + boot_mib))MiB, type=83
TABLE
place "$work/boot.vfat" "$img" "$first_mib"
place "$work/root.ext4" "$img" "$((first_mib + boot_mib))"
rm -f "$work/boot.vfat" "$work/root.ext4"
sfdisk --dump "$img"
