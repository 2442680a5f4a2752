#!/usr/bin/env bash
# Builds PiVault's flashable OS image from Debian 12 packages and PiVault's release folder (scripts/publish.sh),
# without loop devices, mounts or changes to the host (docs/image.md):
#
#   ./build-image.sh [--arch arm64|amd64] [options]      arm64 = Raspberry Pi 4 (the default), amd64 = x86-64 PC
#
#   --release DIR            use this release folder instead of publishing one (artifacts/pivault-<v>-linux-<arch>)
#   --models DIR             copy these ML models into the image (/usr/lib/pivault/models)
#   --unattended-upgrades    install Debian's security updates automatically
#   --mirror URL             Debian archive for the build and the image's apt sources (default: this machine's)
#   --security-mirror URL    Debian security archive (default: this machine's)
#   --rpi-kernel URL KEYRING arm64: the Raspberry Pi kernel from the Raspberry Pi OS archive at URL (signed by the
#                            keyring file), the only kernel that reports under-voltage; needs that archive reachable
#   --root-tar FILE          use this root tarball (from image/lib/build-root.sh) instead of the cached one
#   --out DIR                output folder (default out/)
#   --raw                    leave the image uncompressed (DIR/pivault-<version>-<arch>.img): for the VM tests,
#                            which would otherwise spend ~25 of a build's 29 minutes in xz here
#
# Produces DIR/pivault-<version>-<arch>.img.xz and its .sha256. Every step is logged with its duration. The root
# tree (mmdebstrap, minutes; the arm64 initramfs alone costs ~12 min under emulation) is cached in DIR/cache and
# reused while its inputs (packages, mirrors, hooks) are unchanged. Run as root (file ownership in the image).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
source image/lib/steps.sh

arch=arm64 release="" models="" given_root_tar="" unattended=0 out="$ROOT/out" rpi_url="" rpi_keyring=""
mirror="" security="" raw_only=0
while (($#)); do
    case "$1" in
        --arch) arch=${2:-}; shift 2 ;;
        --release) release=$(realpath "${2:?}"); shift 2 ;;
        --models) models=$(realpath "${2:?}"); shift 2 ;;
        --unattended-upgrades) unattended=1; shift ;;
        --mirror) mirror=${2:?}; shift 2 ;;
        --security-mirror) security=${2:?}; shift 2 ;;
        --rpi-kernel) rpi_url=${2:?}; rpi_keyring=$(realpath "${3:?}"); shift 3 ;;
        --root-tar) given_root_tar=$(realpath "${2:?}"); shift 2 ;;
        --out) out=$(realpath -m "${2:?}"); shift 2 ;;
        --raw) raw_only=1; shift ;;
        *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
    esac
done
case "$arch" in arm64 | amd64) ;; *) fail "--arch must be arm64 or amd64" ;; esac
[[ -z $rpi_url || $arch == arm64 ]] || fail "--rpi-kernel is for --arch arm64"
[[ $(id -u) == 0 ]] || fail "run as root: the image's files must belong to root and the service user"
image/lib/install-tools.sh
for tool in systemctl systemd-sysusers; do
    command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install systemd)"
done

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)
name="pivault-$version-$arch"
mkdir -p "$out/cache" "$out/work"
export STEP_LOG="$out/$name.build.log"
: > "$STEP_LOG"
mirror=${mirror:-$(image/lib/host-mirror.sh debian)}
security=${security:-$(image/lib/host-mirror.sh debian-security)}
log "building $name from $mirror"

# 1. PiVault itself: the native AOT release folder for this architecture
if [[ -z $release ]]; then
    release="$ROOT/artifacts/pivault-$version-linux-$arch"
    step "publish PiVault (native AOT, $arch)" scripts/publish.sh --arch "$arch" --no-archive
fi
[[ -x $release/pivault ]] || fail "$release has no pivault executable"
step "check the release's ELF files are $arch" scripts/check-elf.sh "$release" "$arch"

# 2. The Debian root tree, cached by everything that goes into it
package_files=(image/packages/common.txt "image/packages/$arch.txt")
if ((unattended)); then package_files+=(image/packages/unattended-upgrades.txt); fi
extra_sources=()
if [[ -n $rpi_url ]]; then
    package_files=(image/packages/common.txt image/packages/arm64-rpi-kernel.txt)
    extra_sources=("deb [signed-by=$rpi_keyring] $rpi_url bookworm main")
fi
key=$( { echo "$arch $mirror $security ${extra_sources[*]}"; cat "${package_files[@]}" image/root-hooks/* image/fstab/* \
    image/lib/build-root.sh image/lib/userns-run.sh; cat ${rpi_keyring:+"$rpi_keyring"} /dev/null; } |
    sha256sum | cut -c1-16)
root_tar="$out/cache/root-$arch-$key.tar"
if [[ -n $given_root_tar ]]; then
    root_tar=$given_root_tar
    log "root tree: using $root_tar as given (not checked against the current package lists and hooks)"
elif [[ -f $root_tar ]]; then
    log "root tree: reusing $(basename "$root_tar") (inputs unchanged)"
else
    step "root tree (mmdebstrap, $arch)" image/lib/build-root.sh "$arch" "$mirror" "$security" "$root_tar" \
        "${package_files[@]}" -- "${extra_sources[@]}"
    find "$out/cache" -name "root-$arch-*.tar" ! -name "$(basename "$root_tar")" -delete
fi

# 3. A fresh copy of the tree with PiVault and the appliance's settings
tree="$out/work/$arch/root"
step "unpack the root tree" image/lib/unpack-root.sh "$root_tar" "$tree"
step "install PiVault and the appliance settings" image/lib/install-pivault.sh "$arch" "$tree" "$release" \
    "$models" "$mirror" "$security"

# 4. The disk image: partition table, boot partition, root file system
raw="$out/work/$arch/$name.img"
case "$arch" in
    arm64) step "assemble the Raspberry Pi disk (MBR, FAT firmware + ext4 root)" image/lib/assemble-pi.sh "$tree" "$raw" ;;
    amd64) step "assemble the PC disk (GPT, EFI system partition + ext4 root)" image/lib/assemble-pc.sh "$tree" "$raw" ;;
esac
if ((raw_only)); then
    mv "$raw" "$out/$name.img"
    (cd "$out" && sha256sum "$name.img" > "$name.img.sha256")
    log "image (uncompressed, --raw): $out/$name.img ($(du -m --apparent-size "$out/$name.img" | cut -f1) MiB)"
    log "total: $(elapsed_total) s"
    exit 0
fi
step "compress (xz -3)" bash -c "xz -T0 -3 -c '$raw' > '$out/$name.img.xz.tmp' && mv '$out/$name.img.xz.tmp' '$out/$name.img.xz'"
(cd "$out" && sha256sum "$name.img.xz" > "$name.img.xz.sha256")
log "image: $out/$name.img.xz ($(du -m --apparent-size "$out/$name.img.xz" | cut -f1) MiB; raw $(du -m --apparent-size "$raw" | cut -f1) MiB)"
log "sha256: $(cut -d' ' -f1 "$out/$name.img.xz.sha256")"
log "total: $(elapsed_total) s"
