#!/usr/bin/env bash
# Runs every test: the xunit suite (unit, service, endpoint tests over real HTTP and SQLite, real child processes)
# and the native AOT smoke test. Ends with one summary line: "Tests: N passed, N failed, N skipped".
# PIVAULT_SKIP_AOT=1 leaves out the AOT smoke test (it takes a few minutes).
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build PiVault.sln -c Debug -nologo -v quiet || { echo "Tests: 0 passed, 1 failed (build failed)"; exit 1; }
dotnet test PiVault.sln --no-build -c Debug -nologo 2>&1 | tee "$log"
test_status=${PIPESTATUS[0]}

read -r passed failed skipped < <(awk '
  /(Passed|Failed)! +- +Failed:/ {
    gsub(/,/, ""); for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
    }
  }
  END { print p + 0, f + 0, s + 0 }' "$log")
if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the runner itself failed (crash, no tests found)
fi

if [ "${PIVAULT_SKIP_AOT:-0}" != "1" ]; then
  if scripts/aot-smoke.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
else
  skipped=$((skipped + 1))
fi

echo "Tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
