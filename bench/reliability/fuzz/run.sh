#!/usr/bin/env bash
# Long fuzz run of the upload parser, the metadata readers and the image pipeline against the real server (Release);
# writes bench/results/reliability-fuzz.md. Options (defaults in brackets):
#   --minutes M [15] --iterations N [100000]   stop at whichever comes first
#   --seed S [the UTC date and hour, so runs rotate; the report names it and --seed S repeats a run]
#   --senders N [2] --max-file-kb K [2048] (largest corpus file used) --keep 1 (keep the work folder)
# e.g. bench/reliability/fuzz/run.sh --minutes 2   (a quick run)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"

commit="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain -- src 2>/dev/null)" ]; then
  state="uncommitted changes under src/ were built and measured"
else
  state="src/ clean"
fi
# As the systemd unit runs it (docs/adr/0013): without the cap glibc's per-thread arenas inflate RSS.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
seed_args=()
case " $* " in *" --seed "*) ;; *) seed_args=(--seed "$(date -u +%Y%m%d%H | cut -c3-)") ;; esac

dotnet build src/PiVault.Server -c Release -nologo -v quiet
dotnet build bench/reliability/fuzz/Bench -c Release -nologo -v quiet

mkdir -p bench/results
exec dotnet bench/reliability/fuzz/Bench/bin/Release/net10.0/pivault-bench-fuzz.dll \
  --server-dll src/PiVault.Server/bin/Release/net10.0/pivault.dll \
  --corpus "${PIVAULT_CORPUS:-$root/../shared/corpus}" \
  --out-md bench/results/reliability-fuzz.md \
  --command "bench/reliability/fuzz/run.sh $* ${seed_args[*]}" \
  --git-commit "$commit" \
  --git-state "$state" \
  "${seed_args[@]}" "$@"
