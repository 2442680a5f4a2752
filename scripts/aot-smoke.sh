#!/usr/bin/env bash
# Farm-local Native AOT proof (see docs/aot.md).
#
# Publishes src/PiVault.Server as a native linux-x64 binary (net9.0 + PublishAot via -p:AotProof=true,
# because this farm has no net10 Native AOT packs), fails on any IL2xxx/IL3xxx trim/AOT warning, then
# smoke-tests the native binary: ping, bootstrap, login, upload + duplicate, download + Range,
# `pivault db check`, SIGTERM shutdown. Prints binary size, publish time and idle RSS.
#
# Usage: scripts/aot-smoke.sh            (from any directory; safe to re-run)
# Env:   PIVAULT_SMOKE_PHOTO=/path.jpg   photo to upload (default: a JPEG from /work/shared/corpus)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT="$ROOT/src/PiVault.Server"
OUT="$ROOT/artifacts/aot-linux-x64"
BIN="$OUT/pivault"
PUBLISH_LOG="$ROOT/artifacts/aot-publish.log"
CORPUS=/work/shared/corpus
PHOTO="${PIVAULT_SMOKE_PHOTO:-$CORPUS/mei/jpg/Canon_EOS_450D.jpg}"

server_pid=""
tmp=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ -n $tmp && -d $tmp ]]; then
        if ((rc != 0)) && [[ -s $tmp/server.log ]]; then
            echo "--- server log (last 40 lines) ---" >&2
            tail -n 40 "$tmp/server.log" >&2 || true
        fi
        rm -rf "$tmp"
    fi
    ((rc == 0)) || echo "AOT smoke: FAIL" >&2
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

step() { echo "==> $*"; }

mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

for tool in dotnet curl python3 cmp; do
    command -v "$tool" >/dev/null || fail "$tool is not installed"
done
[[ -f $PHOTO ]] || PHOTO="$(find "$CORPUS" -type f -iname '*.jpg' -size +20k -print -quit 2>/dev/null || true)"
[[ -n $PHOTO && -f $PHOTO ]] || fail "no JPEG to upload (set PIVAULT_SMOKE_PHOTO)"

# The SDK is chosen by the global.json of the working directory.
cd "$ROOT"

# ---------------------------------------------------------------------------------------------------------------
# 1. Publish. AotProof=true targets net9.0 and restores into artifacts/aot-obj/ (Directory.Build.props), so the
#    proof never touches what net10.0 builds use. The net9.0 intermediates (only ever built by the proof) are
#    removed first so the compilers always run and re-report their warnings: an up-to-date incremental publish
#    would print none and hide them.
# ---------------------------------------------------------------------------------------------------------------
step "publishing native AOT linux-x64 (net9.0 proof build)"
rm -rf "$OUT" "$ROOT"/src/*/obj/Release/net9.0 "$ROOT"/src/*/bin/Release/net9.0
mkdir -p "$ROOT/artifacts"
publish_start=$(date +%s.%N)
set +e
dotnet publish "$PROJECT" -c Release -r linux-x64 -p:AotProof=true -o "$OUT" -tl:off -nologo 2>&1 | tee "$PUBLISH_LOG"
publish_rc=${PIPESTATUS[0]}
set -e
publish_secs=$(awk -v s="$publish_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')

# Trim/AOT diagnostics: IL2xxx (trimming) and IL3xxx (AOT). Warnings-as-errors may turn them into errors.
il_lines="$(grep -E '(warning|error) IL[23][0-9]{3}' "$PUBLISH_LOG" | sort -u || true)"
il_count=0
[[ -z $il_lines ]] || il_count=$(printf '%s\n' "$il_lines" | wc -l)
if ((il_count > 0)); then
    printf '%s\n' "$il_lines" >&2
    fail "$il_count trim/AOT (IL2xxx/IL3xxx) diagnostics in the publish (log: $PUBLISH_LOG)"
fi
((publish_rc == 0)) || fail "dotnet publish exited $publish_rc (log: $PUBLISH_LOG)"
[[ -x $BIN ]] || fail "no native binary at $BIN"
[[ -f $OUT/libe_sqlite3.so ]] || fail "libe_sqlite3.so is not beside the binary"
# A native AOT binary has no managed entry assembly beside it and needs no dotnet host.
[[ ! -e $OUT/pivault.dll ]] || fail "pivault.dll in the output: this is not a native AOT publish"
file_type="$(file -b "$BIN" 2>/dev/null || echo "ELF (file(1) not installed)")"
echo "trim/AOT warnings: 0; publish took ${publish_secs}s"

# ---------------------------------------------------------------------------------------------------------------
# 2. Smoke test the native binary.
# ---------------------------------------------------------------------------------------------------------------
tmp="$(mktemp -d "${TMPDIR:-/tmp}/pivault-aot-smoke.XXXXXX")"
data="$tmp/data"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
base="http://127.0.0.1:$port/api/v1"

# Run from the temp dir with no PIVAULT_* variables, so no stray ./pivault.json or environment changes the test.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^PIVAULT_' || true)

step "starting $BIN on port $port"
(cd "$tmp" && exec "$BIN" serve --data-dir "$data" --urls "http://127.0.0.1:$port") >"$tmp/server.log" 2>&1 &
server_pid=$!

json_field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# request EXPECTED_STATUS BODY_FILE curl-args...   (fails the script on any other status)
request() {
    local expected=$1 body=$2 status
    shift 2
    status="$(curl -sS -o "$body" -w '%{http_code}' "$@")" || fail "curl failed: $*"
    [[ $status == "$expected" ]] || fail "expected HTTP $expected, got $status for: $* -- $(head -c 400 "$body")"
}

ready=""
for _ in $(seq 1 150); do
    kill -0 "$server_pid" 2>/dev/null || fail "server exited during startup"
    if curl -fsS -o "$tmp/ping.json" "$base/server/ping" 2>/dev/null; then
        ready=1
        break
    fi
    sleep 0.2
done
[[ -n $ready ]] || fail "server did not answer /server/ping within 30 s"
[[ "$(json_field "$tmp/ping.json" res)" == pong ]] || fail "ping answered $(cat "$tmp/ping.json")"
echo "ping: $(cat "$tmp/ping.json")"

sleep 1
idle_rss_kb="$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status")"

