#!/usr/bin/env bash
# Duplicate-detection benchmark: hashing photos/s from previews, the neighbour scan for N stored hashes, and each
# threshold's true positives (copies found) and false positives (different corpus files within it).
#   bench/duplicates/run.sh [corpus folder]     → bench/results/duplicates.md
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus="${1:-${PIVAULT_CORPUS:-/work/shared/corpus}}"
out=bench/results/duplicates.md
{
  echo "# Duplicate detection benchmark"
  echo
  echo "Command: \`bench/duplicates/run.sh\` (Release build; corpus $corpus). The machine is shared with other builds: read ratios, not absolutes."
  echo
  dotnet run -c Release --project bench/duplicates -- "$corpus"
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
