#!/usr/bin/env bash
# bench/ml: (a) smart-search latency over 50k and 300k embeddings, (b) CLIP photos/s and RSS with a full-size ViT-B/32
# graph (random weights), (d) model memory loaded vs after the idle unload, and the server's whole ML pass with every
# model installed (the 1 GB target where it applies). (c) OCR is bench/ml/ocr/run.sh.
#   bench/ml/run.sh [vector|clip|memory|server ...]   # default: the first three; Markdown on stdout (pasted into bench/results/ml.md)
# server: ROUNDS=3 runs of bench/pipeline/pivault-bench.mjs --ml-pass on PIVAULT_BINARY (e.g. the AOT binary from
# scripts/publish.sh) or else the JIT server (Release, DOTNET_TieredCompilation=0), with the full-size CLIP folder under PIVAULT_MODELS_DIR: the pipeline bench's 15 JPEGs uploaded, then every ML queue
# (text, smart search, faces, people, duplicates) run until empty; a fresh server and data dir per round.
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
    server)
      "$bench" clip-folder "$work"
      server=${PIVAULT_BINARY:-$repo/src/PiVault.Server/bin/Release/net10.0/pivault.dll}
      [ -n "${PIVAULT_BINARY:-}" ] || dotnet build "$repo/src/PiVault.Server" -c Release -nologo -v quiet >/dev/null
      awk -F'\t' -v root="$corpus" 'NR > 1 && $7 == "jpeg" { split($8, d, "x"); if (d[1] * d[2] >= 8000000) print root "/" $1 }' "$corpus/manifest.tsv" > "$work/jpeg.list"
      warmup=$(awk -F'\t' -v root="$corpus" 'NR > 1 && $7 == "jpeg" { split($8, d, "x"); m = d[1] * d[2]; if (m >= 5000000 && m < 8000000) { print root "/" $1; exit } }' "$corpus/manifest.tsv")
      echo "## The server's full ML pass, every model installed ($(wc -l < "$work/jpeg.list") JPEGs, $(basename "$server"))"
      echo
      echo "| round | ML pass, ms per photo | CPU ms per photo | peak RSS during the ML pass | peak RSS of the process (VmHWM, whole run) | failed jobs |"
      echo "|---:|---:|---:|---:|---:|---:|"
      for round in $(seq 1 "${ROUNDS:-3}"); do
        PIVAULT_MODELS_DIR="$work/models" DOTNET_TieredCompilation=0 node "$repo/bench/pipeline/pivault-bench.mjs" \
          "$server" "$work/jpeg.list" "$warmup" --ml-pass 2>/dev/null | tail -n 1 |
          node -e 'const d = JSON.parse(require("fs").readFileSync(0, "utf8")); const mib = k => `${Math.round(k / 1024)} MiB`
            console.log(`| ${process.argv[1]} | ${Math.round(d.ml_ms_per_photo)} | ${Math.round(d.ml_cpu_ms_per_photo)} | ${mib(d.ml_peak_rss_kib)} | ${mib(d.vmhwm_kib)} | ${d.ml_failed} |`)' "$round"
      done
      echo
      ;;
    *) echo "unknown part $part" >&2; exit 2 ;;
  esac
done
