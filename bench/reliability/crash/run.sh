#!/usr/bin/env bash
# Crash-consistency harness: builds the server (Release) and the harness, runs it, and writes
# bench/results/reliability-crash.md. Options (defaults in brackets):
#   --kills N [300] --minutes M [30]      stop at whichever comes first
#   --max-kill-ms MS [1500]               kills land uniformly up to this long after the server answers
#   --uploaders N [4] --max-upload-kb K [2048] --seed S [1] --keep 1 (keep the work folder)
# e.g. bench/reliability/crash/run.sh --kills 20 --minutes 5   (a quick run)
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
dotnet build bench/reliability/crash/Bench -c Release -nologo -v quiet

mkdir -p bench/results
exec dotnet bench/reliability/crash/Bench/bin/Release/net10.0/pivault-bench-crash.dll \
  --server-dll src/PiVault.Server/bin/Release/net10.0/pivault.dll \
  --base-jpeg "${PIVAULT_CORPUS:-$root/../shared/corpus}/exif-orientation-examples/Landscape_1.jpg" \
  --out-md bench/results/reliability-crash.md \
  --command "bench/reliability/crash/run.sh${*:+ $*}" \
  --git-commit "$commit" \
  --git-state "$state" \
  "$@"
