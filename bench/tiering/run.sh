#!/usr/bin/env bash
# Tiering benchmark (issue 15): moves of originals hot → cold per second and MiB/s with the real TierMoveService, 2000
# small and 150 camera-sized originals on this machine's disk. Writes bench/results/tiering.md; about a minute.
# Extra arguments go to the bench, e.g.   bench/tiering/run.sh --photos 200 --large 20   (a smoke run)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

commit="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain -- src 2>/dev/null)" ]; then
  state="uncommitted changes under src/ were built and measured"
else
  state="src/ clean"
fi

dotnet build bench/tiering/Bench -c Release -nologo -v quiet

mkdir -p bench/results
exec dotnet bench/tiering/Bench/bin/Release/net10.0/pivault-bench-tiering.dll \
  --out-md bench/results/tiering.md \
  --command "bench/tiering/run.sh${*:+ $*}" \
  --git-commit "$commit" \
  --git-state "$state" \
  "$@"
