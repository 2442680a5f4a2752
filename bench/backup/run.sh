#!/usr/bin/env bash
# Backup benchmark (issue 15): a full and an incremental (1 % new) backup of a generated library with the real
# BackupService, verification MB/s, against rsync -a --checksum of the same tree. Writes bench/results/backup.md.
# Defaults: 10,000 originals of 64–96 KiB under /var/tmp (a real disk, not tmpfs), about 2–3 minutes here.
# Extra arguments go to the bench, e.g.   bench/backup/run.sh --assets 1000   (a smoke run)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
command -v rsync >/dev/null || { echo "bench/backup: rsync is required (scripts/install-deps.sh installs it)" >&2; exit 1; }

commit="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain -- src 2>/dev/null)" ]; then state="uncommitted changes under src/ were built and measured"; else state="src/ clean"; fi

dotnet build bench/backup/Bench -c Release -nologo -v quiet

mkdir -p bench/results
exec dotnet bench/backup/Bench/bin/Release/net10.0/pivault-bench-backup.dll \
  --out-md bench/results/backup.md --command "bench/backup/run.sh${*:+ $*}" --git-commit "$commit" --git-state "$state" "$@"
