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
exec "$root/bench/reliability/run-harness.sh" load "bench/reliability/load/run.sh${*:+ $*}" "$@"
