#!/usr/bin/env bash
# Prints the path of an arm64 Debian root for running the arm64 binary under qemu-user (scripts/aot-smoke.sh),
# making it first when needed: Debian 12's arm64 OpenSSL and libvips42 with their dependencies, only unpacked
# (mmdebstrap's extract variant runs no maintainer scripts and needs no emulation), from this machine's own apt
# sources, into deps/arm64-root (~200 MB, ~40 s). Re-running reuses it while the package list is unchanged.
# The image's root tree (build-image.sh, issue 10) is the full version of the same thing.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD/deps/arm64-root"
packages="libssl3,libvips42"
if [ "$(cat "$root/.pivault-packages" 2>/dev/null)" != "$packages" ]; then
  command -v mmdebstrap >/dev/null || { echo "arm64-root: mmdebstrap is not installed (scripts/install-deps.sh)" >&2; exit 1; }
  echo "arm64-root: unpacking arm64 $packages into $root" >&2
  sources=()
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] && grep -qE '^[[:space:]]*(deb|Types:)' "$file" && sources+=("$file")
  done
  [ ${#sources[@]} -gt 0 ] || { echo "arm64-root: no apt sources on this machine" >&2; exit 1; }
  rm -rf "$root" "$root.tmp"
  mmdebstrap --quiet --variant=extract --architectures=arm64 --include="$packages" bookworm "$root.tmp" "${sources[@]}" >&2
  echo "$packages" > "$root.tmp/.pivault-packages"
  mv "$root.tmp" "$root"
fi
echo "$root"
