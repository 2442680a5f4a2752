#!/usr/bin/env bash
# Checks that every ELF file in a release folder is built for one architecture.
# Usage: scripts/check-elf.sh DIR arm64|amd64
# Exits 1 and names the offenders when a file is for another machine (e.g. an x86-64 .so beside an arm64 binary,
# which the loader would refuse on the Pi) or when DIR has no executable `pivault`.
set -euo pipefail
dir="${1:?usage: check-elf.sh DIR arm64|amd64}"
arch="${2:?usage: check-elf.sh DIR arm64|amd64}"
case "$arch" in
    arm64) want="ARM aarch64" ;;
    amd64) want="x86-64" ;;
    *) echo "check-elf: arch must be arm64 or amd64" >&2; exit 64 ;;
esac
command -v file >/dev/null || { echo "check-elf: file(1) is not installed" >&2; exit 1; }
[[ -x $dir/pivault ]] || { echo "check-elf: no executable $dir/pivault" >&2; exit 1; }

bad=0
count=0
while IFS= read -r -d '' path; do
    description="$(file -b "$path")"
    [[ $description == ELF* ]] || continue
    count=$((count + 1))
    if [[ $description != *", $want,"* ]]; then
        echo "check-elf: ${path#"$dir"/} is not $want: $description" >&2
        bad=$((bad + 1))
    fi
done < <(find "$dir" -type f -print0)
if [[ "$(file -b "$dir/pivault")" == *"not stripped"* ]]; then
    echo "check-elf: $dir/pivault is not stripped" >&2
    bad=$((bad + 1))
fi
((bad == 0)) || { echo "check-elf: $bad of $count ELF files in $dir are not $want" >&2; exit 1; }
echo "check-elf: $count ELF files in $dir, all $want"
