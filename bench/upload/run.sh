#!/usr/bin/env bash
# Upload throughput benchmark: builds the server (Release) and the bench, runs it, and writes
# bench/results/upload.md and bench/results/upload.json. Extra arguments go to the bench, e.g.
#   bench/upload/run.sh --files-1mb 40 --files-50mb 4     (a quick smoke run)
# The bench starts the server as a child process on a fresh data dir under $TMPDIR (or /tmp) and deletes it afterwards.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

# Recorded before building, so the commit and state describe the sources that get built.
commit="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain -- src 2>/dev/null)" ]; then
  state="uncommitted changes under src/ were built and measured"
else
  state="src/ clean"
fi

dotnet build src/PiVault.Server -c Release -nologo -v quiet
dotnet build bench/upload/Bench -c Release -nologo -v quiet

mkdir -p bench/results
exec dotnet bench/upload/Bench/bin/Release/net10.0/pivault-bench-upload.dll \
  --server-dll src/PiVault.Server/bin/Release/net10.0/pivault.dll \
  --out-md bench/results/upload.md \
  --out-json bench/results/upload.json \
  --command "bench/upload/run.sh${*:+ $*}" \
  --git-commit "$commit" \
  --git-state "$state" \
  "$@"
