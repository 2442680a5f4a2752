#!/usr/bin/env bash
# Health governor benchmark (issue 05): the sensor loop's CPU cost (tight loop against / and a fake Pi 4 tree, then the
# real timer at 100 ms against idle blocks) and the time from a threshold crossing to the thumbnails queue pausing and
# back, with the real job runner on a real SQLite queue. Writes bench/results/governor.md; about 4–5 minutes.
# Extra arguments go to the bench, e.g.   bench/governor/run.sh --cycles-5s 2 --cycles-1s 4 --timer-pairs 1   (a smoke run)
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

dotnet build bench/governor/Bench -c Release -nologo -v quiet

mkdir -p bench/results
exec dotnet bench/governor/Bench/bin/Release/net10.0/pivault-bench-governor.dll \
  --out-md bench/results/governor.md \
  --command "bench/governor/run.sh${*:+ $*}" \
  --git-commit "$commit" \
  --git-state "$state" \
  "$@"
