#!/usr/bin/env bash
# Puts PiVault and the appliance's settings into an unpacked root tree (no code of the target runs: everything here
# works the same for arm64 and amd64 trees).
# Usage: image/lib/install-pivault.sh ARCH TREE RELEASE_DIR MODELS_DIR|"" MIRROR SECURITY_MIRROR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/.." && pwd)"
arch=$1 tree=$2 release=$3 models=$4 mirror=$5 security=$6

# PiVault: /usr/lib/pivault holds the binary and everything it loads (Hosting/NativeLibraries looks there)
install -d -m 0755 "$tree/usr/lib/pivault"
cp -r --no-preserve=ownership "$release"/. "$tree/usr/lib/pivault/"
ln -sfn ../lib/pivault/pivault "$tree/usr/bin/pivault"
if [[ -n $models ]]; then
    install -d -m 0755 "$tree/usr/lib/pivault/models"
    cp -r --no-preserve=ownership "$models"/. "$tree/usr/lib/pivault/models/"
fi
install -D -m 0644 "$repo/systemd/pivault.service" "$tree/usr/lib/systemd/system/pivault.service"
install -D -m 0644 "$repo/README.md" "$tree/usr/share/doc/pivault/README.md"

# The appliance's settings (image/rootfs: network, journald, first boot, users, udev, avahi), owned by root
tar -C "$here/rootfs" --owner=0 --group=0 -cf - . | tar -C "$tree" --no-same-owner -xf -
# /etc/fstab: the root tree has it already (root-hooks/essential10-defer-initramfs, so the initramfs checks the
# root); written again so a root tarball given with --root-tar gets the same one
install -m 0644 "$here/fstab/$arch" "$tree/etc/fstab"
if [[ $arch == amd64 ]]; then
    install -d "$tree/boot/efi"
    install -D -m 0755 "$here/pc/zz-pivault-esp" "$tree/etc/kernel/postinst.d/zz-pivault-esp"
    install -D -m 0755 "$here/pc/zz-pivault-esp" "$tree/etc/initramfs/post-update.d/zz-pivault-esp"
fi

# The service user and its groups, made now from the sysusers snippets (the same ones systemd reads at boot)
systemd-sysusers --root="$tree" >/dev/null

# Services: PiVault and its first boot, DHCP, DNS, time, mDNS on; SSH installed but off (the wizard turns it on
# together with an authorised key); a console login has no password to accept.
systemctl --root="$tree" --quiet enable pivault.service pivault-firstboot.service systemd-networkd.service \
    systemd-resolved.service systemd-timesyncd.service avahi-daemon.service
systemctl --root="$tree" --quiet disable ssh.service ssh.socket 2>/dev/null || true
# systemctl --root also syncs ssh's SysV script by running update-rc.d inside the tree, which fails for a foreign
# architecture (arm64 built on x86-64 has no binfmt here) and then leaves every link in place: remove them directly.
rm -f "$tree"/etc/systemd/system/*.wants/ssh.service "$tree"/etc/systemd/system/*.wants/ssh.socket \
    "$tree/etc/systemd/system/sshd.service" "$tree"/etc/rc[0-6S].d/[SK][0-9][0-9]ssh
sed -i 's/^root:[^:]*:/root:*:/' "$tree/etc/shadow"

# Per-device identity is made on first boot: machine-id by systemd (an empty file means "first boot"), SSH host
# keys by pivault-firstboot. None may be shared by every card flashed from this image.
: > "$tree/etc/machine-id"
rm -f "$tree/var/lib/dbus/machine-id" "$tree"/etc/ssh/ssh_host_*
ln -sfn ../run/systemd/resolve/stub-resolv.conf "$tree/etc/resolv.conf"

# apt: the archives the image was built from, with the firmware component the Pi boot files come from
cat > "$tree/etc/apt/sources.list" <<EOF
deb $mirror bookworm main non-free-firmware
deb $mirror bookworm-updates main non-free-firmware
deb $security bookworm-security main non-free-firmware
EOF
if [[ -e $tree/usr/bin/unattended-upgrade ]]; then
    printf 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n' \
        > "$tree/etc/apt/apt.conf.d/20auto-upgrades"
fi
rm -rf "$tree"/var/cache/apt/archives/*.deb "$tree"/var/lib/apt/lists/*_Packages "$tree"/var/log/*.log
