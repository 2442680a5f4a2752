#!/usr/bin/env bash
# Web benchmark: timeline API server time at 50k assets (seeded by SQL into a real SQLite file) and the first page
# load in headless chromium. Writes bench/results/web.md.   Usage: bench/web/run.sh [asset count]
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps.sh
dotnet run -c Release --project bench/web -- "${1:-50000}" bench/results/web.md
