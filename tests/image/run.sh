#!/usr/bin/env bash
# The OS image tests (docs/image.md): build each image with ./build-image.sh, boot it in QEMU (software emulation)
# and check it from the host (tests/image/boot_test.py). Outside ./dev.sh test: a cold arm64 build spends ~12 min
# on the initramfs alone under qemu-user and each emulated boot several minutes, more than CI's budget allows.
# Figures and the JSON of each run land in out/image-test/; the committed ones are in bench/results/image.md.
#
# Usage: tests/image/run.sh [amd64|arm64|both] [--no-build] [--raw]     (as root; the default is both)
# --raw builds and tests the uncompressed image (no xz: ~25 min less per build on this machine).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
archs=(amd64 arm64) build=1 raw=0
for arg in "$@"; do
    case "$arg" in
        amd64 | arm64) archs=("$arg") ;;
        both) archs=(amd64 arm64) ;;
        --no-build) build=0 ;;
        --raw) raw=1 ;;
        *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
    esac
done
scripts/install-deps.sh
image/lib/install-tools.sh
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)
status=0
for arch in "${archs[@]}"; do
    image="out/pivault-$version-$arch.img$( ((raw)) || echo .xz)"
    if ((build)) || [[ ! -f $image ]]; then
        ./build-image.sh --arch "$arch" $( ((raw)) && echo --raw)
    fi
    (cd out && sha256sum -c "$(basename "$image").sha256")
    work="out/image-test/$arch"
    rm -rf "$work"
    mkdir -p "$work"
    if timeout 75m python3 tests/image/boot_test.py "$arch" "$image" "$work" "out/image-test/$arch.json"; then
        echo "image test $arch: PASS"
    else
        echo "image test $arch: FAIL (consoles and probe logs in $work)"
        status=1
    fi
done
exit "$status"
