#!/usr/bin/env bash
# Unpacks the cached root tarball into a fresh folder, as root so owners, modes, device nodes and file
# capabilities come out as mmdebstrap recorded them.
# Usage: image/lib/unpack-root.sh ROOT.tar DIR
set -euo pipefail
tarball=$1 dir=$2
rm -rf "$dir"
mkdir -p "$dir"
tar --numeric-owner --xattrs --xattrs-include='*' -xpf "$tarball" -C "$dir"
