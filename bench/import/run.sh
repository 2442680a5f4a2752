#!/usr/bin/env bash
# Takeout import benchmark: PiVault's import of a generated Google Takeout export (.zip + .tgz parts, a sidecar per
# photo) against the real Immich CLI 3.2.2 uploading the same files unpacked, to a second PiVault, in the same run.
# Usage: bench/import/run.sh [media MB, default 1000] [corpus dir]   → prints Markdown (bench/results/import.md keeps a run)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SIZE_MB="${1:-1000}"
CORPUS="${2:-$ROOT/../shared/corpus}"
CONFIG="${PIVAULT_BENCH_CONFIG:-Release}"   # Debug reuses a test build: both runs use the same server build either way
"$ROOT/scripts/install-deps.sh" >/dev/null
dotnet build "$ROOT/src/PiVault.Server" -c "$CONFIG" -nologo -v quiet >/dev/null
python3 "$ROOT/bench/import/takeout_bench.py" "$ROOT" "$CORPUS" "$ROOT/src/PiVault.Server/bin/$CONFIG/net10.0/pivault.dll" "$SIZE_MB"
