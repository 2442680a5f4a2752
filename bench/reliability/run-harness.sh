#!/usr/bin/env bash
# Shared by bench/reliability/{crash,fuzz,load}/run.sh: builds the server (Release) and the named harness, then runs the
# harness against that server's pivault.dll. The harness is told the commit, whether src/ had uncommitted changes, and
# the command line to print in its report (bench/results/reliability-NAME.md).
#   run-harness.sh NAME SHOWN-COMMAND [harness arguments...]
set -euo pipefail
name=$1 shown=$2
shift 2
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

commit="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain -- src 2>/dev/null)" ]; then
  state="uncommitted changes under src/ were built and measured"
else
  state="src/ clean"
fi
# As the systemd unit runs it (docs/adr/0013): without the cap glibc's per-thread arenas inflate RSS.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

dotnet build src/PiVault.Server -c Release -nologo -v quiet
dotnet build "bench/reliability/$name/Bench" -c Release -nologo -v quiet

mkdir -p bench/results
exec dotnet "bench/reliability/$name/Bench/bin/Release/net10.0/pivault-bench-$name.dll" \
  --server-dll src/PiVault.Server/bin/Release/net10.0/pivault.dll \
  --out-md "bench/results/reliability-$name.md" \
  --command "$shown" \
  --git-commit "$commit" \
  --git-state "$state" \
  "$@"
