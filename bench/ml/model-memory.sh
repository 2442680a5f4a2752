#!/usr/bin/env bash
# bench/ml (d) model memory.
#  1. Peak RSS of a pivault process that loads and runs every installed model once (`pivault models selftest`:
#     PP-OCRv4 det/rec/cls + YuNet) against one that loads none (`pivault models list`).
#  2. Loaded vs after the idle unload, in one long-lived process: `bench/ml/run.sh memory` (ModelLibrary as the server
#     makes it, idle unload set to 3 s; a full ML pass — OCR and a full-size ViT-B/32 CLIP image tower — over PHOTOS
#     previews; RSS before, loaded, peak, after the unload, after malloc_trim).
# Usage: bench/ml/model-memory.sh [PIVAULT_BINARY]   (default: the Debug build; pass the AOT binary for release figures)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${1:-$ROOT/src/PiVault.Server/bin/Debug/net10.0/pivault}"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
mkdir -p "$data/models/YuNet"
cp /work/shared/models/libfdt-yunet_n_dynamic.onnx "$data/models/YuNet/yunet_n_dynamic.onnx"
"$bin" models selftest --data-dir "$data" >/dev/null 2>&1 # fills the optimised-graph cache: the runs below load as a server would
for command in "models list" "models selftest"; do
    # shellcheck disable=SC2086
    /usr/bin/time -f "$command: peak RSS %M KiB, %e s" "$bin" $command --data-dir "$data" 2>&1 >/dev/null | tail -n 1
done
echo
PHOTOS="${PHOTOS:-10}" "$ROOT/bench/ml/run.sh" memory
