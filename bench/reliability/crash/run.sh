#!/usr/bin/env bash
# Crash-consistency harness: builds the server (Release) and the harness, runs it, and writes
# bench/results/reliability-crash.md. Options (defaults in brackets):
#   --kills N [300] --minutes M [30]      stop at whichever comes first
#   --max-kill-ms MS [1500]               kills land uniformly up to this long after the server answers
#   --uploaders N [4] --max-upload-kb K [2048] --seed S [1] --keep 1 (keep the work folder)
# e.g. bench/reliability/crash/run.sh --kills 20 --minutes 5   (a quick run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
exec "$root/bench/reliability/run-harness.sh" crash "bench/reliability/crash/run.sh${*:+ $*}" \
  --base-jpeg "${PIVAULT_CORPUS:-$root/../shared/corpus}/exif-orientation-examples/Landscape_1.jpg" "$@"
