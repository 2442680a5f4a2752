#!/usr/bin/env bash
# x86-64 PC disk: GPT; partition 1 the EFI system partition "PIVAULTEFI" with systemd-boot as the removable-media
# loader (EFI/BOOT/BOOTX64.EFI: no NVRAM entry needed, so the disk boots in any UEFI PC or mini-PC), one loader
# entry, the kernel and the initramfs; partition 2 ext4 "PIVAULTROOT". systemd-boot rather than GRUB because the
# whole boot partition is a few plain files that mcopy can write without mounting anything or running an
# installer against a block device, and the kernel hook (etc/kernel/postinst.d/zz-pivault-esp) keeps it current.
# Usage: image/lib/assemble-pc.sh TREE OUT.img
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tree=$1 img=$2
source "$here/disk.sh"

loader="$tree/usr/lib/systemd/boot/efi/systemd-bootx64.efi"
[[ -f $loader ]] || { echo "assemble-pc: $loader is missing (package systemd-boot-efi)" >&2; exit 1; }
version=$(ls "$tree"/boot/vmlinuz-* | sed 's:.*/vmlinuz-::' | sort -V | tail -n1)
[[ -f $tree/boot/initrd.img-$version ]] || { echo "assemble-pc: no initramfs for kernel $version" >&2; exit 1; }

work=$(dirname "$img")
esp="$work/esp"
rm -rf "$esp"
install -d "$esp/EFI/BOOT" "$esp/loader/entries"
cp "$loader" "$esp/EFI/BOOT/BOOTX64.EFI"
cp "$tree/boot/vmlinuz-$version" "$esp/vmlinuz"
cp "$tree/boot/initrd.img-$version" "$esp/initrd.img"
# editor no: nobody at the keyboard can add init=/bin/sh to the command line
printf 'default pivault.conf\ntimeout 0\neditor no\n' > "$esp/loader/loader.conf"
cat > "$esp/loader/entries/pivault.conf" <<ENTRY
title   PiVault
linux   /vmlinuz
initrd  /initrd.img
options root=LABEL=PIVAULTROOT rw console=tty0 console=ttyS0,115200 fsck.repair=yes
ENTRY

esp_mib=256
make_vfat "$work/esp.vfat" PIVAULTEFI "$esp_mib" "$esp"
rm -rf "$esp"
root_mib=$(root_size_mib "$tree")
make_ext4 "$work/root.ext4" PIVAULTROOT "$root_mib" "$tree"

first_mib=1
tail_mib=1 # GPT's backup header
truncate -s 0 "$img"
truncate -s "$((first_mib + esp_mib + root_mib + tail_mib))M" "$img"
sfdisk --quiet "$img" <<TABLE
label: gpt
start=${first_mib}MiB, size=${esp_mib}MiB, type=U, name=esp
start=$((first_mib + esp_mib))MiB, size=${root_mib}MiB, type=L, name=root
TABLE
place "$work/esp.vfat" "$img" "$first_mib"
place "$work/root.ext4" "$img" "$((first_mib + esp_mib))"
rm -f "$work/esp.vfat" "$work/root.ext4"
sfdisk --dump "$img"
