#!/usr/bin/env bash
# Pipeline benchmark, end to end: photos uploaded to a PiVault server through the Immich API (POST /api/assets with an
# x-api-key) until both their thumbnail and preview are served, against sharp in one Node process with as many
# workers as cores making the same two outputs from the same files, in the same run.
#   bench/pipeline/run.sh            # ROUNDS=3 by default; results in bench/results/pipeline.md and out/raw.tsv
# Photos: the corpus JPEGs of 8 MP or more (15) and the phone HEICs of 7 MP or more (9), from manifest.tsv; one other
# JPEG warms each side up, untimed. Each configuration runs in its own process per round; rounds rotate the order,
# round 0 is a discarded warm-up, the report takes medians.
# PiVault ships as a native-AOT binary: the main PiVault rows run that binary (scripts/publish.sh --arch amd64, or
# PIVAULT_BINARY=path to reuse one); "pivault-jit" runs the JIT build (`dotnet pivault.dll`) with
# DOTNET_TieredCompilation=0 (every method compiled once, fully optimised, before the timed run) for comparison. One
# extra PiVault run with debug timings gives the breakdown of where the wall time goes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
corpus=${PIVAULT_CORPUS:-$repo/../shared/corpus}
rounds=${ROUNDS:-3}
cores=$(nproc)
cd "$here"

[ -f "$corpus/manifest.tsv" ] || { echo "run.sh: no corpus at $corpus (set PIVAULT_CORPUS)" >&2; exit 1; }
commit="$(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- src bench || echo '+changes')"
dotnet build "$repo/src/PiVault.Server" -c Release -nologo -v quiet >/dev/null
jit_server="$repo/src/PiVault.Server/bin/Release/net10.0/pivault.dll"
server=${PIVAULT_BINARY:-}
if [ -z "$server" ]; then
  "$repo/scripts/publish.sh" --arch amd64 --no-archive >&2
  server=$(ls -d "$repo"/artifacts/pivault-*-linux-amd64/pivault | head -1)
fi
thumbnails="$repo/bench/thumbnails"
lock_hash=$(sha256sum "$thumbnails/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$thumbnails/node_modules/.pivault-lock" 2>/dev/null)" != "$lock_hash" ]; then
  (cd "$thumbnails" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" > "$thumbnails/node_modules/.pivault-lock"
fi

mkdir -p out
awk -F'\t' -v root="$corpus" 'NR > 1 && $7 == "jpeg" { split($8, d, "x"); if (d[1] * d[2] >= 8000000) print root "/" $1 }' "$corpus/manifest.tsv" > out/jpeg.list
awk -F'\t' -v root="$corpus" 'NR > 1 && $7 == "heic" { split($8, d, "x"); if (d[1] * d[2] >= 7000000) print root "/" $1 }' "$corpus/manifest.tsv" > out/heic.list
warmup=$(awk -F'\t' -v root="$corpus" 'NR > 1 && $7 == "jpeg" { split($8, d, "x"); m = d[1] * d[2]; if (m >= 5000000 && m < 8000000) { print root "/" $1; exit } }' "$corpus/manifest.tsv")

sharp() { (cd "$thumbnails" && node sharp-bench.mjs "$here/$1" "$cores" 1 "$2"); }
# name | photo set | command
configs=(
  "pivault|jpeg|node pivault-bench.mjs $server out/jpeg.list $warmup"
  "pivault-jit|jpeg|env DOTNET_TieredCompilation=0 node pivault-bench.mjs $jit_server out/jpeg.list $warmup"
  "sharp-two-pipelines|jpeg|sharp out/jpeg.list two-pipelines"
  "sharp-one-decode|jpeg|sharp out/jpeg.list one-decode"
  "pivault-heic|heic|node pivault-bench.mjs $server out/heic.list $warmup"
  "sharp-heic|heic|sharp out/heic.list two-pipelines"
)

raw=out/raw.tsv
: > "$raw"
: > out/stderr.log
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for round in $(seq 0 "$rounds"); do
  count=${#configs[@]}
  for i in $(seq 0 $((count - 1))); do
    IFS='|' read -r name set command <<< "${configs[$(( (i + round) % count ))]}"
    result=$(eval "$command" 2>>out/stderr.log) || { echo "run.sh: $name failed, see bench/pipeline/out/stderr.log" >&2; exit 1; }
    printf '%s\t%s\t%s\t%s\n' "$round" "$name" "$set" "$result" >> "$raw"
    echo "round $round $name: $(echo "$result" | grep -o '"seconds":[0-9.]*')" >&2
  done
done
# The breakdown: one more PiVault run with the runner's and the thumbnail step's debug timings in the server log.
env 'Logging__LogLevel__PiVault.Server.Pipeline=Debug' 'Logging__LogLevel__PiVault.Server.Features.Media=Debug' PIPELINE_BENCH_LOG=1 \
  node pivault-bench.mjs "$server" out/jpeg.list "$warmup" > out/breakdown.json 2> out/breakdown.log
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 summarize.py "$raw" out/breakdown.json out/breakdown.log "$repo/bench/results/pipeline.md" \
  "ROUNDS=$rounds bench/pipeline/run.sh" "$started" "$load_before" "$load_after" "$commit" \
  "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" "$cores" "$(free -g | awk '/^Mem:/ { print $2 }')" "$(uname -r)" \
  "$(dotnet --version)" "$(node --version)" "$(wc -l < out/jpeg.list)" "$(wc -l < out/heic.list)" "$warmup"
echo "run.sh: wrote bench/results/pipeline.md" >&2
