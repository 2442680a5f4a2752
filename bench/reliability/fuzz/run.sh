#!/usr/bin/env bash
# Long fuzz run of the upload parser, the metadata readers and the image pipeline against the real server (Release);
# writes bench/results/reliability-fuzz.md. Options (defaults in brackets):
#   --minutes M [15] --iterations N [100000]   stop at whichever comes first
#   --seed S [the UTC date and hour, so runs rotate; the report names it and --seed S repeats a run]
#   --senders N [2] --max-file-kb K [2048] (largest corpus file used) --keep 1 (keep the work folder)
# e.g. bench/reliability/fuzz/run.sh --minutes 2   (a quick run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
seed_args=()
case " $* " in *" --seed "*) ;; *) seed_args=(--seed "$(date -u +%Y%m%d%H | cut -c3-)") ;; esac
exec "$root/bench/reliability/run-harness.sh" fuzz "bench/reliability/fuzz/run.sh $* ${seed_args[*]}" \
  --corpus "${PIVAULT_CORPUS:-$root/../shared/corpus}" "${seed_args[@]}" "$@"
