#!/usr/bin/env bash
# bench/faces/anchor.sh: the anchor for the Pi 4 projections (bench/results/faces.md, "Anchored to published Pi 4
# timings"). Runs here, through PiVault's own code, the work public benchmarks have timed on a real Raspberry Pi 4:
# YuNet-n detection at 160×120, 320×320, 640×480 and 640×640 (YuNetDetector.Detect: pre-processing, ONNX Runtime,
# decoding, NMS), 1 and 2 intra-op threads, and the decode of a stored preview. Markdown rows on stdout.
#   bench/faces/anchor.sh            # REPEATS=100; BUILD=0 skips the Release build
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
corpus=${PIVAULT_CORPUS:-$repo/../shared/corpus}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ "${BUILD:-1}" = 0 ] || dotnet build -c Release -v quiet -nologo "$repo/bench/ml/Bench/PiVault.Bench.Ml.csproj" >/dev/null
bench="$repo/bench/ml/Bench/bin/Release/net10.0/pivault-ml-bench"

mkdir -p "$work/previews"
{
  echo "$corpus/face_recognition/biden.jpg"
  awk -F'\t' -v root="$corpus" 'NR > 1 && $7 == "jpeg" && $1 !~ /corrupt/ && $1 !~ /^face_recognition/ && $16 == "ok" { split($8, d, "x"); if (d[1] * d[2] >= 2000000) print root "/" $1 }' \
    "$corpus/manifest.tsv" | sort | head -n 9
} > "$work/photos.list"
"$bench" previews "$work/photos.list" "$work/previews"
ls "$work"/previews/*.jpg > "$work/previews.list"

echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average $(cut -d' ' -f1-3 /proc/loadavg) at the start."
echo
echo "| work | intra-op threads | calls | wall per call | CPU per call |"
echo "|---|---:|---:|---:|---:|"
for threads in 1 2; do
  "$bench" anchor "$work/previews.list" "$threads" "${REPEATS:-100}"
done
