#!/usr/bin/env bash
# Release figures (bench/results/release.md): sizes of both release folders, publish time, and for the amd64 binary
# start → READY=1 and idle RSS on an empty library and on a 10k-asset library made by real uploads.
#   bench/release/run.sh [--no-publish]        (the 10k library is kept in artifacts/bench-library-10k and reused)
set -euo pipefail
cd "$(dirname "$0")/../.."
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)"
if [[ ${1:-} != --no-publish ]]; then
  for arch in amd64 arm64; do
    start=$(date +%s)
    scripts/publish.sh --arch "$arch"
    echo "publish $arch: $(($(date +%s) - start)) s (with the archive)"
  done
fi
for arch in amd64 arm64; do
  dir="artifacts/pivault-$version-linux-$arch"
  [[ -d $dir ]] || continue
  echo "$arch: pivault $(stat -c %s "$dir/pivault") bytes, libe_sqlite3.so $(stat -c %s "$dir/libe_sqlite3.so") bytes," \
    "folder $(du -sb "$dir" | cut -f1) bytes$( [[ -f $dir.tar.zst ]] && echo ", tar.zst $(stat -c %s "$dir.tar.zst") bytes")"
done
bin="$PWD/artifacts/pivault-$version-linux-amd64/pivault"
library="$PWD/artifacts/bench-library-10k"
[[ -d $library ]] || python3 bench/release/make-library.py "$bin" "$library" 10000
empty="$(mktemp -d)"
trap 'rm -rf "$empty"' EXIT
echo "empty library:"
python3 bench/release/startup.py "$bin" "$empty/data" 5 MALLOC_ARENA_MAX=2
echo "10k library:"
python3 bench/release/startup.py "$bin" "$library" 5 MALLOC_ARENA_MAX=2
