#!/usr/bin/env bash
# Thumbnail benchmark: PiVault's VipsThumbnailer (Debian libvips) against sharp in-process, in one run.
#   bench/thumbnails/run.sh            # ROUNDS=5 PASSES=3 by default; results in bench/results/thumbnails.{md,json}
# Each photo gets both outputs: a WebP thumbnail (short side 250, q80) and a JPEG preview (short side 1440, q80),
# auto-rotated. Photos: the corpus JPEGs of 12 MP or more and the phone HEICs (7 MP or more), from manifest.tsv.
# Every configuration runs in its own process per round (so VmHWM is its own peak); rounds interleave the tools,
# round 0 is a discarded warm-up, the report takes medians.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
corpus=${PIVAULT_CORPUS:-$repo/../shared/corpus}
rounds=${ROUNDS:-5}
passes=${PASSES:-3}
cd "$here"

source "$repo/bench/lib/node-bench.sh"
require_corpus "$corpus"
install_node_modules
dotnet build -c Release -v quiet -nologo Thumbnails.csproj >/dev/null
pivault=("$here/bin/Release/net10.0/pivault-thumbnail-bench")

mkdir -p out
awk -F'\t' -v root="$corpus" 'NR > 1 && $7 == "jpeg" { split($8, d, "x"); if (d[1] * d[2] >= 12000000) print root "/" $1 }' "$corpus/manifest.tsv" > out/jpeg.list
awk -F'\t' -v root="$corpus" 'NR > 1 && $7 == "heic" { split($8, d, "x"); if (d[1] * d[2] >= 7000000) print root "/" $1 }' "$corpus/manifest.tsv" > out/heic.list


# name | photo set | passes | command
configs=(
  "pivault-1|jpeg|$passes|${pivault[*]} out/jpeg.list 1 $passes"
  "sharp-two-pipelines-1|jpeg|$passes|node sharp-bench.mjs out/jpeg.list 1 $passes two-pipelines"
  "sharp-one-decode-1|jpeg|$passes|node sharp-bench.mjs out/jpeg.list 1 $passes one-decode"
  "pivault-2|jpeg|$passes|${pivault[*]} out/jpeg.list 2 $passes"
  "sharp-two-pipelines-2|jpeg|$passes|node sharp-bench.mjs out/jpeg.list 2 $passes two-pipelines"
  "sharp-one-decode-2|jpeg|$passes|node sharp-bench.mjs out/jpeg.list 2 $passes one-decode"
  "pivault-2-arena2|jpeg|$passes|env MALLOC_ARENA_MAX=2 ${pivault[*]} out/jpeg.list 2 $passes"
  "pivault-heic-1|heic|1|${pivault[*]} out/heic.list 1 1"
  "pivault-heic-2|heic|1|${pivault[*]} out/heic.list 2 1"
  "sharp-heic-1|heic|1|node sharp-bench.mjs out/heic.list 1 1 two-pipelines"
)

raw=out/raw.tsv
: > "$raw"
: > out/stderr.log
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for round in $(seq 0 "$rounds"); do
  count=${#configs[@]}
  for i in $(seq 0 $((count - 1))); do
    # Rotate the order every round so no tool always runs first or right after another.
    IFS='|' read -r name set _ command <<< "${configs[$(( (i + round) % count ))]}"
    result=$("${nice[@]}" $command 2>>out/stderr.log) || { echo "run.sh: $name failed, see out/stderr.log" >&2; exit 1; }
    printf '%s\t%s\t%s\t%s\n' "$round" "$name" "$set" "$result" >> "$raw"
    echo "round $round $name: $(echo "$result" | grep -o '"photos_per_second":[0-9.]*')" >&2
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

command_line="ROUNDS=$rounds PASSES=$passes bench/thumbnails/run.sh"
node summarize.mjs "$raw" "$repo/bench/results/thumbnails" \
  "$command_line" "$started" "$load_before" "$load_after" "$(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- src bench || echo '+changes')" \
  "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" "$(nproc)" "$(free -g | awk '/^Mem:/ { print $2 }')" "$(uname -r)" \
  "$(dotnet --version)" "$(node --version)" "$(wc -l < out/jpeg.list)" "$(wc -l < out/heic.list)"
echo "run.sh: wrote bench/results/thumbnails.md and .json" >&2
