#!/usr/bin/env bash
# Off-site benchmark (issue 19): full and incremental (1 % new) runs of the real OffsiteBackup (staging with the drive
# backup's BackupService, rclone upload, check, sampled download) to s3rver on 127.0.0.1, with and without rclone crypt,
# against plain `rclone sync` of the same staged tree. MB/s and CPU % (this process + its rclone children). Writes
# bench/results/offsite.md. Defaults: 200 originals of 64–96 KiB. Extra arguments go to the bench, e.g. --assets 50.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
command -v rclone >/dev/null || { echo "bench/offsite: rclone is required (scripts/install-deps.sh installs it)" >&2; exit 1; }
s3rver="${PIVAULT_S3RVER_JS:-deps/node_modules/s3rver/bin/s3rver.js}"
[ -f "$s3rver" ] || { echo "bench/offsite: s3rver is required at $s3rver (scripts/install-deps.sh installs it)" >&2; exit 1; }

commit="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain -- src 2>/dev/null)" ]; then state="uncommitted changes under src/ were built and measured"; else state="src/ clean"; fi

dotnet build bench/offsite/Bench -c Release -nologo -v quiet

mkdir -p bench/results
exec dotnet bench/offsite/Bench/bin/Release/net10.0/pivault-bench-offsite.dll \
  --s3rver "$s3rver" --out-md bench/results/offsite.md --command "bench/offsite/run.sh${*:+ $*}" --git-commit "$commit" --git-state "$state" "$@"
