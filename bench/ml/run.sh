#!/usr/bin/env bash
# bench/ml: (a) smart-search latency over 50k and 300k embeddings, (b) CLIP photos/s and RSS with a full-size ViT-B/32
# graph (random weights), (d) model memory loaded vs after the idle unload. (c) OCR is bench/ml/ocr/run.sh.
#   bench/ml/run.sh [vector|clip|memory ...]     # default: all three; Markdown on stdout (pasted into bench/results/ml.md)
# PHOTOS=20 previews of corpus JPEGs (2 MP or more), made by PiVault's thumbnailer as the pipeline makes them.
# QUERIES=200 searches per size. BUILD=0 skips the (Release) build of bench/ml/Bench. WORK (default a temp folder, removed afterwards) holds the 351 MB graph and its cache.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
corpus=${PIVAULT_CORPUS:-/work/shared/corpus}
photos=${PHOTOS:-20}
queries=${QUERIES:-200}
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(vector clip memory)
work=${WORK:-$(mktemp -d)}
[ -n "${WORK:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/previews"

[ "${BUILD:-1}" = 0 ] || dotnet build -c Release -v quiet -nologo "$here/Bench/PiVault.Bench.Ml.csproj" >/dev/null
bench="$here/Bench/bin/Release/net10.0/pivault-ml-bench"

previews() {
  [ -f "$work/previews.list" ] && return
  awk -F'\t' -v root="$corpus" 'NR > 1 && $7 == "jpeg" && $1 !~ /corrupt/ && $16 == "ok" { split($8, d, "x"); if (d[1] * d[2] >= 2000000) print root "/" $1 }' \
    "$corpus/manifest.tsv" | sort | head -n "$photos" > "$work/photos.list"
  "$bench" previews "$work/photos.list" "$work/previews"
  ls "$work"/previews/*.jpg > "$work/previews.list"
}

echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average $(cut -d' ' -f1-3 /proc/loadavg) at the start."
echo
for part in "${parts[@]}"; do
  case "$part" in
    vector)
      echo "## (a) smart-search latency"
      echo
      for n in 50000 300000; do "$bench" vector "$n" "$queries"; done
      ;;
    clip)
      previews
      echo "## (b) CLIP image embeddings, ViT-B/32 full-size graph"
      echo
      "$bench" clip "$work/previews.list" "$work" 1 >/dev/null # writes the graph and fills the optimised-graph cache
      echo "| intra-op threads | photos | CPU per photo | of it preprocessing | wall per photo | wall photos/s | model load (wall) | RSS before | RSS loaded | peak RSS |"
      echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
      for threads in 1 2; do "$bench" clip "$work/previews.list" "$work" "$threads"; done
      echo
      ;;
    memory)
      previews
      echo "## (d) model memory: loaded vs after the idle unload"
      echo
      "$bench" memory "$work/previews.list" "$work" 3
      echo
      ;;
    *) echo "unknown part $part" >&2; exit 2 ;;
  esac
done