step "bootstrap, login"
email="admin@pivault.test"
password="aot-smoke-password"
request 201 "$tmp/bootstrap.json" -X POST "$base/auth/bootstrap" -H 'Content-Type: application/json' \
    --data "{\"email\":\"$email\",\"name\":\"Smoke Admin\",\"password\":\"$password\"}"
request 200 "$tmp/login.json" -X POST "$base/auth/login" -H 'Content-Type: application/json' \
    --data "{\"email\":\"$email\",\"password\":\"$password\"}"
token="$(json_field "$tmp/login.json" accessToken)"
[[ -n $token ]] || fail "login returned no accessToken"
auth=(-H "Authorization: Bearer $token")

step "upload $(basename "$PHOTO") ($(stat -L -c %s "$PHOTO") bytes), then again"
request 201 "$tmp/upload1.json" "${auth[@]}" -F "file=@$PHOTO" "$base/assets"
[[ "$(json_field "$tmp/upload1.json" status)" == created ]] || fail "first upload: $(cat "$tmp/upload1.json")"
id="$(json_field "$tmp/upload1.json" id)"
request 200 "$tmp/upload2.json" "${auth[@]}" -F "file=@$PHOTO" "$base/assets"
[[ "$(json_field "$tmp/upload2.json" status)" == duplicate ]] || fail "second upload: $(cat "$tmp/upload2.json")"
[[ "$(json_field "$tmp/upload2.json" id)" == "$id" ]] || fail "duplicate upload names a different asset"
echo "asset $id: created, then duplicate"

step "download original, full and Range"
request 200 "$tmp/original" "${auth[@]}" "$base/assets/$id/original"
cmp "$PHOTO" "$tmp/original" || fail "downloaded original differs from the uploaded file"
request 206 "$tmp/range" "${auth[@]}" -H 'Range: bytes=0-99' "$base/assets/$id/original"
[[ "$(stat -c %s "$tmp/range")" == 100 ]] || fail "Range bytes=0-99 returned $(stat -c %s "$tmp/range") bytes"
cmp -n 100 "$PHOTO" "$tmp/range" || fail "Range bytes=0-99 returned the wrong bytes"
echo "original: byte-identical; Range 0-99: 206, 100 bytes"

busy_rss_kb="$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status")"

step "pivault db check"
(cd "$tmp" && "$BIN" db check --data-dir "$data") || fail "pivault db check exited non-zero"

step "SIGTERM"
kill -TERM "$server_pid"
stopped=""
for _ in $(seq 1 100); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        stopped=1
        break
    fi
    sleep 0.1
done
[[ -n $stopped ]] || fail "server still running 10 s after SIGTERM"
exit_code=0
wait "$server_pid" || exit_code=$?
server_pid=""
((exit_code == 0)) || fail "server exited $exit_code after SIGTERM (expected 0)"
echo "server stopped cleanly (exit 0)"

bin_bytes="$(stat -c %s "$BIN")"
sqlite_bytes="$(stat -c %s "$OUT/libe_sqlite3.so")"
echo
echo "binary:       $BIN"
echo "              $file_type"
echo "binary size:  $bin_bytes bytes ($(mib "$bin_bytes")), + libe_sqlite3.so $sqlite_bytes bytes ($(mib "$sqlite_bytes"))"
echo "publish time: ${publish_secs}s (clean native compile)"
echo "idle RSS:     $idle_rss_kb kB ($(mib $((idle_rss_kb * 1024)))) after startup; $busy_rss_kb kB ($(mib $((busy_rss_kb * 1024)))) after the uploads"
echo "AOT smoke: PASS"
