#!/usr/bin/env bash
# bench/faces: the asset.faces step's work per photo (decode the preview, detect, align, embed) and peak RSS, for
# YuNet + MobileFaceNet and for graphs of buffalo_l's size (random weights). Markdown on stdout, pasted into
# bench/results/faces.md. Runs bench/ml/Bench (pivault-ml-bench faces), one process per configuration.
#   bench/faces/run.sh
# PHOTOS=20 previews: the corpus' labelled face photos, then corpus JPEGs of 2 MP or more, made by PiVault's thumbnailer
# as the pipeline makes them (1440 px short side). THREADS="1 2" intra-op threads. BUILD=0 skips the Release build.
# WORK (default a temp folder, removed afterwards) holds the previews and the 190 MB of buffalo_l-sized graphs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
corpus=${PIVAULT_CORPUS:-/work/shared/corpus}
photos=${PHOTOS:-20}
threads=${THREADS:-1 2}
work=${WORK:-$(mktemp -d)}
[ -n "${WORK:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/previews"

[ "${BUILD:-1}" = 0 ] || dotnet build -c Release -v quiet -nologo "$repo/bench/ml/Bench/PiVault.Bench.Ml.csproj" >/dev/null
bench="$repo/bench/ml/Bench/bin/Release/net10.0/pivault-ml-bench"

if [ ! -f "$work/previews.list" ]; then
  {
    for f in face_recognition/biden.jpg face_recognition/obama.jpg face_recognition/obama3.jpg face_recognition/obama_and_biden.jpg \
      face_recognition/two_people.jpg immich-test-assets/metadata/faces/portrait.jpg skimage/astronaut.png; do echo "$corpus/$f"; done
    awk -F'\t' -v root="$corpus" 'NR > 1 && $7 == "jpeg" && $1 !~ /corrupt/ && $1 !~ /^face_recognition/ && $16 == "ok" { split($8, d, "x"); if (d[1] * d[2] >= 2000000) print root "/" $1 }' \
      "$corpus/manifest.tsv" | sort
  } | head -n "$photos" > "$work/photos.list"
  "$bench" previews "$work/photos.list" "$work/previews"
  ls "$work"/previews/*.jpg > "$work/previews.list"
fi

echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average $(cut -d' ' -f1-3 /proc/loadavg) at the start."
echo
echo "| models | threads | photos | faces | CPU per photo | wall per photo | photos/s (wall) | first photo (load) | RSS before | RSS loaded | peak RSS |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for mode in yunet buffalo; do
  for t in $threads; do
    "$bench" faces "$work/previews.list" "$work" "$t" "$mode"
  done
done
