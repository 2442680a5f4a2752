#!/usr/bin/env bash
# Load and scale benchmark: builds the server (Release) and the bench, runs it, and writes
# bench/results/reliability-load.md. Extra arguments go to the bench (defaults in brackets):
#   --clients N [100] --files N [5] --users N [4] --browsers N [10]      concurrent uploads with duplicates, readers beside
#   --library-assets N [50000] --library-concurrency N [8]                 the big library made by real uploads
#   --upload-minutes M [40] --jobs-minutes M [30] --repeats N [20]        time limits, timing repeats at that size
#   --clients 0 / --library-assets 0                                        skip a phase
# e.g. bench/reliability/load/run.sh --clients 30 --files 3 --library-assets 2000   (a quick smoke run)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"

commit="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain -- src 2>/dev/null)" ]; then
  state="uncommitted changes under src/ were built and measured"
else
  state="src/ clean"
fi

dotnet build src/PiVault.Server -c Release -nologo -v quiet
dotnet build bench/reliability/load/Bench -c Release -nologo -v quiet

mkdir -p bench/results
exec dotnet bench/reliability/load/Bench/bin/Release/net10.0/pivault-bench-load.dll \
  --server-dll src/PiVault.Server/bin/Release/net10.0/pivault.dll \
  --out-md bench/results/reliability-load.md \
  --command "bench/reliability/load/run.sh${*:+ $*}" \
  --git-commit "$commit" \
  --git-state "$state" \
  "$@"
