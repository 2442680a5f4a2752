#!/usr/bin/env bash
# bench/faces/cluster.sh: clustering time of the people step (PeopleJob / FaceClustering / PeopleUpkeep over a migrated
# database with sqlite-vec) on planted 512-d face embeddings, its pairwise quality and peak RSS. Markdown rows on stdout,
# pasted into bench/results/faces-clustering.md. Runs bench/ml/Bench (pivault-ml-bench cluster), one process per size.
#   bench/faces/cluster.sh
# SIZES="10000:0 100000:500": faces:sample. Sample 0 runs the people step over every photo in arrival order and then a
# full re-cluster; sample S plants the earlier faces already clustered and times only the last S faces arriving.
# BUILD=0 skips the Release build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
sizes=${SIZES:-10000:0 100000:500}
[ "${BUILD:-1}" = 0 ] || dotnet build -c Release -v quiet -nologo "$repo/bench/ml/Bench/PiVault.Bench.Ml.csproj" >/dev/null
bench="$repo/bench/ml/Bench/bin/Release/net10.0/pivault-ml-bench"

echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average $(cut -d' ' -f1-3 /proc/loadavg) at the start."
echo
echo "| faces | run | CPU per face | wall per face | CPU total | wall total | pairwise precision | pairwise recall | people | peak RSS |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for size in $sizes; do
  "$bench" cluster "${size%%:*}" "${size##*:}"
done
